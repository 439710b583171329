"""Every question the dashboard asks of the warehouse, and the only place its SQL lives.

Each function answers one question and returns a pandas DataFrame. User choices
reach the SQL only as parameters (`?`, or `$start`, `$end`, `$departments` in the
patient-flow queries, where one filter applies in several CTEs); the only text put
into SQL is taken from the fixed tables of names below (KPI parts, segments,
dimensions) or the column names the functions pass themselves.

The warehouse is opened read-only for one query and closed straight after, so
`make warehouse` (or `make stream`, every few seconds) can swap in a new file while
the app runs; a file caught missing mid-swap is tried again. Results are cached
with the file's modification time in the key: a republished warehouse is read
afresh, an unchanged one is not read twice.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TypeVar

import duckdb
import pandas as pd
import streamlit as st

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_WAREHOUSE = "data/warehouse.duckdb"

CASE_TYPES = ("billing_dispute", "prior_authorization", "provider_search", "care_coordination", "claim_denial")
PRIORITIES = ("low", "medium", "high", "urgent")  # least to most pressing
REQUIRED_TABLES = (
    "marts.dim_advocate",
    "marts.fct_case_lifecycle",
    "marts.mart_ops_kpis",
    "marts.mart_advocate_caseload",
    "marts.mart_bottlenecks",
    "marts.dim_department",
    "marts.fct_patient_event",
    "marts.fct_patient_encounter",
    "marts.mart_department_hourly",
    "marts.mart_demand_vs_staffing",
)
# A snapshot swap replaces the file with a rename; should the file be missing for a moment (or be opened
# half-written by a writer that does not rename), a query tries again this many times, this far apart.
SWAP_ATTEMPTS = 4
SWAP_PAUSE_SECONDS = 0.25

# The KPI definitions: name -> (numerator, denominator), both additive parts of
# marts.mart_ops_kpis. Any slice's KPI is sum(numerator) / sum(denominator).
KPI_RATIOS: dict[str, tuple[str, str]] = {
    "avg_hours_to_first_response": ("sum_hours_to_first_response", "responded_cases"),
    "avg_days_to_resolution": ("sum_days_to_resolution", "resolved_cases"),
    "escalation_rate": ("escalated_cases", "total_cases"),
    "reopen_rate": ("reopened_cases", "ever_resolved_cases"),
    "sla_breach_rate": ("sla_breached_cases", "total_cases"),
    "interactions_per_case": ("sum_interactions", "total_cases"),
    "avg_csat": ("sum_csat", "csat_responses"),
}
# The parts are counts, except these two sums of durations.
DURATION_PARTS = ("sum_hours_to_first_response", "sum_days_to_resolution")
KPI_PARTS = (
    "total_cases",
    "active_cases",
    "stale_cases",
    "responded_cases",
    "sum_hours_to_first_response",
    "resolved_cases",
    "sum_days_to_resolution",
    "ever_resolved_cases",
    "escalated_cases",
    "reopened_cases",
    "sla_breached_cases",
    "sum_interactions",
    "csat_responses",
    "sum_csat",
)

# The same parts computed from one row of marts.fct_case_lifecycle (alias `cases`),
# so case-level breakdowns use exactly the KPI definitions above.
CASE_PARTS: dict[str, str] = {
    "total_cases": "1",
    "active_cases": "cast(cases.is_active as integer)",
    "stale_cases": "cast(cases.is_stale as integer)",
    "responded_cases": "cast(cases.hours_to_first_response is not null as integer)",
    "sum_hours_to_first_response": "cases.hours_to_first_response",
    "resolved_cases": "cast(cases.days_to_resolution is not null as integer)",
    "sum_days_to_resolution": "cases.days_to_resolution",
    "ever_resolved_cases": "cast(cases.was_ever_resolved as integer)",
    "escalated_cases": "cast(cases.was_escalated as integer)",
    "reopened_cases": "cast(cases.was_reopened as integer)",
    "sla_breached_cases": "cast(cases.sla_breached as integer)",
    "sum_interactions": "cases.interaction_count",
    "csat_responses": "cast(cases.csat is not null as integer)",
    "sum_csat": "cases.csat",
}

# Ways to split the KPIs in the mart, and ways to split the cases for root cause
# analysis: segment -> output column -> SQL expression over `cases` and `advocates`.
KPI_DIMENSIONS = ("created_date", "case_type", "priority")
SEGMENTS: dict[str, dict[str, str]] = {
    "case_type": {"case_type": "cases.case_type"},
    "priority": {"priority": "cases.priority"},
    "missing_docs": {
        "missing_docs": "case when cases.has_missing_docs then 'missing documents' else 'documents complete' end",
    },
    "handoffs": {
        "handoffs": "case when cases.handoff_count >= 3 then '3+' else cast(cases.handoff_count as varchar) end",
    },
    "escalation": {"escalation": "case when cases.was_escalated then 'escalated' else 'not escalated' end"},
    "team": {"team": "coalesce(advocates.team, 'unknown')"},
    "advocate": {
        "advocate_id": "advocates.advocate_id",
        "advocate_name": "coalesce(advocates.advocate_name, 'unknown')",
        "team": "coalesce(advocates.team, 'unknown')",
    },
}

CASES_WITH_ADVOCATES = """
    marts.fct_case_lifecycle as cases
    left join marts.dim_advocate as advocates on cases.advocate_sk = advocates.advocate_sk
