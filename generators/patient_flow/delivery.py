"""The hub's delivery of a window's events: every good event once, most within two minutes, some late or with a
device clock error, then the dirty stream's extra lines (duplicates, truncated lines, transfers to a department
nobody has, discharges before the arrival, whole encounters of unknown patients), all in recorded proportions."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from generators import ids
from generators.clock import DAY, HOUR, MINUTE
from generators.common import NEVER, Numbers, between, choose
from generators.patient_flow.dirt import (
    DISCHARGE_BEFORE_ARRIVAL_SHARE,
    DUPLICATE_SHARE,
    FUTURE_TIMESTAMP_SHARE,
    IMPOSSIBLE_AGE_SHARE,
    LATE_SHARE,
    MALFORMED_SHARE,
    UNKNOWN_DEPARTMENT_SHARE,
    UNKNOWN_PATIENT_SHARE,
    Dirt,
    Quota,
    at_least_one,
)
from generators.patient_flow.encounters import Encounters
from generators.patient_flow.events import Events
from generators.patient_flow.plan import ADMITTED_TRANSFER, ARRIVAL, DISCHARGED
from generators.patient_flow.seeds import Reference
from generators.patient_flow.truth import by_dirt, tally

ENQUEUE_DELAY_SECONDS = 120
LATE_DELAY = (HOUR, 48 * HOUR)
DUPLICATE_DELAY = (MINUTE, 6 * HOUR)
FUTURE_SHIFT = (DAY, 30 * DAY)


@dataclass
class Lines:
    """Every line the hub delivers, before rendering; the pieces index the pools text.text_pools builds."""

    enqueued: np.ndarray
    event_number: np.ndarray
    encounter_number: np.ndarray
    step: np.ndarray
    time: np.ndarray  # as the body states it
    patient_number: np.ndarray
    department_piece: np.ndarray  # department (UNKNOWN_DEPARTMENT: len(departments) + service line's department)
    encounter_piece: np.ndarray  # the encounter's values (an impossible age: count + k)
    tail_piece: np.ndarray  # 0: not discharged, 1: truncated line, 2 + j: discharge of encounter j
    dirt: np.ndarray  # a Dirt

    @staticmethod
    def stack(parts: list[Lines]) -> Lines:
        """One Lines of all parts, in compact dtypes (the capture gathers from them batch by batch)."""
        return Lines(*(np.concatenate([getattr(part, name) for part in parts]).astype(dtype)
                       for name, dtype in LINE_DTYPES.items()))

    def take(self, rows: np.ndarray) -> Lines:
        return Lines(*(getattr(self, name)[rows] for name in Lines.__dataclass_fields__))


NOT_DISCHARGED, TRUNCATED = 0, 1
LINE_DTYPES = {
    "enqueued": np.int64, "event_number": np.int32, "encounter_number": np.int32, "step": np.int8, "time": np.int64,
    "patient_number": np.int32, "department_piece": np.int16, "encounter_piece": np.int32, "tail_piece": np.int32,
    "dirt": np.int8,
}


@dataclass(frozen=True)
class Numbering:
    """The numbers a window's lines carry on from: the batch starts every count at 1, a live window continues."""

    encounters: np.ndarray  # the encounter number of each plan row
    next_event: int  # the first event number not issued yet
    next_encounter: int  # the first encounter number not issued yet (the unknown patients' copies take the next)
    strangers: int  # unknown-patient ids issued so far, counted down from the largest


@dataclass
class Delivery:
    """A window's lines, what was planted in them, and the numbers the next window carries on from."""

    lines: Lines  # as stacked: the good events in event-id order, then each kind of extra line
    impossible: np.ndarray  # plan rows whose arrival line states an impossible age
    bad_age: np.ndarray  # those ages
    quarantine: dict[str, int]  # reason -> lines the warehouse should quarantine
    dirt: dict[str, int]  # truth.json's dirt counts
    next_event: int
    next_encounter: int
    strangers: int


