"""Corruptions of values in well-formed lines: null and duplicate ids, unknown categories and parents, times
before their case or in the future, days that do not exist, numbers of the wrong type or out of range, and
hostile text in rows held back anyway.
"""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta

from edits import CAPTURE, Edit, HostileLine, Insert, quarantined
from hostile_rows import (
    MISSING_PATIENT,
    MISSING_PROVIDER,
    Draw,
    capture_text,
    clean_envelope,
    clean_row,
    csv_line,
    json_line,
    metadata,
    one_line,
    row_line,
    set_field,
    spoiled_envelope,
    spoiled_row,
    timestamp,
    with_offset,
    with_text,
)
from hostile_values import (
    CATEGORY_COLUMNS,
    CHILD_TIME_COLUMNS,
    CONTROL_TEXT,
    DATE_COLUMNS,
    DIFFERING,
    HUGE_TEXT,
    ID_COLUMNS,
    INTEGER_COLUMNS,
    OWN_TIME_COLUMN,
    PARENT_COLUMNS,
    SQL_LOOKING,
    TIME_COLUMNS,
)


def blank_id(raw_source: str, draw: Draw) -> list[Edit]:
    """A null id: empty or only spaces; in the stream, null or absent (an empty string: empty_string_ids)."""
    if raw_source == CAPTURE:
        choice = draw.rng.choice(["null", "absent"])

        def blank_event_id(envelope: dict) -> None:
            if choice == "absent":
                del envelope["body"]["event_id"]
            else:
                envelope["body"]["event_id"] = None

        text, _ = capture_text(draw, blank_event_id)
        return one_line(CAPTURE, quarantined(text, "missing_required"))
    row = clean_row(raw_source, draw)
    row[ID_COLUMNS[raw_source]] = draw.rng.choice(["", "   "])  # (tabs and CRs: whitespace_id)
    return one_line(raw_source, row_line(raw_source, csv_line(row, always_quote=draw.rng.random() < 0.5), row,
                                         "missing_required"))


def exact_duplicate_line(raw_source: str, draw: Draw) -> list[Edit]:
    """A clean line delivered twice, the copy after the original: the copy is held back, the original kept."""
    facts, rng = draw.facts, draw.rng
    if raw_source == CAPTURE:
        source_path = rng.choice(sorted(path for path in facts.clean_lines if path.startswith(f"{CAPTURE}/")))
    else:
        source_path = raw_source
    number = rng.choice(facts.clean_lines[source_path])
    text = facts.line(source_path, number)
    last_line = max(facts.clean_lines[source_path])
    secret = text.decode().split(",")[-3].strip('"') if raw_source == "patients.csv" else None  # the phone
    return one_line(raw_source, HostileLine(text, frozenset({"duplicate_id"}), secret),
                    capture_file=source_path.removeprefix(f"{CAPTURE}/") if raw_source == CAPTURE else None,
                    after_line=rng.randint(number, last_line))


def differing_duplicate_new_id(raw_source: str, draw: Draw) -> list[Edit]:
    """Two rows with one new id and different values: both are held back, as nobody knows which is right."""
    if raw_source == CAPTURE:
        first = clean_envelope(draw)
        second = copy.deepcopy(first)
        second["body"]["acuity"] = first["body"]["acuity"] % 5 + 1
        return [Insert(CAPTURE, (quarantined(json_line(envelope), "duplicate_id"),)) for envelope in (first, second)]
    first = clean_row(raw_source, draw)
    second = dict(first)
    column, value = DIFFERING[raw_source]
    second[column] = value
    return [Insert(raw_source, (row_line(raw_source, csv_line(row), row, "duplicate_id"),)) for row in (first, second)]


def unknown_category(raw_source: str, draw: Draw) -> list[Edit]:
    value = draw.rng.choice(["wizardry", "NULL", "🦄", "open;closed", "n/a", "Billing Disputes", "Q"])
    if raw_source == CAPTURE:
        column = draw.rng.choice(["event_type", "department", "disposition"])
        text, _ = capture_text(draw, lambda envelope: envelope["body"].update({column: value}))
        return one_line(CAPTURE, quarantined(text, "unknown_category"))
    row = clean_row(raw_source, draw)
    row[draw.rng.choice(CATEGORY_COLUMNS[raw_source])] = "wizardry" if value == "Q" else value
    return one_line(raw_source, row_line(raw_source, csv_line(row), row, "unknown_category"))


