"""The steps the encounters' plans take within a window, as events in event-id order."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from generators.common import NEVER
from generators.patient_flow.encounters import Encounters
from generators.patient_flow.plan import (
    ADMITTED,
    ADMITTED_TRANSFER,
    ARRIVAL,
    DISCHARGED,
    SEEN,
    TRIAGE,
    WARD_TRANSFER,
)


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
