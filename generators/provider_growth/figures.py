"""Each registry provider's clinical and operational figures, from the patient-flow encounters they referred and the
supplies those encounters used: what the planted opportunity value depends on (opportunities.py)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from generators import ids

DEFINITIONS = {
    "referral_volume": "patient-flow encounters (arrived by the as-of) whose referring provider is the provider",
    "referred_patients": "distinct patients of those encounters",
    "avg_cost": "mean total_cost (dollars) of those encounters discharged by the as-of",
    "avg_satisfaction": "mean satisfaction of those encounters discharged by the as-of with a survey answer",
    "supplies_per_patient": "sum of inventory_usage quantity over those encounters / referred_patients",
    "supply_cost_per_patient": "sum of quantity x the seed's unit_cost over those encounters / referred_patients",
    "avg_length_of_stay_hours": "mean (discharge - arrival) in hours of those encounters discharged by the as-of",
}


def provider_ids(rows: np.ndarray) -> list[str]:
    """The registry ids (D000042) of provider rows (provider number - 1), for truth.json's keys."""
    return ids.PROVIDER.render(np.asarray(rows, dtype=np.int64) + 1).to_pylist()


@dataclass(frozen=True)
class Figures:
    referral_volume: np.ndarray
    referred_patients: np.ndarray
    avg_cost: np.ndarray  # nan: no discharged encounter
    avg_satisfaction: np.ndarray  # nan: no survey answer
    supplies_per_patient: np.ndarray  # nan: no patient
    supply_cost_per_patient: np.ndarray
    avg_length_of_stay_hours: np.ndarray

    def of(self, provider: int) -> dict[str, float | int | None]:
        """The provider's figures as truth.json states them: counts as integers, undefined means as null."""
        values: dict[str, float | int | None] = {}
        for name in DEFINITIONS:
            value = getattr(self, name)[provider]
            if np.issubdtype(type(value), np.integer):
                values[name] = int(value)
            else:
                values[name] = None if np.isnan(value) else round(float(value), 6)
        return values


def _mean(total: np.ndarray, count: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(count > 0, total / np.maximum(count, 1), np.nan)


def figures(providers: int, referrer: np.ndarray, patient: np.ndarray, arrival: np.ndarray, discharge: np.ndarray,
            discharged: np.ndarray, cost_cents: np.ndarray, satisfaction: np.ndarray, usage_encounter: np.ndarray,
            usage_quantity: np.ndarray, usage_cost: np.ndarray) -> Figures:
    """Per provider (by number - 1), over the encounters with referrer >= 0."""
    referred = referrer >= 0
    who = referrer[referred]
    volume = np.bincount(who, minlength=providers)
    pairs = np.unique(who.astype(np.int64) * (patient.max() + 1) + patient[referred])
    patients = np.bincount(pairs // (patient.max() + 1), minlength=providers)
    closed = referred & discharged
    cost = np.bincount(referrer[closed], weights=cost_cents[closed] / 100, minlength=providers)
    stay = np.bincount(referrer[closed], weights=(discharge - arrival)[closed] / 3600, minlength=providers)
    answered = closed & (satisfaction > 0)
    score = np.bincount(referrer[answered], weights=satisfaction[answered], minlength=providers)
    used_by = referrer[usage_encounter]
    counted = used_by >= 0
    quantity = np.bincount(used_by[counted], weights=usage_quantity[counted], minlength=providers)
    spent = np.bincount(used_by[counted], weights=usage_cost[counted], minlength=providers)
    return Figures(
        referral_volume=volume, referred_patients=patients,
        avg_cost=_mean(cost, np.bincount(referrer[closed], minlength=providers)),
        avg_satisfaction=_mean(score, np.bincount(referrer[answered], minlength=providers)),
        supplies_per_patient=_mean(quantity, patients), supply_cost_per_patient=_mean(spent, patients),
        avg_length_of_stay_hours=_mean(stay, np.bincount(referrer[closed], minlength=providers)),
    )