def unknown_reference(raw_source: str, draw: Draw) -> list[Edit]:
    if raw_source == CAPTURE:
        column, missing = draw.rng.choice([("patient_id", MISSING_PATIENT),
                                           ("referring_provider_id", MISSING_PROVIDER)])
        text, _ = capture_text(draw, lambda envelope: envelope["body"].update({column: missing}))
        return one_line(CAPTURE, quarantined(text, "unknown_reference"))
    row = clean_row(raw_source, draw)
    column = draw.rng.choice(sorted(PARENT_COLUMNS[raw_source]))
    row[column] = PARENT_COLUMNS[raw_source][column]
    return one_line(raw_source, row_line(raw_source, csv_line(row), row, "unknown_reference"))


def parent_quarantined(raw_source: str, draw: Draw) -> list[Edit]:
    """A new parent row, held back, and a child pointing to it (two files)."""
    parents = {
        "cases.csv": [("patients.csv", "patient_id"), ("advocates.csv", "advocate_id")],
        "case_events.csv": [("cases.csv", "case_id"), ("advocates.csv", "advocate_id")],
        "interactions.csv": [("cases.csv", "case_id"), ("advocates.csv", "advocate_id")],
        "patient_feedback.csv": [("cases.csv", "case_id")],
        # (rescheduled_from names a row of its own file: only unknown_reference applies to it)
        "appointments.csv": [("patients.csv", "patient_id"), ("providers.csv", "provider_id")],
        "appointment_feedback.csv": [("appointments.csv", "appointment_id")],
        "crm_contacts.csv": [("crm_accounts.csv", "AccountId")],
        "crm_activities.csv": [("crm_contacts.csv", "WhoId"), ("crm_accounts.csv", "WhatId")],
        "crm_opportunities.csv": [("crm_accounts.csv", "AccountId"), ("crm_contacts.csv", "ContactId")],
        "referrals.csv": [("patients.csv", "patient_id"), ("providers.csv", "referring_provider_id")],
        CAPTURE: [("patients.csv", "patient_id"), ("providers.csv", "referring_provider_id")],
    }
    parent_file, column = draw.rng.choice(parents[raw_source])
    parent, parent_reason = spoiled_row(parent_file, draw)
    parent_id = parent[ID_COLUMNS[parent_file]]
    edits: list[Edit] = one_line(parent_file, row_line(parent_file, csv_line(parent), parent, parent_reason))
    if raw_source == CAPTURE:
        text, _ = capture_text(draw, lambda envelope: envelope["body"].update({column: parent_id}))
        return edits + one_line(CAPTURE, quarantined(text, "parent_quarantined"))
    child = clean_row(raw_source, draw)
    child[column] = parent_id
    return edits + one_line(raw_source, row_line(raw_source, csv_line(child), child, "parent_quarantined"))


def before_case_created(raw_source: str, draw: Draw) -> list[Edit]:
    row = clean_row(raw_source, draw)
    case = next(case for case in draw.facts.cases if case.case_id == row["case_id"])
    early = case.created_at - timedelta(minutes=draw.rng.randint(1, 72 * 60))
    row[CHILD_TIME_COLUMNS[raw_source]] = timestamp(early, draw.rng)
    return one_line(raw_source, row_line(raw_source, csv_line(row), row, "before_case_created"))


def scheduled_before_booked(raw_source: str, draw: Draw) -> list[Edit]:
    """An appointment booked after its slot."""
    row = clean_row(raw_source, draw)
    slot = parsed_time(row["scheduled_at"])
    row["booked_at"] = timestamp(slot + timedelta(minutes=draw.rng.randint(1, 72 * 60)), draw.rng)
    return one_line(raw_source, row_line(raw_source, csv_line(row), row, "scheduled_before_booked"))


def before_appointment(raw_source: str, draw: Draw) -> list[Edit]:
    """A survey dated before the slot of the visit it rates."""
    row = clean_row(raw_source, draw)
    visit = next(visit for visit in draw.facts.appointments if visit.appointment_id == row["appointment_id"])
    row["submitted_at"] = timestamp(visit.scheduled_at - timedelta(minutes=draw.rng.randint(1, 72 * 60)), draw.rng)
    return one_line(raw_source, row_line(raw_source, csv_line(row), row, "before_appointment"))