"""


@dataclass(frozen=True)
class Filters:
    """The shared sidebar filters. Empty case types, priorities or departments mean all of them."""

    start: date | None = None
    end: date | None = None
    case_types: tuple[str, ...] = ()
    priorities: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()

    def sql(self, alias: str = "") -> tuple[str, list[object]]:
        """A boolean SQL condition on created_date, case_type and priority (of table `alias`), and its parameters."""
        prefix = f"{alias}." if alias else ""
        conditions, parameters = ["true"], []
        if self.start is not None:
            conditions.append(f"{prefix}created_date >= ?")
            parameters.append(self.start)
        if self.end is not None:
            conditions.append(f"{prefix}created_date <= ?")
            parameters.append(self.end)
        for column, values in (("case_type", self.case_types), ("priority", self.priorities)):
            if values:
                conditions.append(f"list_contains(?, {prefix}{column})")
                parameters.append(list(values))
        return " and ".join(conditions), parameters

    def flow_parameters(self) -> dict[str, object]:
        """The named parameters of the patient-flow conditions (see _flow_filter)."""
        return {"start": self.start, "end": self.end, "departments": list(self.departments)}


# --- reading the warehouse -------------------------------------------------------------------------------------


def warehouse_path() -> Path:
    """WAREHOUSE_PATH, or data/warehouse.duckdb; a relative path is taken from the repository root."""
    path = Path(os.environ.get("WAREHOUSE_PATH") or DEFAULT_WAREHOUSE)
    return path if path.is_absolute() else REPO_ROOT / path


T = TypeVar("T")


def _through_swaps(read: Callable[[], T]) -> T:
    """read(), tried again a few times while the warehouse file is missing or cannot be opened."""
    for _ in range(SWAP_ATTEMPTS - 1):
        try:
            return read()
        except (FileNotFoundError, duckdb.IOException):
            time.sleep(SWAP_PAUSE_SECONDS)
    return read()


@st.cache_data(show_spinner=False, max_entries=500)
def _cached_query(path: str, modified_ns: int, sql: str, parameters: tuple | dict[str, object]) -> pd.DataFrame:
    # modified_ns is only part of the cache key: a republished file is a new key.
    with duckdb.connect(path, read_only=True) as connection:
        return connection.execute(sql, parameters if isinstance(parameters, dict) else list(parameters)).df()


def run(sql: str, parameters: Sequence[object] | Mapping[str, object] = ()) -> pd.DataFrame:
    """Run one query against the published warehouse (cached until the file changes).

    parameters are positional (`?`) or, as a mapping, named (`$name`).
    """
    path = warehouse_path()
    arguments = dict(parameters) if isinstance(parameters, Mapping) else tuple(parameters)
    return _through_swaps(lambda: _cached_query(str(path), path.stat().st_mtime_ns, sql, arguments))


def published_at() -> datetime:
    """When the warehouse file was last replaced (local time)."""
    return _through_swaps(lambda: datetime.fromtimestamp(warehouse_path().stat().st_mtime))


def _in_category_order(frame: pd.DataFrame) -> pd.DataFrame:
    """Sort rows by case type and priority in their business order (stable, unknown values last)."""
    keys = [column for column in ("case_type", "priority") if column in frame.columns]
    if not keys or frame.empty:
        return frame
    orders = {"case_type": CASE_TYPES, "priority": PRIORITIES}

    def rank(column: pd.Series) -> pd.Series:
        order = orders[column.name]
        return column.map(lambda value: order.index(value) if value in order else len(order))

    return frame.sort_values(keys, key=rank, kind="stable").reset_index(drop=True)


def _kpi_columns(parts: Mapping[str, str]) -> str:
    """SQL select list: the sum of every KPI part, then every KPI whose parts are available."""
    columns = [
        f"cast(coalesce(sum({expression}), 0) as {'double' if name in DURATION_PARTS else 'bigint'}) as {name}"
        for name, expression in parts.items()
    ]
    columns += [
        f"cast(sum({parts[numerator]}) as double) / nullif(sum({parts[denominator]}), 0) as {kpi}"
        for kpi, (numerator, denominator) in KPI_RATIOS.items()
        if numerator in parts and denominator in parts
    ]
    return ",\n    ".join(columns)


# --- the questions ---------------------------------------------------------------------------------------------


def warehouse_problem() -> str | None:
    """Why the dashboard cannot run (no file, unreadable, marts missing), or None when it can."""
    path = warehouse_path()
    if not path.is_file():
        return f"There is no warehouse at `{path}` yet."
    try:
        found = set(
            run(
                "select table_schema || '.' || table_name as name from information_schema.tables "
                "where table_schema in ('marts', 'quality')"
            )["name"]
        )
    except duckdb.Error as error:
        return f"The warehouse at `{path}` could not be read ({error})."
    missing = [table for table in REQUIRED_TABLES if table not in found]
    if missing:
        return f"The warehouse at `{path}` lacks {', '.join(missing)}."
    return None


def date_bounds() -> tuple[date, date] | None:
    """First and last day of the data (case created dates and patient-flow hours), or None when there are none."""
    bounds = run("""
        select min(first_date) as first_date, max(last_date) as last_date
        from (
            select min(created_date) as first_date, max(created_date) as last_date from marts.fct_case_lifecycle
            union all
            select min(date_key), max(date_key) from marts.mart_department_hourly
        ) as domains
    """)
    first, last = bounds.iloc[0]
    if pd.isna(first) or pd.isna(last):
        return None
    return pd.Timestamp(first).date(), pd.Timestamp(last).date()


def data_quality() -> pd.DataFrame | None:
    """One row: raw files, files that do not reconcile, raw rows and quarantined rows (None without quality.*)."""
    try:
        return run("""
            select
                count(*) as files,
                count(*) filter (where not is_balanced) as unbalanced_files,
                cast(coalesce(sum(raw_rows), 0) as bigint) as raw_rows,
                cast(coalesce(sum(quarantined_rows), 0) as bigint) as quarantined_rows
            from quality.reconciliation
        """)
    except duckdb.CatalogException:
        return None


def kpis(filters: Filters, by: Sequence[str] = ()) -> pd.DataFrame:
    """KPI parts and KPIs from mart_ops_kpis for the filtered slice, overall or split by KPI_DIMENSIONS."""
    unknown = set(by) - set(KPI_DIMENSIONS)
    if unknown:
        raise ValueError(f"cannot split KPIs by {sorted(unknown)}")
    condition, parameters = filters.sql()
    dimensions = "".join(f"{dimension},\n    " for dimension in by)
    grouping = f"group by {', '.join(by)} order by {', '.join(by)}" if by else ""
    sql = f"""
        select
            {dimensions}{_kpi_columns({part: part for part in KPI_PARTS})}
        from marts.mart_ops_kpis
        where {condition}
        {grouping}
    """
    return _in_category_order(run(sql, parameters))


def case_metrics(filters: Filters, segment: str) -> pd.DataFrame:
    """KPIs computed from the filtered cases, split by one of SEGMENTS (missing docs, handoffs, team, ...)."""
    columns = SEGMENTS[segment]
    condition, parameters = filters.sql("cases")
    keys = "".join(f"{expression} as {name},\n    " for name, expression in columns.items())
    sql = f"""
        select
            {keys}{_kpi_columns(CASE_PARTS)}
        from {CASES_WITH_ADVOCATES}
        where {condition}
        group by all
        order by {", ".join(columns)}
    """
    return _in_category_order(run(sql, parameters))


def stale_cases(filters: Filters) -> pd.DataFrame:
    """Active cases with no touch for 48 hours, most urgent and longest untouched first."""
    condition, parameters = filters.sql("cases")
    sql = f"""
        select
            cases.case_id,
            cases.priority,
            cases.hours_since_last_touch,
            advocates.advocate_name,
            advocates.team,
            cases.case_type,
            cases.status,
            cases.last_touch_at,
            cases.created_at
        from {CASES_WITH_ADVOCATES}
        where cases.is_stale and {condition}
        order by list_position(?, cases.priority) desc nulls last, cases.hours_since_last_touch desc, cases.case_id
    """
    return run(sql, [*parameters, list(PRIORITIES)])


def case_detail(filters: Filters, limit: int = 1000) -> pd.DataFrame:
    """One row per filtered case, newest first: timings, touches, reassignments, handoffs, status."""
    condition, parameters = filters.sql("cases")
    sql = f"""
        select
            cases.case_id,
            cases.case_type,
            cases.priority,
            cases.status,
            advocates.advocate_name,
            cases.created_at,
            cases.hours_to_first_response,
            cases.days_to_resolution,
            cases.interaction_count,
            cases.reassignment_count,
            cases.handoff_count,
            cases.has_missing_docs,
            cases.was_escalated,
            cases.sla_breached,
            cases.csat
        from {CASES_WITH_ADVOCATES}
        where {condition}
        order by cases.created_at desc, cases.case_id
        limit ?
    """
    return run(sql, [*parameters, limit])


def open_backlog_by_advocate(filters: Filters) -> pd.DataFrame:
    """Active filtered cases per advocate and priority (long format, for a stacked bar)."""
    condition, parameters = filters.sql("cases")
    sql = f"""
        select
            coalesce(advocates.advocate_name, 'unknown') as advocate_name,
            coalesce(advocates.team, 'unknown') as team,
            cases.priority,
            count(*) as active_cases
        from {CASES_WITH_ADVOCATES}
        where cases.is_active and {condition}
        group by all
        order by advocate_name, cases.priority
    """
    return _in_category_order(run(sql, parameters))


def advocate_caseload() -> pd.DataFrame:
    """Current caseload of every advocate against capacity (all active cases; not filtered), busiest first."""
    return run("""
        select
            advocate_id,
            advocate_name,
            team,
            capacity,
            active_cases,
            active_low,
            active_medium,
            active_high,
            active_urgent,
            weighted_load,
            utilization_ratio,
            is_overloaded,
            stale_cases,
            resolved_cases,
            avg_days_to_resolution
        from marts.mart_advocate_caseload
        order by utilization_ratio desc nulls last, active_cases desc, advocate_id
    """)


def bottlenecks(limit: int | None = None) -> pd.DataFrame:
    """Bottleneck segments over all cases, largest relative effect first."""
    return run(
        """
        select
            effect_rank,
            driver,
            metric,
            comparison_group,
            baseline_group,
            comparison_cases,
            baseline_cases,
            comparison_value,
            baseline_value,
            effect_size,
            relative_effect
        from marts.mart_bottlenecks
        order by effect_rank
        limit ?
        """,
        [limit],
    )


# --- patient flow ----------------------------------------------------------------------------------------------
# The marts are built over the whole history; a date or department filter is applied here, recomputing each figure
# with the formulas of models/marts/patient_flow/*.sql (tests/app/test_queries.py checks that with no filter the
# results equal the marts' rows).

# mart_demand_vs_staffing's threshold: a weekday-hour taking 1.5 times its share of the week's nurses in arrivals.
UNDERSTAFFED_RATIO = 1.5
# and its var min_peak_arrivals_per_hour: a cell with fewer arrivals an hour on average is no peak.
MIN_PEAK_ARRIVALS_PER_HOUR = 1
# mart_department_performance's line for a full department.
HIGH_OCCUPANCY = 0.85


def _flow_filter(day: str, department: str) -> str:
    """SQL: the day expression lies in [$start, $end] (a null end is open) and the department is one of
    $departments (an empty list is every department). Pass Filters.flow_parameters() with it."""
    return (
        f"(cast($start as date) is null or {day} >= cast($start as date)) "
        f"and (cast($end as date) is null or {day} <= cast($end as date)) "
        f"and {_among_departments(department)}"
    )


def _among_departments(department: str) -> str:
    """SQL: the department is one of $departments, or $departments is empty (every department)."""
    chosen = "cast($departments as varchar[])"
    return f"(len({chosen}) = 0 or list_contains({chosen}, {department}))"


def departments() -> pd.DataFrame:
    """The hospital's departments with their labels and beds (not the unknown member), by label."""
    return run("""
        select department, department_label, beds
        from marts.dim_department
        where beds is not null
        order by department_label
    """)


