"""Every encounter's plan: its department and acuity, who it is, and when each step happens: triage, the wait to
be seen (longer when the department is crowded), admission, transfers, the stays (lengths of stay) and the
discharge, with its disposition, cost and satisfaction survey.

Every encounter gets a planned timeline (int64 seconds; NEVER for a step it does not take);
events.py reads off the steps taken in a window.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from generators.clock import DAY, HOUR, MINUTE
from generators.common import NEVER, lognormal
from generators.patient_flow.arrivals import Rates, sample_arrivals, transfer_target
from generators.patient_flow.patients import PATIENT_RULES, pick_patients, pick_referrers
from generators.patient_flow.plan import (
    ACUITY_LOS_MULTIPLIER,
    DECEASED,
    DEPARTMENTS,
    DISPOSITIONS_FROM_EMERGENCY,
    DISPOSITIONS_FROM_INPATIENT,
    EMERGENCY_ADMISSION_PROBABILITY,
    HOME,
    INPATIENT_TRANSFER_PROBABILITY,
    LOS_SIGMA,
    LWBS,
    SKILLED_NURSING_EXTRA_65_PLUS,
    STEP_DOWN,
    TRANSFER_FRACTION,
)
from generators.patient_flow.seeds import Reference, plans, profiles

MIN_TREATMENT_SECONDS = 15 * MINUTE
EMERGENCY_REFERRAL_SHARE = 0.30

WAIT_BASE_MINUTES = np.array([2.0, 10.0, 30.0, 50.0, 60.0])
WAIT_SIGMA = 0.5
# an emergency stay and its wait share most of their noise, so a stay seldom ends before the wait does
# unless the department is crowded (the stay then runs to the wait plus MIN_TREATMENT_SECONDS)
STAY_WAIT_CORRELATION = 0.8
WAIT_OCCUPANCY_THRESHOLD = 0.85
WAIT_OCCUPANCY_MULTIPLIER = 3.0
LWBS_PROBABILITY = np.array([0.0, 0.0, 0.004, 0.02, 0.04])  # emergency, not admitted; times the crowding factor
LWBS_PATIENCE_SECONDS = 4 * HOUR  # those who leave unseen go within this much of triage

SATISFACTION_INTERCEPT = 4.7
SATISFACTION_PER_LOS_DAY = -0.3
SATISFACTION_PER_WAIT_MINUTE = -0.002
SATISFACTION_NOISE = 0.6
SURVEY_SHARE = 0.7
FIXED_COST_BY_ACUITY = np.array([4_800.0, 2_600.0, 1_300.0, 600.0, 300.0])


@dataclass
class Encounters:
    """The plan of every good encounter (row i = encounter number i + 1), in arrival order."""

    arrival: np.ndarray
    department: np.ndarray  # of arrival
    acuity: np.ndarray  # 0..4 for acuity 1..5
    patient: np.ndarray  # patient number - 1
    age: np.ndarray
    referrer: np.ndarray  # provider number - 1, or -1
    ward: np.ndarray  # first inpatient department, or -1
    second_ward: np.ndarray  # after an inpatient transfer, or -1
    triage: np.ndarray
    seen: np.ndarray  # NEVER for those who left without being seen
    admitted: np.ndarray
    ward_start: np.ndarray  # arrival in the first inpatient department (NEVER: none)
    ward_transfer: np.ndarray
    emergency_end: np.ndarray  # leaving the emergency department (NEVER: did not arrive there)
    discharge: np.ndarray
    disposition: np.ndarray  # index into the seed's dispositions
    cost_cents: np.ndarray
    satisfaction: np.ndarray  # 1..5, 0: not surveyed

    @property
    def final_department(self) -> np.ndarray:
        return np.where(self.second_ward >= 0, self.second_ward, np.where(self.ward >= 0, self.ward, self.department))

    def take(self, rows: np.ndarray) -> Encounters:
        return Encounters(*(getattr(self, name)[rows] for name in Encounters.__dataclass_fields__))

    @staticmethod
    def stack(parts: list[Encounters]) -> Encounters:
        return Encounters(*(np.concatenate([getattr(part, name) for part in parts])
                            for name in Encounters.__dataclass_fields__))


def _stays(plan: dict[str, np.ndarray], emergency: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(department, start, end) of every stretch an encounter spends in one department."""
    from_emergency = plan["emergency_end"] < NEVER
    has_ward = plan["ward"] >= 0
    moved = plan["second_ward"] >= 0
    first_end = np.where(moved, plan["ward_transfer"], plan["discharge"])
    parts = [
        (np.full(from_emergency.sum(), emergency), plan["arrival"][from_emergency],
         plan["emergency_end"][from_emergency]),
        (plan["ward"][has_ward], plan["ward_start"][has_ward], first_end[has_ward]),
        (plan["second_ward"][moved], plan["ward_transfer"][moved], plan["discharge"][moved]),
    ]
    return tuple(np.concatenate(column) for column in zip(*parts))


