"""inventory_usage.csv: the supplies each patient-flow encounter used, by its service line's usage profile.

Each service line has a profile: the items its encounters use, the chance an encounter uses
each, and how many (one, plus a Poisson count per day of the stay). Every usage row is one
item for one encounter, stamped at a uniform instant of the stay (to the as-of for those still
in house). The items and their unit costs are the seed seeds/provider_growth/inventory__supply_items.csv.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa

from generators import ids
from generators.clock import DAY
from generators.common import timestamps

SEED = Path(__file__).resolve().parents[2] / "seeds" / "provider_growth" / "inventory__supply_items.csv"
ITEM = ids.IdFormat("SUP", 4)
USAGE = ids.IdFormat("U", 9)

# Every encounter, whatever its service line: (item, chance used, extra units per day of stay)
COMMON = (("SUP0001", 0.97, 6.0), ("SUP0003", 0.55, 1.0), ("SUP0024", 0.70, 0.8), ("SUP0025", 0.60, 0.6),
          ("SUP0028", 0.65, 0.5), ("SUP0043", 0.35, 1.5))
# Per service line (the arrival department's): the items its encounters add to the common ones
PROFILES: dict[str, tuple[tuple[str, float, float], ...]] = {
    "emergency": (("SUP0006", 0.60, 0.0), ("SUP0007", 0.60, 0.0), ("SUP0009", 0.45, 0.5), ("SUP0011", 0.60, 1.0),
                  ("SUP0013", 0.30, 0.0), ("SUP0018", 0.08, 0.0), ("SUP0036", 0.40, 0.0), ("SUP0029", 0.25, 0.0),
                  ("SUP0017", 0.25, 0.0), ("SUP0005", 0.10, 0.0)),
    "critical_care": (("SUP0002", 0.90, 3.0), ("SUP0004", 0.40, 2.0), ("SUP0006", 0.95, 0.3), ("SUP0008", 0.95, 0.8),
                      ("SUP0009", 0.90, 2.0), ("SUP0010", 0.50, 1.0), ("SUP0011", 0.95, 3.0), ("SUP0012", 0.85, 0.7),
                      ("SUP0026", 0.60, 0.2), ("SUP0036", 0.95, 1.5), ("SUP0038", 0.80, 0.2), ("SUP0039", 0.30, 0.1),
                      ("SUP0042", 0.70, 0.3), ("SUP0037", 0.05, 0.0), ("SUP0015", 0.35, 0.5)),
    "general_medicine": (("SUP0006", 0.85, 0.2), ("SUP0008", 0.70, 0.3), ("SUP0009", 0.65, 0.8),
                         ("SUP0011", 0.85, 1.5), ("SUP0014", 0.40, 0.3), ("SUP0029", 0.40, 1.0),
                         ("SUP0040", 0.25, 0.3), ("SUP0042", 0.20, 0.1)),
    "cardiovascular": (("SUP0006", 0.90, 0.2), ("SUP0008", 0.75, 0.3), ("SUP0011", 0.90, 1.5), ("SUP0036", 0.98, 2.0),
                       ("SUP0038", 0.85, 0.2), ("SUP0037", 0.08, 0.0), ("SUP0030", 0.25, 0.0), ("SUP0014", 0.50, 0.3),
                       ("SUP0040", 0.30, 0.3)),
    "oncology": (("SUP0019", 0.90, 0.8), ("SUP0020", 0.90, 0.8), ("SUP0021", 0.85, 1.0), ("SUP0022", 0.80, 0.5),
                 ("SUP0023", 0.85, 0.6), ("SUP0012", 0.80, 0.6), ("SUP0008", 0.85, 0.5), ("SUP0009", 0.85, 1.2),
                 ("SUP0011", 0.95, 2.0), ("SUP0002", 0.50, 1.0), ("SUP0026", 0.30, 0.1), ("SUP0014", 0.60, 0.4)),
    "pediatrics": (("SUP0006", 0.60, 0.1), ("SUP0011", 0.65, 0.8), ("SUP0044", 0.85, 2.0), ("SUP0041", 0.35, 0.8),
                   ("SUP0040", 0.25, 0.3), ("SUP0017", 0.30, 0.2), ("SUP0029", 0.20, 0.3)),
    "womens_health": (("SUP0045", 0.85, 0.4), ("SUP0046", 0.75, 0.0), ("SUP0047", 0.75, 0.0), ("SUP0006", 0.85, 0.1),
                      ("SUP0010", 0.70, 0.6), ("SUP0013", 0.70, 1.0), ("SUP0043", 0.90, 2.5),
                      ("SUP0002", 0.30, 0.5)),
    "musculoskeletal": (("SUP0030", 0.75, 0.0), ("SUP0031", 0.70, 0.0), ("SUP0032", 0.60, 0.0), ("SUP0033", 0.75, 0.3),
                        ("SUP0034", 0.45, 0.0), ("SUP0035", 0.45, 0.0), ("SUP0015", 0.65, 0.6),
                        ("SUP0016", 0.55, 0.4), ("SUP0006", 0.85, 0.1), ("SUP0008", 0.70, 0.3),
                        ("SUP0014", 0.50, 0.4)),
}


@dataclass(frozen=True)
class Item:
    item_id: str
    name: str
    category: str
    unit_cost: float


def items() -> list[Item]:
    """The seed's items, checked against the profiles: every profiled item must be in it."""
    with open(SEED, newline="", encoding="utf-8") as handle:
        found = [Item(row["item_id"], row["item_name"], row["category"], float(row["unit_cost"]))
                 for row in csv.DictReader(handle)]
    known = {item.item_id for item in found}
    used = {item for profile in [COMMON, *PROFILES.values()] for item, _, _ in profile}
    if used - known:
        raise ValueError(f"profiled items missing from {SEED.name}: {sorted(used - known)}")
    return found


