"""The tables and columns the dashboard reads, to build tiny hand-made warehouses for the query tests.

`CONTRACT` restates the dbt contracts the app relies on; test_queries.py checks it
against the warehouse `make test` built, so the two cannot drift apart.
`insert_patient_flow` adds a hand-worked night of hospital flow (its story below).
"""

from __future__ import annotations

import duckdb
import pandas as pd

CONTRACT: dict[str, list[tuple[str, str]]] = {
    "marts.dim_patient": [
        ("patient_sk", "varchar"),
        ("patient_id", "varchar"),
        ("sex", "varchar"),
        ("birth_year", "integer"),
        ("age_band", "varchar"),
        ("zip3", "varchar"),
        ("insurance_type", "varchar"),
    ],
    "marts.dim_advocate": [
        ("advocate_sk", "varchar"),
        ("advocate_id", "varchar"),
        ("advocate_name", "varchar"),
        ("team", "varchar"),
        ("capacity", "integer"),
        ("hired_at", "date"),
    ],
    "marts.fct_case_lifecycle": [
        ("case_id", "varchar"),
        ("patient_sk", "varchar"),
        ("advocate_sk", "varchar"),
        ("case_type", "varchar"),
        ("priority", "varchar"),
        ("status", "varchar"),
        ("is_active", "boolean"),
        ("created_at", "timestamp"),
        ("created_date", "date"),
        ("first_response_at", "timestamp"),
        ("resolved_at", "timestamp"),
        ("last_touch_at", "timestamp"),
        ("hours_to_first_response", "double"),
        ("days_to_resolution", "double"),
        ("interaction_count", "integer"),
        ("reassignment_count", "integer"),
        ("handoff_count", "integer"),
        ("complexity", "varchar"),
        ("intake_source", "varchar"),
        ("has_missing_docs", "boolean"),
        ("was_escalated", "boolean"),
        ("was_reopened", "boolean"),
        ("was_ever_resolved", "boolean"),
        ("sla_hours", "integer"),
        ("sla_breached", "boolean"),
        ("is_stale", "boolean"),
        ("hours_since_last_touch", "double"),
        ("is_out_of_hours", "boolean"),
        ("csat", "integer"),
    ],
    "marts.mart_ops_kpis": [
        ("created_date", "date"),
        ("case_type", "varchar"),
        ("priority", "varchar"),
        ("total_cases", "integer"),
        ("active_cases", "integer"),
        ("responded_cases", "integer"),
        ("sum_hours_to_first_response", "double"),
        ("resolved_cases", "integer"),
        ("sum_days_to_resolution", "double"),
        ("ever_resolved_cases", "integer"),
        ("escalated_cases", "integer"),
        ("reopened_cases", "integer"),
        ("sla_breached_cases", "integer"),
        ("sum_interactions", "integer"),
        ("csat_responses", "integer"),
        ("sum_csat", "integer"),
        ("stale_cases", "integer"),
    ],
    "marts.mart_advocate_caseload": [
        ("advocate_sk", "varchar"),
        ("advocate_id", "varchar"),
        ("advocate_name", "varchar"),
        ("team", "varchar"),
        ("capacity", "integer"),
        ("active_cases", "integer"),
        ("active_low", "integer"),
        ("active_medium", "integer"),
        ("active_high", "integer"),
        ("active_urgent", "integer"),
        ("weighted_load", "double"),
        ("utilization_ratio", "double"),
        ("is_overloaded", "boolean"),
        ("stale_cases", "integer"),
        ("resolved_cases", "integer"),
        ("avg_days_to_resolution", "double"),
    ],
    "marts.mart_bottlenecks": [
        ("bottleneck_id", "varchar"),
        ("driver", "varchar"),
        ("metric", "varchar"),
        ("comparison_group", "varchar"),
        ("baseline_group", "varchar"),
        ("comparison_cases", "integer"),
        ("baseline_cases", "integer"),
        ("comparison_value", "double"),
        ("baseline_value", "double"),
        ("effect_size", "double"),
        ("relative_effect", "double"),
        ("effect_rank", "integer"),
    ],
    "marts.dim_department": [
        ("department_sk", "varchar"),
        ("department", "varchar"),
        ("department_label", "varchar"),
        ("service_line", "varchar"),
        ("beds", "integer"),
    ],
    "marts.fct_patient_event": [
        ("event_id", "varchar"),
        ("encounter_id", "varchar"),
        ("patient_sk", "varchar"),
        ("department_sk", "varchar"),
        ("date_key", "date"),
        ("hour_key", "integer"),
        ("event_type", "varchar"),
        ("event_time", "timestamp"),
        ("reported_event_time", "timestamp"),
        ("is_event_time_corrected", "boolean"),
        ("enqueued_at", "timestamp"),
        ("source_file", "varchar"),
        ("line_number", "bigint"),
        ("landed_at", "timestamp"),
        ("_loaded_at", "timestamp"),
    ],
    "marts.fct_patient_encounter": [
        ("encounter_id", "varchar"),
        ("patient_sk", "varchar"),
        ("department_sk", "varchar"),
        ("last_department_sk", "varchar"),
        ("referring_provider_sk", "varchar"),
        ("arrival_date_key", "date"),
        ("arrival_hour_key", "integer"),
        ("department", "varchar"),
        ("service_line", "varchar"),
        ("acuity", "integer"),
        ("age_at_arrival", "integer"),
        ("is_age_corrected", "boolean"),
        ("arrival_at", "timestamp"),
        ("triage_at", "timestamp"),
        ("seen_at", "timestamp"),
        ("admitted_at", "timestamp"),
        ("discharged_at", "timestamp"),
        ("was_admitted", "boolean"),
        ("is_in_house", "boolean"),
        ("wait_minutes", "double"),
        ("length_of_stay_hours", "double"),
        ("transfer_count", "integer"),
        ("disposition", "varchar"),
        ("total_cost", "double"),
        ("satisfaction", "integer"),
        ("has_corrected_event_time", "boolean"),
    ],
    "marts.mart_department_hourly": [
        ("department_sk", "varchar"),
        ("department", "varchar"),
        ("hour_start", "timestamp"),
        ("date_key", "date"),
        ("hour_key", "integer"),
        ("iso_day_of_week", "integer"),
        ("arrivals", "integer"),
        ("admissions", "integer"),
        ("discharges", "integer"),
        ("census", "integer"),
        ("beds", "integer"),
        ("occupancy", "double"),
    ],
    "marts.mart_demand_vs_staffing": [
        ("department_sk", "varchar"),
        ("department", "varchar"),
        ("iso_day_of_week", "integer"),
        ("hour_key", "integer"),
        ("hours_observed", "integer"),
        ("avg_arrivals", "double"),
        ("avg_census", "double"),
        ("staffed_nurses", "integer"),
        ("arrivals_per_nurse", "double"),
        ("census_per_nurse", "double"),
        ("demand_share", "double"),
        ("staffing_share", "double"),
        ("demand_to_staffing_ratio", "double"),
        ("is_understaffed_peak", "boolean"),
    ],
    "quality.reconciliation": [
        ("source_file", "varchar"),
        ("raw_rows", "bigint"),
        ("clean_rows", "bigint"),
        ("quarantined_rows", "bigint"),
        ("is_balanced", "boolean"),
    ],
    "quality.quarantine": [
        ("source_file", "varchar"),
        ("line_number", "bigint"),
        ("record_id", "varchar"),
        ("reason", "varchar"),
        ("reason_detail", "varchar"),
        ("raw_values", "varchar"),
    ],
}


