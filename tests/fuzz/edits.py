"""What a corruption does to a raw folder, as data: hostile lines to insert, or a harmless reshaping of a file."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

CSV_FILES = ("patients.csv", "providers.csv", "advocates.csv", "cases.csv", "case_events.csv",
             "interactions.csv", "patient_feedback.csv", "appointments.csv", "appointment_feedback.csv",
             "crm_accounts.csv", "crm_contacts.csv", "crm_activities.csv", "crm_opportunities.csv",
             "inventory_usage.csv", "referrals.csv")
# The landing folder of the event stream: its capture files are one raw source, as in quality.reconciliation.
CAPTURE = "patient_flow"
RAW_SOURCES = (*CSV_FILES, CAPTURE)


@dataclass(frozen=True)
class HostileLine:
    """One physical line (without its LF) and the reasons the warehouse may quarantine it with.

    No reasons: a blank line, which is no record. `secret` is text that must never reach the published
    warehouse (a patient's identifiers)."""

    text: bytes
    reasons: frozenset[str] = frozenset()
    secret: str | None = None

    @property
    def is_record(self) -> bool:
        return bool(self.text.strip(b" \t\r"))


def quarantined(text: str | bytes, *reasons: str, secret: str | None = None) -> HostileLine:
    return HostileLine(text.encode() if isinstance(text, str) else text, frozenset(reasons), secret)


def blank(text: bytes) -> HostileLine:
    return HostileLine(text)


@dataclass(frozen=True)
class Insert:
    """Consecutive hostile lines, placed in one file of a raw source.

    capture_file None: a capture file picked at random (a new name makes a new file). after_line None: after
    a random generated line (never before a CSV's header). at_end: after every other line, and without a
    final LF when no_final_newline."""

    raw_source: str
    lines: tuple[HostileLine, ...]
    capture_file: str | None = None
    after_line: int | None = None
    at_end: bool = False
    no_final_newline: bool = False


@dataclass(frozen=True)
class Reshape:
    """A change to every generated line of a file that must not change what it holds (line endings, a BOM)."""

    raw_source: str
    line: Callable[[int, bytes], bytes]  # (generated line number, text) -> new text
    capture_file: str | None = None
    drop_final_newline: bool = False


Edit = Insert | Reshape


@dataclass(frozen=True)
class Damage:
    """What a corruption that must stop the build does to one CSV."""

    data: bytes | None  # None: the file is removed
    column: int | None  # the column the build must name on line 1 (None: a missing file, no line to name)
