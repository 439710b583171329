"""app/queries/provider_growth.py against a six-encounter, six-referral-order warehouse whose figures are worked out by
hand below.

The warehouse has the real build's schema (tiny_warehouse.copy_schema) and only the rows written here.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from queries import provider_growth, warehouse
from queries.filters import Filters, checked, growth_service_lines
from tiny_warehouse import fresh_copy, insert_frame

PROVIDERS = pd.DataFrame(
    {
        "provider_sk": ["sk_p1", "sk_p2", "sk_p3", "sk_p4", "sk_unknown"],
        "provider_id": ["D1", "D2", "D3", "D4", "unknown"],
        "provider_name": ["Dr. One", "Dr. Two", "Dr. Three", "Dr. Four", "Unknown provider"],
        "specialty": ["cardiology", "pediatrics", "cardiology", "family_medicine", "unknown"],
        "service_line": ["cardiovascular", "pediatrics", "cardiovascular", "primary_care", "unknown"],
    }
)
# Six encounters in October 2026; E5's referring provider is unknown (no registry provider), E5 is still in house:
#   enc  arrived  discharged  referred by  service line    patient  cost  satisfaction  supplies used
#   E1   10-05    10-06       p1           cardiovascular  P1       1000  4             2
#   E2   10-06    10-07       p1           cardiovascular  P2       2000  2             3
#   E3   10-07    10-08       p2           pediatrics      P3       600   5             1
#   E4   10-13    10-14       p1           emergency       P1       400   -             -
#   E5   10-14    -           unknown      emergency       P4       -     -             -
#   E6   10-15    10-16       p3           cardiovascular  P5       1500  3             4
# All: referral volume 5 (not E5), referred patients 4 (P1 twice); cost (1000 + 2000 + 600 + 400 + 1500) / 5 = 1100;
# satisfaction (4 + 2 + 5 + 3) / 4 = 3.5; supplies 10 units over the 5 patients of the encounters (P4 too) = 2.
ENCOUNTERS = pd.DataFrame(
    {
        "encounter_id": ["E1", "E2", "E3", "E4", "E5", "E6"],
        "arrival_date_key": ["2026-10-05", "2026-10-06", "2026-10-07", "2026-10-13", "2026-10-14", "2026-10-15"],
        "discharged_date_key": ["2026-10-06", "2026-10-07", "2026-10-08", "2026-10-14", None, "2026-10-16"],
        "referring_provider_sk": ["sk_p1", "sk_p1", "sk_p2", "sk_p1", "sk_unknown", "sk_p3"],
        "service_line": ["cardiovascular", "cardiovascular", "pediatrics", "emergency", "emergency", "cardiovascular"],
        "patient_sk": ["P1", "P2", "P3", "P1", "P4", "P5"],
        "total_cost": [1000.0, 2000.0, 600.0, 400.0, None, 1500.0],
        "satisfaction": pd.array([4, 2, 5, None, None, 3], dtype="Int64"),
        "length_of_stay_hours": [24.0, 30.0, 20.0, 10.0, None, 26.0],
    }
)
SUPPLY_USAGE = pd.DataFrame(
    {
        "usage_id": ["U1", "U2", "U3", "U4"],
        "encounter_id": ["E1", "E2", "E3", "E6"],
        "used_date_key": ["2026-10-05", "2026-10-06", "2026-10-07", "2026-10-15"],
        "referring_provider_sk": ["sk_p1", "sk_p1", "sk_p2", "sk_p3"],
        "patient_sk": ["P1", "P2", "P3", "P5"],
        "service_line": ["cardiovascular", "cardiovascular", "pediatrics", "cardiovascular"],
        "quantity": [2, 3, 1, 4],
        "unit_cost": [10.0, 10.0, 5.0, 10.0],
        "supply_cost": [20.0, 30.0, 5.0, 40.0],
    }
)
# Six referral orders; R4's arrival window is not yet over when the data ends (not observed, so never leaked):
#   order  placed  referred by  service line    observed  leaked
#   R1     10-01   p1           cardiovascular  yes       no
#   R2     10-02   p1           cardiovascular  yes       yes
#   R3     10-03   p2           pediatrics      yes       yes
#   R4     10-04   p3           cardiovascular  no        no
#   R5     10-20   p2           pediatrics      yes       no
#   R6     10-21   p2           pediatrics      yes       yes
# Cardiovascular: 3 orders, 2 observed, 1 leaked (1/2); pediatrics: 3, 3, 2 (2/3).
REFERRAL_ORDERS = pd.DataFrame(
    {
        "referral_id": ["R1", "R2", "R3", "R4", "R5", "R6"],
        "referred_date_key": ["2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04", "2026-10-20", "2026-10-21"],
        "referring_provider_sk": ["sk_p1", "sk_p1", "sk_p2", "sk_p3", "sk_p2", "sk_p2"],
        "patient_sk": ["P1", "P2", "P3", "P5", "P6", "P7"],
        "service_line": ["cardiovascular", "cardiovascular", "pediatrics", "cardiovascular", "pediatrics", "pediatrics"],
        "is_window_observed": [True, True, True, False, True, True],
        "is_leaked": [False, True, True, False, False, True],
    }
)
# The marts' rows as the build would write them (their arithmetic is dbt's and the scoring phase's tests'). p4, a
# family doctor, is in the service line of their specialty (primary care), which no encounter reports.
PROVIDER_ROI = pd.DataFrame(
    {
        "provider_sk": ["sk_p1", "sk_p2", "sk_p4", "sk_p3"],
        "specialty": ["cardiology", "pediatrics", "family_medicine", "cardiology"],
        "service_line": ["cardiovascular", "pediatrics", "primary_care", "cardiovascular"],
        "referral_volume": [3, 1, 0, 1],
        "referred_patients": [2, 1, 0, 1],
        "avg_cost": [1133.33, 600.0, None, 1500.0],
        "pipeline_stage": ["Negotiation/Review", "Prospecting", "none", "none"],
        "expected_revenue": [241.0, 80.0, 0.0, 0.0],
        "opportunity_value_per_patient": [120.5, 80.0, None, None],
        "predicted_opportunity_value_per_patient": [100.0, 95.0, None, None],
        "residual": [20.5, -15.0, None, None],
        "is_held_out": [False, True, False, False],
    }
)
SERVICE_LINES = pd.DataFrame({"service_line": ["pediatrics", "cardiovascular", "emergency"]})
MODEL = pd.DataFrame(
    {
        "model_name": ["ridge"],
        "target": ["opportunity_value_per_patient"],
        "r2": [0.61],
        "mae": [12.5],
        "baseline_r2": [-0.02],
        "baseline_mae": [30.25],
        "train_rows": [80],
        "test_rows": [20],
    }
)
COEFFICIENTS = pd.DataFrame(
    {
        "feature": ["avg_cost_per_encounter", "referral_volume", "crm_activities"],
        "coefficient": [0.02, 1.5, 3.0],
        "standardised_coefficient": [4.0, -9.0, 2.0],
        "importance_rank": [2, 1, 3],
    }
)
MATCH_QUALITY = pd.DataFrame(
    {
        "match_threshold": [0.9],
        "crm_contacts": [120],
        "matched_contacts": [100],
        "unmatched_contacts": [20],
        "match_precision": [0.97],
        "match_recall": [0.92],
    }
)


@pytest.fixture
def tiny(empty_warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = fresh_copy(empty_warehouse, tmp_path / "growth.duckdb")
    with duckdb.connect(str(path)) as connection:
        for table, frame in (
            ("marts.dim_provider", PROVIDERS),
            ("marts.fct_patient_encounter", ENCOUNTERS),
            ("marts.fct_supply_usage", SUPPLY_USAGE),
            ("marts.fct_referral_order", REFERRAL_ORDERS),
            ("marts.mart_provider_roi", PROVIDER_ROI),
            ("marts.mart_service_line_summary", SERVICE_LINES),
            ("marts.mart_opportunity_model", MODEL),
            ("marts.mart_opportunity_model_coefficients", COEFFICIENTS),
            ("marts.mart_provider_match_quality", MATCH_QUALITY),
        ):
            insert_frame(connection, table, frame)
    monkeypatch.setenv("WAREHOUSE_PATH", str(path))
    return path


ALL = Filters()


def test_headline_kpis_of_every_referred_encounter(tiny):
    row = provider_growth.kpis(ALL).iloc[0]
    assert (row.referral_volume, row.referred_patients) == (5, 4)
    assert row.avg_cost_per_encounter == pytest.approx(1100)
    assert row.supplies_per_patient == pytest.approx(10 / 5)
    assert row.avg_satisfaction == pytest.approx(3.5)


def test_the_specialty_service_line_and_date_filters(tiny):
    cardiology = provider_growth.kpis(Filters(specialties=("cardiology",))).iloc[0]  # p1 and p3: E1, E2, E4, E6
    assert (cardiology.referral_volume, cardiology.referred_patients) == (4, 3)
    assert cardiology.avg_cost_per_encounter == pytest.approx((1000 + 2000 + 400 + 1500) / 4)
    assert cardiology.supplies_per_patient == pytest.approx((2 + 3 + 4) / 3)
    assert cardiology.avg_satisfaction == pytest.approx((4 + 2 + 3) / 3)

    cardiovascular = provider_growth.kpis(Filters(service_lines=("cardiovascular",))).iloc[0]  # E1, E2, E6
    assert (cardiovascular.referral_volume, cardiovascular.referred_patients) == (3, 3)
    assert cardiovascular.avg_cost_per_encounter == pytest.approx(1500)

    # arrivals E1-E3 in the first week; costs and surveys count on the discharge day (10-06..10-08, the same three)
    first_week = provider_growth.kpis(Filters(date(2026, 10, 5), date(2026, 10, 11))).iloc[0]
    assert (first_week.referral_volume, first_week.referred_patients) == (3, 3)
    assert first_week.avg_cost_per_encounter == pytest.approx(3600 / 3)
    assert first_week.avg_satisfaction == pytest.approx(11 / 3)


def test_volume_by_service_line_busiest_first(tiny):
    volume = provider_growth.service_line_volume(ALL)
    # emergency: E4 only (E5's provider is unknown); ties by service line
    assert list(volume.service_line) == ["cardiovascular", "emergency", "pediatrics"]
    assert list(volume.referral_volume) == [3, 1, 1]
    assert list(volume.referred_patients) == [3, 1, 1]
    assert volume.avg_cost_per_encounter.tolist() == pytest.approx([1500, 400, 600])
    assert volume.supplies_per_patient.iloc[0] == pytest.approx(9 / 3)

    pediatrics = provider_growth.service_line_volume(Filters(specialties=("pediatrics",)))
    assert list(pediatrics.service_line) == ["pediatrics"]
    assert provider_growth.service_line_volume(Filters(date(2026, 10, 20), date(2026, 10, 31))).empty


def test_providers_by_opportunity_value_with_their_names(tiny):
    providers = provider_growth.providers(ALL)
    assert list(providers.provider_sk) == ["sk_p1", "sk_p2", "sk_p3", "sk_p4"]  # p3, p4 have no value: last
    assert list(providers.provider_name) == ["Dr. One", "Dr. Two", "Dr. Three", "Dr. Four"]
    assert providers.loc[1, "is_held_out"] and providers.loc[1, "residual"] == pytest.approx(-15)

    assert list(provider_growth.providers(Filters(specialties=("cardiology",))).provider_sk) == ["sk_p1", "sk_p3"]
    assert list(provider_growth.providers(Filters(service_lines=("pediatrics",))).provider_sk) == ["sk_p2"]
    # the date range does not apply: the mart is over the whole history
    assert len(provider_growth.providers(Filters(date(2026, 10, 20), date(2026, 10, 21)))) == 4


def test_leakage_by_service_line_highest_first(tiny):
    leakage = provider_growth.leakage_by_service_line(ALL)
    assert list(leakage.service_line) == ["pediatrics", "cardiovascular"]
    assert list(leakage.referral_orders) == [3, 3]
    assert list(leakage.observed_referral_orders) == [3, 2]
    assert list(leakage.leaked_referral_orders) == [2, 1]
    assert leakage.referral_leakage_rate.tolist() == pytest.approx([2 / 3, 1 / 2])

    cardiology = provider_growth.leakage_by_service_line(Filters(specialties=("cardiology",)))
    assert list(cardiology.service_line) == ["cardiovascular"]
    # orders placed 10-01..10-10: pediatrics has R3 only, leaked
    early = provider_growth.leakage_by_service_line(Filters(date(2026, 10, 1), date(2026, 10, 10)))
    assert list(early.service_line) == ["pediatrics", "cardiovascular"]
    assert early.referral_leakage_rate.tolist() == pytest.approx([1.0, 1 / 2])


def test_the_model_its_coefficients_and_the_matching(tiny):
    model = provider_growth.model_evaluation().iloc[0]
    assert (model.r2, model.mae, model.baseline_r2, model.baseline_mae) == pytest.approx((0.61, 12.5, -0.02, 30.25))
    assert (model.train_rows, model.test_rows) == (80, 20)
    assert list(provider_growth.model_coefficients().feature) == [
        "referral_volume",
        "avg_cost_per_encounter",
        "crm_activities",
    ]
    matching = provider_growth.match_quality().iloc[0]
    assert (matching.crm_contacts, matching.matched_contacts, matching.unmatched_contacts) == (120, 100, 20)
    assert (matching.match_precision, matching.match_recall) == pytest.approx((0.97, 0.92))


def test_service_lines_are_checked_and_referral_orders_give_dates(tiny):
    # the encounters' and orders' service lines, and primary care, p4's
    assert growth_service_lines() == ["cardiovascular", "emergency", "pediatrics", "primary_care"]
    assert checked(Filters(service_lines=("pediatrics", "primary_care"))).service_lines == ("pediatrics", "primary_care")
    with pytest.raises(ValueError, match="unknown service line: oncology"):
        checked(Filters(service_lines=("oncology",)))
    # no cases, flow hours or appointments here: the referral orders and nothing else give the dashboard its days
    assert warehouse.date_bounds() == (date(2026, 10, 1), date(2026, 10, 21))
