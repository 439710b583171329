"""The real-time producer of the patient-flow feed: the batch's hospital carried on past its as-of.

python -m generators.live --raw-dir data/raw --rate 20 --batch-seconds 1 [--duration 60]

Reads seed, scale and as-of from RAW_DIR/truth.json, simulates the batch again (the same code,
no files written) and carries its hospital on, a week of simulated time per window: the
encounters in house at the end of a window go on in the next (transfers, discharges at their
planned times, their stays crowding the newcomers' waits), new ones arrive with the same
profiles for the same registry patients and providers, and the hub plants the same dirt in the
same shares. Encounter, event and sequence numbers continue the batch's. The simulated clock is
the lines' own time: it runs as fast as the event rate asks (at about 470 events a simulated
day, 200 events/s is a simulated day every 2.4 s).

Every batch of lines is one new file, capture-live-<enqueued_at of its first line>-<its first
sequence number>.ndjson, renamed into place when complete and never touched again. A restart
finds the highest sequence number in the folder's live files and carries on after it.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import re
import signal
import sys
import threading
import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa

from generators import clock, event_hub, patient_flow, world
from generators.clock import DAY
from generators.common import NEVER
from generators.patient_flow import EVENT_TYPES, Dirt
from generators.world import PATIENT_FLOW, flow_streams
from healthcare_ops import settings

WINDOW_SECONDS = 7 * DAY  # simulated time per window: part of what the feed is, so a restart replays the same windows
LIVE_PATTERN = "capture-live-*.ndjson"
LIVE_NAME = re.compile(r"capture-live-(\d{8}T\d{6})-(\d{12})\.ndjson")
SEQUENCE_PREFIX = re.compile(rb'\{"sequence_number": (\d+), ')
REPLAY_LINES = 1 << 16  # lines taken at a time while a restart replays what the folder already holds
GOOD = [Dirt.NONE, Dirt.IMPOSSIBLE_AGE, Dirt.FUTURE_TIMESTAMP, Dirt.LATE]  # first deliveries of true events


def live_file_name(enqueued: int, sequence: int) -> str:
    """capture-live-YYYYMMDDTHHMMSS-<sequence, 12 digits>.ndjson: sorts after the daily files, in the hub's order."""
    return f"capture-live-{np.datetime64(int(enqueued), 's').astype(object):%Y%m%dT%H%M%S}-{sequence:012d}.ndjson"


class Quota:
    """The live feed's dirt (a patient_flow.dirt.Quota): of each kind, its share of all the events (or encounters)
    simulated so far, rounded, less what was planted before; a window with too few candidates leaves the rest to
    the next. The batch plants at least one of each kind instead, which a window of a few thousand lines would
    overdo for the rarest kinds."""

    def __init__(self) -> None:
        self.of: Counter = Counter()
        self.planted: Counter = Counter()

    def __call__(self, kind: str, share: float, of: int) -> int:
        self.of[kind] += of
        return max(0, round(share * self.of[kind]) - self.planted[kind])

    def record(self, dirt: dict[str, int]) -> None:
        for kind in self.of:
            self.planted[kind] += dirt[kind]


@dataclass
class _Lines:
    """Lines of the feed in the hub's order, with what was planted on each and its event type."""

    enqueued: np.ndarray
    dirt: np.ndarray
    step: np.ndarray
    text: pa.Array  # numbered lines, or (pending) the text after the sequence number

    def __len__(self) -> int:
        return len(self.enqueued)

    def take(self, rows: np.ndarray | slice) -> _Lines:
        text = self.text[rows] if isinstance(rows, slice) else self.text.take(pa.array(rows, pa.int64()))
        return _Lines(self.enqueued[rows], self.dirt[rows], self.step[rows], text)

    @staticmethod
    def concat(parts: list[_Lines]) -> _Lines:
        return _Lines(*(np.concatenate([getattr(part, name) for part in parts])
                        for name in ("enqueued", "dirt", "step")),
                      pa.concat_arrays([part.text for part in parts]))

    @staticmethod
    def empty() -> _Lines:
        return _Lines(np.zeros(0, np.int64), np.zeros(0, np.int8), np.zeros(0, np.int8), pa.array([], pa.string()))


def regenerate(truth: dict) -> tuple[patient_flow.Simulated, patient_flow.Hospital]:
    """The batch's patient flow simulated again from truth.json's seed, scale and as-of, as the batch built it;
    refused if it does not give the lines truth.json counted (another seed, or another generator)."""
    seed, scale = truth["seed"], truth["scale"]
    batch = world.build(seed, scale, clock.parse(truth["as_of"])).flow.result()
    landed = truth[PATIENT_FLOW]
    for key in ("lines", "events", "encounters", "open_encounters", "dirt"):
        if batch.truth[key] != landed[key]:
            raise RuntimeError(f"truth.json's patient_flow.{key} is not what seed {seed} at scale {scale} gives now: "
                               "the batch was generated by other code; generate it again")
    return batch, batch.hospital


