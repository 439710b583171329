"""Patient advocacy: advocates, cases, case events, interactions and feedback, simulated per case with numpy.

Every case gets a planned lifecycle (all times as int64 seconds; NEVER for a step it does not take).
Only what happened by the as-of is exported, and each case's status is read off those steps.
The drivers of the planted effects are drawn independently of one another, so a plain
group comparison in the warehouse recovers each one; their sizes go to truth.json.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from generators import clock, ids
from generators.common import NEVER, any_of, between, dates, draw, faker_pools, join, labels, lognormal, timestamps

ADVOCATES_PER_SCALE = 40
CASES_PER_SCALE = 12_000


@dataclass(frozen=True)
class CaseType:
    share: float
    resolution_median_days: float
    escalation_probability: float
    sla_hours: int
    provider_contact_probability: float
    insurer_contact_probability: float


CASE_TYPES = {
    "billing_dispute": CaseType(0.28, 5.0, 0.09, 168, 0.2, 0.7),
    "prior_authorization": CaseType(0.22, 9.0, 0.30, 168, 0.6, 0.95),
    "provider_search": CaseType(0.18, 3.0, 0.08, 120, 0.9, 0.2),
    "care_coordination": CaseType(0.17, 6.0, 0.10, 168, 0.8, 0.3),
    "claim_denial": CaseType(0.15, 10.0, 0.28, 240, 0.3, 0.95),
}
SLOW_CASE_TYPES = ["prior_authorization", "claim_denial"]
PRIORITIES = {"low": 0.30, "medium": 0.40, "high": 0.20, "urgent": 0.10}
FIRST_RESPONSE_MEDIAN_HOURS = np.array([6.0, 4.0, 2.0, 1.0])  # by PRIORITIES order
COMPLEXITIES = {"low": 0.45, "medium": 0.35, "high": 0.20}
HANDOFF_RATE = np.array([0.3, 0.8, 1.4])  # Poisson mean of reassignments, by COMPLEXITIES order
MAX_HANDOFFS = 6
TEAMS = ("billing", "authorizations", "navigation", "care_coordination")
STATUSES = ("open", "in_progress", "pending_docs", "escalated", "reopened", "resolved")
EVENT_TYPES = (
    "created", "assigned", "first_response", "docs_requested", "docs_received", "provider_contacted",
    "insurer_contacted", "escalated", "reassigned", "resolved", "reopened",
)
CHANNELS = {"phone": 0.40, "email": 0.25, "sms": 0.10, "portal": 0.15, "video": 0.10}
CALL_MEDIAN_MINUTES = np.array([12.0, 4.0, 1.0, 3.0, 25.0])  # by CHANNELS order
INBOUND_SHARE = 0.45

INTAKE_SOURCES = {"phone": 0.35, "web": 0.25, "email": 0.15, "referral": 0.15, "chat": 0.10}
BARRIERS = {"language": 0.12, "transportation": 0.10, "cost": 0.25, "health_literacy": 0.10, "digital_access": 0.08}
DOCUMENTS = {
    "insurance_card": 0.6, "eob": 0.3, "denial_letter": 0.2, "medical_records": 0.3, "referral_form": 0.15,
    "itemized_bill": 0.25,
}
SUPPORT_FLAGS = {"interpreter_needed": 0.08, "caregiver_involved": 0.20, "vulnerable_population": 0.15}

RESOLUTION_SIGMA = 0.4
FIRST_RESPONSE_SIGMA = 0.5
OUT_OF_HOURS_RESPONSE_MULTIPLIER = 2.5
ESCALATION_EXTRA_DAYS = 3.0
MISSING_DOCS_SHARE = 0.20
MISSING_DOCS_EXTRA_DAYS = 4.0
OTHER_DOCS_REQUEST_SHARE = 0.25  # cases without missing docs that still ask for (and get) a document
REOPEN_SHARE = 0.08
CSAT_BASE = 4.4
CSAT_PER_HANDOFF = -0.35
ESCALATION_CSAT_EFFECT = -0.9
CSAT_NOISE = 0.6
FEEDBACK_SHARE = 0.60
OVERLOADED_SHARE = 0.10
OVERLOADED_INTAKE_WEIGHT = 3
CAPACITY_HEADROOM = (1.2, 1.6)

COMMENTS_BY_CSAT = {
    1: ["Nobody called me back.", "Still not fixed, very frustrating.", "Passed around, had to repeat everything", ""],
    2: ["Took far too long.", "Slow, and I had to chase every step", "Confusing process.", ""],
    3: ["OK in the end.", "Resolved, but slowly", "Fine, I guess", ""],
    4: ["Helpful, quick", "Good follow-up.", "Thanks for sorting the bill.", ""],
    5: ["Excellent, thank you!", "Very helpful and kind", "Fast, clear, friendly", "Above and beyond.", ""],
}


def effects(overloaded_ids: list[str]) -> dict:
    """The planted behaviour, as truth.json states it."""
    return {
        "resolution_median_days_by_case_type": {name: t.resolution_median_days for name, t in CASE_TYPES.items()},
        "resolution_lognormal_sigma": RESOLUTION_SIGMA,
        "slow_case_types": SLOW_CASE_TYPES,
        "escalation_probability_by_case_type": {name: t.escalation_probability for name, t in CASE_TYPES.items()},
        "escalation_extra_days": ESCALATION_EXTRA_DAYS,
        "missing_docs_share": MISSING_DOCS_SHARE,
        "missing_docs_extra_days": MISSING_DOCS_EXTRA_DAYS,
        "handoff_poisson_mean_by_complexity": dict(zip(COMPLEXITIES, HANDOFF_RATE.tolist())),
        "csat_per_handoff": CSAT_PER_HANDOFF,
        "escalation_csat_effect": ESCALATION_CSAT_EFFECT,
        "sla_hours_by_case_type": {name: t.sla_hours for name, t in CASE_TYPES.items()},
        "first_response_median_hours_by_priority": dict(zip(PRIORITIES, FIRST_RESPONSE_MEDIAN_HOURS.tolist())),
        "out_of_hours_response_multiplier": OUT_OF_HOURS_RESPONSE_MULTIPLIER,
        "out_of_hours_definition": clock.OUT_OF_HOURS_DEFINITION,
        "reopen_share": REOPEN_SHARE,
        "overloaded_advocate_ids": overloaded_ids,
    }


def _case_type_array(field: str) -> np.ndarray:
    return np.array([getattr(t, field) for t in CASE_TYPES.values()], dtype=float)


def _maybe(happens: np.ndarray, at: np.ndarray) -> np.ndarray:
    return np.where(happens, at, NEVER)


def _bits(rng: np.random.Generator, probabilities: dict[str, float], size: int) -> np.ndarray:
    """A bitmask per row: bit i set with the i-th probability."""
    chosen = rng.random((size, len(probabilities))) < np.fromiter(probabilities.values(), dtype=float)
    return chosen @ (1 << np.arange(len(probabilities)))


def _subset(options: list[str], mask: int) -> list[str]:
    return [option for i, option in enumerate(options) if mask >> i & 1]


def _json_objects(fields: list[tuple[str, list[str], np.ndarray]]) -> pa.Array:
    """One JSON object per row from (key, JSON text of each possible value, index of each row's value) triples.

    Only the few possible values are encoded; each row picks its fragments, and one join builds the objects.
    """
    fragments = []
    for i, (key, values, chosen) in enumerate(fields):
        opening, closing = ("{" if i == 0 else ", "), ("}" if i == len(fields) - 1 else "")
        fragments.append(labels([f"{opening}{json.dumps(key)}: {value}{closing}" for value in values], chosen))
    return join(*fragments)


def _advocates(rng: np.random.Generator, count: int, as_of: int) -> tuple[pa.Table, np.ndarray]:
    pools = faker_pools(rng, first=("first_name", 200), last=("last_name", 300))
    name = join(any_of(rng, pools["first"], count), " ", any_of(rng, pools["last"], count))
    # hired before the year of cases began, so every advocate could own any case
    hired_days = as_of // clock.DAY - rng.integers(400, 10 * 365, count)
    overloaded = np.zeros(count, dtype=bool)
    overloaded[rng.choice(count, size=max(1, round(OVERLOADED_SHARE * count)), replace=False)] = True
    table = pa.table({
        "advocate_id": ids.ADVOCATE.render(np.arange(1, count + 1)),
        "name": name,
        "team": labels(TEAMS, rng.integers(0, len(TEAMS), count)),
        "hired_at": dates(hired_days),
    })
    return table, overloaded


@dataclass
class Lifecycle:
    """The plan of every case (row i = case number i + 1); step instants are NEVER for steps a case does not take."""

    as_of: int
    created: np.ndarray
    patient: np.ndarray
    case_type: np.ndarray
    priority: np.ndarray
    complexity: np.ndarray
    missing_docs: np.ndarray
    escalates: np.ndarray
    handoffs: np.ndarray  # planned reassignments
    owners: np.ndarray  # (cases, MAX_HANDOFFS + 1): initial owner, then the owner after each reassignment
    reassigned_at: np.ndarray  # (cases, MAX_HANDOFFS), sorted per row
    response: np.ndarray
    final_resolved: np.ndarray
    steps: list[tuple[str, np.ndarray]]  # (event type, instant per case), reassignments included
    status: np.ndarray  # index into STATUSES, at the as-of
    handoffs_done: np.ndarray  # reassignments made by the as-of

    @cached_property
    def _reassignment_keys(self) -> tuple[np.ndarray, np.ndarray, int]:
        """Every planned reassignment as one sorted (case, instant) key, and where each case's keys start."""
        made = self.reassigned_at < NEVER
        start = int(self.created.min(initial=0))
        keys = (np.nonzero(made)[0] << 32) + (self.reassigned_at[made] - start)
        return keys, np.cumsum(self.handoffs) - self.handoffs, start

    def owner_at(self, case: np.ndarray, at: np.ndarray) -> np.ndarray:
        """Who owns `case` at `at`: the initial owner moved along by each reassignment made by then."""
        keys, first, start = self._reassignment_keys
        moves = np.searchsorted(keys, (case << 32) + (at - start), side="right") - first[case]
        return self.owners[case, moves]

    def owner_now(self) -> np.ndarray:
        return self.owners[np.arange(len(self.created)), self.handoffs_done]

    def active_caseload(self, n_advocates: int) -> np.ndarray:
        """Unresolved cases per advocate, counted for the owner at the as-of."""
        return np.bincount(self.owner_now()[self.status != STATUSES.index("resolved")], minlength=n_advocates)


def _plan(rng: np.random.Generator, count: int, rotation: np.ndarray, n_advocates: int, as_of: int,
          patient_registered_at: np.ndarray) -> Lifecycle:
    """Draw every case's attributes and planned steps, then read off what had happened by the as-of."""
    case = np.arange(count)
    created = clock.sample_times(rng, count, as_of - 365 * clock.DAY, as_of)
    registered = np.maximum(np.searchsorted(patient_registered_at, created, side="right"), 1)
    patient = (rng.random(count) * registered).astype(np.int64)
    case_type = draw(rng, {name: t.share for name, t in CASE_TYPES.items()}, count)
    priority = draw(rng, PRIORITIES, count)
    complexity = draw(rng, COMPLEXITIES, count)
    missing_docs = rng.random(count) < MISSING_DOCS_SHARE
    escalates = rng.random(count) < _case_type_array("escalation_probability")[case_type]
    handoffs = np.minimum(rng.poisson(HANDOFF_RATE[complexity]), MAX_HANDOFFS)

    # following the dispatch rotation in created order spreads any window of recent cases evenly
    owners = np.empty((count, MAX_HANDOFFS + 1), dtype=np.int64)
    owners[:, 0] = rotation[case % len(rotation)]
    for k in range(MAX_HANDOFFS):  # each reassignment goes to someone other than the current owner
        owners[:, k + 1] = (owners[:, k] + rng.integers(1, n_advocates, count)) % n_advocates

    response_hours = lognormal(rng, FIRST_RESPONSE_MEDIAN_HOURS[priority], FIRST_RESPONSE_SIGMA)
    response_hours *= np.where(clock.is_out_of_hours(created), OUT_OF_HOURS_RESPONSE_MULTIPLIER, 1.0)
    response = created + np.maximum((response_hours * clock.HOUR).astype(np.int64), 2)
    assigned = between(rng, created, response, 0.05, 0.4).clip(created + 1, response - 1)
    resolution_days = (
        lognormal(rng, _case_type_array("resolution_median_days")[case_type], RESOLUTION_SIGMA)
        + ESCALATION_EXTRA_DAYS * escalates + MISSING_DOCS_EXTRA_DAYS * missing_docs
    )
    resolved = np.maximum(created + (resolution_days * clock.DAY).astype(np.int64), response + clock.HOUR)
    reopens = rng.random(count) < REOPEN_SHARE
    reopened = _maybe(reopens, resolved + (rng.uniform(1, 10, count) * clock.DAY).astype(np.int64))
    resolved_again = _maybe(
        reopens, reopened + (lognormal(rng, np.full(count, 3.0), 0.5) * clock.DAY).astype(np.int64)
    )
    docs_requested = _maybe(
        missing_docs | (rng.random(count) < OTHER_DOCS_REQUEST_SHARE), between(rng, response, resolved, 0.05, 0.4)
    )
    # missing documents never arrive: that wait is what MISSING_DOCS_EXTRA_DAYS stands for
    docs_received = _maybe((docs_requested < NEVER) & ~missing_docs, between(rng, docs_requested, resolved, 0.1, 0.6))
    provider_contacted = _maybe(
        rng.random(count) < _case_type_array("provider_contact_probability")[case_type],
        between(rng, response, resolved, 0.05, 0.95),
    )
    insurer_contacted = _maybe(
        rng.random(count) < _case_type_array("insurer_contact_probability")[case_type],
        between(rng, response, resolved, 0.05, 0.95),
    )
    escalated = _maybe(escalates, between(rng, response, resolved, 0.1, 0.6))
    # sorted uniform instants in the working window; columns past the case's handoff count stay NEVER
    planned = np.arange(MAX_HANDOFFS) < handoffs[:, None]
    fractions = np.sort(np.where(planned, rng.uniform(0.05, 0.95, (count, MAX_HANDOFFS)), 2.0), axis=1)
    reassigned_at = np.where(
        fractions < 2, response[:, None] + ((resolved - response)[:, None] * fractions).astype(np.int64), NEVER
    )

    def done(at: np.ndarray) -> np.ndarray:
        return at <= as_of

    status = np.select(
        [
            done(resolved) & ~done(reopened) | done(resolved_again),
            done(reopened),
            done(escalated),
            done(docs_requested) & ~done(docs_received),
            done(response),
        ],
        [STATUSES.index(status) for status in ("resolved", "reopened", "escalated", "pending_docs", "in_progress")],
        default=STATUSES.index("open"),
    )
    return Lifecycle(
        as_of=as_of, created=created, patient=patient, case_type=case_type, priority=priority, complexity=complexity,
        missing_docs=missing_docs, escalates=escalates, handoffs=handoffs, owners=owners, reassigned_at=reassigned_at,
        response=response, final_resolved=np.where(reopens, resolved_again, resolved),
        steps=[
            ("created", created), ("assigned", assigned), ("first_response", response),
            ("docs_requested", docs_requested), ("docs_received", docs_received),
            ("provider_contacted", provider_contacted), ("insurer_contacted", insurer_contacted),
            ("escalated", escalated), ("resolved", resolved), ("reopened", reopened), ("resolved", resolved_again),
        ] + [("reassigned", reassigned_at[:, k]) for k in range(MAX_HANDOFFS)],
        status=status,
        handoffs_done=done(reassigned_at).sum(axis=1),
    )


def _capacity(rng: np.random.Generator, plan: Lifecycle, overloaded: np.ndarray) -> np.ndarray:
    """Capacity a little above the normal advocates' mean active caseload, so only the overloaded exceed theirs."""
    active = plan.active_caseload(len(overloaded))
    headroom = rng.uniform(*CAPACITY_HEADROOM, len(overloaded))
    capacity = np.maximum(2, np.round(active[~overloaded].mean() * headroom)).astype(np.int64)
    # the rotation keeps normal caseloads near their mean; this makes the pattern exact rather than likely:
    # normal advocates below capacity, overloaded ones above it whenever they hold 2+ active cases
    return np.where(overloaded, np.maximum(1, np.minimum(capacity, active - 1)), np.maximum(capacity, active + 1))


def _cases(rng: np.random.Generator, plan: Lifecycle, case_ids: pa.Array, advocate_ids: pa.Array) -> pa.Table:
    count = len(plan.created)
    metadata = _json_objects([
        ("intake_source", [json.dumps(source) for source in INTAKE_SOURCES], draw(rng, INTAKE_SOURCES, count)),
        ("barriers", [json.dumps(_subset(list(BARRIERS), mask)) for mask in range(1 << len(BARRIERS))],
         _bits(rng, BARRIERS, count)),
        ("handoff_count", [str(handoffs) for handoffs in range(MAX_HANDOFFS + 1)], plan.handoffs_done),
        ("complexity", [json.dumps(level) for level in COMPLEXITIES], plan.complexity),
        ("submitted_documents", [json.dumps(_subset(list(DOCUMENTS), mask)) for mask in range(1 << len(DOCUMENTS))],
         _bits(rng, DOCUMENTS, count)),
        ("support_flags", [json.dumps({flag: bool(mask >> i & 1) for i, flag in enumerate(SUPPORT_FLAGS)})
                           for mask in range(1 << len(SUPPORT_FLAGS))], _bits(rng, SUPPORT_FLAGS, count)),
        ("missing_docs", ["false", "true"], plan.missing_docs),
    ])
    return pa.table({
        "case_id": case_ids,
        "patient_id": ids.PATIENT.render(plan.patient + 1),
        "advocate_id": labels(advocate_ids, plan.owner_now()),
        "case_type": labels(list(CASE_TYPES), plan.case_type),
        "priority": labels(list(PRIORITIES), plan.priority),
        "status": labels(STATUSES, plan.status),
        "created_at": timestamps(plan.created),
        "metadata_json": metadata,
    })


def _chronological(at: np.ndarray, case: np.ndarray, kind: np.ndarray) -> np.ndarray:
    """Row order by time, then case, then kind (< 32), from one packed int64 key (np.lexsort is ~7x slower)."""
    case_bits = int(case.max(initial=0)).bit_length()
    return np.argsort(((at - at.min(initial=0)) << case_bits | case) << 5 | kind)


def _events(plan: Lifecycle, case_ids: pa.Array, advocate_ids: pa.Array) -> pa.Table:
    """Each step a case took by the as-of, stacked and put in time order; the acting advocate is the owner then."""
    case, at, kind, advocate = [], [], [], []
    for name, instants in plan.steps:
        happened = np.flatnonzero(instants <= plan.as_of)
        case.append(happened)
        at.append(instants[happened])
        kind.append(np.full(len(happened), EVENT_TYPES.index(name)))
        # a reassignment counts itself, so its advocate is the new owner; nobody acts on `created`
        advocate.append(np.full(len(happened), -1) if name == "created" else plan.owner_at(happened, at[-1]))
    case, at, kind, advocate = map(np.concatenate, (case, at, kind, advocate))
    order = _chronological(at, case, kind)
    case, at, kind, advocate = case[order], at[order], kind[order], advocate[order]
    return pa.table({
        "event_id": ids.EVENT.render(np.arange(1, len(order) + 1)),
        "case_id": pc.take(case_ids, case),
        "event_type": labels(EVENT_TYPES, kind),
        "event_at": timestamps(at),
        "advocate_id": labels(advocate_ids, advocate),
    })


def _interactions(rng: np.random.Generator, plan: Lifecycle, case_ids: pa.Array, advocate_ids: pa.Array) -> pa.Table:
    """About 2 + 0.4 per planned day per case: the outbound first response, the rest spread to the final resolution."""
    per_case = 1 + rng.poisson(1 + 0.4 * (plan.final_resolved - plan.created) / clock.DAY)
    case = np.repeat(np.arange(len(per_case)), per_case)
    first = np.zeros(len(case), dtype=bool)
    first[np.cumsum(per_case) - per_case] = True
    at = np.where(first, plan.response[case], between(rng, plan.response[case], plan.final_resolved[case], 0, 1))
    channel = draw(rng, CHANNELS, len(case))
    inbound = ~first & (rng.random(len(case)) < INBOUND_SHARE)
    minutes = np.minimum(lognormal(rng, CALL_MEDIAN_MINUTES[channel], 0.6).astype(np.int64), 240)
    kept = np.flatnonzero(at <= plan.as_of)
    advocate = plan.owner_at(case[kept], at[kept])  # before sorting by time: case order keeps lookups local
    order = _chronological(at[kept], case[kept], channel[kept])
    kept, advocate = kept[order], advocate[order]
    case, at = case[kept], at[kept]
    return pa.table({
        "interaction_id": ids.INTERACTION.render(np.arange(1, len(kept) + 1)),
        "case_id": pc.take(case_ids, case),
        "advocate_id": labels(advocate_ids, advocate),
        "channel": labels(list(CHANNELS), channel[kept]),
        "direction": labels(("outbound", "inbound"), inbound[kept]),
        "occurred_at": timestamps(at),
        "duration_minutes": pa.array(minutes[kept]),
    })


def _feedback(rng: np.random.Generator, plan: Lifecycle, case_ids: pa.Array) -> pa.Table:
    """A survey 0-5 days after the final resolution for some resolved cases; the comment fits the score."""
    count = len(plan.created)
    csat = np.clip(
        np.round(CSAT_BASE + CSAT_PER_HANDOFF * plan.handoffs + ESCALATION_CSAT_EFFECT * plan.escalates
                 + rng.normal(0, CSAT_NOISE, count)),
        1, 5,
    ).astype(np.int64)
    submitted = plan.final_resolved + rng.integers(0, 5 * clock.DAY, count)
    surveyed = np.flatnonzero((rng.random(count) < FEEDBACK_SHARE) & (submitted <= plan.as_of))
    surveyed = surveyed[np.argsort(submitted[surveyed], kind="stable")]
    pools = [COMMENTS_BY_CSAT[score] for score in range(1, 6)]
    first = np.cumsum([0] + [len(pool) for pool in pools])  # where each score's comments start
    comment = first[csat - 1] + (rng.random(count) * np.diff(first)[csat - 1]).astype(np.int64)
    return pa.table({
        "feedback_id": ids.FEEDBACK.render(np.arange(1, len(surveyed) + 1)),
        "case_id": pc.take(case_ids, surveyed),
        "csat": pa.array(csat[surveyed]),
        "submitted_at": timestamps(submitted[surveyed]),
        "comment": labels([comment for pool in pools for comment in pool], comment[surveyed]),
    })


def simulate(rng: np.random.Generator, scale: float, as_of: int, patient_registered_at: np.ndarray,
             emit: Callable[[str, pa.Table], object]) -> dict:
    """Hand the five advocacy tables to `emit` (file name, table) as each is built; return the planted effects.

    Emitting table by table lets the caller write one file while the next is built.
    `patient_registered_at` (sorted, by patient number) lets each case pick a patient registered by then.
    """
    advocates, overloaded = _advocates(rng, max(5, round(ADVOCATES_PER_SCALE * scale)), as_of)
    # a dispatch rotation in which overloaded advocates take OVERLOADED_INTAKE_WEIGHT turns
    rotation = rng.permutation(np.repeat(np.arange(len(overloaded)), np.where(overloaded, OVERLOADED_INTAKE_WEIGHT, 1)))
    plan = _plan(rng, round(CASES_PER_SCALE * scale), rotation, len(overloaded), as_of, patient_registered_at)

    capacity = _capacity(rng, plan, overloaded)
    emit("advocates.csv", advocates.add_column(3, "capacity", pa.array(capacity)))
    advocate_ids = advocates["advocate_id"].combine_chunks()
    case_ids = ids.CASE.render(np.arange(1, len(plan.created) + 1))
    emit("cases.csv", _cases(rng, plan, case_ids, advocate_ids))
    emit("case_events.csv", _events(plan, case_ids, advocate_ids))
    emit("interactions.csv", _interactions(rng, plan, case_ids, advocate_ids))
    emit("patient_feedback.csv", _feedback(rng, plan, case_ids))

    over_capacity = plan.active_caseload(len(overloaded)) > capacity
    return effects(pc.filter(advocate_ids, pa.array(over_capacity)).to_pylist())
