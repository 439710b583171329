"""The capture: a window's lines in the hub's order, numbered, rendered a range at a time and landed as NDJSON
capture files, one per enqueued day (event_hub.py writes them)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa

from generators import event_hub
from generators.clock import DAY
from generators.common import join
from generators.patient_flow.delivery import Lines
from generators.patient_flow.text import numbered, pieces

CHUNK_LINES = 1 << 16  # lines rendered per batch: ~27 MB of text, reused batch after batch


@dataclass
class Capture:
    """Every line the hub delivered, numbered in enqueue order; rendered to text a batch at a time.

    A batch is (sequence_number, enqueued_at, line) as event_hub.SCHEMA, `line` being the JSON
    text with its newline. Rendering batch by batch keeps the text's memory to a few batches,
    reused, however long the history; `table()` renders them all at once.
    """

    lines: Lines  # as stacked
    order: np.ndarray  # the lines' indices in the hub's order
    pools: dict[str, pa.Array]
    first_sequence: int = 0

    def __len__(self) -> int:
        return len(self.order)

    def batch(self, first: int, end: int) -> pa.RecordBatch:
        """The lines with sequence numbers first_sequence + [first, end)."""
        rows = self.order[first:end]
        sequence = self.first_sequence + np.arange(first, first + len(rows))
        lines = self.lines.take(rows)
        return pa.record_batch(
            [pa.array(sequence), pa.array(lines.enqueued, pa.timestamp("s")),
             numbered(sequence, *pieces(lines, self.pools))],
            schema=event_hub.SCHEMA,
        )

    def ranges(self, size: int = CHUNK_LINES) -> list[tuple[int, int]]:
        """[first, end) of about `size` lines each, cut where an enqueued day begins, so no day spans two."""
        days = self.lines.enqueued[self.order] // DAY
        day_starts = np.flatnonzero(np.diff(days, prepend=-1))
        cuts = np.unique(day_starts[np.searchsorted(day_starts, np.arange(0, len(self), size), side="right") - 1])
        bounds = [*cuts.tolist(), len(self)] if len(self) else [0]
        return list(itertools.pairwise(bounds))

    def batches(self, executor: Executor | None = None) -> Iterator[pa.RecordBatch]:
        """All lines, in order, a range at a time; an executor renders a few ranges ahead in parallel."""
        return event_hub.in_order(lambda bounds: self.batch(*bounds), self.ranges(), executor)

    def table(self) -> pa.Table:
        return pa.Table.from_batches(list(self.batches()), event_hub.SCHEMA)

    def bodies(self) -> tuple[Lines, pa.Array]:
        """Every line in the hub's order with its text after the sequence number, for a caller that numbers the
        lines itself (the live feed, which merges windows first); text.numbered completes the text."""
        lines = self.lines.take(self.order)
        return lines, join(*pieces(lines, self.pools))

    def land(self, folder: Path, executor: Executor | None = None) -> list[Path]:
        """Write the capture folder, one file per enqueued day, and drop capture files of days not written; returns
        the files written.

        Each range of whole days is rendered and written by one task, so with an executor the
        workers render and write side by side.
        """
        def write(bounds: tuple[int, int]) -> list[Path]:
            return event_hub.write_captures([self.batch(*bounds)], folder)

        ranges = self.ranges()
        written = [path for paths in (executor.map(write, ranges) if executor else map(write, ranges))
                   for path in paths]
        event_hub.prune(folder, written)
        return written


def capture(lines: Lines, pools: dict[str, pa.Array], first_sequence: int = 0) -> Capture:
    """The lines in the hub's order: by enqueue time, then as stacked."""
    key = (lines.enqueued - lines.enqueued.min(initial=0)) << len(lines.step).bit_length() | np.arange(len(lines.step))
    return Capture(lines, np.argsort(key, kind="stable"), pools, first_sequence)