class LiveFeed:
    """The hospital of RAW_DIR's batch, carried on past its as-of, as capture lines in the hub's order.

    `next_lines` hands out the next lines, `write_batch` lands them as one new file; `counts` says what was
    planted on every line handed out so far, the lines already in the folder's live files included.
    """

    def __init__(self, raw_dir: Path) -> None:
        self.folder = Path(raw_dir) / PATIENT_FLOW
        truth = json.loads((Path(raw_dir) / "truth.json").read_text())
        batch, self._hospital = regenerate(truth)
        self._seed = truth["seed"]
        self.as_of = clock.parse(truth["as_of"])
        self.batch_lines = len(batch.capture)  # the live feed's first sequence number
        self._state = batch.continuation
        del batch  # the batch's lines are no longer needed
        self._window = 0
        self._quota = Quota()
        self._pending = _Lines.empty()
        self._ready: deque[_Lines] = deque()
        self._numbered = self.batch_lines  # sequence numbers issued (to ready lines)
        self.sequence = self.batch_lines  # the next line's sequence number
        self.clock = self.as_of  # enqueued_at of the last line handed out
        self._delivered = patient_flow.by_dirt(np.zeros(0, np.int8), np.zeros(0, np.int8))
        self._resume()

    # ---------------------------------------------------------------------------------------------------------------
    # lines

    def next_lines(self, count: int) -> pa.RecordBatch:
        """The next `count` lines as (sequence_number, enqueued_at, line) in event_hub.SCHEMA, in the hub's order."""
        parts, wanted = [], count
        while wanted > 0:
            if not self._ready:
                self._simulate_window()
                continue
            head = self._ready[0]
            if len(head) <= wanted:
                parts.append(self._ready.popleft())
            else:
                parts.append(head.take(slice(0, wanted)))
                self._ready[0] = head.take(slice(wanted, None))
            wanted -= len(parts[-1])
        lines = _Lines.concat(parts) if parts else _Lines.empty()
        first = self.sequence
        self.sequence += len(lines)
        if len(lines):
            self.clock = int(lines.enqueued[-1])
        self._delivered += patient_flow.by_dirt(lines.dirt, lines.step)
        return pa.record_batch([pa.array(np.arange(first, self.sequence)), pa.array(lines.enqueued, pa.timestamp("s")),
                                lines.text], schema=event_hub.SCHEMA)

    def write_batch(self, count: int) -> tuple[Path, int]:
        """The next `count` lines as one new capture file; returns its path and its line count."""
        if count < 1:
            raise ValueError("a capture file holds at least one line")
        batch = self.next_lines(count)
        first_enqueued = batch.column("enqueued_at")[0].cast(pa.int64()).as_py()
        path = self.folder / live_file_name(first_enqueued, batch.column("sequence_number")[0].as_py())
        event_hub.write_file(batch, path)
        return path, batch.num_rows

    def _simulate_window(self) -> None:
        """One more week of the hospital; its lines join those still pending, and the ones enqueued by the window's
        end are final: everything later windows deliver is enqueued after it (no line before its event)."""
        index, start = self._window, self._state.start
        last = start + WINDOW_SECONDS - 1
        window = patient_flow.simulate_window(*flow_streams(self._seed, index), self._hospital, self._state, last,
                                              until=NEVER, quota=self._quota)
        self._window += 1
        self._quota.record(window.delivery.dirt)
        self._state = window.next
        lines, text = window.capture.bodies()
        merged = _Lines.concat([self._pending, _Lines(lines.enqueued, lines.dirt, lines.step, text)])
        merged = merged.take(np.argsort(merged.enqueued, kind="stable"))  # ties: earlier windows first, then as stacked
        final = int(np.searchsorted(merged.enqueued, last, side="right"))
        self._pending = merged.take(slice(final, None))
        if final:
            ready = merged.take(slice(0, final))
            ready.text = patient_flow.numbered(self._numbered + np.arange(final), ready.text)
            self._numbered += final
            self._ready.append(ready)

    # ---------------------------------------------------------------------------------------------------------------
    # what was planted

    @property
    def counts(self) -> dict[str, int]:
        """Of the live lines handed out so far: lines, true events (first deliveries), their arrivals (encounters)
        and discharges, and truth.json's dirt counts. A late arrival or discharge counts once its line is out."""
        events = self._delivered[GOOD]
        return {"lines": int(self._delivered.sum()), "events": int(events.sum()),
                "encounters": int(events[:, EVENT_TYPES.index("arrival")].sum()),
                "discharges": int(events[:, EVENT_TYPES.index("discharged")].sum()),
                **patient_flow.tally(self._delivered)[0]}

    @property
    def quarantine_expected(self) -> dict[str, int]:
        """Reason -> live lines handed out so far that the warehouse should quarantine for it."""
        return patient_flow.tally(self._delivered)[1]

    # ---------------------------------------------------------------------------------------------------------------
    # restart

    def _resume(self) -> None:
        """Skip what the folder's live files already hold, checking that its last line is the one the feed gives."""
        for temporary in self.folder.glob(f".{LIVE_PATTERN}.tmp"):  # left by a producer that was killed mid-write
            temporary.unlink()
        landed = sorted((int(match.group(2)), path) for path in self.folder.glob(LIVE_PATTERN)
                        if (match := LIVE_NAME.fullmatch(path.name)))
        if not landed:
            return
        if landed[0][0] != self.batch_lines:
            raise RuntimeError(f"{landed[0][1]} does not continue the batch (its first line would be sequence number "
                               f"{self.batch_lines:,}): remove {self.folder}/{LIVE_PATTERN} to start the feed again")
        newest = landed[-1][1].read_bytes().splitlines(keepends=True)[-1]
        last = int(SEQUENCE_PREFIX.match(newest).group(1))
        while self.sequence <= last:
            replayed = self.next_lines(min(REPLAY_LINES, last + 1 - self.sequence))
        if replayed.column("line")[-1].as_py().encode() != newest:
            raise RuntimeError(f"the last line of {landed[-1][1]} is not what the feed gives for sequence number "
                               f"{last:,}: it was written by other code; remove {self.folder}/{LIVE_PATTERN} to start "
                               "the feed again")