@dataclass(frozen=True)
class Usage:
    encounter: np.ndarray  # plan row
    item: np.ndarray  # item number (SUP0001 is 1)
    quantity: np.ndarray
    used_at: np.ndarray


def usage(rng: np.random.Generator, service_line: np.ndarray, service_lines: list[str], arrival: np.ndarray,
          end: np.ndarray) -> Usage:
    """The items each encounter used (service_line indexes service_lines), during [arrival, end)."""
    days = (end - arrival) / DAY
    parts = []
    for line_number, line in enumerate(service_lines):
        rows = np.flatnonzero(service_line == line_number)
        for item, chance, per_day in COMMON + PROFILES.get(line, ()):
            used = rows[rng.random(len(rows)) < chance]
            quantity = 1 + rng.poisson(per_day * days[used])
            parts.append((used, np.full(len(used), int(item[len(ITEM.prefix):])), quantity))
    encounter, item, quantity = (np.concatenate(column) for column in zip(*parts))
    used_at = arrival[encounter] + (rng.random(len(encounter)) * (end[encounter] - arrival[encounter])).astype(np.int64)
    order = np.lexsort((item, used_at))
    return Usage(encounter[order], item[order], quantity[order], used_at[order])


def table(used: Usage, encounter_numbers: np.ndarray) -> pa.Table:
    return pa.table({
        "usage_id": USAGE.render(np.arange(1, len(used.item) + 1)),
        "encounter_id": ids.ENCOUNTER.render(encounter_numbers[used.encounter]),
        "item_id": ITEM.render(used.item),
        "quantity": pa.array(used.quantity, pa.int64()),
        "used_at": timestamps(used.used_at),
    })


def profile_summary() -> dict:
    """truth.json's account of the profiles: per service line, the items and expected units per encounter-day."""
    def described(profile: tuple[tuple[str, float, float], ...]) -> dict:
        return {item: {"chance": chance, "units": f"1 + Poisson({per_day} x days of stay)"}
                for item, chance, per_day in profile}

    return {
        "rule": "each encounter uses each item of the common profile and of its service line's (the arrival "
                "department's) with the item's chance; quantity = 1 + Poisson(units per day x length of stay in "
                "days); used_at uniform in [arrival, discharge or the as-of)",
        "common": described(COMMON),
        "by_service_line": {line: described(profile) for line, profile in PROFILES.items()},
    }
