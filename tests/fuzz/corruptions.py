"""The catalogue of hostile input: every kind of corruption, the raw files it applies to, and what must happen.

Three outcomes (README, "Nothing lost"):

- quarantined: the kind inserts new lines, each of which must land in quality.quarantine at its file and
  physical line with one of the reasons given, while every other row stays as it was and the marts equal the
  baseline's. Rows start clean (hostile_rows.clean_row: a new id, real parents), so the corruption is the
  only thing that can hold them back;
- unchanged: harmless to a correct reader (CRLF, a byte order mark, blank lines): nothing new is quarantined;
- stops: the header is not the contract's, or a file is missing: the build stops before any model runs,
  naming the file (and line 1 and the column, when there is a header to read), and publishes nothing.

A kind with `known_bug` is a case where the warehouse does not do what the rules say; it is kept out of the
batch and run on its own as a strict xfail (test_fuzz.py), so that a fix shows up.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

import file_kinds as files
import lenient_kinds as lenient
import line_kinds as lines
import stream_kinds as stream
import value_kinds as values
from edits import CAPTURE, CSV_FILES, Damage, Edit
from hostile_rows import CASE_CHILDREN, Draw
from hostile_values import (
    CATEGORY_COLUMNS,
    CSV_AND_CAPTURE,
    FUTURE_CHECKED,
    INTEGER_COLUMNS,
    PARENT_COLUMNS,
    QUARANTINABLE_PARENTS,
    WITH_TIMES,
)


@dataclass(frozen=True)
class Kind:
    """A kind of corruption: the raw sources it applies to and how it makes its edits for one of them."""

    name: str
    applies_to: tuple[str, ...]
    make: Callable[[str, Draw], list[Edit]]
    outcome: str  # "quarantined" or "unchanged"
    takes_text: bool = False  # uses the hypothesis-drawn text in Draw.text
    breaks_encoding: bool = False  # leaves a file not UTF-8: the batch keeps some files whole
    known_bug: str | None = None


@dataclass(frozen=True)
class Stop:
    """A header or file the build must refuse, naming the file (and line 1, column N)."""

    name: str
    applies_to: tuple[str, ...]
    damage: Callable[[bytes, list[str], random.Random], Damage]


# Where the warehouse does not yet do what the rules say (found by this suite; README, "Raw contract").
BUGS = {
    "json_trailing_comma": (
        "DuckDB's JSON reader accepts a trailing comma ({\"a\": 1, }), which is not JSON: such a capture line or "
        "metadata_json is read as valid and the row is clean instead of invalid_json"),
}


def kind(name: str, applies_to: tuple[str, ...], make: Callable[[str, Draw], list[Edit]], **options: object) -> Kind:
    return Kind(name, applies_to, make, options.pop("outcome", "quarantined"), **options)


QUARANTINE_KINDS: tuple[Kind, ...] = (
    kind("unclosed_quote_mid_file", CSV_AND_CAPTURE, lines.unclosed_quote_mid_file),
    kind("unclosed_quote_at_end_of_file", CSV_AND_CAPTURE, lines.unclosed_quote_at_end_of_file),
    kind("line_break_inside_quotes", CSV_AND_CAPTURE, lines.line_break_inside_quotes),
    kind("truncated_line", CSV_AND_CAPTURE, lines.truncated_line),
    kind("wrong_delimiter", CSV_AND_CAPTURE, lines.wrong_delimiter),
    kind("extra_column", CSV_FILES, lines.extra_column),
    kind("missing_column", CSV_FILES, lines.missing_column),
    kind("stray_quote", CSV_FILES, lines.stray_quote),
    kind("lone_carriage_return", CSV_AND_CAPTURE, lines.lone_carriage_return),
    kind("repeated_header", CSV_FILES, lines.repeated_header),
    kind("invalid_utf8", CSV_AND_CAPTURE, lines.invalid_utf8, breaks_encoding=True),
    kind("latin1_export", CSV_AND_CAPTURE, lines.latin1_export, breaks_encoding=True),
    kind("all_fields_empty", CSV_AND_CAPTURE, lines.all_fields_empty),
    kind("blank_id", CSV_AND_CAPTURE, values.blank_id),
    kind("exact_duplicate_line", CSV_AND_CAPTURE, values.exact_duplicate_line),
    kind("differing_duplicate_new_id", CSV_AND_CAPTURE, values.differing_duplicate_new_id),
    kind("unknown_category", (*CATEGORY_COLUMNS, CAPTURE), values.unknown_category),
    kind("unknown_reference", (*PARENT_COLUMNS, CAPTURE), values.unknown_reference),
    kind("parent_quarantined", (*QUARANTINABLE_PARENTS, CAPTURE), values.parent_quarantined),
    kind("before_case_created", CASE_CHILDREN, values.before_case_created),
    kind("scheduled_before_booked", ("appointments.csv",), values.scheduled_before_booked),
    kind("before_appointment", ("appointment_feedback.csv",), values.before_appointment),
    kind("feedback_without_visit", ("appointment_feedback.csv",), values.feedback_without_visit),
    kind("inconsistent_value", ("crm_opportunities.csv",), values.inconsistent_opportunity),
    kind("outside_stay", ("inventory_usage.csv",), values.outside_stay),
    kind("offset_hides_the_order", (*CASE_CHILDREN, CAPTURE), values.offset_hides_the_order),
    kind("discharge_before_arrival", (CAPTURE,), values.discharge_before_arrival),
    kind("future_timestamp", FUTURE_CHECKED, values.future_timestamp),
    kind("impossible_date", CSV_AND_CAPTURE, values.impossible_date),
    kind("text_in_a_typed_column", CSV_AND_CAPTURE, values.text_in_a_typed_column),
    kind("non_integer", (*INTEGER_COLUMNS, CAPTURE), values.non_integer),
    kind("huge_number", (*INTEGER_COLUMNS, CAPTURE), values.huge_number),
    kind("out_of_range_number", (*INTEGER_COLUMNS, "cases.csv", CAPTURE), values.out_of_range_number),
    kind("impossible_birth_date", ("patients.csv",), values.impossible_birth_date),
    kind("invalid_metadata_json", ("cases.csv",), values.invalid_metadata_json),
    kind("sql_looking_strings", CSV_AND_CAPTURE, values.sql_looking_strings),
    kind("huge_text", CSV_AND_CAPTURE, values.huge_text),
    kind("control_characters", CSV_AND_CAPTURE, values.control_characters),
    kind("drawn_unicode_text", CSV_AND_CAPTURE, values.drawn_unicode_text, takes_text=True),
    kind("json_of_the_wrong_shape", (CAPTURE,), stream.json_of_the_wrong_shape),
    kind("required_field_missing", (CAPTURE,), stream.required_field_missing),
    kind("redelivery_new_envelope", (CAPTURE,), stream.redelivery_new_envelope),
    kind("invalid_json_syntax", (CAPTURE,), stream.invalid_json_syntax),
    kind("byte_order_mark_capture", (CAPTURE,), stream.byte_order_mark_capture),
    # found by this suite as bugs and fixed (README, "Raw contract"); known_bug ones run in a build of their own
    kind("arrival_without_encounter_id", (CAPTURE,), lenient.arrival_without_encounter_id),
    kind("empty_string_ids", (CAPTURE,), lenient.empty_string_ids),
    kind("whitespace_id", CSV_FILES, lenient.whitespace_id),
    kind("json_trailing_comma", ("cases.csv", CAPTURE), lenient.json_trailing_comma,
         known_bug=BUGS["json_trailing_comma"]),
    kind("metadata_value_of_the_wrong_type", ("cases.csv",), lenient.metadata_value_of_the_wrong_type),
    kind("handoff_count_not_whole", ("cases.csv",), lenient.handoff_count_not_whole),
    kind("non_finite_json_number", (CAPTURE,), lenient.non_finite_json_number),
    kind("timestamp_outside_the_contract", (*WITH_TIMES, CAPTURE), lenient.timestamp_outside_the_contract),
    kind("date_outside_the_contract", ("patients.csv", "providers.csv", "advocates.csv"),
         lenient.date_outside_the_contract),
)

HARMLESS_KINDS: tuple[Kind, ...] = (
    kind("crlf_line_endings", CSV_AND_CAPTURE, files.crlf_line_endings, outcome="unchanged"),
    kind("mixed_line_endings", CSV_AND_CAPTURE, files.mixed_line_endings, outcome="unchanged"),
    kind("byte_order_mark", CSV_FILES, files.byte_order_mark, outcome="unchanged"),
    kind("blank_lines", CSV_AND_CAPTURE, files.blank_lines, outcome="unchanged"),
    kind("no_final_newline", CSV_AND_CAPTURE, files.no_final_newline, outcome="unchanged"),
    kind("header_spelling", CSV_FILES, files.header_spelling, outcome="unchanged"),
    kind("empty_capture_files", (CAPTURE,), files.empty_capture_files, outcome="unchanged"),
)

STOP_KINDS: tuple[Stop, ...] = (
    Stop("header_renamed_column", CSV_FILES, files.renamed_column),
    Stop("header_missing_column", CSV_FILES, files.missing_header_column),
    Stop("header_extra_column", CSV_FILES, files.extra_header_column),
    Stop("header_reordered_columns", CSV_FILES, files.reordered_columns),
    Stop("header_trailing_comma", CSV_FILES, files.header_trailing_comma),
    Stop("empty_file", CSV_FILES, files.empty_file),
    Stop("only_blank_lines", CSV_FILES, files.only_blank_lines),
    Stop("blank_line_before_header", CSV_FILES, files.blank_line_before_header),
    Stop("header_not_utf8", CSV_FILES, files.header_not_utf8),
    Stop("semicolon_delimited_file", CSV_FILES, files.other_delimiter(b";")),
    Stop("tab_delimited_file", CSV_FILES, files.other_delimiter(b"\t")),
    Stop("registry_file_missing", ("patients.csv", "providers.csv"), files.removed_file),
    Stop("advocacy_file_missing", ("advocates.csv", "cases.csv", "case_events.csv", "interactions.csv",
                                   "patient_feedback.csv"), files.removed_file),
    Stop("telehealth_file_missing", ("appointments.csv", "appointment_feedback.csv"), files.removed_file),
    Stop("provider_growth_file_missing", ("crm_accounts.csv", "crm_contacts.csv", "crm_activities.csv",
                                          "crm_opportunities.csv", "inventory_usage.csv", "referrals.csv"),
         files.removed_file),
)

# A header and no records: the build publishes, says so, and reconciles 0 = 0 + 0 for the file.
HEADER_ONLY = "header_only"


def batch_kinds() -> tuple[Kind, ...]:
    """The kinds one build can hold together: all but those with a known bug."""
    return tuple(kind for kind in (*QUARANTINE_KINDS, *HARMLESS_KINDS) if not kind.known_bug)


def known_bug_kinds() -> tuple[Kind, ...]:
    return tuple(kind for kind in QUARANTINE_KINDS if kind.known_bug)
