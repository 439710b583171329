"""Reference data: the dbt seeds, read at run time and checked against the plan, and the plan laid out by them."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from generators.patient_flow.plan import (
    ARRIVAL_PROFILES,
    DEPARTMENTS,
    DISPOSITIONS_FROM_EMERGENCY,
    DISPOSITIONS_FROM_INPATIENT,
    EMERGENCY,
    EVENT_TYPES,
    HOME,
    LWBS,
)

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


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
    """The seeds, checked against what this package plants: a seed row without a plan here is an error."""
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
        specialty_service_line={row["specialty"]: row["service_line"]
                                for row in _seed("registry/registry__specialties.csv")},
        dispositions=dispositions,
    )


def plans(ref: Reference, field: str) -> np.ndarray:
    """A DepartmentPlan field of each department, in the seed's order."""
    return np.array([getattr(DEPARTMENTS[code], field) for code in ref.departments], dtype=float)


def profiles(ref: Reference) -> tuple[np.ndarray, np.ndarray]:
    """(department, 24) hour weights and (department, 7) weekday weights."""
    hours, weekdays = zip(*(ARRIVAL_PROFILES[DEPARTMENTS[code].arrivals] for code in ref.departments))
    return np.array(hours), np.array(weekdays)
