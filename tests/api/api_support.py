"""What the API tests share besides fixtures: the token, the hand-made provider-growth rows, a client maker."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from api.app import create_app

TOKEN = "test-token-7b1f"
# Provider growth, hand-made (the contract's columns of marts.mart_provider_roi): the first two providers of the
# build, by key, as referring providers. The second refers more patients; the third provider refers no one.
GROWTH_ROWS = [
    {
        "referral_volume": 12, "referred_patients": 10, "avg_length_of_stay_hours": 30.5, "avg_satisfaction": 4.2,
        "avg_cost": 5200.0, "supplies_per_patient": 3.5, "supply_cost_per_patient": 410.0, "crm_contacts": 2,
        "crm_activities": 7, "pipeline_stage": "Negotiation/Review", "open_pipeline_amount": 90000.0,
        "expected_revenue": 72000.0, "opportunity_value_per_patient": 7200.0,
        "predicted_opportunity_value_per_patient": 6800.0, "residual": 400.0, "is_modelled": True, "is_held_out": False,
        "leakage_rate": 0.25,
    },
    {
        "referral_volume": 40, "referred_patients": 31, "avg_length_of_stay_hours": 22.0, "avg_satisfaction": 3.9,
        "avg_cost": 4100.0, "supplies_per_patient": 2.0, "supply_cost_per_patient": 150.0, "crm_contacts": 1,
        "crm_activities": 2, "pipeline_stage": "Prospecting", "open_pipeline_amount": 15000.0,
        "expected_revenue": 1500.0, "opportunity_value_per_patient": 48.39,
        "predicted_opportunity_value_per_patient": 60.0, "residual": -11.61, "is_modelled": True, "is_held_out": True,
        "leakage_rate": 0.1,
    },
]  # fmt: skip


def client_on(path: Path, token: str | None = None) -> TestClient:
    return TestClient(create_app(path, token=token, from_settings=False))
# The first provider's referral orders by service line (marts.mart_referral_leakage): 8 orders, 2 never arrived.
LEAKAGE_ROWS = [
    {"service_line": "cardiovascular", "referral_orders": 5, "observed_referral_orders": 4,
     "leaked_referral_orders": 1, "leakage_rate": 0.2},
    {"service_line": "orthopedics", "referral_orders": 3, "observed_referral_orders": 2,
     "leaked_referral_orders": 1, "leakage_rate": 1 / 3},
]  # fmt: skip
