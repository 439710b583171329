"""What the fuzz run did, for the one-line summary at its end (conftest.py prints it)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Tally:
    kinds_tried: set[str] = field(default_factory=set)
    lines_inserted: int = 0
    records_inserted: int = 0
    records_found_in_quarantine: int = 0
    quarantine_rows: int = 0
    builds: int = 0

    def summary(self, kinds_in_catalogue: int) -> str:
        return (f"fuzz: {len(self.kinds_tried)} of {kinds_in_catalogue} kinds tried, {self.lines_inserted} lines "
                f"inserted ({self.records_inserted} records, {self.records_found_in_quarantine} of them found in "
                f"quarantine), {self.quarantine_rows} quarantine rows in the fuzzed builds, {self.builds} builds run")


TALLY = Tally()
