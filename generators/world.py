"""The world one seed, scale and as-of give: the registry and the patient flow's history over it.

The batch (generators/__main__.py) builds it to write it; the real-time producer
(generators/live.py) builds it again to carry the hospital on from its as-of. Both build it
here, so the live feed continues exactly the history the batch wrote.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
import pyarrow as pa

from generators import patient_flow, registry
from generators.common import dirty_stream, stream

PATIENT_FLOW = "patient_flow"  # the source's capture folder, random streams and key in truth.json

T = TypeVar("T")


def flow_streams(seed: int, window: int | None = None) -> tuple[np.random.Generator, np.random.Generator]:
    """The patient flow's stream and its dirt's: of the batch's history, or of live window number `window`."""
    name = PATIENT_FLOW if window is None else f"{PATIENT_FLOW}/live/{window}"
    return stream(seed, name), dirty_stream(seed, name)


@dataclass(frozen=True)
class World:
    registered_at: np.ndarray  # when each patient registered, sorted, by patient number
    patients: Future[pa.Table]
    providers: Future[pa.Table]
    flow: Future[patient_flow.Simulated]


def _now(make: Callable[..., T], *arguments: object) -> Future[T]:
    """make(*arguments) done here and now, as a finished future."""
    done: Future[T] = Future()
    done.set_result(make(*arguments))
    return done


def build(seed: int, scale: float, as_of: int, executor: Executor | None = None) -> World:
    """The registry, then the patient flow over it; each part draws from a stream of its own.

    With an executor the parts are built on its workers and a caller can start on one (write
    patients.csv) while the others are still being built; their bytes do not depend on which
    runs when. Without one, everything is built before this returns.
    """
    submit = executor.submit if executor is not None else _now
    registered_at = registry.registration_times(
        stream(seed, "registry/registration"), registry.patient_count(scale), as_of
    )
    patients = submit(registry.patients, stream(seed, "registry"), registered_at, as_of)
    providers = submit(registry.providers, stream(seed, "registry/providers"), registry.provider_count(scale), as_of)
    flow = submit(lambda: patient_flow.simulate(
        *flow_streams(seed), scale, as_of, registered_at, patients.result(), providers.result(),
    ))
    return World(registered_at, patients, providers, flow)
