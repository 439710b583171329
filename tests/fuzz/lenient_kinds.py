"""Corruptions the warehouse was once found to let through or to stop on, since fixed but for those in
corruptions.BUGS, which are kept out of the batch and run on their own as strict xfails.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from edits import CAPTURE, Edit, quarantined
from hostile_rows import Draw, capture_text, clean_row, csv_line, metadata, one_line, row_line
from hostile_values import DATE_COLUMNS, ID_COLUMNS, OWN_TIME_COLUMN, TIME_COLUMNS


def whitespace_id(raw_source: str, draw: Draw) -> list[Edit]:
    """An id of only a tab, or a CR inside quotes: as blank as one of spaces, which is missing_required."""
    row = clean_row(raw_source, draw)
    row[ID_COLUMNS[raw_source]] = draw.rng.choice(["\t", " \t ", "\r"])
    return one_line(raw_source, row_line(raw_source, csv_line(row), row, "missing_required"))


def empty_string_ids(raw_source: str, draw: Draw) -> list[Edit]:
    """An id sent as "", as spaces or as a tab: empty, as an empty CSV field is (an event_type or department
    sent so is missing_required already)."""
    column = draw.rng.choice(["event_id", "encounter_id", "patient_id"])
    value = draw.rng.choice(["", "  ", "\t"])
    text, _ = capture_text(draw, lambda envelope: envelope["body"].update({column: value}))
    return one_line(CAPTURE, quarantined(text, "missing_required"))


def arrival_without_encounter_id(raw_source: str, draw: Draw) -> list[Edit]:
    """An arrival whose encounter_id is null or absent: missing_required, like any other event's."""
    absent = draw.rng.random() < 0.5

    def remove(envelope: dict) -> None:
        if absent:
            del envelope["body"]["encounter_id"]
        else:
            envelope["body"]["encounter_id"] = None

    text, _ = capture_text(draw, remove)
    return one_line(CAPTURE, quarantined(text, "missing_required"))


def json_trailing_comma(raw_source: str, draw: Draw) -> list[Edit]:
    """An object or array closed after a comma, `{"a": 1, }`: not JSON (RFC 8259)."""
    if raw_source == CAPTURE:
        text, _ = capture_text(draw)
        return one_line(CAPTURE, quarantined(text[:-1] + draw.rng.choice([", }", ",}"]), "invalid_json"))
    row = clean_row(raw_source, draw)
    row["metadata_json"] = row["metadata_json"].replace("]", ", ]", 1) if draw.rng.random() < 0.5 \
        else row["metadata_json"][:-1] + ",}"
    return one_line(raw_source, row_line(raw_source, csv_line(row), row, "invalid_json"))


def handoff_count_not_whole(raw_source: str, draw: Draw) -> list[Edit]:
    """metadata_json's handoff_count must be a whole number (README): 1.5 is not 2."""
    row = clean_row(raw_source, draw)
    row["metadata_json"] = metadata(handoff_count=draw.rng.choice([1.5, 2.5, 0.4]))
    return one_line(raw_source, row_line(raw_source, csv_line(row), row, "invalid_json"))


def metadata_value_of_the_wrong_type(raw_source: str, draw: Draw) -> list[Edit]:
    """metadata_json whose missing_docs is not true/false, or whose handoff_count is a word (README: invalid_json)."""
    row = clean_row(raw_source, draw)
    shape = json.loads(row["metadata_json"])
    shape.update(draw.rng.choice([{"missing_docs": "maybe"}, {"handoff_count": "three"}]))
    row["metadata_json"] = json.dumps(shape)
    return one_line(raw_source, row_line(raw_source, csv_line(row), row, "invalid_json"))


def non_finite_json_number(raw_source: str, draw: Draw) -> list[Edit]:
    """NaN and Infinity are not JSON (RFC 8259), bare or as text where a cost belongs."""
    value = draw.rng.choice(["NaN", "Infinity", '"NaN"', '"Infinity"', "1e999", '"1e999"'])
    text, _ = capture_text(draw, lambda envelope: envelope["body"].update(total_cost="<COST>"))
    return one_line(CAPTURE, quarantined(text.replace('"<COST>"', value), "invalid_json", "unparseable_value"))


def timestamp_outside_the_contract(raw_source: str, draw: Draw) -> list[Edit]:
    """Text the contract does not call a timestamp (`YYYY-MM-DD HH:MM:SS`, or with a T, in UTC or with an offset
    `Z`, `+05:00`, `-08:00`), on a row otherwise clean: 'epoch', '-infinity', slashes, an offset of 25 hours,
    a time zone's name."""
    if raw_source == CAPTURE:
        moment = draw.rng.choice(draw.facts.arrivals).arrived_at + timedelta(minutes=draw.rng.randint(1, 600))
        value = draw.rng.choice(outside_the_contract(moment))
        text, _ = capture_text(draw, lambda envelope: envelope["body"].update(event_time=value))
        return one_line(CAPTURE, quarantined(text, "unparseable_value"))
    row = clean_row(raw_source, draw)
    column = OWN_TIME_COLUMN[raw_source]
    case = next((case for case in draw.facts.cases if case.case_id == row.get("case_id")), draw.facts.cases[0])
    row[column] = draw.rng.choice(outside_the_contract(case.created_at + timedelta(hours=3)))
    return one_line(raw_source, row_line(raw_source, csv_line(row), row, "unparseable_value"))


def outside_the_contract(moment: datetime) -> list[str]:
    return ["epoch", "-infinity", f"{moment:%Y/%m/%d %H:%M:%S}", f"{moment:%Y-%m-%d %H:%M:%S}+25:00",
            f"{moment:%Y-%m-%d %H:%M:%S} PST", f"{moment:%Y-%m-%d %H:%M:%S} Europe/Paris"]


def date_outside_the_contract(raw_source: str, draw: Draw) -> list[Edit]:
    """A date column given a timestamp followed by words, a BC date, 'epoch' or slashes."""
    row = clean_row(raw_source, draw)
    column = next(column for column in TIME_COLUMNS[raw_source] if column in DATE_COLUMNS)
    row[column] = draw.rng.choice(["2001-05-01 10:00:00 garbage", "2001-05-01 10:00:00 BC", "epoch", "2001/05/01"])
    return one_line(raw_source, row_line(raw_source, csv_line(row), row, "unparseable_value"))
