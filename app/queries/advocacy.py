"""The advocacy questions: KPIs from the semantic layer, case listings and the caseload and bottleneck marts."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from healthcare_ops.semantic import MetricQuery
from queries.filters import CASES_CONDITION, CASES_WHERE, Filters
from queries.reference import categories
from queries.warehouse import metrics, run

# Every KPI the advocacy views show, by its metric name (models/marts/advocacy/_advocacy__semantic.yml).
KPIS = (
    "total_cases",
    "active_cases",
    "stale_cases",
    "responded_cases",
    "resolved_cases",
    "ever_resolved_cases",
    "escalated_cases",
    "reopened_cases",
    "sla_breached_cases",
    "sum_interactions",
    "csat_responses",
    "avg_hours_to_first_response",
    "avg_days_to_resolution",
    "escalation_rate",
    "reopen_rate",
    "sla_breach_rate",
    "interactions_per_case",
    "avg_csat",
)
# The rates and averages among them, for tables of KPIs by a dimension.
RATES = KPIS[11:]
# The ways to split them: column -> the semantic layer's dimension.
DIMENSIONS = {
    "created_date": "metric_time__day",
    "case_type": "case__case_type",
    "priority": "case__priority",
    "status": "case__status",
    "missing_docs": "case__missing_docs",
    "handoffs": "case__handoffs",
    "escalation": "case__escalation",
    "team": "advocate__team",
    "advocate_id": "advocate__advocate_id",
    "advocate_name": "advocate__advocate_name",
}
ORDERED_CATEGORIES = ("case_type", "priority")

CASES_WITH_ADVOCATES = """
    marts.fct_case_lifecycle as cases
    left join marts.dim_advocate as advocates on cases.advocate_sk = advocates.advocate_sk
"""


def in_category_order(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows sorted by case type and priority in their business order (stable, unknown values last)."""
    keys = [column for column in ORDERED_CATEGORIES if column in frame.columns]
    if not keys or frame.empty:
        return frame

    def rank(column: pd.Series) -> pd.Series:
        order = list(categories(column.name))
        return column.map(lambda value: order.index(value) if value in order else len(order))

    return frame.sort_values(keys, key=rank, kind="stable").reset_index(drop=True)


def kpis(filters: Filters, by: Sequence[str] = (), names: Sequence[str] = KPIS) -> pd.DataFrame:
    """The KPIs of the filtered cases, overall (one row) or split by DIMENSIONS."""
    unknown = set(by) - set(DIMENSIONS)
    if unknown:
        raise ValueError(f"cannot split KPIs by {sorted(unknown)}")
    group_by = tuple(DIMENSIONS[column] for column in by)
    query = MetricQuery(tuple(names), group_by, CASES_WHERE, order_by=group_by)
    return in_category_order(metrics(query, filters.advocacy_values()))


def stale_cases(filters: Filters) -> pd.DataFrame:
    """Active cases with no touch for the stale threshold, most urgent and longest untouched first."""
    return run(
        f"""
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
        left join reference.advocacy__priorities as priorities on cases.priority = priorities.priority
        where cases.is_stale and {CASES_CONDITION}
        order by priorities.priority_rank desc nulls last, cases.hours_since_last_touch desc, cases.case_id
        """,
        filters.advocacy_values(),
    )


def case_detail(filters: Filters, limit: int = 1000) -> pd.DataFrame:
    """One row per filtered case, newest first: timings, touches, reassignments, handoffs, status."""
    return run(
        f"""
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
        where {CASES_CONDITION}
        order by cases.created_at desc, cases.case_id
        limit $limit
        """,
        {**filters.advocacy_values(), "limit": limit},
    )


def open_backlog_by_advocate(filters: Filters) -> pd.DataFrame:
    """Active filtered cases per advocate and priority (long format, for a stacked bar), advocates with any."""
    frame = kpis(filters, by=("advocate_name", "team", "priority"), names=("active_cases",))
    frame = frame[frame.active_cases > 0].sort_values(["advocate_name", "priority"], kind="stable")
    return in_category_order(frame.reset_index(drop=True))


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
        select * exclude (bottleneck_id, _run_id, _loaded_at)
        from marts.mart_bottlenecks
        order by effect_rank
        limit $limit
        """,
        {"limit": limit},
    )
