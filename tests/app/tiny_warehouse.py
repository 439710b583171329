"""Tiny hand-made warehouses for the query and metric tests, shaped exactly like the real build.

`copy_schema` copies the warehouse `make test` built: every marts and quality table empty, the
reference seeds and the meta tables (the semantic manifest, the column formats) with their rows,
and the table macros (marts.demand_vs_staffing_between) as the build defined them. The tests then
insert hand-worked rows with `insert_frame`, which casts each column to the real build's type and
fails on a column the build no longer has, so the tiny warehouse cannot drift from the real one.
`insert_patient_flow` adds a hand-worked night of hospital flow (its story below).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pandas as pd

EMPTY_SCHEMAS = ("marts", "quality")  # tables copied without their rows
FULL_SCHEMAS = ("reference", "meta")  # tables copied with them: definitions, not data


def copy_schema(real: Path, target: Path) -> None:
    """Create `target` with the schema (and the reference and meta rows) of the warehouse at `real`."""
    with duckdb.connect(str(target)) as connection:
        quoted = str(real).replace("'", "''")
        connection.execute(f"attach '{quoted}' as real (read_only)")
        tables = connection.execute(
            "select schema_name, table_name from duckdb_tables() "
            "where database_name = 'real' and list_contains(?, schema_name) order by all",
            [[*EMPTY_SCHEMAS, *FULL_SCHEMAS]],
        ).fetchall()
        for schema, table in tables:
            rows = " where false" if schema in EMPTY_SCHEMAS else ""
            connection.execute(f"create schema if not exists {schema}")
            connection.execute(f"create table {schema}.{table} as select * from real.{schema}.{table}{rows}")
        # The macros' definitions name their tables without a database, so they read this file's tables.
        macros = connection.execute(
            "select schema_name, function_name, function_type, parameters, macro_definition from duckdb_functions() "
            "where database_name = 'real' and function_type in ('macro', 'table_macro')"
        ).fetchall()
        for schema, name, kind, parameters, definition in macros:
            table = "table " if kind == "table_macro" else ""
            connection.execute(f"create macro {schema}.{name}({', '.join(parameters)}) as {table}{definition}")
        connection.execute("detach real")


def fresh_copy(template: Path, path: Path) -> Path:
    """A new tiny warehouse at `path`: the copied schema, no data rows yet."""
    shutil.copyfile(template, path)
    return path


def insert_frame(connection: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    """Insert a frame's columns into a table, each cast to the table's (the real build's) type."""
    schema, name = table.split(".")
    types = dict(
        connection.execute(
            "select column_name, data_type from duckdb_columns() "
            "where database_name = current_database() and schema_name = ? and table_name = ?",
            [schema, name],
        ).fetchall()
    )
    unknown = [column for column in frame.columns if column not in types]
    if not types or unknown:
        raise KeyError(f"the real build's {table} has no column {unknown or '(no such table)'}")
    connection.register("incoming_frame", frame)
    casts = ", ".join(f"cast({column} as {types[column]})" for column in frame.columns)
    connection.execute(f"insert into {table} ({', '.join(frame.columns)}) select {casts} from incoming_frame")
    connection.unregister("incoming_frame")


# --- a night of patient flow, Monday 2026-10-05 22:00 to Tuesday 02:59 ------------------------------------------
# Emergency (4 beds) and intensive care (2 beds), four encounters:
#   N1  arrives in emergency 22:10, seen 22:30 (waits 20 min), admitted there 22:50, transferred to intensive care
#       23:30, discharged from it Tue 01:30, satisfaction 2
#   N2  arrives in emergency 22:40, seen 23:40 (waits 60), discharged from emergency Tue 00:40, satisfaction 5
#   N3  arrives in emergency Tue 00:20, seen 00:30 (waits 10), still in house
#   N4  arrives in intensive care 23:00 (direct), admitted there 23:10, seen 23:30 (waits 30), discharged Tue 02:30,
#       satisfaction 1
# Department stays (entry -> exit): emergency N1 22:10-23:30 (4/3 h), N2 22:40-00:40 (2 h), N3 00:20-open;
# intensive care N4 23:00-02:30 (3.5 h), N1 23:30-01:30 (2 h).
# The capture file of Monday's events landed at 12:00:00 (UTC, wall clock), Tuesday's at 12:00:05; the build that
# loaded them started at 12:00:09.
DEPARTMENTS = pd.DataFrame(
    [
        ("sk-E", "emergency", "Emergency", "emergency", 4),
        ("sk-I", "intensive_care", "Intensive care", "critical_care", 2),
        ("sk-unknown", "unknown", "Unknown department", "unknown", None),
    ],
    columns=["department_sk", "department", "department_label", "service_line", "beds"],
)
DEPARTMENT_SKS = {"emergency": "sk-E", "intensive_care": "sk-I"}
FLOW_EVENTS = pd.DataFrame(
    [
        ("V01", "N1", "sk-E", "arrival", "2026-10-05 22:10"),
        ("V02", "N1", "sk-E", "seen_by_provider", "2026-10-05 22:30"),
        ("V03", "N1", "sk-E", "admitted", "2026-10-05 22:50"),
        ("V04", "N1", "sk-I", "transferred", "2026-10-05 23:30"),
        ("V05", "N1", "sk-I", "discharged", "2026-10-06 01:30"),
        ("V06", "N2", "sk-E", "arrival", "2026-10-05 22:40"),
        ("V07", "N2", "sk-E", "seen_by_provider", "2026-10-05 23:40"),
        ("V08", "N2", "sk-E", "discharged", "2026-10-06 00:40"),
        ("V09", "N3", "sk-E", "arrival", "2026-10-06 00:20"),
        ("V10", "N3", "sk-E", "seen_by_provider", "2026-10-06 00:30"),
        ("V11", "N4", "sk-I", "arrival", "2026-10-05 23:00"),
        ("V12", "N4", "sk-I", "admitted", "2026-10-05 23:10"),
        ("V13", "N4", "sk-I", "seen_by_provider", "2026-10-05 23:30"),
        ("V14", "N4", "sk-I", "discharged", "2026-10-06 02:30"),
    ],
    columns=["event_id", "encounter_id", "department_sk", "event_type", "event_time"],
).assign(event_time=lambda events: pd.to_datetime(events.event_time))
FLOW_EVENTS = FLOW_EVENTS.assign(
    patient_sk="sk-P-" + FLOW_EVENTS.encounter_id,
    date_key=FLOW_EVENTS.event_time.dt.normalize(),
    hour_key=FLOW_EVENTS.event_time.dt.hour,
    reported_event_time=FLOW_EVENTS.event_time,
    is_event_time_corrected=False,
    enqueued_at=FLOW_EVENTS.event_time,
    source_file="capture-" + FLOW_EVENTS.event_time.dt.strftime("%Y%m%d") + ".ndjson",
    line_number=FLOW_EVENTS.groupby(FLOW_EVENTS.event_time.dt.date).cumcount() + 1,
    landed_at=FLOW_EVENTS.event_time.dt.day.map({5: "2026-11-23 12:00:00", 6: "2026-11-23 12:00:05"}),
    _loaded_at="2026-11-23 12:00:09",
)
ENCOUNTERS = pd.DataFrame(
    {
        "encounter_id": ["N1", "N2", "N3", "N4"],
        "department": ["emergency", "emergency", "emergency", "intensive_care"],
        "last_department": ["intensive_care", "emergency", "emergency", "intensive_care"],
        "arrival_at": pd.to_datetime(["2026-10-05 22:10", "2026-10-05 22:40", "2026-10-06 00:20", "2026-10-05 23:00"]),
        "seen_at": pd.to_datetime(["2026-10-05 22:30", "2026-10-05 23:40", "2026-10-06 00:30", "2026-10-05 23:30"]),
        "admitted_at": pd.to_datetime(["2026-10-05 22:50", None, None, "2026-10-05 23:10"]),
        "discharged_at": pd.to_datetime(["2026-10-06 01:30", "2026-10-06 00:40", None, "2026-10-06 02:30"]),
        "wait_minutes": [20.0, 60.0, 10.0, 30.0],
        "length_of_stay_hours": [10 / 3, 2.0, None, 3.5],
        "transfer_count": [1, 0, 0, 0],
        "satisfaction": pd.array([2, 5, None, 1], dtype="Int64"),
    }
)
ENCOUNTERS = ENCOUNTERS.assign(
    patient_sk="sk-P-" + ENCOUNTERS.encounter_id,
    department_sk=ENCOUNTERS.department.map(DEPARTMENT_SKS),
    last_department_sk=ENCOUNTERS.last_department.map(DEPARTMENT_SKS),
    arrival_date_key=ENCOUNTERS.arrival_at.dt.normalize(),
    arrival_hour_key=ENCOUNTERS.arrival_at.dt.hour,
    discharged_date_key=ENCOUNTERS.discharged_at.dt.normalize(),
    was_admitted=ENCOUNTERS.admitted_at.notna(),
    is_in_house=ENCOUNTERS.discharged_at.isna(),
)
STAYS = pd.DataFrame(
    [
        # stay, encounter, department, entered, left, how it ended
        ("N1:1", "N1", "emergency", "2026-10-05 22:10", "2026-10-05 23:30", "transfer"),
        ("N2:1", "N2", "emergency", "2026-10-05 22:40", "2026-10-06 00:40", "discharge"),
        ("N3:1", "N3", "emergency", "2026-10-06 00:20", None, None),
        ("N4:1", "N4", "intensive_care", "2026-10-05 23:00", "2026-10-06 02:30", "discharge"),
        ("N1:2", "N1", "intensive_care", "2026-10-05 23:30", "2026-10-06 01:30", "discharge"),
    ],
    columns=["stay_id", "encounter_id", "department", "started_at", "ended_at", "ended_by"],
).assign(
    started_at=lambda stays: pd.to_datetime(stays.started_at),
    ended_at=lambda stays: pd.to_datetime(stays.ended_at),
)
STAYS = STAYS.assign(
    patient_sk="sk-P-" + STAYS.encounter_id,
    department_sk=STAYS.department.map(DEPARTMENT_SKS),
    is_arrival_stay=STAYS.stay_id.str.endswith(":1"),
    ended_date_key=STAYS.ended_at.dt.normalize(),
    length_of_stay_hours=(STAYS.ended_at - STAYS.started_at).dt.total_seconds() / 3600,
    ended_in_discharge=STAYS.ended_by == "discharge",
).drop(columns="ended_by")
# Census at the top of each hour = stays under way then (a stay starting on the hour counts). An admission in
# emergency counts for the ward the patient moves to, when they move (var emergency_department): N1's for
# intensive care at 23:30.
HOURLY = pd.DataFrame(
    [
        # department, hour, weekday, arrivals, admissions, discharges, census, beds, occupancy
        ("emergency", "2026-10-05 22:00", 1, 2, 0, 0, 0, 4, 0.0),  # N1, N2 arrive
        ("emergency", "2026-10-05 23:00", 1, 0, 0, 0, 2, 4, 0.5),  # N1, N2 in
        ("emergency", "2026-10-06 00:00", 2, 1, 0, 1, 1, 4, 0.25),  # N2 in (N1 left 23:30); N3 arrives, N2 leaves
        ("emergency", "2026-10-06 01:00", 2, 0, 0, 0, 1, 4, 0.25),  # N3 in
        ("emergency", "2026-10-06 02:00", 2, 0, 0, 0, 1, 4, 0.25),  # N3 in
        ("intensive_care", "2026-10-05 22:00", 1, 0, 0, 0, 0, 2, 0.0),
        ("intensive_care", "2026-10-05 23:00", 1, 1, 2, 0, 1, 2, 0.5),  # N4 arrives on the hour, admitted; N1 moves in
        ("intensive_care", "2026-10-06 00:00", 2, 0, 0, 0, 2, 2, 1.0),  # N4, N1 in
        ("intensive_care", "2026-10-06 01:00", 2, 0, 0, 1, 2, 2, 1.0),  # N4, N1 in; N1 discharged 01:30
        ("intensive_care", "2026-10-06 02:00", 2, 0, 0, 1, 1, 2, 0.5),  # N4 in, discharged 02:30
    ],
    columns=[
        "department",
        "hour_start",
        "iso_day_of_week",
        "arrivals",
        "admissions",
        "discharges",
        "census",
        "beds",
        "occupancy",
    ],
).assign(hour_start=lambda hourly: pd.to_datetime(hourly.hour_start))
HOURLY = HOURLY.assign(
    department_sk=HOURLY.department.map(DEPARTMENT_SKS),
    date_key=HOURLY.hour_start.dt.normalize(),
    hour_key=HOURLY.hour_start.dt.hour,
)
# Weekday nurses in the hours of the night (the real seed's rows for these two departments are replaced).
STAFFING = pd.DataFrame(
    [
        ("emergency", "weekday", 22, 2),
        ("emergency", "weekday", 23, 2),
        ("emergency", "weekday", 0, 1),
        ("emergency", "weekday", 1, 1),
        ("emergency", "weekday", 2, 1),
        *(("intensive_care", "weekday", hour, 1) for hour in (22, 23, 0, 1, 2)),
    ],
    columns=["department", "day_type", "hour_of_day", "staffed_nurses"],
)
# Demand against staffing over the whole night, by hand; each cell observed once. Nurses: emergency 2, 2, 1, 1, 1
# (7 a week), intensive care 1 each (5). Emergency arrivals 2, 0, 1, 0, 0 (3): demand shares 2/3, 0, 1/3, 0, 0 over
# staffing shares 2/7, 2/7, 1/7, 1/7, 1/7 give ratios 7/3, 0, 7/3, 0, 0. Intensive care's one arrival at Mon 23 is
# all its demand: 1 / (1/5) = 5. A peak needs a ratio of 1.5 or more and at least one arrival an hour.
DEMAND_VS_STAFFING = pd.DataFrame(
    [
        # department, weekday, hour, avg arrivals, avg census, nurses, demand share, staffing share, ratio, peak
        ("emergency", 1, 22, 2.0, 0.0, 2, 2 / 3, 2 / 7, 7 / 3, True),
        ("emergency", 1, 23, 0.0, 2.0, 2, 0.0, 2 / 7, 0.0, False),
        ("emergency", 2, 0, 1.0, 1.0, 1, 1 / 3, 1 / 7, 7 / 3, True),
        ("emergency", 2, 1, 0.0, 1.0, 1, 0.0, 1 / 7, 0.0, False),
        ("emergency", 2, 2, 0.0, 1.0, 1, 0.0, 1 / 7, 0.0, False),
        ("intensive_care", 1, 22, 0.0, 0.0, 1, 0.0, 1 / 5, 0.0, False),
        ("intensive_care", 1, 23, 1.0, 1.0, 1, 1.0, 1 / 5, 5.0, True),
        ("intensive_care", 2, 0, 0.0, 2.0, 1, 0.0, 1 / 5, 0.0, False),
        ("intensive_care", 2, 1, 0.0, 2.0, 1, 0.0, 1 / 5, 0.0, False),
        ("intensive_care", 2, 2, 0.0, 1.0, 1, 0.0, 1 / 5, 0.0, False),
    ],
    columns=[
        "department",
        "iso_day_of_week",
        "hour_key",
        "avg_arrivals",
        "avg_census",
        "staffed_nurses",
        "demand_share",
        "staffing_share",
        "demand_to_staffing_ratio",
        "is_understaffed_peak",
    ],
)
DEMAND_VS_STAFFING = DEMAND_VS_STAFFING.assign(
    hours_observed=1,
    arrivals_per_nurse=DEMAND_VS_STAFFING.avg_arrivals / DEMAND_VS_STAFFING.staffed_nurses,
    census_per_nurse=DEMAND_VS_STAFFING.avg_census / DEMAND_VS_STAFFING.staffed_nurses,
)


def insert_patient_flow(connection: duckdb.DuckDBPyConnection) -> None:
    """Fill the patient-flow tables of a fresh copy with the night above."""
    connection.execute(
        "delete from reference.patient_flow__staffing where list_contains(?, department)", [list(DEPARTMENT_SKS)]
    )
    for table, frame in (
        ("reference.patient_flow__staffing", STAFFING),
        ("marts.dim_department", DEPARTMENTS),
        ("marts.fct_patient_event", FLOW_EVENTS),
        ("marts.fct_patient_encounter", ENCOUNTERS),
        ("marts.fct_department_stay", STAYS),
        ("marts.mart_department_hourly", HOURLY),
    ):
        insert_frame(connection, table, frame)
