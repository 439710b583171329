"""A value that is not of its type quarantines its line, naming the column, instead of stopping the build or
being rounded; timestamps with an offset are converted to UTC."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from fixture_builds import DIRTY_FIXTURE, publish, query

from healthcare_ops import settings


def arrival(event_id: str, **body: object) -> dict:
    """An arrival of registry patient P1 in the emergency department, with `body` overriding its values."""
    return {
        "sequence_number": 900 + int(event_id[1:]),
        "enqueued_at": "2026-10-04T12:00:00",
        "body": {
            "event_id": event_id, "encounter_id": f"N{event_id[1:]}", "event_type": "arrival",
            "event_time": "2026-10-04T10:00:00", "patient_id": "P1", "department": "emergency",
            "service_line": "emergency", "referring_provider_id": None, "age": 46, "acuity": 3,
            "disposition": None, "total_cost": None, "satisfaction": None, **body,
        },
    }


# event id -> (the arrival's odd value, the column named in the quarantine)
UNPARSEABLE = {
    "V901": ({"acuity": "high"}, "acuity"),
    "V902": ({"acuity": 3.7}, "acuity"),
    "V903": ({"event_time": 1790000000}, "reported_event_time"),
    "V904": ({"age": "forty"}, "reported_age"),
    "V905": ({"satisfaction": 4.5}, "satisfaction"),
}
# event id -> (event_time as sent, the UTC time it stands for)
OFFSETS = {
    "V911": ("2026-10-04T10:00:00+05:00", "2026-10-04 05:00:00"),
    "V912": ("2026-10-04T10:00:00Z", "2026-10-04 10:00:00"),
    "V913": ("2026-10-04T03:00:00-08:00", "2026-10-04 11:00:00"),
    "V914": ("2026-10-04T10:00:00", "2026-10-04 10:00:00"),
}


# Surveys appended to patient_feedback.csv: feedback id -> (csat, submitted_at as exported)
FEEDBACK = {
    "F90": ("4.5", "2026-10-05 10:00:00"),
    "F91": ("4", "2026-10-05 10:00:00+05:00"),
    "F92": ("4", "2026-10-05T10:00:00Z"),
    "F93": ("4", "2026-10-05 03:00:00-08:00"),
}
CSV_UNPARSEABLE = {"F90": "csat", "I90": "duration_minutes"}
CSV_UTC = {"F91": "2026-10-05 05:00:00", "F92": "2026-10-05 10:00:00", "F93": "2026-10-05 11:00:00"}
# Patients appended to patients.csv: patient id -> (registered_at as exported, the UTC time it stands for)
REGISTERED = {
    "P90": ("2024-01-05 10:00:00+05:00", "2024-01-05 05:00:00"),
    "P91": ("2024-01-05T10:00:00Z", "2024-01-05 10:00:00"),
    "P92": ("2024-01-05 10:00:00", "2024-01-05 10:00:00"),
}


@pytest.fixture(scope="module")
def odd_values_build(tmp_path_factory) -> Path:
    scratch = tmp_path_factory.mktemp("values")
    raw_dir = scratch / "raw"
    shutil.copytree(DIRTY_FIXTURE, raw_dir)
    lines = [arrival(event_id, **odd) for event_id, (odd, _) in UNPARSEABLE.items()]
    lines += [arrival(event_id, event_time=sent) for event_id, (sent, _) in OFFSETS.items()]
    (raw_dir / "patient_flow" / "capture-20261004.ndjson").write_text("".join(json.dumps(line) + "\n" for line in lines))
    with (raw_dir / "patient_feedback.csv").open("a") as feedback:
        feedback.writelines(f"{feedback_id},C1,{csat},{submitted_at},\n" for feedback_id, (csat, submitted_at) in FEEDBACK.items())
    with (raw_dir / "patients.csv").open("a") as patients:
        patients.writelines(f"{patient_id},Ann,Test,1980-01-01,F,1 St,Springfield,IL,06001,555-0190,commercial,{sent}\n"
                            for patient_id, (sent, _) in REGISTERED.items())
    with (raw_dir / "interactions.csv").open("a") as interactions:
        interactions.write("I90,C1,A1,phone,outbound,2026-10-02 12:00:00,2.5\n")
    warehouse = scratch / "warehouse.duckdb"
    result = publish(raw_dir, warehouse)
    assert result.returncode == 0, result.stdout + result.stderr
    return warehouse


def test_a_value_not_of_its_type_quarantines_its_line_naming_the_column(odd_values_build):
    rows = query(odd_values_build, """
        select record_id, reason, reason_detail from quality.quarantine
        where source_path like '%capture-20261004.ndjson'
    """)
    found = {record_id: (reason, detail) for record_id, reason, detail in rows}
    assert set(found) == set(UNPARSEABLE)
    for event_id, (_, column) in UNPARSEABLE.items():
        reason, detail = found[event_id]
        assert reason == "unparseable_value"
        assert column in detail


def test_timestamps_with_an_offset_are_converted_to_utc(odd_values_build):
    rows = dict(query(odd_values_build, f"""
        select event_id, strftime(event_time, '%Y-%m-%d %H:%M:%S') from marts.fct_patient_event
        where event_id in ({", ".join(f"'{event_id}'" for event_id in OFFSETS)})
    """))
    assert rows == {event_id: utc for event_id, (_, utc) in OFFSETS.items()}


def test_the_odd_lines_still_reconcile(odd_values_build):
    assert query(odd_values_build, "select bool_and(is_balanced) from quality.reconciliation") == [(True,)]


def test_a_csv_value_not_a_whole_number_is_quarantined_not_rounded(odd_values_build):
    rows = query(odd_values_build, f"""
        select record_id, reason, reason_detail from quality.quarantine
        where record_id in ({", ".join(f"'{record}'" for record in CSV_UNPARSEABLE)})
    """)
    assert {record: (reason, column in detail) for record, reason, detail in rows for column in [CSV_UNPARSEABLE[record]]} \
        == {record: ("unparseable_value", True) for record in CSV_UNPARSEABLE}


def test_csv_timestamps_with_an_offset_are_converted_to_utc(odd_values_build):
    rows = dict(query(odd_values_build, f"""
        select feedback_id, strftime(submitted_at, '%Y-%m-%d %H:%M:%S') from quality.chk_advocacy__patient_feedback
        where feedback_id in ({", ".join(f"'{record}'" for record in CSV_UTC)})
    """))
    assert rows == CSV_UTC


def test_registry_timestamps_with_an_offset_are_converted_to_utc(odd_values_build):
    # registered_at is kept only beside the patients' identifiers (README, "Identifiers")
    rows = dict(query(settings.identifiers_path(odd_values_build), f"""
        select patient_id, strftime(registered_at, '%Y-%m-%d %H:%M:%S') from quality.chk_registry__patients
        where patient_id in ({", ".join(f"'{patient}'" for patient in REGISTERED)})
    """))
    assert rows == {patient: utc for patient, (_, utc) in REGISTERED.items()}
