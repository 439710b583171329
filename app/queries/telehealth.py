"""The telehealth questions: KPIs from the semantic layer for the chosen days, devices and specialties, and the
whole-history insight marts (connection quality against satisfaction, provider performance)."""

from __future__ import annotations

import pandas as pd

from healthcare_ops.semantic import MetricQuery
from queries.filters import TELEHEALTH_WHERE, Filters, period_grain, specialties_condition
from queries.warehouse import metrics, run

# The headline tiles (models/marts/telehealth/_telehealth__semantic.yml).
KPIS = (
    "appointments",
    "past_appointments",
    "due_appointments",
    "no_shows",
    "completed_share",
    "no_show_rate",
    "technical_issue_rate",
    "avg_appointment_wait_minutes",
    "feedback_responses",
    "feedback_response_rate",
    "avg_overall_rating",
)
STATUS_MIX = ("completed_share", "cancelled_share", "rescheduled_share", "no_show_share")
DEVICE_KPIS = (
    "past_appointments",
    "technical_issues",
    "technical_issue_rate",
    "waited_appointments",
    "avg_appointment_wait_minutes",
    "feedback_responses",
    "avg_connection_rating",
)
SPECIALTY_KPIS = (
    "feedback_responses",
    "avg_overall_rating",
    "avg_provider_rating",
    "avg_connection_rating",
    "due_appointments",
    "no_show_rate",
)
DEVICE = ("device__device_code", "device__device_label")
SPECIALTY = "provider__specialty"
# The bar per period of the status mix: weeks over a short range, months over longer ones.
GRAINS = (("week", 92), ("month", None))  # (grain, the longest range in days it is used for)


def kpis(filters: Filters) -> pd.DataFrame:
    """One row: the headline KPIs of the appointments (and their surveys) in the filtered slice."""
    return metrics(MetricQuery(KPIS, (), TELEHEALTH_WHERE), filters.telehealth_values())


def status_mix_grain(filters: Filters) -> str:
    """The period the status mix counts by: the filtered range's days that have appointments decide."""
    return period_grain(filters, "marts.fct_appointment", GRAINS)


def status_mix(filters: Filters, grain: str) -> pd.DataFrame:
    """Per period (its first day, `period_start`) with past appointments: the share of each outcome."""
    time = f"metric_time__{grain}"
    query = MetricQuery(("past_appointments", *STATUS_MIX), (time,), TELEHEALTH_WHERE, order_by=(time,))
    frame = metrics(query, filters.telehealth_values()).rename(columns={"metric_time": "period_start"})
    frame["period_start"] = pd.to_datetime(frame.period_start).dt.date
    # periods whose slots are all still ahead have no outcome to share out
    return frame[frame.past_appointments > 0].reset_index(drop=True)


def device_performance(filters: Filters) -> pd.DataFrame:
    """Per device: technical issues, waits and connection ratings in the filtered slice."""
    query = MetricQuery(DEVICE_KPIS, DEVICE, TELEHEALTH_WHERE, order_by=(DEVICE[1],))
    return metrics(query, filters.telehealth_values()).rename(columns={"device_code": "device"})


def specialty_satisfaction(filters: Filters) -> pd.DataFrame:
    """Per provider specialty: the surveys (the group size) and their mean ratings, best rated first."""
    query = MetricQuery(SPECIALTY_KPIS, (SPECIALTY,), TELEHEALTH_WHERE)
    frame = metrics(query, filters.telehealth_values())
    frame = frame[frame.feedback_responses > 0]
    return frame.sort_values(["avg_overall_rating", "specialty"], ascending=[False, True]).reset_index(drop=True)


def connection_satisfaction() -> pd.DataFrame:
    """The table of means: per connection quality, the rated visits and their mean ratings (whole history)."""
    return run("""
        select
            connection_quality,
            rated_visits,
            share_of_rated_visits,
            mean_overall_rating,
            mean_provider_rating,
            mean_connection_rating,
            technical_issue_share
        from marts.mart_connection_satisfaction
        order by connection_quality
    """)


def connection_correlation() -> pd.DataFrame:
    """One row (none without rated visits): the correlation of connection quality with the overall rating."""
    return run("""
        select rated_visits, pearson_correlation, rating_per_connection_point
        from marts.mart_connection_satisfaction_correlation
    """)


def provider_performance(filters: Filters) -> pd.DataFrame:
    """The providers of the chosen specialties, best score first (unscored ones last), scored over the whole
    history against every scored provider."""
    return run(
        f"""
        select
            score_rank,
            provider_name,
            specialty,
            performance_score,
            rated_visits,
            mean_overall_rating,
            due_appointments,
            no_show_rate,
            past_appointments,
            technical_issue_rate,
            completed_visits,
            is_scored
        from marts.mart_provider_performance
        where {specialties_condition("specialty")}
        order by score_rank nulls last, provider_name, provider_id
        """,
        {"specialties": list(filters.specialties)},
    )
