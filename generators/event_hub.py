"""Event Hub capture landing: NDJSON lines, one file per enqueued day, each renamed into place when complete.

A source system hands over its lines as Arrow record batches of (sequence_number,
enqueued_at, line) in enqueue order, `line` being the text with its newline; this module
knows nothing of what the lines say, so the bulk generator and the real-time producer
(generators/live.py, one file per batch with `write_file`) share it.
"""

from __future__ import annotations

import itertools
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor
from pathlib import Path
from typing import TypeVar

import numpy as np
import pyarrow as pa

from generators.clock import DAY
from generators.common import temporary

SCHEMA = pa.schema([("sequence_number", pa.int64()), ("enqueued_at", pa.timestamp("s")), ("line", pa.string())])
PATTERN = "capture-*.ndjson"

T = TypeVar("T")


def file_name(day: int) -> str:
    """capture-YYYYMMDD.ndjson of a day counted from 1970-01-01."""
    return f"capture-{np.datetime64(day, 'D').astype(object):%Y%m%d}.ndjson"


def _text(lines: pa.Array) -> tuple[np.ndarray, memoryview]:
    """The offsets and the bytes of a string column, zero-copy: line i is data[offsets[i]:offsets[i + 1]]."""
    _, offsets, data = lines.buffers()
    offsets = np.frombuffer(offsets, np.int32)[lines.offset:lines.offset + len(lines) + 1]
    return offsets, memoryview(data if data is not None else b"")  # an empty column may have no data buffer


def in_order(make: Callable[[int], T], keys: Iterable[int], executor: Executor | None = None,
             ahead: int = 4) -> Iterator[T]:
    """make(key) for each key, in order; with an executor up to `ahead` are made in parallel, so memory stays
    bounded."""
    if executor is None:
        yield from map(make, keys)
        return
    pending: deque = deque()
    for key in keys:
        pending.append(executor.submit(make, key))
        if len(pending) > ahead:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def write_captures(batches: Iterable[pa.RecordBatch], folder: Path) -> list[Path]:
    """Append the batches' lines to one file per enqueued day; returns the files written, in day order.

    Each file is written under a temporary dot-name and renamed when its day is complete, so a
    reader of the folder only ever sees whole files.
    """
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    sink, day, last = None, None, None
    try:
        for batch in batches:
            enqueued = batch.column("enqueued_at").to_numpy().astype(np.int64)
            if not len(enqueued):
                continue
            if (np.diff(enqueued) < 0).any() or (last is not None and enqueued[0] < last):
                raise ValueError("capture lines must come in enqueue order")
            last = enqueued[-1]
            days = enqueued // DAY
            offsets, data = _text(batch.column("line"))
            runs = np.concatenate([[0], np.flatnonzero(np.diff(days)) + 1, [len(days)]])
            for first, end in itertools.pairwise(runs):
                if days[first] != day:
                    if sink is not None:
                        sink.close()
                        os.replace(sink.name, written[-1])
                    day = int(days[first])
                    written.append(folder / file_name(day))
                    sink = open(temporary(written[-1]), "wb")  # noqa: SIM115 (spans batches)
                sink.write(data[offsets[first]:offsets[end]])
        if sink is not None:
            sink.close()
            os.replace(sink.name, written[-1])
    except BaseException:
        if sink is not None and not sink.closed:
            sink.close()
            os.unlink(sink.name)
        raise
    return written


def write_file(batch: pa.RecordBatch, path: Path) -> Path:
    """All the batch's lines as one new file, written under a temporary dot-name and renamed into place when
    complete; an existing file is never written over, and an interrupted write leaves nothing behind."""
    if path.exists():
        raise FileExistsError(f"{path} exists: capture files are never rewritten")
    path.parent.mkdir(parents=True, exist_ok=True)
    working = temporary(path)
    try:
        offsets, data = _text(batch.column("line"))
        with open(working, "wb") as sink:
            sink.write(data[offsets[0]:offsets[-1]])
        os.replace(working, path)
    except BaseException:
        working.unlink(missing_ok=True)
        raise
    return path


def prune(folder: Path, keep: Iterable[Path]) -> None:
    """Remove capture files a previous run left for days this one did not write."""
    keep = set(keep)
    for stale in folder.glob(PATTERN):
        if stale not in keep:
            stale.unlink()