def feedback_without_visit(raw_source: str, draw: Draw) -> list[Edit]:
    """A survey, dated after the slot, of an appointment that did not take place (cancelled, missed, ahead)."""
    row = clean_row(raw_source, draw)
    visit = draw.rng.choice(draw.facts.visits(completed=False))
    row["appointment_id"] = visit.appointment_id
    row["submitted_at"] = timestamp(visit.scheduled_at + timedelta(hours=draw.rng.randint(1, 48)), draw.rng)
    return one_line(raw_source, row_line(raw_source, csv_line(row), row, "feedback_without_visit"))


def inconsistent_opportunity(raw_source: str, draw: Draw) -> list[Edit]:
    """An opportunity whose ExpectedRevenue is not Amount x Probability / 100, or whose IsClosed / IsWon are not
    its stage's."""
    row = clean_row(raw_source, draw)
    row.update(draw.rng.choice([
        {"ExpectedRevenue": "617.27"}, {"ExpectedRevenue": "1234.50"}, {"ExpectedRevenue": ""},
        {"StageName": "Closed Won", "Probability": "100", "ExpectedRevenue": "1234.50", "IsClosed": "false"},
        {"StageName": "Closed Lost", "Probability": "0", "ExpectedRevenue": "0", "IsClosed": "true", "IsWon": "true"},
        {"IsWon": "true"},
    ]))
    return one_line(raw_source, row_line(raw_source, csv_line(row), row, "inconsistent_value"))


def outside_stay(raw_source: str, draw: Draw) -> list[Edit]:
    """A supply use dated before its encounter's arrival or after its discharge."""
    row = clean_row(raw_source, draw)
    stay = next(stay for stay in draw.facts.stays if stay.encounter_id == row["encounter_id"])
    minutes = timedelta(minutes=draw.rng.randint(1, 72 * 60))
    moment = draw.rng.choice([stay.arrived_at - minutes, stay.discharged_at + minutes])
    row["used_at"] = timestamp(moment, draw.rng)
    return one_line(raw_source, row_line(raw_source, csv_line(row), row, "outside_stay"))


def parsed_time(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("T", " "))


def offset_hides_the_order(raw_source: str, draw: Draw) -> list[Edit]:
    """A time written with an offset (+05:00): read as local time it comes after the case's creation (or the
    encounter's arrival), converted to UTC it comes before. Only a reader that converts holds the row back."""
    hours, minutes = draw.rng.randint(2, 12), draw.rng.randint(0, 50)
    if raw_source == CAPTURE:
        arrival = draw.rng.choice(draw.facts.arrivals)
        discharged_utc = arrival.arrived_at - timedelta(hours=1, minutes=minutes)
        return one_line(CAPTURE, quarantined(json_line(discharge(draw, arrival, with_offset(discharged_utc, hours))),
                                             "discharge_before_arrival"))
    row = clean_row(raw_source, draw)
    case = next(case for case in draw.facts.cases if case.case_id == row["case_id"])
    row[CHILD_TIME_COLUMNS[raw_source]] = with_offset(case.created_at - timedelta(hours=1, minutes=minutes), hours)
    return one_line(raw_source, row_line(raw_source, csv_line(row), row, "before_case_created"))


def discharge(draw: Draw, arrival, event_time: str) -> dict:
    """A discharge of an encounter that arrived (a real patient, a real encounter), at `event_time`."""
    envelope = clean_envelope(draw)
    envelope["enqueued_at"] = f"{arrival.arrived_at + timedelta(hours=draw.rng.randint(2, 30)):%Y-%m-%dT%H:%M:%S}"
    envelope["body"].update(encounter_id=arrival.encounter_id, patient_id=arrival.patient_id, event_type="discharged",
                            event_time=event_time, disposition="home", total_cost=1234.5, satisfaction=4)
    return envelope


def discharge_before_arrival(raw_source: str, draw: Draw) -> list[Edit]:
    arrival = draw.rng.choice(draw.facts.arrivals)
    early = arrival.arrived_at - timedelta(minutes=draw.rng.randint(1, 72 * 60))
    envelope = discharge(draw, arrival, f"{early:%Y-%m-%dT%H:%M:%S}")
    return one_line(CAPTURE, quarantined(json_line(envelope), "discharge_before_arrival"))


