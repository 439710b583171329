"""Who arrives: a registry patient who fits the department and was registered by then, and a referring provider."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from generators.clock import DAY
from generators.patient_flow.plan import EMERGENCY
from generators.patient_flow.seeds import Reference

PATIENT_RULES = ("any", "child", "adult", "maternal")
OLDEST_PLAUSIBLE_AGE = 120  # the warehouse's oldest_plausible_age: nobody older is picked, so no true age looks planted


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


def pick_patients(rng: np.random.Generator, arrival: np.ndarray, rule: np.ndarray, registered_at: np.ndarray,
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


def pick_referrers(rng: np.random.Generator, arrival: np.ndarray, department: np.ndarray, refers: np.ndarray,
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
