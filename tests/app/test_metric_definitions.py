"""Every metric of the semantic layer (models/marts/*/_*__semantic.yml) against numbers worked out by hand.

Each test writes a few rows into a tiny warehouse with the real build's schema and semantic manifest
(tiny_warehouse.copy_schema) and asks MetricFlow for the metrics by name (the `metrics` fixture), as the
dashboard does. A metric no hand-worked expectation covers fails test_every_metric_has_a_hand_worked_expectation.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest
from tiny_warehouse import fresh_copy, insert_frame

from healthcare_ops import semantic
from healthcare_ops import warehouse as published


def tiny_with(template: Path, path: Path, tables: dict[str, pd.DataFrame]) -> Path:
    with duckdb.connect(str(fresh_copy(template, path))) as connection:
        for table, frame in tables.items():
            insert_frame(connection, table, frame)
    return path


def assert_metrics(row: pd.Series, expected: dict[str, float | None]) -> None:
    for metric, value in expected.items():
        if value is None:
            assert pd.isna(row[metric]), metric
        else:
            assert row[metric] == pytest.approx(value), metric


# --- advocacy: the cases of the former mart_ops_kpis unit test, and a third group ----------------------------
# Four billing/high cases created 2026-10-01 and one claim-denial/low case created 2026-10-02 (the former unit
# test's), and five provider-search/medium cases created 2026-10-03 whose parts all differ where a ratio could
# take the wrong one (escalated 3, reopened 1, breached 2 over cases 5, responded 4, resolved 1, ever resolved 2,
# surveyed 3):
#   case  active  reply h  resolved d  ever resolved  escalated  reopened  SLA breached  touches  CSAT  stale
#   U1    no      2        3           yes            no         no        no            4        5     no
#   U2    no      6        9           yes            yes        yes       yes           6        2     no
#   U3    yes     -        -           no             no         no        no            0        -     yes
#   U4    yes     1        -           yes            yes        yes       yes           3        3     no
#   U5    yes     -        -           no             no         no        no            0        -     no   (10-02)
#   W1    no      1        5           yes            no         no        no            2        4     no   (10-03)
#   W2    yes     2        -           yes            yes        yes       yes           5        1     no
#   W3    yes     3        -           no             yes        no        yes           2        3     no
#   W4    yes     6        -           no             yes        no        no            0        -     no
#   W5    yes     -        -           no             no         no        no            0        -     no
CASES = pd.DataFrame(
    [
        ("U1", "2026-10-01", "billing_dispute", "high", False, 2.0, 3.0, True, False, False, False, 4, 5, False),
        ("U2", "2026-10-01", "billing_dispute", "high", False, 6.0, 9.0, True, True, True, True, 6, 2, False),
        ("U3", "2026-10-01", "billing_dispute", "high", True, None, None, False, False, False, False, 0, None, True),
        ("U4", "2026-10-01", "billing_dispute", "high", True, 1.0, None, True, True, True, True, 3, 3, False),
        ("U5", "2026-10-02", "claim_denial", "low", True, None, None, False, False, False, False, 0, None, False),
        ("W1", "2026-10-03", "provider_search", "medium", False, 1.0, 5.0, True, False, False, False, 2, 4, False),
        ("W2", "2026-10-03", "provider_search", "medium", True, 2.0, None, True, True, True, True, 5, 1, False),
        ("W3", "2026-10-03", "provider_search", "medium", True, 3.0, None, False, True, False, True, 2, 3, False),
        ("W4", "2026-10-03", "provider_search", "medium", True, 6.0, None, False, True, False, False, 0, None, False),
        ("W5", "2026-10-03", "provider_search", "medium", True, None, None, False, False, False, False, 0, None, False),
    ],
    columns=[
        "case_id",
        "created_date",
        "case_type",
        "priority",
        "is_active",
        "hours_to_first_response",
        "days_to_resolution",
        "was_ever_resolved",
        "was_escalated",
        "was_reopened",
        "sla_breached",
        "interaction_count",
        "csat",
        "is_stale",
    ],
).assign(csat=lambda cases: cases.csat.astype("Int64"))
# Billing/high, by hand: e.g. reopen rate = 2 reopened / 3 ever resolved, CSAT = (5 + 2 + 3) / 3,
# interactions per case = 13 / 4.
BILLING_HIGH = {
    "total_cases": 4,
    "active_cases": 2,
    "stale_cases": 1,
    "responded_cases": 3,
    "resolved_cases": 2,
    "ever_resolved_cases": 3,
    "escalated_cases": 2,
    "reopened_cases": 2,
    "sla_breached_cases": 2,
    "sum_interactions": 13,
    "csat_responses": 3,
    "sum_hours_to_first_response": 2 + 6 + 1,
    "sum_days_to_resolution": 3 + 9,
    "sum_csat": 5 + 2 + 3,
    "avg_hours_to_first_response": 9 / 3,
    "avg_days_to_resolution": 12 / 2,
    "escalation_rate": 2 / 4,
    "reopen_rate": 2 / 3,
    "sla_breach_rate": 2 / 4,
    "interactions_per_case": 13 / 4,
    "avg_csat": 10 / 3,
}
# The lone open claim denial: counts of zero, and no response, resolution or survey, so its sums and averages
# are null, not zero; its rates over all cases are zero.
CLAIM_DENIAL_LOW = {
    **{metric: 0 for metric in BILLING_HIGH},
    **dict.fromkeys(
        (
            "sum_hours_to_first_response",
            "sum_days_to_resolution",
            "sum_csat",
            "avg_hours_to_first_response",
            "avg_days_to_resolution",
            "reopen_rate",
            "avg_csat",
        )
    ),
    "total_cases": 1,
    "active_cases": 1,
}
PROVIDER_SEARCH_MEDIUM = {
    "total_cases": 5,
    "active_cases": 4,
    "stale_cases": 0,
    "responded_cases": 4,
    "resolved_cases": 1,
    "ever_resolved_cases": 2,
    "escalated_cases": 3,
    "reopened_cases": 1,
    "sla_breached_cases": 2,
    "sum_interactions": 9,
    "csat_responses": 3,
    "sum_hours_to_first_response": 1 + 2 + 3 + 6,
    "sum_days_to_resolution": 5,
    "sum_csat": 4 + 1 + 3,
    "avg_hours_to_first_response": 12 / 4,
    "avg_days_to_resolution": 5 / 1,
    "escalation_rate": 3 / 5,
    "reopen_rate": 1 / 2,
    "sla_breach_rate": 2 / 5,
    "interactions_per_case": 9 / 5,
    "avg_csat": 8 / 3,
}


def test_advocacy_metrics_from_their_additive_parts(empty_warehouse, tmp_path, metrics):
    path = tiny_with(empty_warehouse, tmp_path / "cases.duckdb", {"marts.fct_case_lifecycle": CASES})
    group_by = ("metric_time__day", "case__case_type", "case__priority")
    rows = metrics(semantic.MetricQuery(tuple(BILLING_HIGH), group_by, order_by=group_by), path)
    days = pd.to_datetime(rows.metric_time).dt.date.astype(str)
    assert list(zip(days, rows.case_type, rows.priority)) == [
        ("2026-10-01", "billing_dispute", "high"),
        ("2026-10-02", "claim_denial", "low"),
        ("2026-10-03", "provider_search", "medium"),
    ]
    assert_metrics(rows.iloc[0], BILLING_HIGH)
    assert_metrics(rows.iloc[1], CLAIM_DENIAL_LOW)
    assert_metrics(rows.iloc[2], PROVIDER_SEARCH_MEDIUM)


# --- patient flow: the ward of the former mart_department_performance unit test ------------------------------
# Five arrivals waiting 10, 20, 30, 40 and 40 minutes: average 28, 90th percentile 40 (rank 0.9 x 4 = 3.6,
# between the 4th and 5th, both 40). Three surveys (5, 2, 1) from the patients the ward discharged: average 8 / 3,
# experience risk 2 / 3 scored 2 or lower.
ENCOUNTERS = pd.DataFrame(
    {
        "encounter_id": ["n1", "n2", "n3", "n4", "n5"],
        "department": "ward",
        "last_department": "ward",
        "arrival_date_key": pd.to_datetime("2026-10-01"),
        "discharged_date_key": pd.to_datetime(["2026-10-01", "2026-10-01", "2026-10-02", None, None]),
        "wait_minutes": [10.0, 20.0, 30.0, 40.0, 40.0],
        "satisfaction": pd.array([5, 2, 1, None, None], dtype="Int64"),
    }
)
# Three completed stays of 10, 2 and 10 hours and one still open (it does not count): average 22 / 3, 90th
# percentile 10 (rank 1.8, between the 2nd and 3rd, both 10).
STAYS = pd.DataFrame(
    {
        "stay_id": ["s1", "s2", "s3", "s4"],
        "department": "ward",
        "started_at": pd.to_datetime(["2026-10-01 10:00", "2026-10-01 12:00", "2026-10-02 08:00", "2026-10-02 09:00"]),
        "ended_at": pd.to_datetime(["2026-10-01 20:00", "2026-10-01 14:00", "2026-10-02 18:00", None]),
        "length_of_stay_hours": [10.0, 2.0, 10.0, None],
    }
).assign(ended_date_key=lambda stays: stays.ended_at.dt.normalize())
# Three hours of a 4-bed ward (Thursday 2026-10-01, 10:00-12:00) with occupancy 0.5, 1.0 and 0.75: average 0.75,
# peak 1.0, one hour in three at 85% or more; the 5 arrivals, 3 admissions and 2 discharges in 3 hours
# (16 a day); 5 arrivals in 3 distinct hours, 5/3 an hour.
HOURS = pd.DataFrame(
    {
        "department": "ward",
        "hour_start": pd.to_datetime(["2026-10-01 10:00", "2026-10-01 11:00", "2026-10-01 12:00"]),
        "iso_day_of_week": 4,
        "hour_key": [10, 11, 12],
        "arrivals": [2, 1, 2],
        "admissions": [1, 0, 2],
        "discharges": [0, 1, 1],
        "census": [2, 4, 3],
        "beds": 4,
        "occupancy": [0.5, 1.0, 0.75],
    }
).assign(date_key=lambda hours: hours.hour_start.dt.normalize())
DEPARTMENTS = pd.DataFrame(
    {"department_sk": ["sk_w", "sk_unknown"], "department": ["ward", "unknown"], "beds": [4, None]}
)
# Attributed to the department of the arrival, the hour or the stay.
WARD = {
    "arrivals": 5,
    "admissions": 3,
    "discharges": 2,
    "department_hours": 3,
    "hours_observed": 3,
    "avg_arrivals": 5 / 3,
    "discharges_per_day": 2 * 24 / 3,
    "sum_occupancy": 0.5 + 1.0 + 0.75,
    "avg_occupancy": 0.75,
    "peak_occupancy": 1.0,
    "high_occupancy_hours": 1,
    "share_of_hours_above_85": 1 / 3,
    "waited_encounters": 5,
    "sum_wait_minutes": 140,
    "avg_wait_minutes": 28,
    "p90_wait_minutes": 40,
    "completed_stays": 3,
    "sum_stay_hours": 22,
    "avg_length_of_stay_hours": 22 / 3,
    "p90_length_of_stay_hours": 10,
}
# Attributed to the department that discharged the patient.
WARD_EXPERIENCE = {
    "surveyed_encounters": 3,
    "sum_satisfaction": 5 + 2 + 1,
    "avg_satisfaction": 8 / 3,
    "low_satisfaction_encounters": 2,
    "experience_risk": 2 / 3,
}


def test_patient_flow_metrics_waits_stays_occupancy_and_experience_risk(empty_warehouse, tmp_path, metrics):
    path = tiny_with(
        empty_warehouse,
        tmp_path / "ward.duckdb",
        {
            "marts.dim_department": DEPARTMENTS,
            "marts.fct_patient_encounter": ENCOUNTERS,
            "marts.fct_department_stay": STAYS,
            "marts.mart_department_hourly": HOURS,
        },
    )
    ward = metrics(semantic.MetricQuery(tuple(WARD), ("department",)), path)
    assert list(ward.department) == ["ward"]  # not the unknown member, which has no rows
    assert_metrics(ward.iloc[0], WARD)
    discharging = "encounter__last_department"
    experience = metrics(semantic.MetricQuery(tuple(WARD_EXPERIENCE), (discharging,)), path)
    assert list(experience.last_department) == ["ward"]
    assert_metrics(experience.iloc[0], WARD_EXPERIENCE)


# --- telehealth: a day of video visits on mobile with cardiology, and one on desktop with pediatrics -------------
# 2026-10-01, mobile, cardiology (ten appointments; T9's slot is still ahead):
#   appt  status       issue  wait  survey: overall  provider  connection
#   T1    completed    no     10            4        5         3
#   T2    completed    yes    20            2        -         1
#   T3    completed    no     -             -
#   T4    completed    no     30            5        4         -
#   T5    cancelled    no     -
#   T6    rescheduled  yes    -
#   T7    rescheduled  no     -
#   T8    no_show      no     -
#   T9    scheduled    -      -
#   T10   completed    no     12
# Past (every status but scheduled) 9, of which completed 5, cancelled 1, rescheduled 2, no-show 1: the status mix
# 5/9, 1/9, 2/9, 1/9. Due (completed or no-show) 6: no-show rate 1/6 (the cancellation and reschedules never came
# due). Technical issues 2 of the 9 past. Waits 10 + 20 + 30 + 12 = 72 over 4 recorded: 18. Surveys 3 of 5
# completed visits; overall (4 + 2 + 5) / 3; provider (5 + 4) / 2 of the 2 that rated the provider; connection
# (3 + 1) / 2.
# 2026-10-02, desktop, pediatrics: U1 completed, no issue, waited 5, surveyed 3 / 3 / 3.
APPOINTMENTS = pd.DataFrame(
    [
        ("T1", "2026-10-01", "sk_mobile", "sk_cardio", "completed", False, 10),
        ("T2", "2026-10-01", "sk_mobile", "sk_cardio", "completed", True, 20),
        ("T3", "2026-10-01", "sk_mobile", "sk_cardio", "completed", False, None),
        ("T4", "2026-10-01", "sk_mobile", "sk_cardio", "completed", False, 30),
        ("T5", "2026-10-01", "sk_mobile", "sk_cardio", "cancelled", False, None),
        ("T6", "2026-10-01", "sk_mobile", "sk_cardio", "rescheduled", True, None),
        ("T7", "2026-10-01", "sk_mobile", "sk_cardio", "rescheduled", False, None),
        ("T8", "2026-10-01", "sk_mobile", "sk_cardio", "no_show", False, None),
        ("T9", "2026-10-01", "sk_mobile", "sk_cardio", "scheduled", None, None),
        ("T10", "2026-10-01", "sk_mobile", "sk_cardio", "completed", False, 12),
        ("U1", "2026-10-02", "sk_desktop", "sk_pediatrics", "completed", False, 5),
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
        "feedback_id": ["F1", "F2", "F3", "F4"],
        "appointment_id": ["T1", "T2", "T4", "U1"],
        "date_key": ["2026-10-01", "2026-10-01", "2026-10-01", "2026-10-02"],
        "device_sk": ["sk_mobile", "sk_mobile", "sk_mobile", "sk_desktop"],
        "provider_sk": ["sk_cardio", "sk_cardio", "sk_cardio", "sk_pediatrics"],
        "overall_rating": [4, 2, 5, 3],
        "provider_rating": pd.array([5, None, 4, 3], dtype="Int64"),
        "connection_rating": pd.array([3, 1, None, 3], dtype="Int64"),
    }
)
DEVICES = pd.DataFrame(
    {
        "device_sk": ["sk_mobile", "sk_desktop", "sk_unknown"],
        "device": ["mobile", "desktop", "unknown"],
        "device_label": ["Mobile", "Desktop", "Unknown device"],
    }
)
PROVIDERS = pd.DataFrame(
    {
        "provider_sk": ["sk_cardio", "sk_pediatrics", "sk_unknown"],
        "provider_id": ["D1", "D2", "unknown"],
        "specialty": ["cardiology", "pediatrics", "unknown"],
    }
)
MOBILE_CARDIOLOGY = {
    "appointments": 10,
    "past_appointments": 9,
    "completed_appointments": 5,
    "cancelled_appointments": 1,
    "rescheduled_appointments": 2,
    "no_shows": 1,
    "due_appointments": 6,
    "completed_share": 5 / 9,
    "cancelled_share": 1 / 9,
    "rescheduled_share": 2 / 9,
    "no_show_share": 1 / 9,
    "no_show_rate": 1 / 6,
    "technical_issues": 2,
    "technical_issue_rate": 2 / 9,
    "waited_appointments": 4,
    "sum_appointment_wait_minutes": 72,
    "avg_appointment_wait_minutes": 18,
    "feedback_responses": 3,
    "feedback_response_rate": 3 / 5,
    "sum_overall_rating": 11,
    "avg_overall_rating": 11 / 3,
    "provider_ratings": 2,
    "sum_provider_rating": 9,
    "avg_provider_rating": 9 / 2,
    "connection_ratings": 2,
    "sum_connection_rating": 4,
    "avg_connection_rating": 4 / 2,
}
DESKTOP_PEDIATRICS = {
    **dict.fromkeys(MOBILE_CARDIOLOGY, 0),
    "appointments": 1,
    "past_appointments": 1,
    "completed_appointments": 1,
    "due_appointments": 1,
    "completed_share": 1,
    "waited_appointments": 1,
    "sum_appointment_wait_minutes": 5,
    "avg_appointment_wait_minutes": 5,
    "feedback_responses": 1,
    "feedback_response_rate": 1,
    "sum_overall_rating": 3,
    "avg_overall_rating": 3,
    "provider_ratings": 1,
    "sum_provider_rating": 3,
    "avg_provider_rating": 3,
    "connection_ratings": 1,
    "sum_connection_rating": 3,
    "avg_connection_rating": 3,
}


def test_telehealth_metrics_status_mix_no_shows_issues_waits_and_ratings(empty_warehouse, tmp_path, metrics):
    path = tiny_with(
        empty_warehouse,
        tmp_path / "visits.duckdb",
        {
            "marts.dim_device": DEVICES,
            "marts.dim_provider": PROVIDERS,
            "marts.fct_appointment": APPOINTMENTS,
            "marts.fct_appointment_feedback": FEEDBACK,
        },
    )
    # the appointments' and the surveys' metrics each reach the device and the specialty through their own keys
    group_by = ("metric_time__day", "device__device_label", "provider__specialty")
    rows = metrics(semantic.MetricQuery(tuple(MOBILE_CARDIOLOGY), group_by, order_by=group_by), path)
    days = pd.to_datetime(rows.metric_time).dt.date.astype(str)
    assert list(zip(days, rows.device_label, rows.specialty)) == [
        ("2026-10-01", "Mobile", "cardiology"),
        ("2026-10-02", "Desktop", "pediatrics"),
    ]
    assert_metrics(rows.iloc[0], MOBILE_CARDIOLOGY)
    assert_metrics(rows.iloc[1], DESKTOP_PEDIATRICS)


# --- provider growth: two referring providers, A and B, and the unknown one ------------------------------------
# Encounters (patient, referring provider, service line, total cost, hours arrival to discharge, survey):
#   E1  P1  A        cardiology  1000  10  4
#   E2  P1  A        cardiology  3000  30  2
#   E3  P2  A        oncology    -     -   -   (still in house)
#   E4  P3  B        oncology     500   5  5
#   E5  P4  unknown  cardiology  2000  20  3
# Supply lines (encounter, units, cost): U1 E1 3 6.00, U2 E2 1 10.00, U3 E4 4 2.00, U4 E5 2 1.00.
# CRM: contacts C1, C2 matched to A, C3 to B, C4 unmatched (the unknown provider; the dimension's own unknown member
# is no contact); activities T1-T3 with A's contacts, T4 with B's. Opportunities (amount, expected revenue):
# O1 A open 10000 5000, O2 A won 4000 4000, O3 A lost 8000 800 (a lost deal counts 0 whatever it says),
# O4 B open 2000 200, O5 unknown open 1000 100.
# Referral orders: R1 A cardiology observed and arrived, R2 A cardiology observed and leaked, R3 A oncology still
# in its window, R4 B oncology observed and leaked.
PG_PROVIDERS = pd.DataFrame({"provider_sk": ["sk_a", "sk_b", "sk_unknown"], "provider_id": ["D1", "D2", "unknown"],
                             "specialty": ["cardiology", "oncology", "unknown"]})
PG_ENCOUNTERS = pd.DataFrame({
    "encounter_id": ["E1", "E2", "E3", "E4", "E5"],
    "patient_sk": ["P1", "P1", "P2", "P3", "P4"],
    "referring_provider_sk": ["sk_a", "sk_a", "sk_a", "sk_b", "sk_unknown"],
    "service_line": ["cardiology", "cardiology", "oncology", "oncology", "cardiology"],
    "arrival_date_key": pd.to_datetime(["2026-10-01", "2026-10-02", "2026-10-02", "2026-10-03", "2026-10-03"]),
    "discharged_date_key": pd.to_datetime(["2026-10-01", "2026-10-03", None, "2026-10-03", "2026-10-04"]),
    "total_cost": [1000.0, 3000.0, None, 500.0, 2000.0],
    "length_of_stay_hours": [10.0, 30.0, None, 5.0, 20.0],
    "satisfaction": pd.array([4, 2, None, 5, 3], dtype="Int64"),
})
PG_SUPPLIES = pd.DataFrame({
    "usage_id": ["U1", "U2", "U3", "U4"],
    "encounter_id": ["E1", "E2", "E4", "E5"],
    "referring_provider_sk": ["sk_a", "sk_a", "sk_b", "sk_unknown"],
    "used_date_key": pd.to_datetime("2026-10-03"),
    "quantity": [3, 1, 4, 2],
    "supply_cost": [6.0, 10.0, 2.0, 1.0],
})
PG_CONTACTS = pd.DataFrame({
    "contact_sk": ["c1", "c2", "c3", "c4", "sk_unknown"],
    "contact_id": ["C1", "C2", "C3", "C4", "unknown"],
    "provider_sk": ["sk_a", "sk_a", "sk_b", "sk_unknown", "sk_unknown"],
    "created_date_key": pd.to_datetime(["2026-09-01"] * 4 + [None]),
})
PG_ACTIVITIES = pd.DataFrame({"activity_id": ["T1", "T2", "T3", "T4"], "provider_sk": ["sk_a", "sk_a", "sk_a", "sk_b"],
                              "contact_sk": ["c1", "c1", "c2", "c3"], "activity_date_key": pd.to_datetime("2026-10-01")})
PG_OPPORTUNITIES = pd.DataFrame({
    "opportunity_id": ["O1", "O2", "O3", "O4", "O5"],
    "provider_sk": ["sk_a", "sk_a", "sk_a", "sk_b", "sk_unknown"],
    "amount": [10000.0, 4000.0, 8000.0, 2000.0, 1000.0],
    "expected_revenue": [5000.0, 4000.0, 800.0, 200.0, 100.0],
    "is_open": [True, False, False, True, True],
    "is_lost": [False, False, True, False, False],
    "created_date_key": pd.to_datetime("2026-09-15"),
})
PG_REFERRALS = pd.DataFrame({
    "referral_id": ["R1", "R2", "R3", "R4"],
    "referring_provider_sk": ["sk_a", "sk_a", "sk_a", "sk_b"],
    "service_line": ["cardiology", "cardiology", "oncology", "oncology"],
    "referred_date_key": pd.to_datetime("2026-09-20"),
    "is_window_observed": [True, True, False, True],
    "is_leaked": [False, True, False, True],
})
# A: 3 encounters of 2 patients; cost (1000 + 3000) / 2 costed; stay (10 + 30) / 2 discharged; surveys (4 + 2) / 2;
# supplies 4 units, 16.00 over 2 patients; 2 contacts, 3 activities; open pipeline 10000; expected revenue
# 5000 + 4000 (+ 0 for the lost deal) = 9000 over 2 referred patients; orders 3, observed 2, leaked 1.
PROVIDER_A = {
    "encounter_count": 3, "referral_volume": 3, "encounter_patients": 2, "referred_patients": 2,
    "sum_encounter_cost": 4000, "costed_encounters": 2, "avg_cost_per_encounter": 2000,
    "sum_encounter_stay_hours": 40, "discharged_encounters": 2, "avg_encounter_length_of_stay_hours": 20,
    "supply_units": 4, "sum_supply_cost": 16, "supplies_per_patient": 4 / 2, "supply_cost_per_patient": 16 / 2,
    "crm_contacts": 2, "crm_activities": 3, "open_pipeline_amount": 10000, "expected_revenue": 9000,
    "opportunity_value_per_patient": 9000 / 2, "referral_orders": 3, "observed_referral_orders": 2,
    "leaked_referral_orders": 1, "referral_leakage_rate": 1 / 2, "avg_satisfaction": 6 / 2,
}
PROVIDER_B = {
    "encounter_count": 1, "referral_volume": 1, "encounter_patients": 1, "referred_patients": 1,
    "sum_encounter_cost": 500, "costed_encounters": 1, "avg_cost_per_encounter": 500,
    "sum_encounter_stay_hours": 5, "discharged_encounters": 1, "avg_encounter_length_of_stay_hours": 5,
    "supply_units": 4, "sum_supply_cost": 2, "supplies_per_patient": 4, "supply_cost_per_patient": 2,
    "crm_contacts": 1, "crm_activities": 1, "open_pipeline_amount": 2000, "expected_revenue": 200,
    "opportunity_value_per_patient": 200, "referral_orders": 1, "observed_referral_orders": 1,
    "leaked_referral_orders": 1, "referral_leakage_rate": 1, "avg_satisfaction": 5,
}
# The unknown provider: E5 is an encounter but not a referral (no referral volume, no referred patient, so no
# opportunity value per patient); the unmatched contact C4 counts, the dimension's unknown member does not; no
# orders, so no leakage rate.
PROVIDER_UNKNOWN = {
    **PROVIDER_B, "sum_encounter_cost": 2000, "avg_cost_per_encounter": 2000, "sum_encounter_stay_hours": 20,
    "avg_encounter_length_of_stay_hours": 20, "referral_volume": 0, "referred_patients": 0, "supply_units": 2,
    "sum_supply_cost": 1, "supplies_per_patient": 2, "supply_cost_per_patient": 1, "crm_contacts": 1,
    "crm_activities": 0, "open_pipeline_amount": 1000, "expected_revenue": 100, "opportunity_value_per_patient": None,
    "referral_orders": 0, "observed_referral_orders": 0, "leaked_referral_orders": 0, "referral_leakage_rate": None,
    "avg_satisfaction": 3,
}
# By the encounters' service line, supplies through their encounter: cardiology E1, E2, E5 (patients P1, P4; E5 not
# referred), supplies U1, U2, U4 (6 units, 17.00); oncology E3, E4 (P2, P3), U3.
CARDIOLOGY = {
    "encounter_count": 3, "referral_volume": 2, "encounter_patients": 2, "referred_patients": 1,
    "avg_cost_per_encounter": 6000 / 3, "avg_encounter_length_of_stay_hours": 60 / 3, "supplies_per_patient": 6 / 2,
    "supply_cost_per_patient": 17 / 2, "avg_satisfaction": 9 / 3,
}
ONCOLOGY = {
    "encounter_count": 2, "referral_volume": 2, "encounter_patients": 2, "referred_patients": 2,
    "avg_cost_per_encounter": 500, "avg_encounter_length_of_stay_hours": 5, "supplies_per_patient": 4 / 2,
    "supply_cost_per_patient": 2 / 2, "avg_satisfaction": 5,
}


def test_provider_growth_metrics_by_provider_and_by_service_line(empty_warehouse, tmp_path, metrics):
    path = tiny_with(
        empty_warehouse,
        tmp_path / "growth.duckdb",
        {
            "marts.dim_provider": PG_PROVIDERS,
            "marts.fct_patient_encounter": PG_ENCOUNTERS,
            "marts.fct_supply_usage": PG_SUPPLIES,
            "marts.dim_contact": PG_CONTACTS,
            "marts.fct_outreach_activity": PG_ACTIVITIES,
            "marts.fct_opportunity": PG_OPPORTUNITIES,
            "marts.fct_referral_order": PG_REFERRALS,
        },
    )
    by_provider = metrics(semantic.MetricQuery(tuple(PROVIDER_A), ("provider__provider_id",),
                                               order_by=("provider__provider_id",)), path)
    assert list(by_provider.provider_id) == ["D1", "D2", "unknown"]
    for row, expected in zip(by_provider.itertuples(index=False), (PROVIDER_A, PROVIDER_B, PROVIDER_UNKNOWN)):
        assert_metrics(pd.Series(row._asdict()), expected)
    lines = ("encounter__service_line",)
    by_line = metrics(semantic.MetricQuery(tuple(CARDIOLOGY), lines, order_by=lines), path)
    assert list(by_line.service_line) == ["cardiology", "oncology"]
    assert_metrics(by_line.iloc[0], CARDIOLOGY)
    assert_metrics(by_line.iloc[1], ONCOLOGY)


HAND_WORKED = (
    BILLING_HIGH,
    CLAIM_DENIAL_LOW,
    PROVIDER_SEARCH_MEDIUM,
    WARD,
    WARD_EXPERIENCE,
    MOBILE_CARDIOLOGY,
    DESKTOP_PEDIATRICS,
    PROVIDER_A,
    PROVIDER_B,
    PROVIDER_UNKNOWN,
    CARDIOLOGY,
    ONCOLOGY,
)


def test_every_metric_has_a_hand_worked_expectation(empty_warehouse):
    manifest = published.query(f"select manifest_json from {semantic.MANIFEST_TABLE}", path=empty_warehouse)
    metrics = set(semantic.SemanticLayer(manifest.iloc[0, 0]).metrics)
    covered = {metric for expected in HAND_WORKED for metric in expected}
    assert metrics - covered == set(), "metrics without a hand-worked test"
    assert covered - metrics == set(), "hand-worked expectations of metrics the manifest no longer has"