def future_timestamp(raw_source: str, draw: Draw) -> list[Edit]:
    row = clean_row(raw_source, draw)
    later = datetime.now(UTC).replace(tzinfo=None) + timedelta(days=draw.rng.randint(2, 3650))
    row[OWN_TIME_COLUMN[raw_source]] = draw.rng.choice([timestamp(later, draw.rng), f"{later:%Y-%m-%dT%H:%M:%S}Z",
                                   with_offset(later, -8), "2099-01-01 00:00:00"])
    return one_line(raw_source, row_line(raw_source, csv_line(row), row, "future_timestamp"))


def impossible_date(raw_source: str, draw: Draw) -> list[Edit]:
    """A day or a time that does not exist: 30 February, month 13, hour 25."""
    rng = draw.rng
    bad_day = rng.choice(["2026-02-30", "2026-13-01", "2026-00-10", "2026-04-31", "0000-00-00", "2025-02-29"])
    bad_time = rng.choice(["2026-06-01 25:00:00", "2026-06-01T10:61:00", "2026-06-01 10:00:60",
                           f"{bad_day} 10:00:00", f"{bad_day}T08:30:00Z"])
    if raw_source == CAPTURE:
        column = rng.choice(["event_time", "enqueued_at"])
        text, _ = capture_text(draw, lambda envelope: set_field(envelope, column, bad_time))
        return one_line(CAPTURE, quarantined(text, "unparseable_value"))
    row = clean_row(raw_source, draw)
    column = rng.choice(TIME_COLUMNS[raw_source])
    row[column] = bad_day if column in DATE_COLUMNS else bad_time
    return one_line(raw_source, row_line(raw_source, csv_line(row), row, "unparseable_value"))


def text_in_a_typed_column(raw_source: str, draw: Draw) -> list[Edit]:
    """Wrong type: words where a number or a time belongs; in the stream, JSON of another type."""
    rng = draw.rng
    if raw_source == CAPTURE:
        column, value = rng.choice([
            ("acuity", "high"), ("event_time", 1790000000), ("age", "forty"), ("enqueued_at", "yesterday"),
            ("sequence_number", "abc"), ("event_time", True), ("acuity", [3]), ("total_cost", "cheap"),
            ("satisfaction", {"score": 4}), ("event_time", "2026-10-20 at noon"),
        ])
        text, _ = capture_text(draw, lambda envelope: set_field(envelope, column, value))
        return one_line(CAPTURE, quarantined(text, "unparseable_value"))
    row = clean_row(raw_source, draw)
    column = rng.choice([*TIME_COLUMNS[raw_source], *([INTEGER_COLUMNS[raw_source]] if raw_source in INTEGER_COLUMNS
                                                    else [])])
    row[column] = rng.choice(["yesterday", "N/A", "TBD", "five", "★★★★", "none", "lots"])
    return one_line(raw_source, row_line(raw_source, csv_line(row), row, "unparseable_value"))


def non_integer(raw_source: str, draw: Draw) -> list[Edit]:
    """Not a whole number where one belongs (csat 4.5): quarantined, never rounded."""
    rng = draw.rng
    if raw_source == CAPTURE:
        column, value = rng.choice([("age", 3.7), ("acuity", 3.7), ("satisfaction", 4.5), ("sequence_number", 1.5),
                                    ("acuity", 2.5), ("age", "41.0")])
        text, _ = capture_text(draw, lambda envelope: set_field(envelope, column, value))
        return one_line(CAPTURE, quarantined(text, "unparseable_value"))
    row = clean_row(raw_source, draw)
    row[INTEGER_COLUMNS[raw_source]] = rng.choice(["4.5", "3.0", "1e1", "0x1F", "½", "4,5", "٣", "+-3", "2.", ".5"])
    return one_line(raw_source, row_line(raw_source, csv_line(row), row, "unparseable_value"))


