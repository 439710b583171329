"""The patient-flow landing contract: capture files, the envelope and body, order, references, and the dirt truth lists."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date, datetime, timedelta

from flow_data import (
    BODY_KEYS,
    DEPARTMENTS,
    DISPOSITIONS,
    ENVELOPE_KEYS,
    FLOW_ORDER,
    SEQUENCE,
    SPECIALTY_SERVICE_LINE,
    completed_years,
)

ISO = r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}"
PATTERNS = {"event_id": r"V\d{9}", "encounter_id": r"N\d{8}", "patient_id": r"P\d{7}",
            "referring_provider_id": r"D\d{6}", "event_time": ISO}


def test_one_capture_file_per_enqueued_day_and_no_temporary_files(flow, dataset):
    folder = dataset.out / "patient_flow"
    assert sorted(path.name for path in folder.iterdir()) == [path.name for path in flow.files]
    assert len(flow.files) == flow.truth["patient_flow"]["files"]
    for line in flow.good_lines():
        assert line.file == f"capture-{line.enqueued_at:%Y%m%d}.ndjson"
    for path in flow.files:
        assert path.read_bytes().endswith(b"\n")
    assert flow.truth["patient_flow"]["history_days"] == max(14, round(365 * flow.truth["scale"]))


def test_every_readable_line_is_the_envelope_with_all_body_keys_in_order(flow):
    for line in flow.lines:
        if line.envelope is None:
            continue
        assert list(line.envelope) == ENVELOPE_KEYS
        assert list(line.body) == BODY_KEYS
        # one JSON object per line, spaced as json.dumps spaces it, costs with two decimals
        expected = json.dumps(line.envelope)
        if line.body["total_cost"] is not None:
            cost = line.body["total_cost"]
            expected = expected.replace(f'"total_cost": {json.dumps(cost)}', f'"total_cost": {cost:.2f}')
        assert line.text == expected + "\n"
        assert isinstance(line.envelope["sequence_number"], int)
        assert re.fullmatch(ISO, line.envelope["enqueued_at"])


def test_good_bodies_have_the_contract_types(flow):
    for line in flow.good_lines():
        body = line.body
        for key, pattern in PATTERNS.items():
            assert body[key] is None and key == "referring_provider_id" or re.fullmatch(pattern, body[key]), (key, body)
        assert body["event_type"] in FLOW_ORDER
        assert body["service_line"] == DEPARTMENTS[body["department"]]["service_line"]
        assert isinstance(body["age"], int) and body["acuity"] in {1, 2, 3, 4, 5}
        discharged = body["event_type"] == "discharged"
        assert (body["disposition"] in DISPOSITIONS) if discharged else body["disposition"] is None
        if discharged:
            assert re.search(r'"total_cost": \d+\.\d{2}, ', line.text)  # always two decimals
            assert body["satisfaction"] is None or body["satisfaction"] in {1, 2, 3, 4, 5}
        else:
            assert body["total_cost"] is None and body["satisfaction"] is None


def test_sequence_numbers_count_up_in_the_hubs_order_across_files(flow):
    numbers = [int(SEQUENCE.match(line.text).group(1)) for line in flow.lines]  # truncated lines keep their start
    assert numbers == list(range(len(flow.lines)))
    enqueued = [line.enqueued_at for line in flow.lines if line.envelope]
    assert enqueued == sorted(enqueued)


def test_lines_are_truth_rows_and_the_bad_ones_are_exactly_those_truth_lists(flow):
    assert flow.truth["rows"]["patient_flow"] == len(flow.lines)
    assert dict(flow.reasons()) == flow.truth["quarantine_expected"]["patient_flow"]
    assert all(len(line.problems) <= 1 for line in flow.lines)
    assert all(count >= 1 for count in flow.reasons().values())


def test_the_dirt_that_is_corrected_rather_than_quarantined_matches_truth(flow):
    dirt, flags = flow.truth["patient_flow"]["dirt"], flow.flags()
    assert flags["impossible_age"] == dirt["impossible_age_encounters"]
    assert flags["future_timestamp"] == dirt["future_timestamp_events"]
    assert flags["late"] == dirt["late_events"]
    assert all(len(line.flags) <= 1 for line in flow.lines)
    events = flow.truth["patient_flow"]["events"]
    for name, share in [("impossible_age_encounters", 0.005 * len(flow.encounters) / events),
                        ("future_timestamp_events", 0.003), ("duplicate_deliveries", 0.01), ("late_events", 0.02)]:
        assert abs(dirt[name] / events - share) < 0.1 * share + 1 / events, name
    for line in flow.good_lines():
        if "impossible_age" in line.flags:
            assert line.body["event_type"] == "arrival"
        if "future_timestamp" in line.flags:
            assert line.body["event_type"] not in ("arrival", "discharged")
            assert timedelta(days=1) <= datetime.fromisoformat(line.body["event_time"]) - line.enqueued_at \
                <= timedelta(days=30)
        if "late" in line.flags:
            assert line.enqueued_at - datetime.fromisoformat(line.body["event_time"]) <= timedelta(hours=48)
        if not line.flags:
            assert timedelta(0) <= line.enqueued_at - datetime.fromisoformat(line.body["event_time"]) \
                <= timedelta(seconds=120)


def test_duplicates_are_the_same_body_delivered_again_later(flow):
    first = {}
    for line in flow.lines:
        if line.envelope and not line.problems:
            first[line.body["event_id"]] = line
    duplicates = [line for line in flow.lines if line.problems == ["duplicate_id"]]
    assert duplicates
    for line in duplicates:
        original = first[line.body["event_id"]]
        assert timedelta(minutes=1) <= line.enqueued_at - original.enqueued_at <= timedelta(hours=6)
    assert any(line.file != first[line.body["event_id"]].file for line in duplicates)  # some land in a later file


def test_nothing_is_dated_after_the_as_of(flow):
    for line in flow.lines:
        if line.envelope:
            assert line.enqueued_at <= flow.as_of
            if "future_timestamp" not in line.flags:
                assert datetime.fromisoformat(line.body["event_time"]) <= flow.as_of


def test_each_encounter_runs_in_flow_order(flow):
    for encounter in flow.encounters.values():
        kinds = [event["event_type"] for event in encounter.events]
        times = [event["event_time"] for event in encounter.events]
        assert kinds[0] == "arrival" and kinds.count("arrival") == 1, kinds
        assert times == sorted(times) and len(set(times)) == len(times)  # strictly increasing
        assert kinds.count("discharged") <= 1 and ("discharged" not in kinds or kinds[-1] == "discharged")
        assert kinds == sorted(kinds, key=FLOW_ORDER.index), kinds
        assert kinds[1:2] in (["triage"], []), kinds
        if "admitted" in kinds:
            assert "seen_by_provider" in kinds
        # the same patient, referrer, age and acuity on every event
        for key in ["patient_id", "referring_provider_id", "age", "acuity"]:
            assert len({event[key] for event in encounter.events}) == 1, (key, encounter.encounter_id)


def test_later_events_carry_the_department_the_patient_is_in(flow):
    for encounter in flow.encounters.values():
        current = encounter.arrival["department"]
        for event in encounter.events[1:]:
            if event["event_type"] == "transferred":
                assert event["department"] != current
                current = event["department"]
            assert event["department"] == current, encounter.encounter_id
    emergency_admissions = [encounter for encounter in flow.encounters.values()
                            if encounter.arrival["department"] == "emergency" and encounter.first("admitted")]
    assert emergency_admissions
    for encounter in emergency_admissions:  # admitted in the emergency department, then moved upstairs
        assert encounter.first("admitted")["department"] == "emergency"
        moved = encounter.first("transferred")
        assert moved is None or moved["department"] != "emergency"


def test_every_clean_event_points_at_registry_patients_and_providers(flow, dataset):
    patients = {record["patient_id"]: record for record in dataset.clean["patients.csv"]}
    providers = {record["provider_id"]: record for record in dataset.clean["providers.csv"]}
    for encounter in flow.encounters.values():
        arrival = encounter.arrival
        arrived = datetime.fromisoformat(arrival["event_time"])
        patient = patients[arrival["patient_id"]]
        assert patient["registered_at"] <= arrival["event_time"].replace("T", " ")  # registered by then
        if arrival["referring_provider_id"] is not None:
            active_since = providers[arrival["referring_provider_id"]]["active_since"]
            assert date.fromisoformat(active_since) <= arrived.date()
    assert flow.truth["patient_flow"]["encounters_before_patient_registration"] == 0
    unknown = [line for line in flow.lines if line.problems == ["unknown_reference"]]
    assert {line.body["patient_id"] for line in unknown}.isdisjoint(patients)


def test_ages_are_completed_years_from_the_birth_date_except_the_planted_ones(flow, dataset):
    born = {record["patient_id"]: date.fromisoformat(record["birth_date"]) for record in dataset.clean["patients.csv"]}
    planted = 0
    for encounter in flow.encounters.values():
        arrival = encounter.arrival
        expected = completed_years(born[arrival["patient_id"]], date.fromisoformat(arrival["event_time"][:10]))
        assert arrival["age"] == expected, encounter.encounter_id
        if encounter.planted_age is not None:
            planted += 1
            assert encounter.planted_age < 0 or encounter.planted_age > 120
    assert planted == flow.truth["patient_flow"]["dirt"]["impossible_age_encounters"]


def test_departments_take_the_patients_they_are_for(flow, dataset):
    sex = {record["patient_id"]: record["sex"] for record in dataset.clean["patients.csv"]}
    for encounter in flow.encounters.values():
        age = encounter.arrival["age"]
        for department in {event["department"] for event in encounter.events}:
            if department == "pediatrics":
                assert age < 18
            elif department == "maternity":
                assert sex[encounter.arrival["patient_id"]] == "F" and 16 <= age <= 45
            elif department in ("medical_surgical", "cardiology", "oncology", "orthopedics"):
                assert age >= 18


def test_referrers_match_the_department_where_the_registry_has_one(flow, dataset):
    specialty = {record["provider_id"]: record["specialty"] for record in dataset.clean["providers.csv"]}
    referred = Counter()
    for encounter in flow.encounters.values():
        arrival = encounter.arrival
        if arrival["department"] == "emergency":
            referred["emergency", arrival["referring_provider_id"] is not None] += 1
            continue
        assert arrival["referring_provider_id"] is not None  # admitted directly: always referred
        referred["matching", SPECIALTY_SERVICE_LINE[specialty[arrival["referring_provider_id"]]] == arrival["service_line"]] += 1
    share = referred["emergency", True] / (referred["emergency", True] + referred["emergency", False])
    assert abs(share - 0.30) < 0.03
    assert referred["matching", True] > 0.8 * (referred["matching", True] + referred["matching", False])