def arrivals_by_weekday_hour(filters: Filters) -> pd.DataFrame:
    """Arrivals per hour in each ISO weekday x hour of day, averaged over the filtered days, summed over departments."""
    sql = f"""
        select
            iso_day_of_week,
            hour_key,
            count(distinct hour_start) as hours_observed,
            cast(sum(arrivals) as bigint) as arrivals,
            sum(arrivals) / count(distinct hour_start) as avg_arrivals
        from marts.mart_department_hourly
        where {_flow_filter("date_key", "department")}
        group by iso_day_of_week, hour_key
        order by iso_day_of_week, hour_key
    """
    return run(sql, filters.flow_parameters())


def daily_arrivals(filters: Filters) -> pd.DataFrame:
    """Arrivals per day and department in the filtered slice."""
    sql = f"""
        select
            hourly.date_key,
            departments.department_label,
            cast(sum(hourly.arrivals) as bigint) as arrivals
        from marts.mart_department_hourly as hourly
        inner join marts.dim_department as departments on hourly.department_sk = departments.department_sk
        where {_flow_filter("hourly.date_key", "hourly.department")}
        group by hourly.date_key, departments.department_label
        order by hourly.date_key, departments.department_label
    """
    return run(sql, filters.flow_parameters())


def _performance(filters: Filters) -> pd.DataFrame:
    """mart_department_performance for the filtered slice, plus a total row (department null) from the same formulas.

    Each figure counts on its own day: arrivals and waits on the arrival day, completed stays on the day they
    ended, surveys on the discharge day, admissions, discharges and occupancy in their hour.
    """
    sql = f"""
        with

        departments as (
            select department, department_label, beds
            from marts.dim_department
            where beds is not null and {_among_departments("department")}
        ),

        -- The department stays (int_department_stays_derived) are in no mart, so they are rebuilt the same way
        -- from the events: a stay starts at an arrival or transfer and ends at the encounter's next move.
        moves as (
            select
                departments.department,
                events.event_type,
                events.event_time as started_at,
                lead(events.event_time) over (
                    partition by events.encounter_id order by events.event_time, events.event_id
                ) as ended_at
            from marts.fct_patient_event as events
            inner join marts.dim_department as departments on events.department_sk = departments.department_sk
            where events.event_type in ('arrival', 'transferred', 'discharged')
        ),

        -- grouping sets add the total row (department null) to each part
        arrival_waits as (
            select
                department,
                count(*) as arrivals,
                avg(wait_minutes) as avg_wait_minutes,
                percentile_cont(0.9) within group (order by wait_minutes) as p90_wait_minutes
            from marts.fct_patient_encounter
            where {_flow_filter("arrival_date_key", "department")}
            group by grouping sets ((department), ())
        ),

        completed_stays as (
            select
                department,
                count(*) as completed_stays,
                avg(date_diff('second', started_at, ended_at) / 3600.0) as avg_length_of_stay_hours,
                percentile_cont(0.9) within group (
                    order by date_diff('second', started_at, ended_at) / 3600.0
                ) as p90_length_of_stay_hours
            from moves
            where
                event_type <> 'discharged'
                and ended_at is not null
                and {_flow_filter("cast(ended_at as date)", "department")}
            group by grouping sets ((department), ())
        ),

        experience as (
            select
                last_departments.department,
                count(encounters.satisfaction) as surveyed_encounters,
                avg(encounters.satisfaction) as avg_satisfaction,
                sum(case when encounters.satisfaction <= 2 then 1 else 0 end) * 1.0
                / nullif(count(encounters.satisfaction), 0) as experience_risk
            from marts.fct_patient_encounter as encounters
            inner join marts.dim_department as last_departments
                on encounters.last_department_sk = last_departments.department_sk
            where
                last_departments.beds is not null
                and {_flow_filter("cast(encounters.discharged_at as date)", "last_departments.department")}
            group by grouping sets ((last_departments.department), ())
        ),

        capacity as (
            select
                department,
                sum(admissions) as admissions,
                sum(discharges) as discharges,
                count(*) / 24.0 as days_observed,
                avg(occupancy) as avg_occupancy,
                max(occupancy) as peak_occupancy,
                avg(case when occupancy >= {HIGH_OCCUPANCY} then 1.0 else 0.0 end) as share_of_hours_above_85
            from marts.mart_department_hourly
            where {_flow_filter("date_key", "department")}
            group by grouping sets ((department), ())
        ),

        rows_wanted as (
            select department, department_label, beds from departments
            union all
            select null, 'All selected departments', cast(sum(beds) as integer) from departments
        )

        select
            rows_wanted.department,
            rows_wanted.department_label,
            rows_wanted.beds,
            cast(coalesce(arrival_waits.arrivals, 0) as integer) as arrivals,
            cast(coalesce(capacity.admissions, 0) as integer) as admissions,
            cast(coalesce(capacity.discharges, 0) as integer) as discharges,
            capacity.discharges / nullif(capacity.days_observed, 0) as discharges_per_day,
            arrival_waits.avg_wait_minutes,
            arrival_waits.p90_wait_minutes,
            cast(coalesce(completed_stays.completed_stays, 0) as integer) as completed_stays,
            completed_stays.avg_length_of_stay_hours,
            completed_stays.p90_length_of_stay_hours,
            capacity.avg_occupancy,
            capacity.peak_occupancy,
            capacity.share_of_hours_above_85,
            cast(coalesce(experience.surveyed_encounters, 0) as integer) as surveyed_encounters,
            experience.avg_satisfaction,
            experience.experience_risk
        from rows_wanted
        left join arrival_waits on rows_wanted.department is not distinct from arrival_waits.department
        left join completed_stays on rows_wanted.department is not distinct from completed_stays.department
        left join experience on rows_wanted.department is not distinct from experience.department
        left join capacity on rows_wanted.department is not distinct from capacity.department
        order by rows_wanted.department is null, rows_wanted.department_label
    """
    return run(sql, filters.flow_parameters())


