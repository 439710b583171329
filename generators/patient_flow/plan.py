"""What the hospital is: its departments and how their patients arrive, stay, move and leave, and the flow's steps.

Every number here is planted; truth.json states them (truth.py) for the tests and the
warehouse to recover. The seeds (seeds.py) must name the same departments and dispositions.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

EMERGENCY = "emergency"
MIN_HISTORY_DAYS = 14


@dataclass(frozen=True)
class DepartmentPlan:
    los_median_hours: float
    daily_rate: float  # dollars per day spent in the department
    arrivals: str  # key of ARRIVAL_PROFILES
    acuity_mix: tuple[float, ...]  # of the department's own arrivals, acuity 1..5
    emergency_affinity: float  # how readily the emergency department admits patients here (0: never)
    patients: str  # who the department takes: any, child (< 18), adult (18+), maternal (women 16-45)


DEPARTMENTS = {
    "emergency": DepartmentPlan(4, 6_000, "emergency", (0.02, 0.12, 0.44, 0.32, 0.10), 0.0, "any"),
    "intensive_care": DepartmentPlan(96, 4_800, "flat", (0.05, 0.25, 0.45, 0.20, 0.05), 1.0, "any"),
    "medical_surgical": DepartmentPlan(72, 2_300, "daytime", (0.03, 0.17, 0.50, 0.24, 0.06), 1.0, "adult"),
    "cardiology": DepartmentPlan(60, 2_900, "elective", (0.02, 0.15, 0.48, 0.28, 0.07), 0.6, "adult"),
    "oncology": DepartmentPlan(120, 2_700, "elective", (0.02, 0.13, 0.50, 0.28, 0.07), 0.25, "adult"),
    "pediatrics": DepartmentPlan(48, 2_200, "daytime", (0.02, 0.15, 0.48, 0.27, 0.08), 0.9, "child"),
    "maternity": DepartmentPlan(50, 2_000, "flat", (0.01, 0.10, 0.55, 0.28, 0.06), 0.05, "maternal"),
    "orthopedics": DepartmentPlan(70, 2_600, "elective", (0.01, 0.10, 0.49, 0.32, 0.08), 0.4, "adult"),
}
# (relative rate by hour of day 0..23, by weekday Monday..Sunday)
ARRIVAL_PROFILES = {
    "emergency": (
        (0.55, 0.45, 0.40, 0.35, 0.35, 0.40, 0.55, 0.70, 0.85, 0.95, 1.00, 1.05,
         1.05, 1.05, 1.05, 1.05, 1.15, 1.35, 1.45, 1.50, 1.50, 1.40, 1.10, 0.80),
        (1.15, 1.00, 0.97, 0.96, 0.98, 0.92, 0.94),
    ),
    "elective": ((0.0,) * 8 + (1.0,) * 8 + (0.0,) * 8, (1.0,) * 5 + (0.0,) * 2),
    "daytime": ((0.3,) * 8 + (1.0,) * 12 + (0.5,) * 4, (1.0,) * 5 + (0.6,) * 2),
    "flat": ((1.0,) * 24, (1.0,) * 7),
}

# the arrival rates (arrivals.py) are derived from these, and the stays (encounters.py) drawn with them
LOS_SIGMA = 0.6
ACUITY_LOS_MULTIPLIER = np.array([1.8, 1.4, 1.0, 0.7, 0.5])
EMERGENCY_ADMISSION_PROBABILITY = np.array([0.90, 0.60, 0.30, 0.08, 0.02])  # by acuity
INPATIENT_TRANSFER_PROBABILITY = 0.05
TRANSFER_FRACTION = (0.2, 0.6)  # of the way through the inpatient stay
STEP_DOWN = {"adult": "medical_surgical", "child": "pediatrics"}  # where intensive care patients go next
TRANSFER_TARGET = "intensive_care"  # where everyone else goes

# probabilities of the dispositions other than home, by acuity 1..5; home takes the rest
DISPOSITIONS_FROM_EMERGENCY = {
    "home_with_services": (0.05, 0.03, 0.02, 0.01, 0.005),
    "skilled_nursing": (0.03, 0.01, 0.005, 0.0, 0.0),
    "transferred_out": (0.20, 0.05, 0.01, 0.003, 0.001),
    "deceased": (0.15, 0.003, 0.0003, 0.0, 0.0),
}
DISPOSITIONS_FROM_INPATIENT = {
    "home_with_services": (0.15, 0.12, 0.10, 0.06, 0.04),
    "skilled_nursing": (0.05, 0.04, 0.02, 0.01, 0.005),
    "transferred_out": (0.05, 0.03, 0.02, 0.01, 0.005),
    "deceased": (0.15, 0.008, 0.001, 0.0, 0.0),
}
SKILLED_NURSING_EXTRA_65_PLUS = 0.15  # inpatients aged 65+, taken from home
HOME, LWBS, DECEASED = "home", "left_without_being_seen", "deceased"

# internal step kinds, in flow order; STEP_TYPE maps them onto the seed's event types
ARRIVAL, TRIAGE, SEEN, ADMITTED, ADMITTED_TRANSFER, WARD_TRANSFER, DISCHARGED = range(7)
EVENT_TYPES = ("arrival", "triage", "seen_by_provider", "admitted", "transferred", "discharged")
STEP_TYPE = np.array([0, 1, 2, 3, 4, 4, 5])


def history_days(scale: float) -> int:
    return max(MIN_HISTORY_DAYS, round(365 * scale))
