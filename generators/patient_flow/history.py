"""The batch's history: one window of the flow from nothing to the as-of, landed as daily capture files, with
what truth.json says of it."""

from __future__ import annotations

from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa

from generators.clock import DAY
from generators.patient_flow import truth
from generators.patient_flow.capture import Capture
from generators.patient_flow.encounters import Encounters
from generators.patient_flow.plan import history_days
from generators.patient_flow.window import Continuation, Hospital, simulate_window


@dataclass
class Simulated:
    capture: Capture
    quarantine_expected: dict[str, int]
    truth: dict
    continuation: Continuation  # where the live feed carries on from
    hospital: Hospital  # what it carries on with
    encounters: Encounters  # every good encounter of the history (provider growth's supplies and referrals)


def simulate(rng: np.random.Generator, dirty_rng: np.random.Generator, scale: float, as_of: int,
             registered_at: np.ndarray, patients: pa.Table, providers: pa.Table) -> Simulated:
    """Every line the hub delivered over the history, rendered and in enqueue order, and what truth.json says of them.

    The history is one window from nothing to the as-of (see Hospital for the registry arguments).
    """
    hospital = Hospital.of(registered_at, patients, providers)
    days = history_days(scale)
    start = as_of - days * DAY
    window = simulate_window(rng, dirty_rng, hospital, Continuation.beginning(start), as_of)
    return Simulated(window.capture, window.delivery.quarantine, truth.history(hospital, window, days, start),
                     window.next, hospital, window.plan)


def land(simulated: Simulated, folder: Path, executor: Executor | None = None) -> Simulated:
    """Write the capture folder (see Capture.land) and count its files in truth.json."""
    simulated.truth["files"] = len(simulated.capture.land(folder, executor))
    return simulated
