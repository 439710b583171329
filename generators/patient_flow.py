"""Hospital patient flow: encounters simulated per department with numpy, landed as Event Hub capture files.

The hospital has a fixed size (the beds in seeds/patient_flow), so the scale stretches the
history, not the density. Each department's arrival rate follows from its beds, its mean
length of stay and a target mean occupancy (Little's law: census = arrivals x stay), after
taking out what the emergency department sends it. Every encounter gets a planned timeline
(int64 seconds; NEVER for a step it does not take); only what happened by the as-of becomes
events. The hub delivers each event as one NDJSON line, in enqueue order, with a dirty
stream's extra and late lines in recorded proportions; all sizes go to truth.json.

The history is one window of `simulate_window`, from nothing to the as-of; `simulate` returns
its lines (a Capture, rendered a range at a time) and where it left the hospital, and `land`
writes one capture file per enqueued day. The real-time producer (generators/live.py) carries
the hospital on from there, window after window, through the same function.
"""

from __future__ import annotations

import csv
import enum
import itertools
from collections.abc import Callable, Iterator
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from generators import clock, event_hub, ids, render
from generators.clock import DAY, HOUR

REPOSITORY = Path(__file__).resolve().parent.parent
SEEDS = REPOSITORY / "seeds"
NEVER = np.iinfo(np.int64).max // 4
MINUTE = 60
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
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
PATIENT_RULES = ("any", "child", "adult", "maternal")
OLDEST_PLAUSIBLE_AGE = 120  # the warehouse's oldest_plausible_age: nobody older is picked, so no true age looks planted
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
PEAK_SHARE = 0.9  # hours within 90% of the emergency profile's highest hour are its peak

TARGET_OCCUPANCY = 0.75
LOS_SIGMA = 0.6
ACUITY_LOS_MULTIPLIER = np.array([1.8, 1.4, 1.0, 0.7, 0.5])
EMERGENCY_ADMISSION_PROBABILITY = np.array([0.90, 0.60, 0.30, 0.08, 0.02])  # by acuity
EMERGENCY_SHARE_CAP = 0.85  # at most this share of a department's census comes through the emergency department
INPATIENT_TRANSFER_PROBABILITY = 0.05
TRANSFER_FRACTION = (0.2, 0.6)  # of the way through the inpatient stay
STEP_DOWN = {"adult": "medical_surgical", "child": "pediatrics"}  # where intensive care patients go next
TRANSFER_TARGET = "intensive_care"  # where everyone else goes
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

# the dirty stream: shares of good encounters or events, each at least one line where quarantined
IMPOSSIBLE_AGE_SHARE = 0.005  # of encounters
FUTURE_TIMESTAMP_SHARE = 0.003  # of events
DUPLICATE_SHARE = 0.01
LATE_SHARE = 0.02
MALFORMED_SHARE = 0.0005
UNKNOWN_DEPARTMENT_SHARE = 0.0005
DISCHARGE_BEFORE_ARRIVAL_SHARE = 0.0005
UNKNOWN_PATIENT_SHARE = 0.0005  # of encounters
ENQUEUE_DELAY_SECONDS = 120
LATE_DELAY = (HOUR, 48 * HOUR)
DUPLICATE_DELAY = (MINUTE, 6 * HOUR)
FUTURE_SHIFT = (DAY, 30 * DAY)
UNKNOWN_DEPARTMENT = "astrology"
CHUNK_LINES = 1 << 16  # lines rendered per batch: ~27 MB of text, reused batch after batch

# internal step kinds, in flow order; STEP_TYPE maps them onto the seed's event types
ARRIVAL, TRIAGE, SEEN, ADMITTED, ADMITTED_TRANSFER, WARD_TRANSFER, DISCHARGED = range(7)
EVENT_TYPES = ("arrival", "triage", "seen_by_provider", "admitted", "transferred", "discharged")
STEP_TYPE = np.array([0, 1, 2, 3, 4, 4, 5])


def history_days(scale: float) -> int:
    return max(MIN_HISTORY_DAYS, round(365 * scale))


# ---------------------------------------------------------------------------------------------------------------------
# reference data: the dbt seeds, read at run time


