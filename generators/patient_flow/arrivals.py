"""When patients arrive: each department's arrival rate from its beds, stays and a target occupancy, and the
arrival instants drawn with its hour-of-day and weekday profile.

The hospital has a fixed size (the beds in seeds/patient_flow), so the scale stretches the
history, not the density.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from generators import clock
from generators.clock import HOUR
from generators.patient_flow.plan import (
    ACUITY_LOS_MULTIPLIER,
    DEPARTMENTS,
    EMERGENCY_ADMISSION_PROBABILITY,
    INPATIENT_TRANSFER_PROBABILITY,
    LOS_SIGMA,
    STEP_DOWN,
    TRANSFER_FRACTION,
    TRANSFER_TARGET,
)
from generators.patient_flow.seeds import Reference, plans

TARGET_OCCUPANCY = 0.75
EMERGENCY_SHARE_CAP = 0.85  # at most this share of a department's census comes through the emergency department


@dataclass(frozen=True)
class Rates:
    arrivals_per_hour: np.ndarray  # each department's own arrivals (the emergency department's are all of its)
    admission_share: np.ndarray  # of emergency admissions, by receiving department
    planned_census: np.ndarray


def transfer_target(ref: Reference) -> np.ndarray:
    """Where an inpatient transfer goes from each department (an adult stepping down from intensive care)."""
    target = np.full(len(ref.departments), ref.departments.index(TRANSFER_TARGET))
    target[ref.departments.index(TRANSFER_TARGET)] = ref.departments.index(STEP_DOWN["adult"])
    return target


RATE_DERIVATION = (
    "Little's law per department: planned census = target occupancy x beds = inflow x mean stay (lognormal mean "
    "of the median x the acuity mix's mean multiplier). The emergency department's arrivals follow from its beds "
    "alone; its admissions are shared among the inpatient departments in proportion to each one's census times "
    "its emergency affinity (at most emergency_share_cap of a census), and each department's own arrivals fill "
    "the rest. Inpatient transfers move P x (1 - mean transfer fraction) of a census to the transfer target, so "
    "the census planned before transfers solves a small linear system."
)


def arrival_rates(ref: Reference) -> Rates:
    """Each department's own arrivals per hour and its share of emergency admissions: see RATE_DERIVATION."""
    lognormal_mean = np.exp(LOS_SIGMA**2 / 2)
    median = plans(ref, "los_median_hours")
    mix = np.array([DEPARTMENTS[code].acuity_mix for code in ref.departments])
    own_stay = median * (mix @ ACUITY_LOS_MULTIPLIER) * lognormal_mean
    emergency = ref.emergency
    admitted_mix = mix[emergency] * EMERGENCY_ADMISSION_PROBABILITY
    admitted_stay = median * (admitted_mix @ ACUITY_LOS_MULTIPLIER / admitted_mix.sum()) * lognormal_mean

    target = TARGET_OCCUPANCY * ref.beds
    wards = np.flatnonzero(np.arange(len(ref.departments)) != emergency)
    moved = INPATIENT_TRANSFER_PROBABILITY * (1 - np.mean(TRANSFER_FRACTION))
    into = np.zeros((len(ref.departments),) * 2)
    into[transfer_target(ref), np.arange(len(ref.departments))] = 1
    system = (1 - moved) * np.eye(len(wards)) + moved * into[np.ix_(wards, wards)]
    census = np.zeros(len(ref.departments))
    census[emergency] = target[emergency]
    census[wards] = np.linalg.solve(system, target[wards])
    if (census[wards] <= 0).any():
        raise ValueError("inpatient transfers need more beds than the departments have")

    emergency_rate = census[emergency] / own_stay[emergency]
    admissions = emergency_rate * admitted_mix.sum()
    affinity = plans(ref, "emergency_affinity")

    def admitted(k: float) -> np.ndarray:  # emergency admissions per hour each department takes
        return np.minimum(EMERGENCY_SHARE_CAP, k * affinity) * census / admitted_stay

    if admitted(1e9).sum() < admissions:
        raise ValueError("the emergency department admits more patients than the inpatient beds hold")
    low, high = 0.0, 1e9
    for _ in range(200):  # bisection on the proportionality factor
        middle = (low + high) / 2
        low, high = (middle, high) if admitted(middle).sum() < admissions else (low, middle)
    share = np.minimum(EMERGENCY_SHARE_CAP, high * affinity)
    own = (1 - share) * census / own_stay
    own[emergency] = emergency_rate
    taken = admitted(high)
    return Rates(arrivals_per_hour=own, admission_share=taken / taken.sum(), planned_census=census)


def sample_arrivals(rng: np.random.Generator, per_hour: float, hour_weights: np.ndarray, weekday_weights: np.ndarray,
                    start: int, end: int) -> np.ndarray:
    """Arrival instants in [start, end): `per_hour` on average over a week, shaped by hour of day and weekday."""
    hours = np.arange(start // HOUR, -(-end // HOUR)) * HOUR
    weights = hour_weights[clock.hour_of_day(hours)] * weekday_weights[clock.day_of_week(hours)]
    weekly_mean = np.outer(weekday_weights, hour_weights).mean()
    covered = (np.minimum(hours + HOUR, end) - np.maximum(hours, start)) / HOUR
    expected = per_hour * (weights * covered).sum() / weekly_mean
    count = rng.poisson(expected)
    picked = rng.choice(len(hours), size=count, p=weights * covered / (weights * covered).sum())
    return np.clip(hours[picked] + rng.integers(0, HOUR, count), start, end - 1)
