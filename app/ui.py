"""What the pages share besides data: the current filters, labels, number formats, tables and charts."""

from __future__ import annotations

import math
from datetime import timedelta

import pandas as pd
import plotly.express as px
import queries
import streamlit as st
from plotly.graph_objects import Figure

FILTERS_KEY = "filters"  # session state: the queries.Filters the sidebar built this run
ACRONYMS = {"sla": "SLA", "csat": "CSAT"}


def label(value: object) -> str:
    """A category as people read it: 'prior_authorization' -> 'Prior authorization', 'sla_rate' -> 'SLA rate'."""
    words = [ACRONYMS.get(word, word) for word in str(value).split("_")]
    return " ".join([words[0][:1].upper() + words[0][1:], *words[1:]])


TITLES = {
    "case_id": "Case",
    "case_type": "Case type",
    "priority": "Priority",
    "status": "Status",
    "team": "Team",
    "advocate_id": "Advocate id",
    "advocate_name": "Advocate",
    "created_at": "Created",
    "created_date": "Created on",
    "last_touch_at": "Last touch",
    "hours_since_last_touch": "Hours since last touch",
    "hours_to_first_response": "Hours to first response",
    "days_to_resolution": "Days to resolution",
    "interaction_count": "Interactions",
    "reassignment_count": "Reassignments",
    "handoff_count": "Handoffs",
    "has_missing_docs": "Missing docs",
    "was_escalated": "Escalated",
    "sla_breached": "SLA breached",
    "csat": "CSAT",
    "capacity": "Capacity",
    "total_cases": "Cases",
    "active_cases": "Active cases",
    "stale_cases": "Stale cases",
    "escalated_cases": "Escalated cases",
    "sum_interactions": "Interactions",
    "resolved_cases": "Resolved cases",
    "csat_responses": "CSAT responses",
    "weighted_load": "Complexity-weighted load",
    "utilization_ratio": "Utilization",
    "is_overloaded": "Overloaded",
    "avg_hours_to_first_response": "Avg hours to first response",
    "avg_days_to_resolution": "Avg days to resolution",
    "escalation_rate": "Escalation rate",
    "reopen_rate": "Reopen rate",
    "sla_breach_rate": "SLA breach rate",
    "interactions_per_case": "Interactions per case",
    "avg_csat": "Avg CSAT",
    "effect_rank": "Rank",
    "driver": "Driver",
    "metric": "Metric",
    "comparison_group": "Group",
    "baseline_group": "Compared with",
    "comparison_cases": "Cases in group",
    "baseline_cases": "Cases compared",
    "comparison_value": "Group value",
    "baseline_value": "Baseline value",
    "effect_size": "Difference",
    "relative_effect": "Relative difference",
    "missing_docs": "Documents",
    "handoffs": "Handoffs",
    "escalation": "Escalation",
    "segment": "Segment",
    "department_label": "Department",
    "beds": "Beds",
    "arrivals": "Arrivals",
    "admissions": "Admissions",
    "discharges": "Discharges",
    "discharges_per_day": "Discharges per day",
    "avg_wait_minutes": "Avg wait (min)",
    "p90_wait_minutes": "P90 wait (min)",
    "completed_stays": "Completed stays",
    "avg_length_of_stay_hours": "Avg length of stay (h)",
    "p90_length_of_stay_hours": "P90 length of stay (h)",
    "avg_occupancy": "Avg occupancy",
    "peak_occupancy": "Peak occupancy",
    "share_of_hours_above_85": "Hours at 85%+ occupancy",
    "surveyed_encounters": "Surveyed encounters",
    "avg_satisfaction": "Avg satisfaction",
    "experience_risk": "Experience risk",
    "date_key": "Day",
    "hour_start": "Hour",
    "weekday_hour": "Weekday and hour",
    "hours_observed": "Hours observed",
    "avg_arrivals": "Avg arrivals per hour",
    "staffed_nurses": "Staffed nurses",
    "demand_share": "Share of week's arrivals",
    "staffing_share": "Share of week's nurses",
    "demand_to_staffing_ratio": "Demand / staffing",
    "census": "Census",
    "occupancy": "Occupancy",
}
PERCENT_COLUMNS = {
    "escalation_rate",
    "reopen_rate",
    "sla_breach_rate",
    "utilization_ratio",
    "relative_effect",
    "avg_occupancy",
    "peak_occupancy",
    "share_of_hours_above_85",
    "experience_risk",
    "demand_share",
    "staffing_share",
    "occupancy",
}
DECIMALS = {
    "hours_since_last_touch": 0,
    "hours_to_first_response": 1,
    "days_to_resolution": 1,
    "avg_hours_to_first_response": 1,
    "avg_days_to_resolution": 1,
    "interactions_per_case": 1,
    "weighted_load": 0,
    "avg_csat": 2,
    "comparison_value": 2,
    "baseline_value": 2,
    "effect_size": 2,
    "discharges_per_day": 1,
    "avg_wait_minutes": 0,
    "p90_wait_minutes": 0,
    "avg_length_of_stay_hours": 1,
    "p90_length_of_stay_hours": 1,
    "avg_satisfaction": 2,
    "avg_arrivals": 2,
    "demand_to_staffing_ratio": 2,
}
LABELLED_COLUMNS = (
    "case_type",
    "priority",
    "status",
    "team",
    "driver",
    "metric",
    "comparison_group",
    "baseline_group",
    "missing_docs",
    "escalation",
)
CATEGORY_ORDERS = {
    "case_type": [label(value) for value in queries.CASE_TYPES],
    "priority": [label(value) for value in queries.PRIORITIES],
}
PRIORITY_COLORS = {"Low": "#9ecae1", "Medium": "#4292c6", "High": "#f28e2b", "Urgent": "#d62728"}
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")  # ISO day of week 1-7


