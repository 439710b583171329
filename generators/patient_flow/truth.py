"""What truth.json says of the patient flow: the planted effects, the dirt planted and the quarantine it should
cause, so the tests and the warehouse can be checked against what was put in."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from generators import clock
from generators.patient_flow.arrivals import EMERGENCY_SHARE_CAP, RATE_DERIVATION, TARGET_OCCUPANCY, Rates
from generators.patient_flow.dirt import Dirt
from generators.patient_flow.encounters import (
    EMERGENCY_REFERRAL_SHARE,
    FIXED_COST_BY_ACUITY,
    LWBS_PROBABILITY,
    SATISFACTION_INTERCEPT,
    SATISFACTION_NOISE,
    SATISFACTION_PER_LOS_DAY,
    SATISFACTION_PER_WAIT_MINUTE,
    SURVEY_SHARE,
    WAIT_BASE_MINUTES,
    WAIT_OCCUPANCY_MULTIPLIER,
    WAIT_OCCUPANCY_THRESHOLD,
    WAIT_SIGMA,
)
from generators.patient_flow.plan import (
    ACUITY_LOS_MULTIPLIER,
    DEPARTMENTS,
    DISPOSITIONS_FROM_EMERGENCY,
    DISPOSITIONS_FROM_INPATIENT,
    EMERGENCY,
    EMERGENCY_ADMISSION_PROBABILITY,
    EVENT_TYPES,
    INPATIENT_TRANSFER_PROBABILITY,
    LOS_SIGMA,
    SKILLED_NURSING_EXTRA_65_PLUS,
    STEP_DOWN,
    STEP_TYPE,
    TRANSFER_TARGET,
)
from generators.patient_flow.seeds import Reference, profiles

if TYPE_CHECKING:  # the window's module builds on this one
    from generators.patient_flow.window import Hospital, Window

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
PEAK_SHARE = 0.9  # hours within 90% of the emergency profile's highest hour are its peak

# truth.json's dirt counts: name -> the Dirt of the lines counted, and whether only their arrivals count
DIRT_COUNTS = {
    "impossible_age_encounters": (Dirt.IMPOSSIBLE_AGE, True),
    "future_timestamp_events": (Dirt.FUTURE_TIMESTAMP, False),
    "duplicate_deliveries": (Dirt.DUPLICATE, False),
    "late_events": (Dirt.LATE, False),
    "malformed_lines": (Dirt.MALFORMED, False),
    "unknown_department_events": (Dirt.UNKNOWN_DEPARTMENT, False),
    "discharge_before_arrival_events": (Dirt.DISCHARGE_BEFORE_ARRIVAL, False),
    "unknown_patient_encounters": (Dirt.UNKNOWN_PATIENT, True),
    "unknown_patient_lines": (Dirt.UNKNOWN_PATIENT, False),
}
# the warehouse's quarantine reason of each kind of extra line
QUARANTINE_REASONS = {
    "duplicate_id": Dirt.DUPLICATE, "invalid_json": Dirt.MALFORMED, "unknown_category": Dirt.UNKNOWN_DEPARTMENT,
    "discharge_before_arrival": Dirt.DISCHARGE_BEFORE_ARRIVAL, "unknown_reference": Dirt.UNKNOWN_PATIENT,
}
DIRT_DEFINITIONS = {
    "impossible_age": "the arrival event's age is negative or over 120; the encounter's other events carry the true "
                      "age",
    "future_timestamp": "event_time is 1-30 days after enqueued_at, which is the true event time",
    "duplicate_delivery": "the same body again, enqueued 1 minute to 6 hours after the first delivery",
    "late_event": "enqueued 1-48 hours after event_time (ordinary events: 0-120 seconds)",
}


def by_dirt(dirt: np.ndarray, step: np.ndarray) -> np.ndarray:
    """(Dirt, event type) -> lines, of lines' dirt and steps."""
    cells = dirt.astype(np.int64) * len(EVENT_TYPES) + STEP_TYPE[step]
    return np.bincount(cells, minlength=len(Dirt) * len(EVENT_TYPES)).reshape(len(Dirt), len(EVENT_TYPES))


def tally(lines: np.ndarray) -> tuple[dict[str, int], dict[str, int]]:
    """truth.json's dirt counts and the quarantine the warehouse should find, of lines counted by `by_dirt`."""
    arrival = EVENT_TYPES.index("arrival")
    dirt = {name: int(lines[kind, arrival] if arrivals else lines[kind].sum())
            for name, (kind, arrivals) in DIRT_COUNTS.items()}
    return dirt, {reason: int(lines[kind].sum()) for reason, kind in QUARANTINE_REASONS.items()}


