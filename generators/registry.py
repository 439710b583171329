"""The registry: one shared patient population and one provider population that every domain points at."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from generators import clock, ids
from generators.common import any_of, dates, draw, faker_pools, integer_text, join, labels, timestamps

PATIENTS_PER_SCALE = 20_000
PROVIDERS_PER_SCALE = 400
# Specialties of the referring and treating providers (seeds/registry/registry__specialties.csv).
SPECIALTIES = {
    "family_medicine": 0.20, "internal_medicine": 0.18, "emergency_medicine": 0.10, "cardiology": 0.10,
    "oncology": 0.08, "pediatrics": 0.10, "obstetrics_gynecology": 0.08, "orthopedics": 0.08, "critical_care": 0.08,
}
PROVIDERS_PER_PRACTICE = 5
SEXES = {"F": 0.51, "M": 0.47, "U": 0.02}
INSURANCE_UNDER_65 = {"commercial": 0.62, "medicare": 0.03, "medicaid": 0.25, "self_pay": 0.06, "tricare": 0.04}
INSURANCE_65_PLUS = {"commercial": 0.12, "medicare": 0.78, "medicaid": 0.06, "self_pay": 0.02, "tricare": 0.02}
APARTMENT_SHARE = 0.15
REGISTRATION_YEARS = 6


def patient_count(scale: float) -> int:
    return round(PATIENTS_PER_SCALE * scale)


def provider_count(scale: float) -> int:
    return max(10, round(PROVIDERS_PER_SCALE * scale))


def _digits(numbers: np.ndarray, width: int) -> pa.Array:
    return pc.utf8_lpad(integer_text(numbers), width, "0")


def registration_times(rng: np.random.Generator, count: int, as_of: int) -> np.ndarray:
    """When each patient registered, in patient-number order; other domains use it to pick registered patients."""
    return np.sort(rng.integers(as_of - REGISTRATION_YEARS * 365 * clock.DAY, as_of, count))


def patients(rng: np.random.Generator, registered_at: np.ndarray, as_of: int) -> pa.Table:
    """patients.csv: ids issued in registration order, so P0000001 registered first."""
    count = len(registered_at)
    pools = faker_pools(
        rng, female_first=("first_name_female", 200), male_first=("first_name_male", 200), last=("last_name", 600),
        street=("street_name", 300), city=("city", 100), state=("state_abbr", 100),
    )
    first_names = pools["female_first"] + pools["male_first"]
    sex = draw(rng, SEXES, count)
    # F and M get a first name of their pool; U any of the 400
    first = rng.integers(0, 200, count) + np.where(sex == 1, 200, 0) \
        + np.where(sex == 2, rng.integers(0, 2, count) * 200, 0)

    as_of_day = as_of // clock.DAY
    age_days = rng.integers(0, 96 * 365, count)
    insurance = np.where(
        age_days >= 65 * 365, draw(rng, INSURANCE_65_PLUS, count), draw(rng, INSURANCE_UNDER_65, count)
    )

    # each city has a fixed state and a 3-digit zip prefix (some below 100, so zips keep leading zeros)
    city = rng.integers(0, len(pools["city"]), count)
    zip_prefix = rng.integers(5, 1000, len(pools["city"]))
    apartment = np.where(rng.random(count) < APARTMENT_SHARE, rng.integers(1, 40, count), -1)
    street = join(
        integer_text(rng.integers(1, 10_000, count)), " ", any_of(rng, pools["street"], count),
        pc.fill_null(join(", Apt ", pc.cast(pa.array(apartment, mask=apartment < 0), pa.string())), ""),
    )
    phone = join(
        integer_text(rng.integers(201, 990, count)), "-", integer_text(rng.integers(200, 1000, count)), "-",
        _digits(rng.integers(0, 10_000, count), 4),
    )
    return pa.table({
        "patient_id": ids.PATIENT.render(np.arange(1, count + 1)),
        "first_name": labels(first_names, first),
        "last_name": any_of(rng, pools["last"], count),
        "birth_date": dates(as_of_day - age_days),
        "sex": labels(list(SEXES), sex),
        "street": street,
        "city": labels(pools["city"], city),
        "state": labels(pools["state"], city),
        "zip": _digits(zip_prefix[city] * 100 + rng.integers(0, 100, count), 5),
        "phone": phone,
        "insurance_type": labels(list(INSURANCE_UNDER_65), insurance),
        "registered_at": timestamps(registered_at),
    })


def providers(rng: np.random.Generator, count: int, as_of: int) -> pa.Table:
    """providers.csv: physicians who refer and treat patients; CRM and telemedicine records point at them too."""
    pools = faker_pools(
        rng, first=("first_name", 300), last=("last_name", 600),
        practice=("last_name", count // PROVIDERS_PER_PRACTICE + 1), city=("city", 60), state=("state_abbr", 60),
    )
    practice = rng.integers(0, len(pools["practice"]), count)
    city = rng.integers(0, len(pools["city"]), len(pools["practice"]))[practice]  # a practice sits in one city
    name = join("Dr. ", any_of(rng, pools["first"], count), " ", any_of(rng, pools["last"], count))
    return pa.table({
        "provider_id": ids.PROVIDER.render(np.arange(1, count + 1)),
        "name": name,
        # NPIs are 10 digits starting with 1; drawn without repeats so each identifies one provider
        "npi": integer_text(1_000_000_000 + rng.choice(999_999_999, size=count, replace=False)),
        "specialty": labels(list(SPECIALTIES), draw(rng, SPECIALTIES, count)),
        "practice_name": join(labels(pools["practice"], practice), " Medical Group"),
        "city": labels(pools["city"], city),
        "state": labels(pools["state"], city),
        "active_since": dates(as_of // clock.DAY - rng.integers(365, 30 * 365, count)),
    })