def filters() -> queries.Filters:
    """The filters the sidebar in streamlit_app.py set for this run."""
    return st.session_state[FILTERS_KEY]


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def count(value: object) -> str:
    return "—" if _missing(value) else f"{int(value):,}"


def number(value: object, digits: int = 1) -> str:
    return "—" if _missing(value) else f"{float(value):,.{digits}f}"


def percent(value: object) -> str:
    return "—" if _missing(value) else f"{float(value):.1%}"


def duration(elapsed: timedelta) -> str:
    """A wall-clock gap as people say it: '8 s', '4 min 05 s', '3 h 12 min', '2 d 4 h' ('—' when unknown)."""
    if pd.isna(elapsed):
        return "—"
    # The clocks that stamp files and builds can differ by a moment: a gap below zero is no gap.
    seconds = max(0, int(elapsed.total_seconds()))
    minutes, hours, days = seconds // 60, seconds // 3600, seconds // 86400
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{minutes} min {seconds % 60:02d} s"
    if seconds < 86400:
        return f"{hours} h {minutes % 60:02d} min"
    return f"{days} d {hours % 24} h"


def labelled(frame: pd.DataFrame) -> pd.DataFrame:
    """Category columns in readable form (the order in CATEGORY_ORDERS uses the same labels)."""
    frame = frame.copy()
    for column in LABELLED_COLUMNS:
        if column in frame.columns:
            frame[column] = frame[column].map(label, na_action="ignore")
    return frame


def table(frame: pd.DataFrame, **options: object) -> None:
    """A read-only table with readable titles and formats for every known column."""
    frame = labelled(frame)
    config: dict[str, object] = {}
    for column in frame.columns:
        title = TITLES.get(column, label(column))
        if column in PERCENT_COLUMNS:
            frame[column] = frame[column] * 100
            config[column] = st.column_config.NumberColumn(title, format="%.1f%%")
        elif column in DECIMALS:
            config[column] = st.column_config.NumberColumn(title, format=f"%.{DECIMALS[column]}f")
        else:
            config[column] = title
    st.dataframe(frame, column_config=config, hide_index=True, **options)


def has_rows(frame: pd.DataFrame, what: str = "cases") -> bool:
    """False, with a note on the page, when the slice is empty."""
    if frame.empty:
        st.info(f"No {what} match the filters.")
        return False
    return True


def bar(frame: pd.DataFrame, x: str, y: str, **options: object) -> Figure:
    """A plotly bar chart on readable labels, in business order, with titles from TITLES.

    text_auto=True prints each bar's value in its column's format; hover_data columns are formatted likewise.
    """
    colour = options.get("color")
    if colour == "priority":
        options.setdefault("color_discrete_map", PRIORITY_COLORS)
    options["hover_data"] = {column: f":{d3_format(column)}" for column in options.get("hover_data", [])}
    if options.get("text_auto") is True:
        options["text_auto"] = d3_format(x if options.get("orientation") == "h" else y)
    figure = px.bar(
        labelled(frame),
        x=x,
        y=y,
        labels={**TITLES, **options.pop("labels", {})},
        category_orders={**CATEGORY_ORDERS, **options.pop("category_orders", {})},
        **options,
    )
    if colour == x:
        figure.update_layout(showlegend=False)  # the axis already names the colours
    return _formatted_axes(figure, frame, x, y)


def with_limits(figure: Figure, x: pd.Series, limits: pd.Series, name: str) -> Figure:
    """A dash per bar at its limit (beds, capacity), so a bar past its dash is over it."""
    figure.add_scatter(
        x=x, y=limits, mode="markers", name=name, marker={"symbol": "line-ew-open", "size": 18, "color": "#333"}
    )
    return figure


def scatter(frame: pd.DataFrame, x: str, y: str, **options: object) -> Figure:
    """A plotly scatter with each point named by `text`, titles from TITLES and hover_data in their formats."""
    options["hover_data"] = {column: f":{d3_format(column)}" for column in options.get("hover_data", [])}
    figure = px.scatter(labelled(frame), x=x, y=y, labels={**TITLES, **options.pop("labels", {})}, **options)
    figure.update_traces(textposition="top center")
    return _formatted_axes(figure, frame, x, y)


def _formatted_axes(figure: Figure, frame: pd.DataFrame, x: str, y: str) -> Figure:
    for axis, column in (("x", x), ("y", y)):
        update_axis = getattr(figure, f"update_{axis}axes")
        if column in PERCENT_COLUMNS:
            update_axis(tickformat=".0%")
        column_type = frame[column].dtype
        if not (pd.api.types.is_numeric_dtype(column_type) or pd.api.types.is_datetime64_any_dtype(column_type)):
            update_axis(type="category")  # keep labels such as "0", "1", "3+" as categories
    return figure


def d3_format(column: str) -> str:
    """How plotly should print a column's values (the same precision as the tables)."""
    if column in PERCENT_COLUMNS:
        return ".1%"
    return f",.{DECIMALS.get(column, 0)}f"


def with_segment(bottlenecks: pd.DataFrame) -> pd.DataFrame:
    """Bottleneck rows with one readable `segment` column: 'Escalated vs not escalated · SLA breach rate'."""
    segment = bottlenecks.comparison_group.map(label) + " vs " + bottlenecks.baseline_group
    return bottlenecks.assign(segment=segment + " · " + bottlenecks.metric.map(label))


def chart(figure: Figure, height: int = 340) -> None:
    figure.update_layout(height=height, margin={"l": 10, "r": 10, "t": 30, "b": 10}, legend_title_text="")
    st.plotly_chart(figure)