def census(stays: tuple[np.ndarray, np.ndarray, np.ndarray], departments: int, first_hour: int,
           hours: int) -> np.ndarray:
    """(department, hour) patients present at the top of each clock hour: stays with start <= that instant < end."""
    department, start, end = stays
    begin = np.clip(-(-start // HOUR) - first_hour, 0, hours)
    finish = np.clip(-(-end // HOUR) - first_hour, 0, hours)
    delta = np.bincount(department * (hours + 1) + begin, minlength=departments * (hours + 1)) \
        - np.bincount(department * (hours + 1) + finish, minlength=departments * (hours + 1))
    return np.cumsum(delta.reshape(departments, hours + 1), axis=1)[:, :hours]


def _dispositions(rng: np.random.Generator, ref: Reference, inpatient: np.ndarray, acuity: np.ndarray,
                  age: np.ndarray) -> np.ndarray:
    """A disposition per encounter: from the emergency or the inpatient table, by acuity; home takes the rest."""
    kinds = list(DISPOSITIONS_FROM_EMERGENCY)
    table = np.stack([np.array([DISPOSITIONS_FROM_EMERGENCY[kind] for kind in kinds]).T,
                      np.array([DISPOSITIONS_FROM_INPATIENT[kind] for kind in kinds]).T])  # (group, acuity, kind)
    chances = table[inpatient.astype(np.int64), acuity]
    chances[:, kinds.index("skilled_nursing")] += np.where(inpatient & (age >= 65), SKILLED_NURSING_EXTRA_65_PLUS, 0)
    drawn = (rng.random(len(acuity))[:, None] > np.cumsum(chances, axis=1)).sum(axis=1)
    codes = np.array([ref.dispositions.index(kind) for kind in [*kinds, HOME]])
    return codes[drawn]


def simulate_encounters(rng: np.random.Generator, ref: Reference, rates: Rates, start: int, as_of: int,
                        registered_at: np.ndarray, patients: pa.Table, providers: pa.Table,
                        in_house: Encounters | None = None) -> tuple[Encounters, dict]:
    """Arrivals in [start, as_of) by department, then every encounter's timeline, disposition, cost and survey.

    `in_house` are encounters that arrived earlier and are still in the hospital (a live window carrying on
    from the one before): their stays, as planned, count in the census that crowds the new arrivals' waits.
    """
    hour_weights, weekday_weights = profiles(ref)
    arrivals = [sample_arrivals(rng, rates.arrivals_per_hour[d], hour_weights[d], weekday_weights[d], start, as_of)
                for d in range(len(ref.departments))]
    department = np.repeat(np.arange(len(ref.departments)), [len(times) for times in arrivals])
    arrival = np.concatenate(arrivals)
    order = np.argsort(arrival, kind="stable")
    arrival, department = arrival[order], department[order]
    count = len(arrival)
    emergency = ref.emergency
    from_emergency = department == emergency

    mix = np.array([DEPARTMENTS[code].acuity_mix for code in ref.departments])
    acuity = (rng.random(count)[:, None] > np.cumsum(mix, axis=1)[department]).sum(axis=1).clip(0, 4)
    admitted_from_emergency = from_emergency & (rng.random(count) < EMERGENCY_ADMISSION_PROBABILITY[acuity])
    receiving = rng.choice(len(ref.departments), size=count, p=rates.admission_share)
    ward = np.where(admitted_from_emergency, receiving, np.where(from_emergency, -1, department))
    has_ward = ward >= 0

    rules = np.array([PATIENT_RULES.index(DEPARTMENTS[code].patients) for code in ref.departments])
    rule = rules[np.where(has_ward, ward, department)]
    birth_days = patients["birth_date"].to_numpy().astype("datetime64[D]").astype(np.int64)
    female = pc.equal(patients["sex"], "F").to_numpy()
    patient, age, before_registration = pick_patients(rng, arrival, rule, registered_at, birth_days, female)
    refers = ~from_emergency | (rng.random(count) < EMERGENCY_REFERRAL_SHARE)
    referrer = pick_referrers(rng, arrival, department, refers, ref, providers)

    median = plans(ref, "los_median_hours")
    wait_noise = rng.standard_normal(count)
    stay_noise = STAY_WAIT_CORRELATION * wait_noise + np.sqrt(1 - STAY_WAIT_CORRELATION**2) * rng.standard_normal(count)
    emergency_stay = (median[emergency] * ACUITY_LOS_MULTIPLIER[acuity] * np.exp(LOS_SIGMA * stay_noise)
                      * HOUR).astype(np.int64)
    ward_stay = (lognormal(rng, median[np.maximum(ward, 0)] * ACUITY_LOS_MULTIPLIER[acuity], LOS_SIGMA)
                 * HOUR).astype(np.int64)
    transfers = has_ward & (rng.random(count) < INPATIENT_TRANSFER_PROBABILITY)
    second_ward = transfer_target(ref)[np.maximum(ward, 0)]
    child = (second_ward == ref.departments.index(STEP_DOWN["adult"])) & (age < 18)
    second_ward = np.where(transfers, np.where(child, ref.departments.index(STEP_DOWN["child"]), second_ward), -1)
    transfer_fraction = rng.uniform(*TRANSFER_FRACTION, count)

    def timeline(wait: np.ndarray) -> dict[str, np.ndarray]:
        """Instants of every step; with no wait this is the planned stay the census is counted from."""
        emergency_end = np.where(from_emergency, arrival + np.maximum(emergency_stay, wait + MIN_TREATMENT_SECONDS),
                                 NEVER)
        ward_start = np.where(admitted_from_emergency, emergency_end, np.where(has_ward, arrival, NEVER))
        discharge = np.where(
            ~has_ward, emergency_end,
            np.where(admitted_from_emergency, emergency_end + np.maximum(ward_stay, HOUR),
                     arrival + np.maximum(ward_stay, wait + MIN_TREATMENT_SECONDS + HOUR)),
        )
        # a transfer comes after the admission: from leaving the emergency department, or a direct admission's
        # treatment (admitted is within MIN_TREATMENT_SECONDS of being seen)
        settled = np.where(admitted_from_emergency, emergency_end, arrival + wait + MIN_TREATMENT_SECONDS)
        ward_transfer = np.where(transfers, settled + ((discharge - settled) * transfer_fraction).astype(np.int64),
                                 NEVER)
        return {"arrival": arrival, "emergency_end": emergency_end, "ward": ward, "ward_start": ward_start,
                "second_ward": second_ward, "ward_transfer": ward_transfer, "discharge": discharge}

    first_hour, hours = start // HOUR, -(-as_of // HOUR) - start // HOUR

    def with_in_house(stays: tuple[np.ndarray, np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if in_house is None:
            return stays
        return tuple(np.concatenate(pair) for pair in zip(stays, _stays(vars(in_house), emergency)))

    planned = census(with_in_house(_stays(timeline(np.zeros(count, np.int64)), emergency)), len(ref.departments),
                     first_hour, hours)
    occupancy = planned[department, arrival // HOUR - first_hour] / ref.beds[department]
    crowding = 1 + WAIT_OCCUPANCY_MULTIPLIER * np.maximum(0, occupancy - WAIT_OCCUPANCY_THRESHOLD) \
        / (1 - WAIT_OCCUPANCY_THRESHOLD)
    wait = np.maximum(MINUTE, np.round(
        WAIT_BASE_MINUTES[acuity] * np.exp(WAIT_SIGMA * wait_noise) * crowding * MINUTE)).astype(np.int64)
    triage_after = np.minimum(rng.integers(MINUTE, 10 * MINUTE, count), wait // 2)
    left = from_emergency & ~admitted_from_emergency & (wait - triage_after >= 2 * MINUTE) \
        & (rng.random(count) < np.minimum(0.5, LWBS_PROBABILITY[acuity] * crowding))
    patience = np.minimum(wait - triage_after, LWBS_PATIENCE_SECONDS)
    left_after = triage_after + np.maximum(MINUTE, (patience * rng.uniform(0.3, 0.9, count)).astype(np.int64))

    steps = timeline(np.where(left, 0, wait))
    emergency_end = np.where(left, arrival + left_after, steps["emergency_end"])
    discharge = np.where(left, emergency_end, steps["discharge"])
    seen = np.where(left, NEVER, arrival + wait)
    admitted = np.where(
        admitted_from_emergency,
        seen + np.maximum(MINUTE, ((emergency_end - seen) * rng.uniform(0.2, 0.6, count)).astype(np.int64)),
        np.where(has_ward, seen + rng.integers(MINUTE, 15 * MINUTE, count), NEVER),
    )
    steps.update(emergency_end=emergency_end, discharge=discharge)

    disposition = _dispositions(rng, ref, has_ward, acuity, age)
    disposition = np.where(left, ref.dispositions.index(LWBS), disposition)
    daily_rate = plans(ref, "daily_rate")
    department_s, stay_start, stay_end = _stays(steps, emergency)
    owner = np.concatenate([np.flatnonzero(steps["emergency_end"] < NEVER), np.flatnonzero(has_ward),
                            np.flatnonzero(second_ward >= 0)])
    cost = FIXED_COST_BY_ACUITY[acuity] + np.bincount(
        owner, weights=(stay_end - stay_start) / DAY * daily_rate[department_s], minlength=count)
    los_days = (discharge - arrival) / DAY
    waited_minutes = (np.where(left, emergency_end, seen) - arrival) / MINUTE
    score = np.clip(np.round(
        SATISFACTION_INTERCEPT + SATISFACTION_PER_LOS_DAY * los_days + SATISFACTION_PER_WAIT_MINUTE * waited_minutes
        + rng.normal(0, SATISFACTION_NOISE, count)), 1, 5).astype(np.int64)
    surveyed = (rng.random(count) < SURVEY_SHARE) & (disposition != ref.dispositions.index(DECEASED))

    final = census(with_in_house(_stays(steps, emergency)), len(ref.departments), first_hour, hours)
    realised = {
        "before_registration": before_registration,
        "mean_occupancy": final.mean(axis=1) / ref.beds,
    }
    return Encounters(
        arrival=arrival, department=department, acuity=acuity, patient=patient, age=age, referrer=referrer,
        ward=ward, second_ward=second_ward, triage=arrival + triage_after, seen=seen, admitted=admitted,
        ward_start=steps["ward_start"], ward_transfer=steps["ward_transfer"], emergency_end=emergency_end,
        discharge=discharge, disposition=disposition, cost_cents=np.round(cost * 100).astype(np.int64),
        satisfaction=np.where(surveyed, score, 0),
    ), realised
