"""The planted behaviour shows in plain group comparisons over the generated CSVs, as truth.json states it."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import datetime

import numpy as np
import pytest

CASE_TYPES = ["billing_dispute", "prior_authorization", "provider_search", "care_coordination", "claim_denial"]


@pytest.fixture(scope="module")
def frame(dataset) -> dict[str, np.ndarray]:
    """One numpy column per case measure, over the clean cases."""
    events = defaultdict(list)
    for event in dataset.clean["case_events.csv"]:
        events[event["case_id"]].append((event["event_at"], event["event_type"]))
    csat = {row["case_id"]: int(row["csat"]) for row in dataset.clean["patient_feedback.csv"]}
    as_of = datetime.fromisoformat(dataset.truth["as_of"])
    sla = dataset.truth["effects"]["sla_hours_by_case_type"]
    columns = defaultdict(list)
    for case in dataset.clean["cases.csv"]:
        created = datetime.fromisoformat(case["created_at"])
        happened = {kind: at for at, kind in sorted(events[case["case_id"]])}  # last of each kind
        first_response = min((at for at, kind in events[case["case_id"]] if kind == "first_response"), default=None)
        resolved = datetime.fromisoformat(happened["resolved"]) if case["status"] == "resolved" else None
        metadata = json.loads(case["metadata_json"])
        hours_open = ((resolved or as_of) - created).total_seconds() / 3600
        columns["case_type"].append(case["case_type"])
        columns["priority"].append(case["priority"])
        columns["complexity"].append(metadata["complexity"])
        columns["missing_docs"].append(metadata["missing_docs"])
        columns["handoffs"].append(metadata["handoff_count"])
        columns["escalated"].append("escalated" in happened)
        columns["resolution_days"].append(hours_open / 24 if resolved else np.nan)
        columns["sla_breached"].append(hours_open > sla[case["case_type"]])
        columns["response_hours"].append(
            (datetime.fromisoformat(first_response) - created).total_seconds() / 3600 if first_response else np.nan
        )
        columns["out_of_hours"].append(created.weekday() >= 5 or not 8 <= created.hour < 18)
        columns["csat"].append(csat.get(case["case_id"], np.nan))
    return {name: np.array(values) for name, values in columns.items()}


def mean(values: np.ndarray) -> float:
    return float(np.nanmean(values))


def test_mix_of_case_attributes(frame):
    assert np.mean(frame["missing_docs"]) == pytest.approx(0.20, abs=0.03)
    for column, shares in [("complexity", {"low": 0.45, "medium": 0.35, "high": 0.20}),
                           ("priority", {"low": 0.30, "medium": 0.40, "high": 0.20, "urgent": 0.10})]:
        for value, share in shares.items():
            assert np.mean(frame[column] == value) == pytest.approx(share, abs=0.03), (column, value)
    assert np.mean(frame["out_of_hours"]) == pytest.approx(0.25, abs=0.04)


def test_slow_case_types_resolve_slower_and_escalate_more(dataset, frame):
    slow = dataset.truth["effects"]["slow_case_types"]
    days = {kind: mean(frame["resolution_days"][frame["case_type"] == kind]) for kind in CASE_TYPES}
    escalation = {kind: mean(frame["escalated"][frame["case_type"] == kind]) for kind in CASE_TYPES}
    others = [kind for kind in CASE_TYPES if kind not in slow]
    for kind in slow:
        assert days[kind] > max(days[other] for other in others)
        assert escalation[kind] > max(escalation[other] for other in others)
    planted = dataset.truth["effects"]["escalation_probability_by_case_type"]
    for kind in CASE_TYPES:
        assert escalation[kind] == pytest.approx(planted[kind], abs=0.06), kind
    assert days["provider_search"] < days["billing_dispute"] < days["prior_authorization"]


def test_missing_documents_and_escalation_add_their_planted_days(dataset, frame):
    effects = dataset.truth["effects"]
    days, missing, escalated = frame["resolution_days"], frame["missing_docs"], frame["escalated"]
    assert mean(days[missing]) - mean(days[~missing]) == pytest.approx(effects["missing_docs_extra_days"], rel=0.25)
    # escalation is likelier in the slow case types, so compare within each type (small groups: a loose bound)
    within = [mean(days[escalated & same]) - mean(days[~escalated & same])
              for same in (frame["case_type"] == kind for kind in CASE_TYPES)]
    assert np.mean(within) == pytest.approx(effects["escalation_extra_days"], rel=0.5)


def test_handoffs_and_escalation_lower_csat(dataset, frame):
    effects = dataset.truth["effects"]
    scored = ~np.isnan(frame["csat"])
    csat, handoffs, escalated = frame["csat"][scored], frame["handoffs"][scored], frame["escalated"][scored]
    slope = np.polyfit(handoffs, csat, 1)[0]
    assert slope == pytest.approx(effects["csat_per_handoff"], rel=0.35)  # whole stars and clipping flatten it
    difference = csat[escalated].mean() - csat[~escalated].mean()
    assert difference == pytest.approx(effects["escalation_csat_effect"], rel=0.35)


def test_handoffs_grow_with_complexity_but_not_with_escalation(frame):
    handoffs = {level: frame["handoffs"][frame["complexity"] == level].mean() for level in ["low", "medium", "high"]}
    assert handoffs["low"] < handoffs["medium"] < handoffs["high"]
    resolved = ~np.isnan(frame["resolution_days"])
    escalated = frame["escalated"] & resolved
    assert frame["handoffs"][escalated].mean() == pytest.approx(frame["handoffs"][resolved & ~escalated].mean(), abs=0.15)


def test_escalated_cases_breach_sla_more(frame):
    escalated = frame["escalated"]
    assert frame["sla_breached"][escalated].mean() > frame["sla_breached"][~escalated].mean() + 0.1


def test_first_response_is_slower_out_of_hours_by_the_planted_factor(dataset, frame):
    hours, out = frame["response_hours"], frame["out_of_hours"]
    ratio = mean(hours[out]) / mean(hours[~out])
    assert ratio == pytest.approx(dataset.truth["effects"]["out_of_hours_response_multiplier"], rel=0.2)
    by_priority = {level: mean(hours[frame["priority"] == level]) for level in ["urgent", "high", "medium", "low"]}
    assert list(by_priority.values()) == sorted(by_priority.values())
