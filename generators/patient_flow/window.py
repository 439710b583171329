"""One window of the flow: the hospital carried on from where the last window left it to an as-of.

The batch's history is one window from nothing to the as-of (history.py); the real-time
producer (generators/live.py) carries the hospital on from there, window after window, through
the same function.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from generators.patient_flow.arrivals import Rates, arrival_rates
from generators.patient_flow.capture import Capture, capture
from generators.patient_flow.delivery import Delivery, Numbering, deliver
from generators.patient_flow.dirt import Quota, at_least_one
from generators.patient_flow.encounters import Encounters, simulate_encounters
from generators.patient_flow.events import events
from generators.patient_flow.seeds import Reference, reference
from generators.patient_flow.text import text_pools


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
    plan: Encounters  # every encounter of the window (those carried in, then the arrivals), for other domains
    encounter_numbers: np.ndarray  # the encounter number of each plan row


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
        plan=plan, encounter_numbers=numbering.encounters,
    )