def deliver(rng: np.random.Generator, plan: Encounters, flow: Events, ref: Reference, start: int, as_of: int,
            numbering: Numbering, until: int | None = None, quota: Quota = at_least_one) -> Delivery:
    """The hub's lines for the events of [start, as_of]: every good event once (some late, some with a device clock
    error), then the dirty extras.

    Nothing is enqueued after `until` (default: the as-of, as in the batch; a live window has no such limit and its
    lines enqueued later wait for the next). `quota` says how many of each kind to plant. Each altered event and
    each extra line has exactly one problem: the sets are drawn disjoint, and extras copy only plain events. The
    encounter-level dirt (impossible ages, unknown patients) is drawn among the encounters that arrived in the window.
    """
    until = as_of if until is None else until
    count, total = len(plan.arrival), len(flow.time)
    delay = rng.integers(0, ENQUEUE_DELAY_SECONDS + 1, total)
    enqueued = np.minimum(flow.time + delay, until)
    body_time = flow.time.copy()
    plain = np.ones(total, dtype=bool)  # events no dirt has touched yet
    planted = np.full(total, Dirt.NONE, dtype=np.int8)

    arrived = np.flatnonzero(plan.arrival >= start)
    impossible = choose(rng, arrived, quota("impossible_age_encounters", IMPOSSIBLE_AGE_SHARE, len(arrived)))
    arrival_event = np.flatnonzero(flow.step == ARRIVAL)  # events are in time order, arrivals one per encounter
    impossible_arrival = arrival_event[np.isin(flow.encounter[arrival_event], impossible)]
    plain[impossible_arrival] = False
    planted[impossible_arrival] = Dirt.IMPOSSIBLE_AGE
    bad_age = np.where(rng.random(len(impossible)) < 0.5, -rng.integers(1, 100, len(impossible)),
                       rng.integers(121, 200, len(impossible)))

    # a device clock error: the body says 1-30 days after the hub received it; the true time is the enqueue time
    middle_step = (flow.step != ARRIVAL) & (flow.step != DISCHARGED)
    future = choose(rng, np.flatnonzero(plain & middle_step),
                     quota("future_timestamp_events", FUTURE_TIMESTAMP_SHARE, total))
    enqueued[future] = flow.time[future]
    body_time[future] = enqueued[future] + rng.integers(FUTURE_SHIFT[0], FUTURE_SHIFT[1] + 1, len(future))
    plain[future] = False
    planted[future] = Dirt.FUTURE_TIMESTAMP

    late = choose(rng, np.flatnonzero(plain & (flow.time <= until - LATE_DELAY[0])),
                   quota("late_events", LATE_SHARE, total))
    longest = np.minimum(LATE_DELAY[1], until - flow.time[late])
    enqueued[late] = flow.time[late] + rng.integers(LATE_DELAY[0], longest + 1)
    plain[late] = False
    planted[late] = Dirt.LATE

    encounter_piece = flow.encounter.copy()
    encounter_piece[np.isin(flow.encounter, impossible) & (flow.step == ARRIVAL)] = count + np.arange(len(impossible))
    discharged = np.flatnonzero(plan.discharge <= as_of)
    tail_of = np.full(count, NOT_DISCHARGED)
    tail_of[discharged] = 2 + np.arange(len(discharged))
    good = Lines(
        enqueued=enqueued, event_number=numbering.next_event + np.arange(total),
        encounter_number=numbering.encounters[flow.encounter], step=flow.step, time=body_time,
        patient_number=plan.patient[flow.encounter] + 1, department_piece=flow.department,
        encounter_piece=encounter_piece, tail_piece=np.where(flow.step == DISCHARGED, tail_of[flow.encounter], 0),
        dirt=planted,
    )
    event_numbers = Numbers(numbering.next_event + total)  # the extra lines' fresh ids

    duplicated = choose(rng, np.flatnonzero(plain & (enqueued <= until - DUPLICATE_DELAY[0])),
                         quota("duplicate_deliveries", DUPLICATE_SHARE, total))
    copies = good.take(duplicated)
    copies.enqueued = copies.enqueued + rng.integers(
        DUPLICATE_DELAY[0], np.minimum(DUPLICATE_DELAY[1], until - copies.enqueued) + 1)
    copies.dirt[:] = Dirt.DUPLICATE

    truncated = good.take(choose(rng, np.flatnonzero(plain), quota("malformed_lines", MALFORMED_SHARE, total)))
    truncated.event_number = event_numbers.issue(len(truncated.step))
    truncated.enqueued = np.minimum(truncated.enqueued + rng.integers(0, MINUTE, len(truncated.step)), until)
    truncated.tail_piece = np.full(len(truncated.step), TRUNCATED)
    truncated.dirt[:] = Dirt.MALFORMED

    # a transfer to a department nobody has, while the patient is still where they arrived
    window_end = np.minimum.reduce([plan.emergency_end, plan.ward_transfer, plan.discharge, np.full(count, as_of)])
    from_instant = np.maximum(plan.seen, start)  # seen, or the window's start for those seen in an earlier window
    room = np.flatnonzero((plan.seen < NEVER) & (window_end - from_instant >= 2 * MINUTE))
    astrology = choose(rng, room, quota("unknown_department_events", UNKNOWN_DEPARTMENT_SHARE, total))
    at = between(rng, from_instant[astrology] + 1, window_end[astrology] - 1, 0, 1)
    unknown_department = _extra(plan, numbering, astrology, ADMITTED_TRANSFER, at, event_numbers, rng, until,
                                department_piece=len(ref.departments) + plan.department[astrology],
                                dirt=Dirt.UNKNOWN_DEPARTMENT)

    closed = plan.discharge <= as_of
    early = choose(rng, np.flatnonzero(closed & (plan.arrival >= start + 6 * HOUR)),
                    quota("discharge_before_arrival_events", DISCHARGE_BEFORE_ARRIVAL_SHARE, total))
    at = plan.arrival[early] - rng.integers(HOUR, 5 * HOUR + 1, len(early))
    before_arrival = _extra(plan, numbering, early, DISCHARGED, at, event_numbers, rng, until,
                            department_piece=plan.final_department[early], tail_piece=tail_of[early],
                            dirt=Dirt.DISCHARGE_BEFORE_ARRIVAL)

    # whole encounters again under fresh encounter ids, for patients the registry does not have
    touched = np.zeros(count, dtype=bool)
    touched[flow.encounter[~plain]] = True
    touched[flow.encounter[duplicated]] = True
    strangers = choose(rng, np.flatnonzero(closed & ~touched & (plan.arrival >= start)),
                        quota("unknown_patient_encounters", UNKNOWN_PATIENT_SHARE, len(arrived)))
    events_of = np.flatnonzero(np.isin(flow.encounter, strangers))
    unknown_patient = good.take(events_of)
    unknown_patient.event_number = event_numbers.issue(len(events_of))
    stranger = np.searchsorted(strangers, flow.encounter[events_of])
    unknown_patient.encounter_number = numbering.next_encounter + stranger
    unknown_patient.patient_number = 10**ids.PATIENT.width - 1 - numbering.strangers - stranger
    unknown_patient.dirt[:] = Dirt.UNKNOWN_PATIENT

    lines = Lines.stack([good, copies, truncated, unknown_department, before_arrival, unknown_patient])
    dirt, quarantine = tally(by_dirt(lines.dirt, lines.step))
    return Delivery(lines, impossible, bad_age, quarantine, dirt, event_numbers.next,
                    numbering.next_encounter + len(strangers), numbering.strangers + len(strangers))


def _extra(plan: Encounters, numbering: Numbering, encounters: np.ndarray, step: int, at: np.ndarray,
           event_numbers: Numbers, rng: np.random.Generator, until: int, department_piece: np.ndarray, dirt: Dirt,
           tail_piece: np.ndarray | int = NOT_DISCHARGED) -> Lines:
    """One extra event per encounter, with a fresh id, enqueued as an ordinary event would be."""
    rows = len(encounters)
    return Lines(
        enqueued=np.minimum(at + rng.integers(0, ENQUEUE_DELAY_SECONDS + 1, rows), until),
        event_number=event_numbers.issue(rows), encounter_number=numbering.encounters[encounters],
        step=np.full(rows, step),
        time=at, patient_number=plan.patient[encounters] + 1, department_piece=department_piece,
        encounter_piece=encounters, tail_piece=np.broadcast_to(tail_piece, rows).copy(),
        dirt=np.full(rows, dirt, dtype=np.int8),
    )