def create_schema(connection: duckdb.DuckDBPyConnection) -> None:
    """Create every contracted table, empty."""
    for schema in sorted({table.split(".")[0] for table in CONTRACT}):
        connection.execute(f"create schema if not exists {schema}")
    for table, columns in CONTRACT.items():
        column_list = ", ".join(f"{name} {data_type}" for name, data_type in columns)
        connection.execute(f"create or replace table {table} ({column_list})")


def insert_frame(connection: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    """Insert a frame's columns into a contracted table, in contract order, cast to the contract's types."""
    connection.register("incoming_frame", frame)
    casts = ", ".join(f"cast({name} as {data_type})" for name, data_type in CONTRACT[table] if name in frame.columns)
    names = ", ".join(name for name, _ in CONTRACT[table] if name in frame.columns)
    connection.execute(f"insert into {table} ({names}) select {casts} from incoming_frame")
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
        "department_sk": ["sk-E", "sk-E", "sk-E", "sk-I"],
        "last_department_sk": ["sk-I", "sk-E", "sk-E", "sk-I"],
        "department": ["emergency", "emergency", "emergency", "intensive_care"],
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
    arrival_date_key=ENCOUNTERS.arrival_at.dt.normalize(),
    arrival_hour_key=ENCOUNTERS.arrival_at.dt.hour,
    was_admitted=ENCOUNTERS.admitted_at.notna(),
    is_in_house=ENCOUNTERS.discharged_at.isna(),
)
# Census at the top of each hour = stays under way then (a stay starting on the hour counts).
HOURLY = pd.DataFrame(
    [
        # department, hour, weekday, arrivals, admissions, discharges, census, beds, occupancy
        ("emergency", "2026-10-05 22:00", 1, 2, 1, 0, 0, 4, 0.0),  # N1, N2 arrive; N1 admitted
        ("emergency", "2026-10-05 23:00", 1, 0, 0, 0, 2, 4, 0.5),  # N1, N2 in
        ("emergency", "2026-10-06 00:00", 2, 1, 0, 1, 1, 4, 0.25),  # N2 in (N1 left 23:30); N3 arrives, N2 leaves
        ("emergency", "2026-10-06 01:00", 2, 0, 0, 0, 1, 4, 0.25),  # N3 in
        ("emergency", "2026-10-06 02:00", 2, 0, 0, 0, 1, 4, 0.25),  # N3 in
        ("intensive_care", "2026-10-05 22:00", 1, 0, 0, 0, 0, 2, 0.0),
        ("intensive_care", "2026-10-05 23:00", 1, 1, 1, 0, 1, 2, 0.5),  # N4 arrives on the hour, admitted
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
    department_sk=HOURLY.department.map({"emergency": "sk-E", "intensive_care": "sk-I"}),
    date_key=HOURLY.hour_start.dt.normalize(),
    hour_key=HOURLY.hour_start.dt.hour,
)
# Each cell observed once. Nurses: emergency 2, 2, 1, 1, 1 (7 a week), intensive care 1 each (5).
# Emergency arrivals 2, 0, 1, 0, 0 (3): demand shares 2/3, 0, 1/3, 0, 0 over staffing shares 2/7, 2/7, 1/7, 1/7, 1/7
# give ratios 7/3, 0, 7/3, 0, 0. Intensive care's one arrival at Mon 23 is all its demand: 1 / (1/5) = 5.
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
    department_sk=DEMAND_VS_STAFFING.department.map({"emergency": "sk-E", "intensive_care": "sk-I"}),
    hours_observed=1,
    arrivals_per_nurse=DEMAND_VS_STAFFING.avg_arrivals / DEMAND_VS_STAFFING.staffed_nurses,
    census_per_nurse=DEMAND_VS_STAFFING.avg_census / DEMAND_VS_STAFFING.staffed_nurses,
)


def insert_patient_flow(connection: duckdb.DuckDBPyConnection) -> None:
    """Fill the patient-flow tables (created by create_schema) with the night above."""
    for table, frame in (
        ("marts.dim_department", DEPARTMENTS),
        ("marts.fct_patient_event", FLOW_EVENTS),
        ("marts.fct_patient_encounter", ENCOUNTERS),
        ("marts.mart_department_hourly", HOURLY),
        ("marts.mart_demand_vs_staffing", DEMAND_VS_STAFFING),
    ):
        insert_frame(connection, table, frame)
