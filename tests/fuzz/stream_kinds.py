"""Corruptions only an event stream has: JSON of the wrong shape or syntax, required fields missing,
redeliveries in a new envelope, a capture file that starts with a byte order mark.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta

from edits import CAPTURE, Edit, Insert, quarantined
from hostile_rows import Draw, capture_text, json_line, one_line, spoiled_envelope


def json_of_the_wrong_shape(raw_source: str, draw: Draw) -> list[Edit]:
    """JSON, but not an envelope: nothing the event needs is there. The rules call that missing_required; a
    reader that calls a non-object line invalid_json is taken as right too."""
    _, envelope = capture_text(draw)
    text = draw.rng.choice([
        "[]", "[1, 2, 3]", '"just a string"', "42", "null", "true",
        json.dumps({**envelope, "body": json.dumps(envelope["body"])}),  # the body encoded twice
        json.dumps({**envelope, "body": [envelope["body"]]}),
    ])
    return one_line(CAPTURE, quarantined(text, "missing_required", "invalid_json"))


def required_field_missing(raw_source: str, draw: Draw) -> list[Edit]:
    column = draw.rng.choice(["event_id", "encounter_id", "event_type", "event_time", "patient_id", "department",
                              "enqueued_at"])
    how = draw.rng.choice(["absent", "null"])

    def remove(envelope: dict) -> None:
        if column == "encounter_id":  # (an arrival without one: arrival_without_encounter_id)
            envelope["body"]["event_type"] = "triage"
        holder = envelope if column == "enqueued_at" else envelope["body"]
        if how == "absent":
            del holder[column]
        else:
            holder[column] = None

    text, _ = capture_text(draw, remove)
    return one_line(CAPTURE, quarantined(text, "missing_required"))


def redelivery_new_envelope(raw_source: str, draw: Draw) -> list[Edit]:
    """A clean event delivered again later, in a new envelope: the earliest copy is kept, wherever it lies."""
    facts, rng = draw.facts, draw.rng
    source_path = rng.choice(sorted(path for path in facts.clean_lines if path.startswith(f"{CAPTURE}/")))
    envelope = json.loads(facts.line(source_path, rng.choice(facts.clean_lines[source_path])))
    enqueued = datetime.fromisoformat(envelope["enqueued_at"]) + timedelta(hours=rng.randint(1, 48))
    envelope.update(sequence_number=envelope["sequence_number"] + 50_000_000,
                    enqueued_at=f"{enqueued:%Y-%m-%dT%H:%M:%S}")
    return one_line(CAPTURE, quarantined(json_line(envelope), "duplicate_id"))


def invalid_json_syntax(raw_source: str, draw: Draw) -> list[Edit]:
    text, envelope = capture_text(draw)
    broken = draw.rng.choice([
        text.replace('"', "'"),  # single quotes
        "{/* a comment */ " + text[1:],
        re.sub(r'"(\w+)":', r"\1:", text),  # keys not quoted
        text + " trailing",
        str(envelope),  # Python's repr: None, True, single quotes
        text.replace('"arrival"', '"arr\\u12"'),  # a broken unicode escape
        text.replace('"arrival"', '"\\ud800"'),  # a lone surrogate escape
        text.replace('"arrival"', '"arr\tival"'),  # a raw control character inside a string
    ])
    return one_line(CAPTURE, quarantined(broken, "invalid_json"))


def byte_order_mark_capture(raw_source: str, draw: Draw) -> list[Edit]:
    """A new capture file that starts with a UTF-8 byte order mark. The rules do not say whether a BOM is
    stripped from a capture: its first line is held back either as invalid_json or for its own reason."""
    first, reason = spoiled_envelope(draw)
    second, _ = spoiled_envelope(draw)
    return [Insert(CAPTURE, (quarantined(b"\xef\xbb\xbf" + json_line(first).encode(), reason, "invalid_json"),
                             quarantined(json_line(second), reason)),
                   capture_file=f"capture-fuzz-bom-{draw.fresh('B')}.ndjson", at_end=True)]