def _seed(relative: str) -> list[dict[str, str]]:
    with open(SEEDS / relative, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@dataclass(frozen=True)
class Reference:
    departments: tuple[str, ...]
    service_lines: tuple[str, ...]  # of each department
    beds: np.ndarray
    nurses: np.ndarray  # (department, day type 0 weekday / 1 weekend, hour of day)
    specialty_service_line: dict[str, str]
    dispositions: tuple[str, ...]

    @property
    def emergency(self) -> int:
        return self.departments.index(EMERGENCY)


def reference() -> Reference:
    """The seeds, checked against what this module plants: a seed row without a plan here is an error."""
    departments = _seed("patient_flow/patient_flow__departments.csv")
    codes = tuple(row["department"] for row in departments)
    if set(codes) != set(DEPARTMENTS):
        raise ValueError(f"departments seed {sorted(codes)} != planned departments {sorted(DEPARTMENTS)}")
    nurses = np.zeros((len(codes), 2, 24), dtype=np.int64)
    for row in _seed("patient_flow/patient_flow__staffing.csv"):
        day_type = ("weekday", "weekend").index(row["day_type"])
        nurses[codes.index(row["department"]), day_type, int(row["hour_of_day"])] = int(row["staffed_nurses"])
    if (nurses <= 0).any():
        raise ValueError("the staffing seed must give every department, day type and hour a positive nurse count")
    event_types = [row["event_type"] for row in sorted(
        _seed("patient_flow/patient_flow__event_types.csv"), key=lambda row: int(row["flow_order"]))]
    if tuple(event_types) != EVENT_TYPES:
        raise ValueError(f"event types seed {event_types} != {list(EVENT_TYPES)}")
    acuity = sorted(int(row["acuity"]) for row in _seed("patient_flow/patient_flow__acuity_levels.csv"))
    if acuity != [1, 2, 3, 4, 5]:
        raise ValueError(f"acuity levels seed {acuity} != 1..5")
    dispositions = tuple(row["disposition"] for row in _seed("patient_flow/patient_flow__dispositions.csv"))
    planned = {HOME, LWBS, *DISPOSITIONS_FROM_EMERGENCY, *DISPOSITIONS_FROM_INPATIENT}
    if set(dispositions) != planned:
        raise ValueError(f"dispositions seed {sorted(dispositions)} != {sorted(planned)}")
    return Reference(
        departments=codes,
        service_lines=tuple(row["service_line"] for row in departments),
        beds=np.array([int(row["beds"]) for row in departments]),
        nurses=nurses,
        specialty_service_line={row["specialty"]: row["service_line"] for row in _seed("registry/registry__specialties.csv")},
        dispositions=dispositions,
    )


def _plans(ref: Reference, field: str) -> np.ndarray:
    return np.array([getattr(DEPARTMENTS[code], field) for code in ref.departments], dtype=float)


def _profiles(ref: Reference) -> tuple[np.ndarray, np.ndarray]:
    """(department, 24) hour weights and (department, 7) weekday weights."""
    hours, weekdays = zip(*(ARRIVAL_PROFILES[DEPARTMENTS[code].arrivals] for code in ref.departments))
    return np.array(hours), np.array(weekdays)


# ---------------------------------------------------------------------------------------------------------------------
# arrival rates from beds, stays and the target occupancy


@dataclass(frozen=True)
class Rates:
    arrivals_per_hour: np.ndarray  # each department's own arrivals (the emergency department's are all of its)
    admission_share: np.ndarray  # of emergency admissions, by receiving department
    planned_census: np.ndarray


def _transfer_target(ref: Reference) -> np.ndarray:
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
    median = _plans(ref, "los_median_hours")
    mix = np.array([DEPARTMENTS[code].acuity_mix for code in ref.departments])
    own_stay = median * (mix @ ACUITY_LOS_MULTIPLIER) * lognormal_mean
    emergency = ref.emergency
    admitted_mix = mix[emergency] * EMERGENCY_ADMISSION_PROBABILITY
    admitted_stay = median * (admitted_mix @ ACUITY_LOS_MULTIPLIER / admitted_mix.sum()) * lognormal_mean

    target = TARGET_OCCUPANCY * ref.beds
    wards = np.flatnonzero(np.arange(len(ref.departments)) != emergency)
    moved = INPATIENT_TRANSFER_PROBABILITY * (1 - np.mean(TRANSFER_FRACTION))
    into = np.zeros((len(ref.departments),) * 2)
    into[_transfer_target(ref), np.arange(len(ref.departments))] = 1
    system = (1 - moved) * np.eye(len(wards)) + moved * into[np.ix_(wards, wards)]
    census = np.zeros(len(ref.departments))
    census[emergency] = target[emergency]
    census[wards] = np.linalg.solve(system, target[wards])
    if (census[wards] <= 0).any():
        raise ValueError("inpatient transfers need more beds than the departments have")

    emergency_rate = census[emergency] / own_stay[emergency]
    admissions = emergency_rate * admitted_mix.sum()
    affinity = _plans(ref, "emergency_affinity")

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


# ---------------------------------------------------------------------------------------------------------------------
# encounters


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


def _sample_arrivals(rng: np.random.Generator, per_hour: float, hour_weights: np.ndarray, weekday_weights: np.ndarray,
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


def _year_and_day_of_year(days: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Calendar year and month * 100 + day, to count completed years between two dates."""
    dates = np.asarray(days, dtype=np.int64).astype("datetime64[D]")
    months = dates.astype("datetime64[M]")
    year = dates.astype("datetime64[Y]").astype(np.int64) + 1970
    return year, (months.astype(np.int64) % 12 + 1) * 100 + (dates - months).astype(np.int64) + 1


def age_at(birth_days: np.ndarray, days: np.ndarray) -> np.ndarray:
    """Completed years from each birth date to each date (a 29 February birthday counts from 1 March)."""
    born_year, born_day = _year_and_day_of_year(birth_days)
    year, day = _year_and_day_of_year(days)
    return year - born_year - (day < born_day)


def _fits(rule: np.ndarray, age: np.ndarray, female: np.ndarray) -> np.ndarray:
    return (age >= 0) & (age <= OLDEST_PLAUSIBLE_AGE) & np.select(
        [rule == PATIENT_RULES.index("child"), rule == PATIENT_RULES.index("adult"),
         rule == PATIENT_RULES.index("maternal")],
        [age < 18, age >= 18, female & (age >= 16) & (age <= 45)],
        default=True,
    )


class NoPatient(ValueError):
    """No registry patient can be picked: none born and alive (at most OLDEST_PLAUSIBLE_AGE) at the arrival."""


def _pick_patients(rng: np.random.Generator, arrival: np.ndarray, rule: np.ndarray, registered_at: np.ndarray,
                   birth_days: np.ndarray, female: np.ndarray) -> tuple[np.ndarray, np.ndarray, int]:
    """A patient registered by each arrival who fits the department's rule, and their age at arrival.

    Candidates are drawn uniformly among the patients registered by then, and redrawn, for the
    rows whose candidate does not fit, until every row has one. A history longer than the
    registry's (scale > ~5) starts before most patients registered: those arrivals draw from
    the first MINIMUM_POOL_SHARE of patients, and their count is returned.
    """
    minimum_pool = max(1, round(0.05 * len(registered_at)))
    registered = np.searchsorted(registered_at, arrival, side="right")
    pool = np.maximum(registered, minimum_pool)
    born_year, born_day = _year_and_day_of_year(birth_days)
    year, day = _year_and_day_of_year(arrival // DAY)
    patient = np.zeros(len(arrival), dtype=np.int64)
    age = np.zeros(len(arrival), dtype=np.int64)
    pending = np.arange(len(arrival))
    for attempt in range(400):
        candidate = (rng.random(len(pending)) * pool[pending]).astype(np.int64)
        candidate_age = year[pending] - born_year[candidate] - (day[pending] < born_day[candidate])
        # after 200 draws the department's rule gives way (a tiny or, in a long live feed, aged registry); being
        # born and alive never does
        fits = _fits(rule[pending] if attempt < 200 else np.zeros(len(pending), int), candidate_age, female[candidate])
        patient[pending[fits]], age[pending[fits]] = candidate[fits], candidate_age[fits]
        pending = pending[~fits]
        if not len(pending):
            return patient, age, int((registered < pool).sum())
    raise NoPatient(f"{len(pending)} arrivals found no registry patient born by then and at most "
                    f"{OLDEST_PLAUSIBLE_AGE} years old")


def _pick_referrers(rng: np.random.Generator, arrival: np.ndarray, department: np.ndarray, refers: np.ndarray,
                    ref: Reference, providers: pa.Table) -> np.ndarray:
    """A provider active by the arrival, of the department's service line where one exists (else any); -1: none."""
    active_since = providers["active_since"].to_numpy().astype("datetime64[D]").astype(np.int64)
    specialties = list(ref.specialty_service_line)
    specialty = pc.index_in(providers["specialty"], pa.array(specialties)).to_numpy(zero_copy_only=False)
    service_line = np.array([ref.specialty_service_line[code] for code in specialties] + [""])[
        np.nan_to_num(specialty, nan=len(specialties)).astype(np.int64)]
    matching = [np.flatnonzero(service_line == line) for line in ref.service_lines]
    # the emergency department's referrals come from any provider
    matching = [np.arange(len(service_line)) if code == EMERGENCY or not len(rows) else rows
                for code, rows in zip(ref.departments, matching)]
    pools = np.concatenate(matching)
    first = np.cumsum([0] + [len(rows) for rows in matching])
    referrer = np.full(len(arrival), -1)
    pending = np.flatnonzero(refers)
    day = arrival // DAY
    for attempt in range(200):
        if attempt < 100:  # of the matching service line, then of any
            slot = first[department[pending]] + (rng.random(len(pending)) * np.diff(first)[department[pending]])
            candidate = pools[slot.astype(np.int64)]
        else:
            candidate = rng.integers(0, len(service_line), len(pending))
        fits = active_since[candidate] <= day[pending]
        referrer[pending[fits]] = candidate[fits]
        pending = pending[~fits]
        if not len(pending):
            break
    referrer[pending] = np.argmin(active_since)  # nobody active yet: the longest-serving provider
    return referrer


def _lognormal(rng: np.random.Generator, median: np.ndarray, sigma: float) -> np.ndarray:
    return median * np.exp(sigma * rng.standard_normal(len(median)))


def _between(rng: np.random.Generator, start: np.ndarray, end: np.ndarray, low: float, high: float) -> np.ndarray:
    return start + ((end - start) * rng.uniform(low, high, len(start))).astype(np.int64)


def _stays(plan: dict[str, np.ndarray], emergency: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(department, start, end) of every stretch an encounter spends in one department."""
    from_emergency = plan["emergency_end"] < NEVER
    has_ward = plan["ward"] >= 0
    moved = plan["second_ward"] >= 0
    first_end = np.where(moved, plan["ward_transfer"], plan["discharge"])
    parts = [
        (np.full(from_emergency.sum(), emergency), plan["arrival"][from_emergency], plan["emergency_end"][from_emergency]),
        (plan["ward"][has_ward], plan["ward_start"][has_ward], first_end[has_ward]),
        (plan["second_ward"][moved], plan["ward_transfer"][moved], plan["discharge"][moved]),
    ]
    return tuple(np.concatenate(column) for column in zip(*parts))


def census(stays: tuple[np.ndarray, np.ndarray, np.ndarray], departments: int, first_hour: int, hours: int) -> np.ndarray:
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
    hour_weights, weekday_weights = _profiles(ref)
    arrivals = [_sample_arrivals(rng, rates.arrivals_per_hour[d], hour_weights[d], weekday_weights[d], start, as_of)
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
    patient, age, before_registration = _pick_patients(rng, arrival, rule, registered_at, birth_days, female)
    refers = ~from_emergency | (rng.random(count) < EMERGENCY_REFERRAL_SHARE)
    referrer = _pick_referrers(rng, arrival, department, refers, ref, providers)

    median = _plans(ref, "los_median_hours")
    wait_noise = rng.standard_normal(count)
    stay_noise = STAY_WAIT_CORRELATION * wait_noise + np.sqrt(1 - STAY_WAIT_CORRELATION**2) * rng.standard_normal(count)
    emergency_stay = (median[emergency] * ACUITY_LOS_MULTIPLIER[acuity] * np.exp(LOS_SIGMA * stay_noise)
                      * HOUR).astype(np.int64)
    ward_stay = (_lognormal(rng, median[np.maximum(ward, 0)] * ACUITY_LOS_MULTIPLIER[acuity], LOS_SIGMA)
                 * HOUR).astype(np.int64)
    transfers = has_ward & (rng.random(count) < INPATIENT_TRANSFER_PROBABILITY)
    second_ward = _transfer_target(ref)[np.maximum(ward, 0)]
    child = (second_ward == ref.departments.index(STEP_DOWN["adult"])) & (age < 18)
    second_ward = np.where(transfers, np.where(child, ref.departments.index(STEP_DOWN["child"]), second_ward), -1)
    transfer_fraction = rng.uniform(*TRANSFER_FRACTION, count)

    def timeline(wait: np.ndarray) -> dict[str, np.ndarray]:
        """Instants of every step; with no wait this is the planned stay the census is counted from."""
        emergency_end = np.where(from_emergency, arrival + np.maximum(emergency_stay, wait + MIN_TREATMENT_SECONDS), NEVER)
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
    daily_rate = _plans(ref, "daily_rate")
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


# ---------------------------------------------------------------------------------------------------------------------
# events and the hub's delivery


@dataclass
class Events:
    """Every step taken in a window, in event-id order."""

    encounter: np.ndarray
    step: np.ndarray
    time: np.ndarray
    department: np.ndarray


def events(plan: Encounters, start: int, as_of: int) -> Events:
    """The steps taken in [start, as_of], in time order."""
    steps = [
        (ARRIVAL, plan.arrival, plan.department), (TRIAGE, plan.triage, plan.department),
        (SEEN, plan.seen, plan.department), (ADMITTED, plan.admitted, plan.department),
        (ADMITTED_TRANSFER, np.where(plan.emergency_end < NEVER, plan.ward_start, NEVER), plan.ward),
        (WARD_TRANSFER, plan.ward_transfer, plan.second_ward),
        (DISCHARGED, plan.discharge, plan.final_department),
    ]
    encounter, step, time, department = [], [], [], []
    for kind, instants, where in steps:
        happened = np.flatnonzero((instants >= start) & (instants <= as_of))
        encounter.append(happened)
        step.append(np.full(len(happened), kind))
        time.append(instants[happened])
        department.append(where[happened])
    encounter, step, time, department = map(np.concatenate, (encounter, step, time, department))
    key = ((time - time.min(initial=0)) << len(plan.arrival).bit_length() | encounter) << 3 | step
    order = np.argsort(key, kind="stable")  # nearly sorted already: timsort runs through it
    return Events(encounter[order], step[order], time[order], department[order])


def _choose(rng: np.random.Generator, candidates: np.ndarray, count: int) -> np.ndarray:
    return np.sort(rng.choice(candidates, size=min(count, len(candidates)), replace=False))


# how many of a dirt kind to plant: (its name in truth.json's dirt, its share, of how many events or encounters)
Quota = Callable[[str, float, int], int]


def at_least_one(kind: str, share: float, of: int) -> int:
    """The batch's quota: the share, rounded, and at least one so that every quarantine reason is exercised."""
    return max(1, round(share * of))


class Dirt(enum.IntEnum):
    """What was planted on a line (Lines.dirt); a line carries at most one problem."""

    NONE = 0
    IMPOSSIBLE_AGE = 1
    FUTURE_TIMESTAMP = 2
    LATE = 3
    DUPLICATE = 4
    MALFORMED = 5
    UNKNOWN_DEPARTMENT = 6
    DISCHARGE_BEFORE_ARRIVAL = 7
    UNKNOWN_PATIENT = 8


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


@dataclass
class Lines:
    """Every line the hub delivers, before rendering; the pieces index the text pools `text_pools` builds."""

    enqueued: np.ndarray
    event_number: np.ndarray
    encounter_number: np.ndarray
    step: np.ndarray
    time: np.ndarray  # as the body states it
    patient_number: np.ndarray
    department_piece: np.ndarray  # department (UNKNOWN_DEPARTMENT: len(departments) + service line's department)
    encounter_piece: np.ndarray  # the encounter's values (an impossible age: count + k)
    tail_piece: np.ndarray  # 0: not discharged, 1: truncated line, 2 + j: discharge of encounter j
    dirt: np.ndarray  # a Dirt

    @staticmethod
    def stack(parts: list[Lines]) -> Lines:
        """One Lines of all parts, in compact dtypes (the capture gathers from them batch by batch)."""
        return Lines(*(np.concatenate([getattr(part, name) for part in parts]).astype(dtype)
                       for name, dtype in LINE_DTYPES.items()))

    def take(self, rows: np.ndarray) -> Lines:
        return Lines(*(getattr(self, name)[rows] for name in Lines.__dataclass_fields__))


NOT_DISCHARGED, TRUNCATED = 0, 1
LINE_DTYPES = {
    "enqueued": np.int64, "event_number": np.int32, "encounter_number": np.int32, "step": np.int8, "time": np.int64,
    "patient_number": np.int32, "department_piece": np.int16, "encounter_piece": np.int32, "tail_piece": np.int32,
    "dirt": np.int8,
}


@dataclass(frozen=True)
class Numbering:
    """The numbers a window's lines carry on from: the batch starts every count at 1, a live window continues."""

    encounters: np.ndarray  # the encounter number of each plan row
    next_event: int  # the first event number not issued yet
    next_encounter: int  # the first encounter number not issued yet (the unknown patients' copies take the next)
    strangers: int  # unknown-patient ids issued so far, counted down from the largest


@dataclass
class Delivery:
    """A window's lines, what was planted in them, and the numbers the next window carries on from."""

    lines: Lines  # as stacked: the good events in event-id order, then each kind of extra line
    impossible: np.ndarray  # plan rows whose arrival line states an impossible age
    bad_age: np.ndarray  # those ages
    quarantine: dict[str, int]  # reason -> lines the warehouse should quarantine
    dirt: dict[str, int]  # truth.json's dirt counts
    next_event: int
    next_encounter: int
    strangers: int


def deliver(rng: np.random.Generator, plan: Encounters, flow: Events, ref: Reference, start: int, as_of: int,
            numbering: Numbering, until: int | None = None, quota: Quota = at_least_one) -> Delivery:
    """The hub's lines for the events of [start, as_of]: every good event once (some late, some with a device clock
    error), then the dirty extras.

    Nothing is enqueued after `until` (default: the as-of, as in the batch; a live window has no such limit and its
    lines enqueued later wait for the next). `quota` says how many of each kind to plant. Each altered event and
    each extra line has exactly one problem: the sets are drawn disjoint, and extras copy only plain events. The
    encounter-level dirt (impossible ages, unknown patients) is drawn among the encounters that arrived in the window.
    """
    until = as_of if until is None else until
    count, total = len(plan.arrival), len(flow.time)
    delay = rng.integers(0, ENQUEUE_DELAY_SECONDS + 1, total)
    enqueued = np.minimum(flow.time + delay, until)
    body_time = flow.time.copy()
    plain = np.ones(total, dtype=bool)  # events no dirt has touched yet
    planted = np.full(total, Dirt.NONE, dtype=np.int8)

    arrived = np.flatnonzero(plan.arrival >= start)
    impossible = _choose(rng, arrived, quota("impossible_age_encounters", IMPOSSIBLE_AGE_SHARE, len(arrived)))
    arrival_event = np.flatnonzero(flow.step == ARRIVAL)  # events are in time order, arrivals one per encounter
    impossible_arrival = arrival_event[np.isin(flow.encounter[arrival_event], impossible)]
    plain[impossible_arrival] = False
    planted[impossible_arrival] = Dirt.IMPOSSIBLE_AGE
    bad_age = np.where(rng.random(len(impossible)) < 0.5, -rng.integers(1, 100, len(impossible)),
                       rng.integers(121, 200, len(impossible)))

    # a device clock error: the body says 1-30 days after the hub received it; the true time is the enqueue time
    middle_step = (flow.step != ARRIVAL) & (flow.step != DISCHARGED)
    future = _choose(rng, np.flatnonzero(plain & middle_step),
                     quota("future_timestamp_events", FUTURE_TIMESTAMP_SHARE, total))
    enqueued[future] = flow.time[future]
    body_time[future] = enqueued[future] + rng.integers(FUTURE_SHIFT[0], FUTURE_SHIFT[1] + 1, len(future))
    plain[future] = False
    planted[future] = Dirt.FUTURE_TIMESTAMP

    late = _choose(rng, np.flatnonzero(plain & (flow.time <= until - LATE_DELAY[0])),
                   quota("late_events", LATE_SHARE, total))
    longest = np.minimum(LATE_DELAY[1], until - flow.time[late])
    enqueued[late] = flow.time[late] + rng.integers(LATE_DELAY[0], longest + 1)
    plain[late] = False
    planted[late] = Dirt.LATE

    encounter_piece = flow.encounter.copy()
    encounter_piece[np.isin(flow.encounter, impossible) & (flow.step == ARRIVAL)] = count + np.arange(len(impossible))
    discharged = np.flatnonzero(plan.discharge <= as_of)
    tail_of = np.full(count, NOT_DISCHARGED)
    tail_of[discharged] = 2 + np.arange(len(discharged))
    good = Lines(
        enqueued=enqueued, event_number=numbering.next_event + np.arange(total),
        encounter_number=numbering.encounters[flow.encounter], step=flow.step, time=body_time,
        patient_number=plan.patient[flow.encounter] + 1, department_piece=flow.department,
        encounter_piece=encounter_piece, tail_piece=np.where(flow.step == DISCHARGED, tail_of[flow.encounter], 0),
        dirt=planted,
    )
    next_event = numbering.next_event + total

    def fresh(rows: int) -> np.ndarray:
        nonlocal next_event
        next_event += rows
        return np.arange(next_event - rows, next_event)

    duplicated = _choose(rng, np.flatnonzero(plain & (enqueued <= until - DUPLICATE_DELAY[0])),
                         quota("duplicate_deliveries", DUPLICATE_SHARE, total))
    copies = good.take(duplicated)
    copies.enqueued = copies.enqueued + rng.integers(
        DUPLICATE_DELAY[0], np.minimum(DUPLICATE_DELAY[1], until - copies.enqueued) + 1)
    copies.dirt[:] = Dirt.DUPLICATE

    truncated = good.take(_choose(rng, np.flatnonzero(plain), quota("malformed_lines", MALFORMED_SHARE, total)))
    truncated.event_number = fresh(len(truncated.step))
    truncated.enqueued = np.minimum(truncated.enqueued + rng.integers(0, MINUTE, len(truncated.step)), until)
    truncated.tail_piece = np.full(len(truncated.step), TRUNCATED)
    truncated.dirt[:] = Dirt.MALFORMED

    # a transfer to a department nobody has, while the patient is still where they arrived
    window_end = np.minimum.reduce([plan.emergency_end, plan.ward_transfer, plan.discharge, np.full(count, as_of)])
    from_instant = np.maximum(plan.seen, start)  # seen, or the window's start for those seen in an earlier window
    room = np.flatnonzero((plan.seen < NEVER) & (window_end - from_instant >= 2 * MINUTE))
    astrology = _choose(rng, room, quota("unknown_department_events", UNKNOWN_DEPARTMENT_SHARE, total))
    at = _between(rng, from_instant[astrology] + 1, window_end[astrology] - 1, 0, 1)
    unknown_department = _extra(plan, numbering, astrology, ADMITTED_TRANSFER, at, fresh, rng, until,
                                department_piece=len(ref.departments) + plan.department[astrology],
                                dirt=Dirt.UNKNOWN_DEPARTMENT)

    closed = plan.discharge <= as_of
    early = _choose(rng, np.flatnonzero(closed & (plan.arrival >= start + 6 * HOUR)),
                    quota("discharge_before_arrival_events", DISCHARGE_BEFORE_ARRIVAL_SHARE, total))
    at = plan.arrival[early] - rng.integers(HOUR, 5 * HOUR + 1, len(early))
    before_arrival = _extra(plan, numbering, early, DISCHARGED, at, fresh, rng, until,
                            department_piece=plan.final_department[early], tail_piece=tail_of[early],
                            dirt=Dirt.DISCHARGE_BEFORE_ARRIVAL)

    # whole encounters again under fresh encounter ids, for patients the registry does not have
    touched = np.zeros(count, dtype=bool)
    touched[flow.encounter[~plain]] = True
    touched[flow.encounter[duplicated]] = True
    strangers = _choose(rng, np.flatnonzero(closed & ~touched & (plan.arrival >= start)),
                        quota("unknown_patient_encounters", UNKNOWN_PATIENT_SHARE, len(arrived)))
    events_of = np.flatnonzero(np.isin(flow.encounter, strangers))
    unknown_patient = good.take(events_of)
    unknown_patient.event_number = fresh(len(events_of))
    stranger = np.searchsorted(strangers, flow.encounter[events_of])
    unknown_patient.encounter_number = numbering.next_encounter + stranger
    unknown_patient.patient_number = 10**ids.PATIENT.width - 1 - numbering.strangers - stranger
    unknown_patient.dirt[:] = Dirt.UNKNOWN_PATIENT

    lines = Lines.stack([good, copies, truncated, unknown_department, before_arrival, unknown_patient])
    dirt, quarantine = tally(by_dirt(lines.dirt, lines.step))
    return Delivery(lines, impossible, bad_age, quarantine, dirt, next_event,
                    numbering.next_encounter + len(strangers), numbering.strangers + len(strangers))


def _extra(plan: Encounters, numbering: Numbering, encounters: np.ndarray, step: int, at: np.ndarray, fresh,
           rng: np.random.Generator, until: int, department_piece: np.ndarray, dirt: Dirt,
           tail_piece: np.ndarray | int = NOT_DISCHARGED) -> Lines:
    """One extra event per encounter, with a fresh id, enqueued as an ordinary event would be."""
    rows = len(encounters)
    return Lines(
        enqueued=np.minimum(at + rng.integers(0, ENQUEUE_DELAY_SECONDS + 1, rows), until),
        event_number=fresh(rows), encounter_number=numbering.encounters[encounters], step=np.full(rows, step),
        time=at, patient_number=plan.patient[encounters] + 1, department_piece=department_piece,
        encounter_piece=encounters, tail_piece=np.broadcast_to(tail_piece, rows).copy(),
        dirt=np.full(rows, dirt, dtype=np.int8),
    )


# ---------------------------------------------------------------------------------------------------------------------
# rendering: the JSON text of every line from a few pools and fixed-width blocks


def _pool(texts: list[str]) -> pa.Array:
    return pa.array(texts, pa.string())


def _join(*parts: pa.Array | str) -> pa.Array:
    return pc.binary_join_element_wise(*parts, "")


def _integers(values: np.ndarray) -> pa.Array:
    return pc.cast(pa.array(np.asarray(values, dtype=np.int64)), pa.string())


def _encounter_pieces(plan: Encounters, bad_age: np.ndarray, impossible: np.ndarray, providers: int) -> pa.Array:
    """`<referrer>, "age": <age>, "acuity": <acuity>, "disposition": ` per encounter, then the impossible ages."""
    referrers = _join('"', ids.PROVIDER.render(np.arange(1, providers + 1)), '"')
    referrer = pc.take(pa.concat_arrays([_pool(["null"]), referrers]), np.concatenate([plan.referrer, plan.referrer[impossible]]) + 1)
    age = _integers(np.concatenate([plan.age, bad_age]))
    acuity = pc.take(_pool([f', "acuity": {level}, "disposition": ' for level in range(1, 6)]),
                     np.concatenate([plan.acuity, plan.acuity[impossible]]))
    return _join(referrer, ', "age": ', age, acuity)


def text_pools(ref: Reference, plan: Encounters, delivery: Delivery, providers: int, as_of: int) -> dict[str, pa.Array]:
    """The texts the lines' pieces index: event types, departments, each encounter's values and each tail."""
    return {
        "step": _pool([f'{kind}", "event_time": "' for kind in EVENT_TYPES]),
        "department": _pool(
            [f'{code}", "service_line": "{line}", "referring_provider_id": ' for code, line in zip(ref.departments, ref.service_lines)]
            + [f'{UNKNOWN_DEPARTMENT}", "service_line": "{line}", "referring_provider_id": ' for line in ref.service_lines]
        ),
        "encounter": _encounter_pieces(plan, delivery.bad_age, delivery.impossible, providers),
        "tail": _tail_pieces(plan, ref, as_of),
    }


def _tail_pieces(plan: Encounters, ref: Reference, as_of: int) -> pa.Array:
    """The end of each line from `disposition`'s value on: none, truncated, then each discharge's."""
    discharged = np.flatnonzero(plan.discharge <= as_of)
    cents = plan.cost_cents[discharged]
    disposition = pc.take(_pool([f'"{code}", "total_cost": ' for code in ref.dispositions]), plan.disposition[discharged])
    hundredths = pc.take(_pool([f".{cent:02d}" for cent in range(100)]), cents % 100)
    satisfaction = pc.take(_pool([f', "satisfaction": {score}}}}}\n' for score in ["null", 1, 2, 3, 4, 5]]),
                           plan.satisfaction[discharged])
    discharges = _join(disposition, _integers(cents // 100), hundredths, satisfaction)
    return pa.concat_arrays([_pool(['null, "total_cost": null, "satisfaction": null}}\n', "\n"]), discharges])


HEAD = render.Layout(
    ', "enqueued_at": "', ("enqueued", render.ISO_WIDTH), '", "body": {"event_id": "',
    ("event", ids.FLOW_EVENT.length), '", "encounter_id": "', ("encounter", ids.ENCOUNTER.length), '", "event_type": "',
)
MIDDLE = render.Layout(
    ("time", render.ISO_WIDTH), '", "patient_id": "', ("patient", ids.PATIENT.length), '", "department": "',
)
SEQUENCE_PREFIX = '{"sequence_number": '


@dataclass
class Capture:
    """Every line the hub delivered, numbered in enqueue order; rendered to text a batch at a time.

    A batch is (sequence_number, enqueued_at, line) as event_hub.SCHEMA, `line` being the JSON
    text with its newline. Rendering batch by batch keeps the text's memory to a few batches,
    reused, however long the history; `table()` renders them all at once.
    """

    lines: Lines  # as stacked
    order: np.ndarray  # the lines' indices in the hub's order
    pools: dict[str, pa.Array]
    first_sequence: int = 0

    def __len__(self) -> int:
        return len(self.order)

    def batch(self, first: int, end: int) -> pa.RecordBatch:
        """The lines with sequence numbers first_sequence + [first, end)."""
        rows = self.order[first:end]
        sequence = self.first_sequence + np.arange(first, first + len(rows))
        lines = self.lines.take(rows)
        return pa.record_batch(
            [pa.array(sequence), pa.array(lines.enqueued, pa.timestamp("s")), self._text(lines, sequence)],
            schema=event_hub.SCHEMA,
        )

    def ranges(self, size: int = CHUNK_LINES) -> list[tuple[int, int]]:
        """[first, end) of about `size` lines each, cut where an enqueued day begins, so no day spans two."""
        days = self.lines.enqueued[self.order] // DAY
        day_starts = np.flatnonzero(np.diff(days, prepend=-1))
        cuts = np.unique(day_starts[np.searchsorted(day_starts, np.arange(0, len(self), size), side="right") - 1])
        bounds = [*cuts.tolist(), len(self)] if len(self) else [0]
        return list(itertools.pairwise(bounds))

    def batches(self, executor: Executor | None = None) -> Iterator[pa.RecordBatch]:
        """All lines, in order, a range at a time; an executor renders a few ranges ahead in parallel."""
        return event_hub.in_order(lambda bounds: self.batch(*bounds), self.ranges(), executor)

    def table(self) -> pa.Table:
        return pa.Table.from_batches(list(self.batches()), event_hub.SCHEMA)

    def bodies(self) -> tuple[Lines, pa.Array]:
        """Every line in the hub's order with its text after the sequence number, for a caller that numbers the
        lines itself (the live feed, which merges windows first); `numbered` completes the text."""
        lines = self.lines.take(self.order)
        return lines, _join(*self._pieces(lines))

    def _text(self, lines: Lines, sequence: np.ndarray) -> pa.Array:
        return _join(SEQUENCE_PREFIX, _integers(sequence), *self._pieces(lines))

    def _pieces(self, lines: Lines) -> list[pa.Array]:
        """The text of each line after its sequence number, in pieces to join."""
        rows = len(lines.step)
        head = HEAD.fill(rows)
        render.put_iso(head, HEAD.columns["enqueued"], lines.enqueued)
        ids.FLOW_EVENT.put(head, HEAD.columns["event"], lines.event_number)
        ids.ENCOUNTER.put(head, HEAD.columns["encounter"], lines.encounter_number)
        middle = MIDDLE.fill(rows)
        render.put_iso(middle, MIDDLE.columns["time"], lines.time)
        ids.PATIENT.put(middle, MIDDLE.columns["patient"], lines.patient_number)
        return [
            render.strings(head), pc.take(self.pools["step"], STEP_TYPE[lines.step]), render.strings(middle),
            pc.take(self.pools["department"], lines.department_piece),
            pc.take(self.pools["encounter"], lines.encounter_piece), pc.take(self.pools["tail"], lines.tail_piece),
        ]


def numbered(sequence: np.ndarray, bodies: pa.Array) -> pa.Array:
    """Whole lines from their sequence numbers and the rest of their text (`Capture.bodies`)."""
    return _join(SEQUENCE_PREFIX, _integers(sequence), bodies)


def capture(lines: Lines, pools: dict[str, pa.Array], first_sequence: int = 0) -> Capture:
    """The lines in the hub's order: by enqueue time, then as stacked."""
    key = (lines.enqueued - lines.enqueued.min(initial=0)) << len(lines.step).bit_length() | np.arange(len(lines.step))
    return Capture(lines, np.argsort(key, kind="stable"), pools, first_sequence)


# ---------------------------------------------------------------------------------------------------------------------
# the whole source system


@dataclass(frozen=True)
class Hospital:
    """What every window of the flow draws on: the seeds, the arrival rates, the registry's patients and providers.

    `patients` and `providers` are the registry tables (birth_date, sex; specialty, active_since);
    `registered_at` (sorted, by patient number) lets each arrival pick a patient registered by then.
    """

    ref: Reference
    rates: Rates
    registered_at: np.ndarray
    patients: pa.Table
    providers: pa.Table

    @staticmethod
    def of(registered_at: np.ndarray, patients: pa.Table, providers: pa.Table) -> Hospital:
        ref = reference()
        return Hospital(ref, arrival_rates(ref), registered_at, patients, providers)


@dataclass
class Continuation:
    """Where the hospital stands after a window, for the next window to carry on from.

    The batch's history is one window that starts from nothing; the live feed's windows each carry on from the
    one before, the first from the batch's.
    """

    start: int  # the first instant not delivered yet
    in_house: Encounters  # the encounters with steps at or after it (all planned at their arrival)
    numbering: Numbering  # of in_house, and the numbers issued so far

    @staticmethod
    def beginning(start: int) -> Continuation:
        nothing = np.zeros(0, dtype=np.int64)
        return Continuation(start, Encounters(*(nothing for _ in Encounters.__dataclass_fields__)),
                            Numbering(nothing, next_event=1, next_encounter=1, strangers=0))


@dataclass
class Window:
    """One window of the flow: arrivals in [start, as_of), the events of [start, as_of] delivered as lines."""

    arrivals: int  # encounters that arrived in the window
    events: int
    realised: dict  # as simulate_encounters measured it
    delivery: Delivery
    capture: Capture  # the delivered lines in the hub's order
    next: Continuation


def simulate_window(rng: np.random.Generator, dirty_rng: np.random.Generator, hospital: Hospital,
                    since: Continuation, as_of: int, until: int | None = None,
                    quota: Quota = at_least_one) -> Window:
    """Carry the hospital on from `since` to the as-of: the encounters in house go on, new ones arrive, the hub
    delivers every step taken in the window (nothing enqueued after `until`, default the as-of).
    """
    ref, start, carried = hospital.ref, since.start, since.numbering
    in_house = since.in_house if len(carried.encounters) else None
    arrived, realised = simulate_encounters(rng, ref, hospital.rates, start, as_of, hospital.registered_at,
                                            hospital.patients, hospital.providers, in_house)
    count = len(arrived.arrival)
    plan = arrived if in_house is None else Encounters.stack([in_house, arrived])
    numbering = Numbering(np.concatenate([carried.encounters, carried.next_encounter + np.arange(count)]),
                          carried.next_event, carried.next_encounter + count, carried.strangers)
    flow = events(plan, start, as_of)
    delivery = deliver(dirty_rng, plan, flow, ref, start, as_of, numbering, until, quota)
    pools = text_pools(ref, plan, delivery, hospital.providers.num_rows, as_of)
    staying = np.flatnonzero(plan.discharge > as_of)
    return Window(
        arrivals=count, events=len(flow.time), realised=realised, delivery=delivery,
        capture=capture(delivery.lines, pools),
        next=Continuation(as_of + 1, plan.take(staying), Numbering(
            numbering.encounters[staying], delivery.next_event, delivery.next_encounter, delivery.strangers)),
    )


@dataclass
class Simulated:
    capture: Capture
    quarantine_expected: dict[str, int]
    truth: dict
    continuation: Continuation  # where the live feed carries on from


def effects(ref: Reference, rates: Rates, realised: dict) -> dict:
    """The planted behaviour, as truth.json states it."""
    codes = ref.departments
    hour_weights, weekday_weights = _profiles(ref)
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
        "dispositions_from_emergency_by_acuity": {kind: dict(zip("12345", p)) for kind, p in DISPOSITIONS_FROM_EMERGENCY.items()},
        "dispositions_from_inpatient_by_acuity": {kind: dict(zip("12345", p)) for kind, p in DISPOSITIONS_FROM_INPATIENT.items()},
        "skilled_nursing_extra_65_plus": SKILLED_NURSING_EXTRA_65_PLUS,
        "inpatient_transfer_probability": INPATIENT_TRANSFER_PROBABILITY,
        "inpatient_transfer_target": {code: (STEP_DOWN if code == TRANSFER_TARGET else TRANSFER_TARGET) for code in codes
                                      if code != EMERGENCY},
        "patients_by_department": {code: DEPARTMENTS[code].patients for code in codes},
        "emergency_referral_share": EMERGENCY_REFERRAL_SHARE,
        "age_definition": "completed years from birth_date to the arrival date",
    }


def simulate(rng: np.random.Generator, dirty_rng: np.random.Generator, scale: float, as_of: int,
             registered_at: np.ndarray, patients: pa.Table, providers: pa.Table) -> Simulated:
    """Every line the hub delivered over the history, rendered and in enqueue order, and what truth.json says of them.

    The history is one window from nothing to the as-of (see Hospital for the registry arguments).
    """
    hospital = Hospital.of(registered_at, patients, providers)
    days = history_days(scale)
    start = as_of - days * DAY
    window = simulate_window(rng, dirty_rng, hospital, Continuation.beginning(start), as_of)
    truth = {
        "history_days": days,
        "start": clock.iso(start),
        "lines": len(window.capture),
        "events": window.events,
        "encounters": window.arrivals,
        "open_encounters": len(window.next.in_house.arrival),
        "encounters_before_patient_registration": window.realised["before_registration"],
        "effects": effects(hospital.ref, hospital.rates, window.realised),
        "dirt": {
            **window.delivery.dirt,
            "definitions": {
                "impossible_age": "the arrival event's age is negative or over 120; the encounter's other events "
                                  "carry the true age",
                "future_timestamp": "event_time is 1-30 days after enqueued_at, which is the true event time",
                "duplicate_delivery": "the same body again, enqueued 1 minute to 6 hours after the first delivery",
                "late_event": "enqueued 1-48 hours after event_time (ordinary events: 0-120 seconds)",
            },
        },
    }
    return Simulated(window.capture, window.delivery.quarantine, truth, window.next)


def land(simulated: Simulated, folder: Path, executor: Executor | None = None) -> Simulated:
    """Write the capture folder and drop capture files of days not written.

    Each range of whole days is rendered and written by one task, so with an executor the
    workers render and write side by side.
    """
    def write(bounds: tuple[int, int]) -> list[Path]:
        return event_hub.write_captures([simulated.capture.batch(*bounds)], folder)

    ranges = simulated.capture.ranges()
    written = [path for paths in (executor.map(write, ranges) if executor else map(write, ranges)) for path in paths]
    event_hub.prune(folder, written)
    simulated.truth["files"] = len(written)
    return simulated