# ---------------------------------------------------------------------------------------------------------------------
# pacing


def run(raw_dir: Path, rate: float, batch_seconds: float = 1.0, duration: float | None = None,
        on_written: Callable[[Path, int, float], None] | None = None, stop: threading.Event | None = None,
        feed: LiveFeed | None = None) -> None:
    """Write one file every `batch_seconds` of wall time, of rate x batch_seconds lines (the fraction carried to the
    next), until `duration` seconds are covered or `stop` is set; on_written(path, lines, time.time()) after each.

    File k is due k x batch_seconds after the start (monotonic clock); a producer that falls behind writes the files
    it owes without waiting. `feed` is an open LiveFeed of raw_dir (default: opened here).
    """
    if rate <= 0 or batch_seconds <= 0:
        raise ValueError("rate and batch_seconds must be positive")
    feed = feed or LiveFeed(raw_dir)
    stop = stop or threading.Event()
    batches = math.ceil(duration / batch_seconds - 1e-9) if duration is not None else None
    owed = 0.0
    started = time.monotonic()
    for index in itertools.count() if batches is None else range(batches):
        if stop.wait(max(0.0, started + index * batch_seconds - time.monotonic())):
            return
        owed += rate * batch_seconds
        count = round(owed)
        owed -= count
        if count:
            path, lines = feed.write_batch(count)
            if on_written is not None:
                on_written(path, lines, time.time())


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m generators.live", description=__doc__.splitlines()[0])
    parser.add_argument("--raw-dir", type=Path, default=settings.raw_dir(),
                        help="the batch's output folder, with truth.json and patient_flow/ "
                             "(default $RAW_DIR or data/raw)")
    parser.add_argument("--rate", type=float, default=20.0, help="capture lines per second of wall time (default 20)")
    parser.add_argument("--batch-seconds", type=float, default=1.0, help="seconds between files (default 1)")
    parser.add_argument("--duration", type=float, help="stop after this many seconds (default: run until Ctrl-C)")
    parser.add_argument("--report-every", type=int, default=10, help="print a line every this many files (default 10)")
    options = parser.parse_args(argv)
    if options.rate <= 0 or options.batch_seconds <= 0 or options.report_every < 1:
        parser.error("--rate, --batch-seconds and --report-every must be positive")
    return options


def main(argv: list[str] | None = None) -> int:
    options = parse_arguments(argv)
    stop = threading.Event()

    def interrupt(signum: int, frame: object) -> None:  # the first Ctrl-C ends after the file being written
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()

    previous = {number: signal.signal(number, interrupt) for number in (signal.SIGINT, signal.SIGTERM)}
    written: Counter = Counter()
    feed: LiveFeed | None = None

    def report(path: Path, lines: int, at: float) -> None:
        written["files"] += 1
        written["lines"] += lines
        if written["files"] % options.report_every == 0:
            print(f"{written['files']:>8,} files {written['lines']:>12,} lines  up to sequence {feed.sequence - 1:,}"
                  f"  simulated clock {clock.iso(feed.clock)}", flush=True)

    try:
        started = time.perf_counter()
        feed = LiveFeed(options.raw_dir)
        print(f"{options.raw_dir}: carrying on from sequence number {feed.sequence:,} at {clock.iso(feed.clock)} "
              f"(start-up {time.perf_counter() - started:.1f} s); Ctrl-C stops", flush=True)
        run(options.raw_dir, options.rate, options.batch_seconds, options.duration, report, stop, feed)
    except KeyboardInterrupt:  # a second Ctrl-C: a file being written was removed, none is left half-written
        pass
    except patient_flow.NoPatient as error:  # some 120 simulated years on: see the README's horizon
        print(f"The registry has aged out ({error}). Remove {options.raw_dir / PATIENT_FLOW}/{LIVE_PATTERN} to "
              "start the feed again.", file=sys.stderr)
        return 1
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
    print(f"wrote {written['files']:,} files, {written['lines']:,} lines", flush=True)
    if feed is not None:
        print(f"all live lines in {feed.folder}: {json.dumps(feed.counts)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
