"""The patient-flow questions: KPIs from the semantic layer for the chosen days and departments, the demand
vs staffing definition as the warehouse's table function, and the newest hours for the live view."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from healthcare_ops.semantic import MetricQuery
from queries.filters import Filters, departments_condition, flow_where, period_grain
from queries.warehouse import metrics, run

# Figures of the hours, the arrivals and the completed stays, each attributed to its department
# (models/marts/patient_flow/_patient_flow__semantic.yml).
DEPARTMENT_KPIS = (
    "arrivals",
    "admissions",
    "discharges",
    "discharges_per_day",
    "avg_wait_minutes",
    "p90_wait_minutes",
    "completed_stays",
    "avg_length_of_stay_hours",
    "p90_length_of_stay_hours",
    "avg_occupancy",
    "peak_occupancy",
    "share_of_hours_above_85",
)
# Survey figures, attributed to the department that discharged the patient.
EXPERIENCE_KPIS = ("surveyed_encounters", "avg_satisfaction", "experience_risk")
DISCHARGING_DEPARTMENT = "encounter__last_department"
ALL_DEPARTMENTS_LABEL = "All selected departments"


def departments(chosen: Sequence[str] = ()) -> pd.DataFrame:
    """The hospital's departments (all, or the chosen ones) with their labels and beds, by label."""
    return run(
        f"""
        select department, department_label, beds
        from marts.dim_department
        where beds is not null and {departments_condition("department")}
        order by department_label
        """,
        {"departments": list(chosen)},
    )


def arrivals_by_weekday_hour(filters: Filters) -> pd.DataFrame:
    """Arrivals per hour in each ISO weekday x hour of day, over the filtered days, summed over departments."""
    query = MetricQuery(
        ("hours_observed", "arrivals", "avg_arrivals"),
        ("department_hour__iso_day_of_week", "department_hour__hour_key"),
        flow_where(),
        order_by=("department_hour__iso_day_of_week", "department_hour__hour_key"),
    )
    return metrics(query, filters.flow_values())


# The bar per period of the arrivals chart: days over a short range, weeks or months over longer ones,
# so a chart of years of history draws a few hundred bars, not tens of thousands.
GRAINS = (("day", 92), ("week", 730), ("month", None))  # (grain, the longest range in days it is used for)


def arrivals_grain(filters: Filters) -> str:
    """The period the arrivals chart counts by: the filtered range's days that have patient flow decide."""
    return period_grain(filters, "marts.mart_department_hourly", GRAINS)


def period_arrivals(filters: Filters, grain: str) -> pd.DataFrame:
    """Arrivals per period (day, week, month) and department in the filtered slice; `period_start` is its
    first day (a partial first or last period counts only its days in the range)."""
    time = f"metric_time__{grain}"
    query = MetricQuery(("arrivals",), (time, "department__department_label"), flow_where(),
                        order_by=(time, "department__department_label"))
    frame = metrics(query, filters.flow_values()).rename(columns={"metric_time": "period_start"})
    frame["period_start"] = pd.to_datetime(frame.period_start).dt.date
    return frame[["period_start", "department_label", "arrivals"]]


def _performance(filters: Filters, by_department: bool) -> pd.DataFrame:
    """The department KPIs of the filtered slice: one row per chosen department, or one over all of them."""
    values = filters.flow_values()
    department_query = MetricQuery(DEPARTMENT_KPIS, ("department",) if by_department else (), flow_where())
    experience_query = MetricQuery(
        EXPERIENCE_KPIS,
        (DISCHARGING_DEPARTMENT,) if by_department else (),
        flow_where(f"{{{{ Dimension('{DISCHARGING_DEPARTMENT}') }}}}"),
    )
    figures = metrics(department_query, values)
    experience = metrics(experience_query, values)
    chosen = departments(filters.departments)
    if by_department:
        rows = chosen.merge(figures, on="department", how="left")
        rows = rows.merge(experience.rename(columns={"last_department": "department"}), on="department", how="left")
    else:
        rows = pd.concat([figures, experience], axis="columns")
        rows.insert(0, "beds", chosen.beds.sum())
        rows.insert(0, "department_label", ALL_DEPARTMENTS_LABEL)
        rows.insert(0, "department", None)
    counts = ["arrivals", "admissions", "discharges", "completed_stays", "surveyed_encounters"]
    rows[counts] = rows[counts].fillna(0).astype("int64")
    return rows[["department", "department_label", "beds", *DEPARTMENT_KPIS, *EXPERIENCE_KPIS]].reset_index(drop=True)


def department_performance(filters: Filters) -> pd.DataFrame:
    """One row per chosen department: arrivals, waits, stays, occupancy and experience in the filtered days."""
    return _performance(filters, by_department=True)


def flow_totals(filters: Filters) -> pd.DataFrame:
    """One row: the same figures over the chosen departments together (occupancy and discharges per day are
    means over the department-hours)."""
    return _performance(filters, by_department=False)


def demand_vs_staffing(filters: Filters) -> pd.DataFrame:
    """Per department x ISO weekday x hour: the share of the department's weekly arrivals against its share
    of the weekly staffed nurses, over the filtered days (macros/demand_vs_staffing.sql defines it)."""
    return run(
        """
        select
            cells.department,
            departments.department_label,
            cells.iso_day_of_week,
            cells.hour_key,
            cells.hours_observed,
            cells.avg_arrivals,
            cells.avg_census,
            cells.staffed_nurses,
            cells.demand_share,
            cells.staffing_share,
            cells.demand_to_staffing_ratio,
            cells.is_understaffed_peak
        from marts.demand_vs_staffing_between($start, $end, $departments) as cells
        inner join marts.dim_department as departments on cells.department_sk = departments.department_sk
        order by departments.department_label, cells.iso_day_of_week, cells.hour_key
        """,
        filters.flow_values(),
    )


# --- the live view: the newest hours, whatever the date range ---------------------------------------------------


def live_status() -> pd.DataFrame:
    """The newest event time (the hospital's clock), when its capture file landed (UTC), and the last refresh."""
    return run("""
        select
            max(event_time) as newest_event_at,
            max(landed_at) as newest_landed_at,
            max(_loaded_at) as refreshed_at
        from marts.fct_patient_event
    """)


def _newest_hours(chosen: Sequence[str], hours: int) -> pd.DataFrame:
    """The chosen departments' rows of mart_department_hourly in the newest `hours` hours, by hour and label."""
    return run(
        f"""
        select
            hourly.hour_start,
            hourly.department,
            departments.department_label,
            hourly.arrivals,
            hourly.census,
            hourly.beds,
            hourly.occupancy
        from marts.mart_department_hourly as hourly
        inner join marts.dim_department as departments on hourly.department_sk = departments.department_sk
        where
            hourly.hour_start
            > (select max(hour_start) from marts.mart_department_hourly) - to_hours(cast($hours as bigint))
            and {departments_condition("hourly.department")}
        order by hourly.hour_start, departments.department_label
        """,
        {"departments": list(chosen), "hours": hours},
    )


def census_now(chosen: Sequence[str] = ()) -> pd.DataFrame:
    """Census, beds and occupancy of the chosen departments at the top of the newest hour."""
    return _newest_hours(chosen, 1)[["hour_start", "department", "department_label", "census", "beds", "occupancy"]]


def recent_arrivals(chosen: Sequence[str] = (), hours: int = 24) -> pd.DataFrame:
    """Arrivals per hour and chosen department in the newest `hours` hours (the newest one still filling)."""
    return _newest_hours(chosen, hours)[["hour_start", "department", "department_label", "arrivals"]]
