"""app/queries/telehealth.py against a seven-appointment warehouse whose figures are worked out by hand below.

The warehouse has the real build's schema (tiny_warehouse.copy_schema) and only the rows written here.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from queries import telehealth
from queries.filters import Filters, checked
from tiny_warehouse import fresh_copy, insert_frame

# Seven appointments over three weeks (Mondays 2026-10-05, 10-12, 10-19); A7's slot is still ahead:
#   appt  day    device   specialty   status       issue  wait  survey (overall, provider, connection)
#   A1    10-05  mobile   cardiology  completed    no     10    5, 5, 4
#   A2    10-06  mobile   cardiology  no_show      no     -
#   A3    10-07  tablet   pediatrics  completed    yes    20    2, 3, 1
#   A4    10-08  tablet   pediatrics  cancelled    no     -
#   A5    10-13  mobile   pediatrics  completed    no     6     4, 4, 5
#   A6    10-14  desktop  cardiology  rescheduled  yes    -
#   A7    10-20  desktop  cardiology  scheduled    -      -
# All: 7 appointments, 6 past (completed 3, cancelled 1, rescheduled 1, no-show 1), due 4 (A1, A2, A3, A5): no-show
# rate 1/4; technical issues 2 of 6; waits (10 + 20 + 6) / 3 = 12; 3 surveys of 3 completed visits, overall
# (5 + 2 + 4) / 3.
APPOINTMENTS = pd.DataFrame(
    [
        ("A1", "2026-10-05", "sk_mobile", "sk_p1", "completed", False, 10),
        ("A2", "2026-10-06", "sk_mobile", "sk_p1", "no_show", False, None),
        ("A3", "2026-10-07", "sk_tablet", "sk_p2", "completed", True, 20),
        ("A4", "2026-10-08", "sk_tablet", "sk_p2", "cancelled", False, None),
        ("A5", "2026-10-13", "sk_mobile", "sk_p2", "completed", False, 6),
        ("A6", "2026-10-14", "sk_desktop", "sk_p1", "rescheduled", True, None),
        ("A7", "2026-10-20", "sk_desktop", "sk_p1", "scheduled", None, None),
    ],
    columns=["appointment_id", "date_key", "device_sk", "provider_sk", "status", "technical_issue", "wait_minutes"],
)
APPOINTMENTS = APPOINTMENTS.assign(
    is_due=APPOINTMENTS.status.isin(["completed", "no_show"]),
    is_no_show=APPOINTMENTS.status == "no_show",
    wait_minutes=APPOINTMENTS.wait_minutes.astype("Int64"),
)
FEEDBACK = pd.DataFrame(
    {
        "feedback_id": ["F1", "F3", "F5"],
        "appointment_id": ["A1", "A3", "A5"],
        "date_key": ["2026-10-05", "2026-10-07", "2026-10-13"],
        "device_sk": ["sk_mobile", "sk_tablet", "sk_mobile"],
        "provider_sk": ["sk_p1", "sk_p2", "sk_p2"],
        "overall_rating": [5, 2, 4],
        "provider_rating": [5, 3, 4],
        "connection_rating": [4, 1, 5],
    }
)
DEVICES = pd.DataFrame(
    {
        "device_sk": ["sk_mobile", "sk_desktop", "sk_tablet", "sk_unknown"],
        "device": ["mobile", "desktop", "tablet", "unknown"],
        "device_label": ["Mobile", "Desktop", "Tablet", "Unknown device"],
    }
)
PROVIDERS = pd.DataFrame(
    {
        "provider_sk": ["sk_p1", "sk_p2", "sk_p3", "sk_unknown"],
        "provider_id": ["D1", "D2", "D3", "unknown"],
        "provider_name": ["Dr. One", "Dr. Two", "Dr. Three", "Unknown provider"],
        "specialty": ["cardiology", "pediatrics", "cardiology", "unknown"],
    }
)
# The insight marts' rows as the build would write them (their arithmetic is dbt's unit tests').
CONNECTION_MEANS = pd.DataFrame(
    {
        "connection_quality": [4, 1],
        "rated_visits": [2, 1],
        "share_of_rated_visits": [2 / 3, 1 / 3],
        "mean_overall_rating": [4.5, 2.0],
        "mean_provider_rating": [4.5, 3.0],
        "mean_connection_rating": [4.5, 1.0],
        "technical_issue_share": [0.0, 1.0],
    }
)
CORRELATION = pd.DataFrame({"rated_visits": [3], "pearson_correlation": [0.9608], "rating_per_connection_point": [0.8]})
PROVIDER_SCORES = pd.DataFrame(
    {
        "provider_sk": ["sk_p3", "sk_p2", "sk_p1"],
        "provider_id": ["D3", "D2", "D1"],
        "provider_name": ["Dr. Three", "Dr. Two", "Dr. One"],
        "specialty": ["cardiology", "pediatrics", "cardiology"],
        "rated_visits": [1, 12, 11],
        "is_scored": [False, True, True],
        "performance_score": [None, -0.5, 0.5],
        "score_rank": pd.array([None, 2, 1], dtype="Int64"),
    }
)


@pytest.fixture
def tiny(empty_warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = fresh_copy(empty_warehouse, tmp_path / "visits.duckdb")
    with duckdb.connect(str(path)) as connection:
        for table, frame in (
            ("marts.dim_device", DEVICES),
            ("marts.dim_provider", PROVIDERS),
            ("marts.fct_appointment", APPOINTMENTS),
            ("marts.fct_appointment_feedback", FEEDBACK),
            ("marts.mart_connection_satisfaction", CONNECTION_MEANS),
            ("marts.mart_connection_satisfaction_correlation", CORRELATION),
            ("marts.mart_provider_performance", PROVIDER_SCORES),
        ):
            insert_frame(connection, table, frame)
    monkeypatch.setenv("WAREHOUSE_PATH", str(path))
    return path


ALL = Filters()


def test_headline_kpis_of_every_appointment(tiny):
    row = telehealth.kpis(ALL).iloc[0]
    assert (row.appointments, row.past_appointments, row.due_appointments, row.no_shows) == (7, 6, 4, 1)
    assert row.completed_share == pytest.approx(3 / 6)
    assert row.no_show_rate == pytest.approx(1 / 4)
    assert row.technical_issue_rate == pytest.approx(2 / 6)
    assert row.avg_appointment_wait_minutes == pytest.approx(12)
    assert (row.feedback_responses, row.feedback_response_rate) == (3, pytest.approx(1.0))
    assert row.avg_overall_rating == pytest.approx(11 / 3)


def test_the_device_specialty_and_date_filters(tiny):
    tablets = telehealth.kpis(Filters(devices=("tablet",))).iloc[0]  # A3, A4
    assert (tablets.past_appointments, tablets.due_appointments) == (2, 1)
    assert tablets.no_show_rate == 0 and tablets.technical_issue_rate == pytest.approx(1 / 2)
    assert tablets.avg_overall_rating == pytest.approx(2)

    first_week_cardiology = Filters(date(2026, 10, 5), date(2026, 10, 11), specialties=("cardiology",))  # A1, A2
    row = telehealth.kpis(first_week_cardiology).iloc[0]
    assert (row.past_appointments, row.due_appointments, row.no_shows) == (2, 2, 1)
    assert row.no_show_rate == pytest.approx(1 / 2)
    assert (row.feedback_responses, row.avg_overall_rating) == (1, pytest.approx(5))


def test_the_status_mix_per_week_leaves_out_weeks_still_ahead(tiny):
    assert telehealth.status_mix_grain(ALL) == "week"
    mix = telehealth.status_mix(ALL, "week")
    # week of 10-05: A1, A3 completed, A4 cancelled, A2 no-show; week of 10-12: A5 completed, A6 rescheduled;
    # week of 10-19: only A7, still scheduled
    assert list(mix.period_start) == [date(2026, 10, 5), date(2026, 10, 12)]
    assert list(mix.past_appointments) == [4, 2]
    assert list(mix.completed_share) == pytest.approx([2 / 4, 1 / 2])
    assert list(mix.cancelled_share) == pytest.approx([1 / 4, 0])
    assert list(mix.rescheduled_share) == pytest.approx([0, 1 / 2])
    assert list(mix.no_show_share) == pytest.approx([1 / 4, 0])


def test_the_status_mix_period_fits_the_days_with_appointments(tiny):
    # a range far wider than the appointments is as long as their own 16 days: weeks
    assert telehealth.status_mix_grain(Filters(date(2025, 1, 1), date(2026, 12, 31))) == "week"


def test_a_year_of_appointments_is_mixed_by_month(use_warehouse):
    assert telehealth.status_mix_grain(ALL) == "month"
    assert telehealth.status_mix_grain(Filters(date(2026, 9, 1), date(2026, 9, 30))) == "week"


def test_device_performance(tiny):
    devices = telehealth.device_performance(ALL)
    assert list(devices.device) == ["desktop", "mobile", "tablet"]  # by label; the unknown member has no rows
    devices = devices.set_index("device")
    assert list(devices.past_appointments) == [1, 3, 2]  # A6; A1, A2, A5; A3, A4
    assert list(devices.technical_issue_rate) == pytest.approx([1, 0, 1 / 2])
    assert pd.isna(devices.avg_appointment_wait_minutes["desktop"])  # no completed visit
    assert devices.avg_appointment_wait_minutes["mobile"] == pytest.approx((10 + 6) / 2)
    assert devices.avg_connection_rating["mobile"] == pytest.approx((4 + 5) / 2)


def test_specialty_satisfaction_best_rated_first_with_group_sizes(tiny):
    specialties = telehealth.specialty_satisfaction(ALL)
    assert list(specialties.specialty) == ["cardiology", "pediatrics"]
    assert list(specialties.feedback_responses) == [1, 2]
    assert list(specialties.avg_overall_rating) == pytest.approx([5, (2 + 4) / 2])
    assert list(specialties.no_show_rate) == pytest.approx([1 / 2, 0])  # A2 of A1, A2; none of A3, A5
    assert telehealth.specialty_satisfaction(Filters(devices=("desktop",))).empty  # no survey on desktop


def test_the_insight_marts_as_the_build_wrote_them(tiny):
    means = telehealth.connection_satisfaction()
    assert list(means.connection_quality) == [1, 4]
    assert list(means.mean_overall_rating) == [2.0, 4.5]
    assert telehealth.connection_correlation().pearson_correlation[0] == pytest.approx(0.9608)
    # the specialty filter picks the providers; unscored ones come last
    cardiology = telehealth.provider_performance(Filters(specialties=("cardiology",)))
    assert list(cardiology.provider_name) == ["Dr. One", "Dr. Three"]
    assert list(telehealth.provider_performance(ALL).score_rank.astype("Int64")) == [1, 2, pd.NA]


def test_telehealth_filter_values_are_checked_and_bound_as_parameters(tiny):
    assert checked(Filters(devices=("tablet", "mobile"), specialties=("oncology",))).devices == ("tablet", "mobile")
    for unknown, message in (
        (Filters(devices=("smartwatch",)), "unknown device: smartwatch"),
        (Filters(specialties=("cardiology') or true or ('",)), "unknown specialty"),
    ):
        with pytest.raises(ValueError, match=message):
            checked(unknown)
    hostile = Filters(devices=("mobile') or true or ('",), specialties=("x'; drop table marts.dim_device; --",))
    assert telehealth.kpis(hostile).iloc[0].appointments == 0
    assert telehealth.provider_performance(hostile).empty
    assert telehealth.kpis(ALL).iloc[0].appointments == 7
