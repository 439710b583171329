"""Hospital patient flow: encounters simulated per department with numpy, landed as Event Hub capture files.

The hospital has a fixed size (the beds in seeds/patient_flow), so the scale stretches the
history, not the density. Every encounter gets a planned timeline; only what happened by the
as-of becomes events. The hub delivers each event as one NDJSON line, in enqueue order, with a
dirty stream's extra and late lines in recorded proportions; all sizes go to truth.json.

A module per job, each building on the ones before it:

    plan        what the hospital is: departments, stays, transfers, dispositions, the flow's steps
    seeds       the dbt seeds, read and checked against the plan
    arrivals    arrival rates from beds, stays and the target occupancy; the arrival instants
    patients    who arrives: a registry patient and a referring provider per arrival
    encounters  each encounter's timeline: waits, stays, transfers, discharge, cost, satisfaction
    events      the steps taken within a window
    dirt        the kinds of bad line, their shares and quotas
    delivery    the hub's lines: good events (some late or with a wrong clock), then the dirty extras
    text        the lines' JSON text, from pools and fixed-width blocks
    capture     the lines in the hub's order, rendered a range at a time and landed one file per day
    truth       what truth.json says: the planted effects, the dirt and the quarantine expected
    window      the hospital carried on through one window, from where the last one left it
    history     the batch: one window from nothing to the as-of

The batch (generators/__main__.py) and the real-time producer (generators/live.py) build the
registry and this history with generators/world.py; the producer then carries the hospital on,
window after window, through `simulate_window`.
"""

from generators.patient_flow.dirt import Dirt
from generators.patient_flow.history import Simulated, land, simulate
from generators.patient_flow.patients import NoPatient
from generators.patient_flow.plan import EVENT_TYPES
from generators.patient_flow.text import numbered
from generators.patient_flow.truth import by_dirt, tally
from generators.patient_flow.window import Continuation, Hospital, Window, simulate_window

__all__ = [
    "EVENT_TYPES", "Continuation", "Dirt", "Hospital", "NoPatient", "Simulated", "Window", "by_dirt", "land",
    "numbered", "simulate", "simulate_window", "tally",
]
