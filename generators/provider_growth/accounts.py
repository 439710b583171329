"""crm_accounts.csv: the referring practices the CRM knows, the registry's and some whose providers it lacks."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from generators.clock import DAY
from generators.common import faker_pools
from generators.provider_growth import salesforce

NON_REGISTRY_PRACTICE_SHARE = 0.30  # practices beyond the registry's, relative to the registry's count
NON_REGISTRY_SUFFIXES = ("Family Practice", "Internal Medicine Associates", "Clinic", "Health Partners",
                         "Physicians Group", "Specialty Care", "Medical Associates")
SAME_CITY_SHARE = 0.5  # of the non-registry practices, in a city where registry practices are
OTHER_TYPE_SHARE = 0.05  # accounts of type Other (e.g. a hospital-owned practice); the rest by registry membership
ACCOUNT_AGE_DAYS = (400, 9 * 365)  # how long before the as-of the account was created


@dataclass(frozen=True)
class Practices:
    """The accounts, in Id order (by CreatedDate), and where each registry provider practises."""

    name: list[str]
    city: list[str]
    state: list[str]
    in_registry: np.ndarray  # bool: some registry provider practises here
    of_provider: np.ndarray  # account of each registry provider (by provider number - 1)
    table: pa.Table


def _phone(rng: np.random.Generator, count: int) -> list[str]:
    area, exchange, line = rng.integers(201, 990, count), rng.integers(200, 1000, count), rng.integers(0, 10_000, count)
    return [f"({a}) {e}-{n:04d}" for a, e, n in zip(area.tolist(), exchange.tolist(), line.tolist())]


def practices(rng: np.random.Generator, providers: pa.Table, as_of: int) -> Practices:
    """The registry's practices (each distinct practice name, city and state) and the CRM's others."""
    keys = list(zip(providers["practice_name"].to_pylist(), providers["city"].to_pylist(),
                    providers["state"].to_pylist()))
    registry = list(dict.fromkeys(keys))  # in order of first provider
    extra = max(2, round(NON_REGISTRY_PRACTICE_SHARE * len(registry)))
    pools = faker_pools(rng, last=("last_name", extra), city=("city", extra), state=("state_abbr", extra),
                        street=("street_address", len(registry) + extra))
    suffix = rng.integers(0, len(NON_REGISTRY_SUFFIXES), extra)
    same_city = rng.random(extra) < SAME_CITY_SHARE
    borrowed = rng.integers(0, len(registry), extra)
    others = [(f"{last} {NON_REGISTRY_SUFFIXES[s]}", registry[b][1] if same else city, registry[b][2] if same else st)
              for last, s, same, b, city, st in zip(pools["last"], suffix.tolist(), same_city.tolist(),
                                                   borrowed.tolist(), pools["city"], pools["state"])]
    every = registry + others
    count = len(every)
    in_registry = np.arange(count) < len(registry)
    created = as_of - rng.integers(ACCOUNT_AGE_DAYS[0] * DAY, ACCOUNT_AGE_DAYS[1] * DAY, count)
    order = np.argsort(created, kind="stable")  # ids in creation order
    position = np.empty(count, dtype=np.int64)
    position[order] = np.arange(count)
    index = {key: position[i] for i, key in enumerate(registry)}
    of_provider = np.array([index[key] for key in keys], dtype=np.int64)

    account_type = np.where(in_registry, 0, 1)
    account_type[rng.random(count) < OTHER_TYPE_SHARE] = 2
    postal = rng.integers(1_000, 99_950, count)
    name, city, state = (list(column) for column in zip(*(every[i] for i in order)))
    table = pa.table({
        "Id": salesforce.ACCOUNT.render(np.arange(1, count + 1)),
        "Name": pa.array(name, pa.string()),
        "Type": pa.array([salesforce.ACCOUNT_TYPES[t] for t in account_type[order].tolist()], pa.string()),
        "BillingStreet": pa.array([pools["street"][i] for i in order.tolist()], pa.string()),
        "BillingCity": pa.array(city, pa.string()),
        "BillingState": pa.array(state, pa.string()),
        "BillingPostalCode": pa.array([f"{code:05d}" for code in postal[order].tolist()], pa.string()),
        "Phone": pa.array(_phone(rng, count), pa.string()),
        "CreatedDate": salesforce.created_dates(created[order]),
    })
    return Practices(name, city, state, in_registry[order], of_provider, table)
