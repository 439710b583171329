"""Every question the dashboard asks of the warehouse, and the only place its SQL lives.

Each function answers one question and returns a pandas DataFrame. User choices
reach the SQL only as `?` parameters; the only text put into SQL is taken from
the fixed tables of names below (KPI parts, segments, dimensions).

The warehouse is opened read-only for one query and closed straight after, so
`make warehouse` can swap in a new file while the app runs. Results are cached
with the file's modification time in the key: a republished warehouse is read
afresh, an unchanged one is not read twice.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

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
)

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
    """The shared sidebar filters. Empty case types or priorities mean all of them."""

    start: date | None = None
    end: date | None = None
    case_types: tuple[str, ...] = ()
    priorities: tuple[str, ...] = ()

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


# --- reading the warehouse -------------------------------------------------------------------------------------


def warehouse_path() -> Path:
    """WAREHOUSE_PATH, or data/warehouse.duckdb; a relative path is taken from the repository root."""
    path = Path(os.environ.get("WAREHOUSE_PATH") or DEFAULT_WAREHOUSE)
    return path if path.is_absolute() else REPO_ROOT / path


@st.cache_data(show_spinner=False, max_entries=500)
def _cached_query(path: str, modified_ns: int, sql: str, parameters: tuple) -> pd.DataFrame:
    # modified_ns is only part of the cache key: a republished file is a new key.
    with duckdb.connect(path, read_only=True) as connection:
        return connection.execute(sql, list(parameters)).df()


def run(sql: str, parameters: Sequence[object] = ()) -> pd.DataFrame:
    """Run one query against the published warehouse (cached until the file changes)."""
    path = warehouse_path()
    return _cached_query(str(path), path.stat().st_mtime_ns, sql, tuple(parameters))


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
    """First and last created_date in the data, or None when there are no cases."""
    bounds = run("select min(created_date) as first_date, max(created_date) as last_date from marts.fct_case_lifecycle")
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