def department_performance(filters: Filters) -> pd.DataFrame:
    """One row per chosen department: mart_department_performance's columns, for the filtered days."""
    frame = _performance(filters)
    return frame[frame.department.notna()].reset_index(drop=True)


def flow_totals(filters: Filters) -> pd.DataFrame:
    """One row: the same figures over the chosen departments together.

    Discharges per day and occupancy stay per department: their mean over the department-hours.
    """
    frame = _performance(filters)
    return frame[frame.department.isna()].reset_index(drop=True)


def demand_vs_staffing(filters: Filters) -> pd.DataFrame:
    """mart_demand_vs_staffing for the filtered days: per department x ISO weekday x hour, the share of the
    department's weekly arrivals against its share of the weekly staffed nurses (the mart's roster)."""
    sql = f"""
        with

        cells as (
            select
                department_sk,
                department,
                iso_day_of_week,
                hour_key,
                count(*) as hours_observed,
                avg(arrivals) as avg_arrivals,
                avg(census) as avg_census
            from marts.mart_department_hourly
            where {_flow_filter("date_key", "department")}
            group by department_sk, department, iso_day_of_week, hour_key
        ),

        shares as (
            select
                cells.department_sk,
                cells.department,
                cells.iso_day_of_week,
                cells.hour_key,
                cells.hours_observed,
                cells.avg_arrivals,
                cells.avg_census,
                staffing.staffed_nurses,
                cells.avg_arrivals
                / nullif(sum(cells.avg_arrivals) over (partition by cells.department), 0) as demand_share,
                staffing.staffed_nurses * 1.0
                / sum(staffing.staffed_nurses) over (partition by cells.department) as staffing_share
            from cells
            inner join marts.mart_demand_vs_staffing as staffing
                on
                    cells.department = staffing.department
                    and cells.iso_day_of_week = staffing.iso_day_of_week
                    and cells.hour_key = staffing.hour_key
        )

        select
            shares.department,
            departments.department_label,
            shares.iso_day_of_week,
            shares.hour_key,
            cast(shares.hours_observed as integer) as hours_observed,
            shares.avg_arrivals,
            shares.avg_census,
            shares.staffed_nurses,
            shares.demand_share,
            shares.staffing_share,
            shares.demand_share / shares.staffing_share as demand_to_staffing_ratio,
            coalesce(
                shares.demand_share / shares.staffing_share >= {UNDERSTAFFED_RATIO}
                and shares.avg_arrivals >= {MIN_PEAK_ARRIVALS_PER_HOUR},
                false
            ) as is_understaffed_peak
        from shares
        inner join marts.dim_department as departments on shares.department_sk = departments.department_sk
        order by departments.department_label, shares.iso_day_of_week, shares.hour_key
    """
    return run(sql, filters.flow_parameters())


