"""What the hub's dirty stream plants: the kinds of bad line, the share of each, and how many a window gets.

Each altered event and each extra line has exactly one problem (delivery.py draws them); the
counts go to truth.json (truth.py).
"""

from __future__ import annotations

import enum
from collections.abc import Callable

# shares of good encounters or events, each at least one line in the batch where quarantined
IMPOSSIBLE_AGE_SHARE = 0.005  # of encounters
FUTURE_TIMESTAMP_SHARE = 0.003  # of events
DUPLICATE_SHARE = 0.01
LATE_SHARE = 0.02
MALFORMED_SHARE = 0.0005
UNKNOWN_DEPARTMENT_SHARE = 0.0005
DISCHARGE_BEFORE_ARRIVAL_SHARE = 0.0005
UNKNOWN_PATIENT_SHARE = 0.0005  # of encounters
UNKNOWN_DEPARTMENT = "astrology"  # where a transfer to a department nobody has goes


class Dirt(enum.IntEnum):
    """What was planted on a line (Lines.dirt); a line carries at most one problem."""

    NONE = 0
    IMPOSSIBLE_AGE = 1
    FUTURE_TIMESTAMP = 2
    LATE = 3
    DUPLICATE = 4
    MALFORMED = 5
    UNKNOWN_DEPARTMENT = 6
    DISCHARGE_BEFORE_ARRIVAL = 7
    UNKNOWN_PATIENT = 8


# how many of a dirt kind to plant: (its name in truth.json's dirt, its share, of how many events or encounters)
Quota = Callable[[str, float, int], int]


def at_least_one(kind: str, share: float, of: int) -> int:
    """The batch's quota: the share, rounded, and at least one so that every quarantine reason is exercised."""
    return max(1, round(share * of))
