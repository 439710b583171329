"""The JSON text of every capture line, built from a few pools and fixed-width blocks rather than line by line.

A line is its sequence number, then pieces: a fixed-width head (enqueue time, event and
encounter ids), the event type, a fixed-width middle (event time, patient id), and the
department's, the encounter's and the tail's text, each taken from a pool by index.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from generators import ids, render
from generators.common import integer_text, join
from generators.patient_flow.delivery import Delivery, Lines
from generators.patient_flow.dirt import UNKNOWN_DEPARTMENT
from generators.patient_flow.encounters import Encounters
from generators.patient_flow.plan import EVENT_TYPES, STEP_TYPE
from generators.patient_flow.seeds import Reference

HEAD = render.Layout(
    ', "enqueued_at": "', ("enqueued", render.ISO_WIDTH), '", "body": {"event_id": "',
    ("event", ids.FLOW_EVENT.length), '", "encounter_id": "', ("encounter", ids.ENCOUNTER.length), '", "event_type": "',
)
MIDDLE = render.Layout(
    ("time", render.ISO_WIDTH), '", "patient_id": "', ("patient", ids.PATIENT.length), '", "department": "',
)
SEQUENCE_PREFIX = '{"sequence_number": '


def _pool(texts: list[str]) -> pa.Array:
    return pa.array(texts, pa.string())


def _encounter_pieces(plan: Encounters, bad_age: np.ndarray, impossible: np.ndarray, providers: int) -> pa.Array:
    """`<referrer>, "age": <age>, "acuity": <acuity>, "disposition": ` per encounter, then the impossible ages."""
    referrers = join('"', ids.PROVIDER.render(np.arange(1, providers + 1)), '"')
    referrer = pc.take(pa.concat_arrays([_pool(["null"]), referrers]),
                       np.concatenate([plan.referrer, plan.referrer[impossible]]) + 1)
    age = integer_text(np.concatenate([plan.age, bad_age]))
    acuity = pc.take(_pool([f', "acuity": {level}, "disposition": ' for level in range(1, 6)]),
                     np.concatenate([plan.acuity, plan.acuity[impossible]]))
    return join(referrer, ', "age": ', age, acuity)


def _tail_pieces(plan: Encounters, ref: Reference, as_of: int) -> pa.Array:
    """The end of each line from `disposition`'s value on: none, truncated, then each discharge's."""
    discharged = np.flatnonzero(plan.discharge <= as_of)
    cents = plan.cost_cents[discharged]
    disposition = pc.take(_pool([f'"{code}", "total_cost": ' for code in ref.dispositions]),
                          plan.disposition[discharged])
    hundredths = pc.take(_pool([f".{cent:02d}" for cent in range(100)]), cents % 100)
    satisfaction = pc.take(_pool([f', "satisfaction": {score}}}}}\n' for score in ["null", 1, 2, 3, 4, 5]]),
                           plan.satisfaction[discharged])
    discharges = join(disposition, integer_text(cents // 100), hundredths, satisfaction)
    return pa.concat_arrays([_pool(['null, "total_cost": null, "satisfaction": null}}\n', "\n"]), discharges])


def text_pools(ref: Reference, plan: Encounters, delivery: Delivery, providers: int, as_of: int) -> dict[str, pa.Array]:
    """The texts the lines' pieces index: event types, departments, each encounter's values and each tail."""
    return {
        "step": _pool([f'{kind}", "event_time": "' for kind in EVENT_TYPES]),
        "department": _pool(
            [f'{code}", "service_line": "{line}", "referring_provider_id": '
             for code, line in zip(ref.departments, ref.service_lines)]
            + [f'{UNKNOWN_DEPARTMENT}", "service_line": "{line}", "referring_provider_id": '
               for line in ref.service_lines]
        ),
        "encounter": _encounter_pieces(plan, delivery.bad_age, delivery.impossible, providers),
        "tail": _tail_pieces(plan, ref, as_of),
    }


def pieces(lines: Lines, pools: dict[str, pa.Array]) -> list[pa.Array]:
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
        render.strings(head), pc.take(pools["step"], STEP_TYPE[lines.step]), render.strings(middle),
        pc.take(pools["department"], lines.department_piece),
        pc.take(pools["encounter"], lines.encounter_piece), pc.take(pools["tail"], lines.tail_piece),
    ]


def numbered(sequence: np.ndarray, *rest: pa.Array) -> pa.Array:
    """Whole lines from their sequence numbers and the rest of their text (`pieces`, or those pieces joined)."""
    return join(SEQUENCE_PREFIX, integer_text(sequence), *rest)
