"""Case lifecycles as the clean rows tell them: order, status, owners, caseload, staleness."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import datetime, timedelta

import pytest

LIFECYCLE_ORDER = ["created", "assigned", "first_response", "docs_requested", "docs_received", "provider_contacted",
                   "insurer_contacted", "escalated", "reassigned", "resolved", "reopened"]


@pytest.fixture(scope="module")
def cases(dataset) -> dict[str, dict]:
    """Clean cases by id, each with its clean events (in time order), interactions and feedback."""
    found = {record["case_id"]: {**record, "events": [], "interactions": [], "feedback": []}
             for record in dataset.clean["cases.csv"]}
    for file_name, key in [("case_events.csv", "events"), ("interactions.csv", "interactions"),
                           ("patient_feedback.csv", "feedback")]:
        for record in dataset.clean[file_name]:
            found[record["case_id"]][key].append(record)
    for case in found.values():
        case["events"].sort(key=lambda event: (event["event_at"], LIFECYCLE_ORDER.index(event["event_type"])))
        case["metadata"] = json.loads(case["metadata_json"])
    return found


def as_of(dataset) -> str:
    return dataset.truth["as_of"].replace("T", " ")


def test_every_case_starts_with_one_created_event_and_nothing_precedes_it(cases):
    for case in cases.values():
        created = [event for event in case["events"] if event["event_type"] == "created"]
        assert [event["event_at"] for event in created] == [case["created_at"]]
        assert case["events"][0] is created[0] and created[0]["advocate_id"] == ""
        later = case["events"][1:] + case["interactions"]
        assert all((row.get("event_at") or row["occurred_at"]) > case["created_at"] for row in later)
        assert all(row["submitted_at"] > case["created_at"] for row in case["feedback"])


def test_nothing_is_dated_after_the_as_of(dataset):
    columns = {"patients.csv": "registered_at", "cases.csv": "created_at", "case_events.csv": "event_at",
               "interactions.csv": "occurred_at", "patient_feedback.csv": "submitted_at"}
    for file_name, column in columns.items():
        assert max(record[column] for record in dataset.clean[file_name]) <= as_of(dataset), file_name


def derived_status(events: list[dict]) -> str:
    kinds = [event["event_type"] for event in events]
    last = {kind: max(i for i, seen in enumerate(kinds) if seen == kind) for kind in set(kinds)}
    if "resolved" in last and last.get("reopened", -1) < last["resolved"]:
        return "resolved"
    if "reopened" in last:
        return "reopened"
    if "escalated" in last:
        return "escalated"
    if "docs_requested" in last and "docs_received" not in last:
        return "pending_docs"
    return "in_progress" if "first_response" in last else "open"


def test_status_is_read_off_the_events(cases):
    assert all(case["status"] == derived_status(case["events"]) for case in cases.values())
    assert {"in_progress", "pending_docs", "escalated", "resolved"} <= {case["status"] for case in cases.values()}


def test_handoffs_are_the_reassignments_and_the_case_owner_is_the_last_one(cases):
    for case in cases.values():
        owner = None
        for event in case["events"]:
            if event["event_type"] == "assigned":
                owner = event["advocate_id"]
            elif event["event_type"] == "reassigned":
                assert event["advocate_id"] != owner  # a handoff goes to someone else
                owner = event["advocate_id"]
            elif event["event_type"] != "created":
                assert event["advocate_id"] == owner  # the owner at the time acts
        reassigned = sum(event["event_type"] == "reassigned" for event in case["events"])
        assert case["metadata"]["handoff_count"] == reassigned
        if owner is not None:
            assert case["advocate_id"] == owner


def test_missing_documents_are_requested_and_never_arrive(cases):
    for case in cases.values():
        kinds = {event["event_type"] for event in case["events"]}
        if case["metadata"]["missing_docs"]:
            assert "docs_received" not in kinds
            if "resolved" in kinds:
                assert "docs_requested" in kinds


def test_first_interaction_is_the_outbound_first_response(cases):
    for case in cases.values():
        response = [event["event_at"] for event in case["events"] if event["event_type"] == "first_response"]
        if response:
            first = min(case["interactions"], key=lambda row: (row["occurred_at"], row["interaction_id"]))
            assert first["occurred_at"] == response[0] and first["direction"] == "outbound"


def test_reopened_cases_resolve_again_later(cases):
    ever_resolved = [case for case in cases.values() if any(e["event_type"] == "resolved" for e in case["events"])]
    reopened = [case for case in ever_resolved if any(e["event_type"] == "reopened" for e in case["events"])]
    assert 0.04 < len(reopened) / len(ever_resolved) < 0.13
    for case in reopened:
        kinds = [event["event_type"] for event in case["events"]]
        assert kinds.index("resolved") < kinds.index("reopened")
        if case["status"] == "resolved":
            assert kinds.count("resolved") == 2 and kinds[-1] == "resolved"


def test_feedback_follows_most_resolutions_within_five_days(cases):
    resolved = [case for case in cases.values() if case["status"] == "resolved"]
    surveyed = [case for case in resolved if case["feedback"]]
    assert 0.5 < len(surveyed) / len(resolved) < 0.7
    for case in surveyed:
        resolved_at = max(event["event_at"] for event in case["events"] if event["event_type"] == "resolved")
        delay = datetime.fromisoformat(case["feedback"][0]["submitted_at"]) - datetime.fromisoformat(resolved_at)
        assert timedelta(0) <= delay <= timedelta(days=5)


def test_a_few_percent_of_cases_are_active_and_some_of_them_are_stale(dataset, cases):
    active = [case for case in cases.values() if case["status"] != "resolved"]
    assert 0.01 < len(active) / len(cases) < 0.05  # a few hundred at scale 1
    stale_before = str(datetime.fromisoformat(dataset.truth["as_of"]) - timedelta(hours=48))
    last_touch = [max([case["created_at"]] + [e["event_at"] for e in case["events"]]
                      + [i["occurred_at"] for i in case["interactions"]]) for case in active]
    stale = sum(touch < stale_before for touch in last_touch)
    assert 0 < stale < len(active) / 2


def test_only_the_planted_advocates_carry_more_than_their_capacity(dataset, cases):
    active = defaultdict(int)
    for case in cases.values():
        active[case["advocate_id"]] += case["status"] != "resolved"
    planted = dataset.truth["effects"]["overloaded_advocate_ids"]
    assert len(planted) == max(1, round(0.1 * len(dataset.clean["advocates.csv"])))
    for record in dataset.clean["advocates.csv"]:
        load, capacity = active[record["advocate_id"]], int(record["capacity"])
        assert load > capacity if record["advocate_id"] in planted else load < capacity, record
    assert all(int(record["capacity"]) >= 1 for record in dataset.clean["advocates.csv"])