def huge_number(raw_source: str, draw: Draw) -> list[Edit]:
    """A whole number beyond every integer type the warehouse reads into."""
    value = draw.rng.choice([10**20, 2**31, -(2**31) - 1, 10**400])
    if raw_source == CAPTURE:
        column = draw.rng.choice(["acuity", "age", "satisfaction", "sequence_number"])
        text, _ = capture_text(draw, lambda envelope: set_field(envelope, column, value))
        return one_line(CAPTURE, quarantined(text, "unparseable_value"))
    row = clean_row(raw_source, draw)
    row[INTEGER_COLUMNS[raw_source]] = str(value)
    return one_line(raw_source, row_line(raw_source, csv_line(row), row, "unparseable_value"))


def out_of_range_number(raw_source: str, draw: Draw) -> list[Edit]:
    """Negative durations, csat 0 or 6, capacity 0, a negative handoff count; acuity 9, a negative cost."""
    rng = draw.rng
    if raw_source == CAPTURE:
        column, value = rng.choice([("acuity", 0), ("acuity", 9), ("acuity", -1), ("satisfaction", 0),
                                    ("satisfaction", 6), ("total_cost", -0.01), ("total_cost", -500)])
        text, _ = capture_text(draw, lambda envelope: set_field(envelope, column, value))
        return one_line(CAPTURE, quarantined(text, "out_of_range"))
    row = clean_row(raw_source, draw)
    if raw_source == "cases.csv":
        row["metadata_json"] = metadata(handoff_count=rng.choice([-1, -20]))
    else:
        row[INTEGER_COLUMNS[raw_source]] = rng.choice({
            "advocates.csv": ["0", "-3"], "interactions.csv": ["-5", "-1", "1441", "100000"],
            "patient_feedback.csv": ["0", "6", "-1", "99"], "appointments.csv": ["0", "6", "-1"],
            "appointment_feedback.csv": ["0", "6", "-1", "99"], "inventory_usage.csv": ["0", "-1", "-40"],
        }[raw_source])
    return one_line(raw_source, row_line(raw_source, csv_line(row), row, "out_of_range"))


def impossible_birth_date(raw_source: str, draw: Draw) -> list[Edit]:
    row = clean_row(raw_source, draw)
    tomorrow = datetime.now(UTC).date() + timedelta(days=1)
    row["birth_date"] = draw.rng.choice(["2090-05-05", "1850-01-01", "1899-12-31", tomorrow.isoformat()])
    return one_line(raw_source, row_line(raw_source, csv_line(row), row, "out_of_range"))


def invalid_metadata_json(raw_source: str, draw: Draw) -> list[Edit]:
    row = clean_row(raw_source, draw)
    row["metadata_json"] = draw.rng.choice([
        "{not json", '{"handoff_count": 1', "[]", "null", "", "{'handoff_count': 1}",
        '{"complexity": "low", "missing_docs": false}',
    ])
    return one_line(raw_source, row_line(raw_source, csv_line(row), row, "invalid_json"))


def text_in_a_held_back_row(raw_source: str, draw: Draw, text: str) -> list[Edit]:
    """`text` where a file keeps free text, in a row spoiled to be held back: its raw_values must hold the text
    as it arrived, and nothing else may change."""
    if raw_source == CAPTURE:
        envelope, reason = spoiled_envelope(draw)
        envelope["body"].update(service_line=text, note=text)
        return one_line(CAPTURE, quarantined(json_line(envelope), reason))
    row, reason = spoiled_row(raw_source, draw)
    row = with_text(raw_source, row, text)
    if raw_source == "patients.csv":
        row["first_name"] = row["last_name"] = text  # identifiers: the quarantine must withhold them
    return one_line(raw_source, row_line(raw_source, csv_line(row), row, reason))


def sql_looking_strings(raw_source: str, draw: Draw) -> list[Edit]:
    return text_in_a_held_back_row(raw_source, draw, draw.rng.choice(SQL_LOOKING))


def huge_text(raw_source: str, draw: Draw) -> list[Edit]:
    return text_in_a_held_back_row(raw_source, draw, HUGE_TEXT)


def control_characters(raw_source: str, draw: Draw) -> list[Edit]:
    return text_in_a_held_back_row(raw_source, draw, draw.rng.choice(CONTROL_TEXT))


def drawn_unicode_text(raw_source: str, draw: Draw) -> list[Edit]:
    return text_in_a_held_back_row(raw_source, draw, draw.text)
