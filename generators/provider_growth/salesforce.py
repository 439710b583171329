"""Salesforce export formats: 18-character record ids, CreatedDate with milliseconds and Z, standard picklists.

An id is the object's key prefix (Account 001, Contact 003, Task 00T, Opportunity 006), a pod
and reserved character, nine base-62 characters of the record number and the three-character
case-safe suffix Salesforce computes from the first fifteen (so `0015g0000012AbCDEF` style ids
round-trip through any checker of the suffix). The record numbers of a file run 1, 2, … from a
fixed offset per object, so the same seed and scale give the same ids, and the planted bad rows
(generators/dirty.py) take fresh numbers after the good rows'.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from generators import render

BASE62 = np.frombuffer(b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", dtype=np.uint8)
SUFFIX = np.frombuffer(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ012345", dtype=np.uint8)
POD = "5g0"  # instance (pod) and reserved character, the same in every id of one org
RECORD_DIGITS = 9
LENGTH = 18


@dataclass(frozen=True)
class SalesforceId:
    """Ids of one object, with the interface of generators.ids.IdFormat (render, unused, length)."""

    prefix: str

    @property
    def length(self) -> int:
        return LENGTH

    @property
    def offset(self) -> int:
        """Where the object's record numbers start: ids look like an org's, not like 000000001."""
        return 62**6 + zlib.crc32(self.prefix.encode()) % 62**6

    def render(self, numbers: np.ndarray) -> pa.Array:
        numbers = np.asarray(numbers, dtype=np.int64)
        chars = np.empty((len(numbers), LENGTH), dtype=np.uint8)
        chars[:, :6] = np.frombuffer((self.prefix + POD).encode(), dtype=np.uint8)
        record = self.offset + numbers
        if len(record) and (record.min() < 0 or record.max() >= 62**RECORD_DIGITS):
            raise ValueError(f"{self.prefix} record numbers do not fit in {RECORD_DIGITS} base-62 digits")
        chars[:, 6:15] = BASE62[record[:, None] // 62 ** np.arange(RECORD_DIGITS - 1, -1, -1) % 62]
        # the suffix: for each five-character chunk, a bit per upper-case letter, as a letter or digit
        upper = ((chars[:, :15] >= ord("A")) & (chars[:, :15] <= ord("Z"))).reshape(-1, 3, 5)
        chars[:, 15:] = SUFFIX[(upper * (1 << np.arange(5))).sum(axis=2)]
        return render.strings(chars)

    def unused(self, count: int) -> pa.Array:
        """Ids no row carries: counted down from the largest record number the nine characters hold."""
        return self.render(62**RECORD_DIGITS - 1 - self.offset - np.arange(count))


ACCOUNT = SalesforceId("001")
CONTACT = SalesforceId("003")
TASK = SalesforceId("00T")
OPPORTUNITY = SalesforceId("006")


def suffix_is_valid(record_id: str) -> bool:
    """Whether an 18-character id's last three characters are the suffix of its first fifteen (for the tests)."""
    if len(record_id) != LENGTH:
        return False
    expected = ""
    for chunk in range(3):
        bits = sum(1 << i for i, char in enumerate(record_id[5 * chunk:5 * chunk + 5]) if "A" <= char <= "Z")
        expected += SUFFIX.tobytes().decode()[bits]
    return record_id[15:] == expected


def created_dates(seconds: np.ndarray) -> pa.Array:
    """CreatedDate as Salesforce exports it: 2026-03-01T14:05:00.000Z (UTC)."""
    text = np.char.add(np.datetime_as_string(np.asarray(seconds, dtype="datetime64[s]").astype("datetime64[ms]"),
                                             unit="ms"), "Z")
    return pa.array(text, pa.string())


# Opportunity stages of Salesforce's default sales process, with their default probabilities (percent)
STAGES = {
    "Prospecting": 10, "Qualification": 10, "Needs Analysis": 20, "Value Proposition": 50,
    "Id. Decision Makers": 60, "Perception Analysis": 70, "Proposal/Price Quote": 75, "Negotiation/Review": 90,
    "Closed Won": 100, "Closed Lost": 0,
}
CLOSED_STAGES = ("Closed Won", "Closed Lost")
WON_STAGES = ("Closed Won",)
# Salesforce's default Lead Source picklist
LEAD_SOURCES = {"Web": 0.25, "Phone Inquiry": 0.20, "Partner Referral": 0.35, "Purchased List": 0.05, "Other": 0.15}
# Account Type: Salesforce's default picklist values used here
ACCOUNT_TYPES = ("Customer - Direct", "Prospect", "Other")
# Task Status: Salesforce's default picklist
TASK_STATUSES = ("Not Started", "In Progress", "Completed", "Waiting on someone else", "Deferred")
ACTIVITY_TYPES = ("Call", "Visit", "Email")