# --- patient flow, live: the newest hours, whatever the date range -----------------------------------------------


def live_status() -> pd.DataFrame:
    """The newest event time (the hospital's clock), when its capture file landed (UTC), and the last refresh."""
    return run("""
        select
            max(event_time) as newest_event_at,
            max(landed_at) as newest_landed_at,
            max(_loaded_at) as refreshed_at
        from marts.fct_patient_event
    """)


def census_now(departments: Sequence[str] = ()) -> pd.DataFrame:
    """Census, beds and occupancy of the chosen departments at the top of the newest hour."""
    sql = f"""
        select
            hourly.hour_start,
            hourly.department,
            departments.department_label,
            hourly.census,
            hourly.beds,
            hourly.occupancy
        from marts.mart_department_hourly as hourly
        inner join marts.dim_department as departments on hourly.department_sk = departments.department_sk
        where
            hourly.hour_start = (select max(hour_start) from marts.mart_department_hourly)
            and {_among_departments("hourly.department")}
        order by departments.department_label
    """
    return run(sql, {"departments": list(departments)})


def recent_arrivals(departments: Sequence[str] = (), hours: int = 24) -> pd.DataFrame:
    """Arrivals per hour and chosen department in the newest `hours` hours (the newest one still filling)."""
    sql = f"""
        select
            hourly.hour_start,
            hourly.department,
            departments.department_label,
            hourly.arrivals
        from marts.mart_department_hourly as hourly
        inner join marts.dim_department as departments on hourly.department_sk = departments.department_sk
        where
            hourly.hour_start
            > (select max(hour_start) from marts.mart_department_hourly) - to_hours(cast($hours as bigint))
            and {_among_departments("hourly.department")}
        order by hourly.hour_start, departments.department_label
    """
    return run(sql, {"departments": list(departments), "hours": hours})