def effects(ref: Reference, rates: Rates, realised: dict) -> dict:
    """The planted behaviour, as truth.json states it."""
    codes = ref.departments
    hour_weights, weekday_weights = profiles(ref)
    emergency = ref.emergency
    peak = hour_weights[emergency]
    weekly = np.outer(weekday_weights[emergency], peak)
    per_hour = rates.arrivals_per_hour[emergency] * weekly / weekly.mean()
    nurses = ref.nurses[emergency][np.array([0] * 5 + [1] * 2)]
    per_nurse = per_hour / nurses
    top = np.argsort(-per_nurse, axis=None, kind="stable")[:10]
    return {
        "target_occupancy": TARGET_OCCUPANCY,
        "emergency_share_cap": EMERGENCY_SHARE_CAP,
        "arrivals_per_day_by_department": dict(zip(codes, np.round(rates.arrivals_per_hour * 24, 3).tolist())),
        "arrival_rate_derivation": RATE_DERIVATION,
        "emergency_admission_probability_by_acuity": dict(zip("12345", EMERGENCY_ADMISSION_PROBABILITY.tolist())),
        "emergency_admission_share_by_department": dict(zip(codes, np.round(rates.admission_share, 4).tolist())),
        "acuity_mix_by_department": {code: dict(zip("12345", DEPARTMENTS[code].acuity_mix)) for code in codes},
        "mean_occupancy_by_department": dict(zip(codes, np.round(realised["mean_occupancy"], 3).tolist())),
        "hour_weights_by_department": {code: hour_weights[d].tolist() for d, code in enumerate(codes)},
        "weekday_weights_by_department": {code: dict(zip(WEEKDAYS, weekday_weights[d].tolist()))
                                          for d, code in enumerate(codes)},
        "emergency_peak_hours": np.flatnonzero(peak >= PEAK_SHARE * peak.max()).tolist(),
        "emergency_peak_weekday": WEEKDAYS[int(np.argmax(weekday_weights[emergency]))],
        "elective_departments": [code for code in codes if DEPARTMENTS[code].arrivals == "elective"],
        "emergency_arrivals_per_nurse_top_cells": [
            {"weekday": WEEKDAYS[cell // 24], "hour": int(cell % 24),
             "arrivals_per_hour": round(float(per_hour.flat[cell]), 3), "staffed_nurses": int(nurses.flat[cell]),
             "arrivals_per_nurse": round(float(per_nurse.flat[cell]), 4)}
            for cell in top
        ],
        "los_median_hours_by_department": {code: DEPARTMENTS[code].los_median_hours for code in codes},
        "los_acuity_multiplier": dict(zip("12345", ACUITY_LOS_MULTIPLIER.tolist())),
        "los_lognormal_sigma": LOS_SIGMA,
        "los_definition": "arrival to discharge; after an emergency admission the receiving department's stay "
                          "starts when the patient leaves the emergency department",
        "wait_base_minutes_by_acuity": dict(zip("12345", WAIT_BASE_MINUTES.tolist())),
        "wait_lognormal_sigma": WAIT_SIGMA,
        "wait_occupancy_multiplier": WAIT_OCCUPANCY_MULTIPLIER,
        "wait_occupancy_threshold": WAIT_OCCUPANCY_THRESHOLD,
        "wait_definition": "arrival to seen_by_provider = base x lognormal x (1 + multiplier x max(0, occupancy - "
                           "threshold) / (1 - threshold)), at least one minute",
        "occupancy_definition": "patients in the arrival department at the top of the arrival's clock hour (stays "
                                "with start <= that instant < end) / its beds, from the planned stays",
        "left_without_being_seen_probability_by_acuity": dict(zip("12345", LWBS_PROBABILITY.tolist())),
        "left_without_being_seen_definition": "emergency patients not admitted, with that probability times the "
                                              "wait's crowding factor (at most 0.5); they leave 30-90% of the way "
                                              "from triage to the wait's end, at most 4 hours after triage",
        "satisfaction": {
            "intercept": SATISFACTION_INTERCEPT, "per_los_day": SATISFACTION_PER_LOS_DAY,
            "per_wait_minute": SATISFACTION_PER_WAIT_MINUTE, "noise_sd": SATISFACTION_NOISE,
            "survey_share": SURVEY_SHARE, "experience_risk": "satisfaction <= 2",
            "definition": "clip(round(intercept + per_los_day x LOS days + per_wait_minute x wait minutes + "
                          "normal(0, noise_sd)), 1, 5) on survey_share of discharges other than deceased; wait "
                          "is until leaving for those who left without being seen",
        },
        "daily_rate_by_department": {code: DEPARTMENTS[code].daily_rate for code in codes},
        "fixed_cost_by_acuity": dict(zip("12345", FIXED_COST_BY_ACUITY.tolist())),
        "cost_definition": "sum over the encounter's stays of days in the department x its daily rate, plus the "
                           "fixed cost of its acuity, rounded to cents",
        "dispositions_from_emergency_by_acuity": {kind: dict(zip("12345", p))
                                                  for kind, p in DISPOSITIONS_FROM_EMERGENCY.items()},
        "dispositions_from_inpatient_by_acuity": {kind: dict(zip("12345", p))
                                                  for kind, p in DISPOSITIONS_FROM_INPATIENT.items()},
        "skilled_nursing_extra_65_plus": SKILLED_NURSING_EXTRA_65_PLUS,
        "inpatient_transfer_probability": INPATIENT_TRANSFER_PROBABILITY,
        "inpatient_transfer_target": {code: (STEP_DOWN if code == TRANSFER_TARGET else TRANSFER_TARGET)
                                      for code in codes if code != EMERGENCY},
        "patients_by_department": {code: DEPARTMENTS[code].patients for code in codes},
        "emergency_referral_share": EMERGENCY_REFERRAL_SHARE,
        "age_definition": "completed years from birth_date to the arrival date",
    }


def history(hospital: Hospital, window: Window, days: int, start: int) -> dict:
    """truth.json's patient_flow: the batch's history, one window of `days` from `start` to the as-of."""
    return {
        "history_days": days,
        "start": clock.iso(start),
        "lines": len(window.capture),
        "events": window.events,
        "encounters": window.arrivals,
        "open_encounters": len(window.next.in_house.arrival),
        "encounters_before_patient_registration": window.realised["before_registration"],
        "effects": effects(hospital.ref, hospital.rates, window.realised),
        "dirt": {**window.delivery.dirt, "definitions": DIRT_DEFINITIONS},
    }
