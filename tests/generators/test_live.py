"""The live producer: it carries the batch's hospital on in new capture files, with the batch's numbers, order and dirt.

The feed runs on a copy of the session's batch (scale 0.2, 73 days) until every encounter open at the as-of has
been discharged, a few dozen files of varied sizes; the folder is then read back with flow_data.read_flow, batch
and live lines together, as the warehouse reads them.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import shutil
import threading
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pyarrow as pa
import pytest
from flow_data import FLOW_ORDER, SEQUENCE, Flow, read_flow

from generators import clock, event_hub, live, patient_flow
from generators.clock import DAY
from generators.patient_flow import dirt

SIZES = (1, 2, 997, 5_000, 13, 3_000, 250)  # lines per file, in turn
SHARES = {  # truth.json's dirt name -> (its share, of events or encounters)
    "impossible_age_encounters": (dirt.IMPOSSIBLE_AGE_SHARE, "encounters"),
    "future_timestamp_events": (dirt.FUTURE_TIMESTAMP_SHARE, "events"),
    "duplicate_deliveries": (dirt.DUPLICATE_SHARE, "events"),
    "late_events": (dirt.LATE_SHARE, "events"),
    "malformed_lines": (dirt.MALFORMED_SHARE, "events"),
    "unknown_department_events": (dirt.UNKNOWN_DEPARTMENT_SHARE, "events"),
    "discharge_before_arrival_events": (dirt.DISCHARGE_BEFORE_ARRIVAL_SHARE, "events"),
    "unknown_patient_encounters": (dirt.UNKNOWN_PATIENT_SHARE, "encounters"),
}


def copy_batch(dataset, folder: Path) -> Path:
    """What the producer needs of a generated folder: truth.json and the capture files."""
    folder.mkdir(parents=True)
    shutil.copy(dataset.out / "truth.json", folder / "truth.json")
    shutil.copytree(dataset.out / "patient_flow", folder / "patient_flow")
    return folder


def live_text(folder: Path) -> bytes:
    return b"".join(path.read_bytes() for path in sorted((folder / "patient_flow").glob(live.LIVE_PATTERN)))


def snapshot(folder: Path) -> dict[str, tuple[int, int, str]]:
    """Every file's inode, modification time and content hash."""
    return {path.name: (path.stat().st_ino, path.stat().st_mtime_ns, hashlib.sha256(path.read_bytes()).hexdigest())
            for path in (folder / "patient_flow").iterdir()}


@dataclass
class Landed:
    folder: Path
    feed: live.LiveFeed
    written: list[tuple[Path, int]]
    snapshots: list[dict]  # after each file
    batch: patient_flow.Simulated
    flow: Flow

    def live_lines(self) -> list:
        return [line for line in self.flow.lines if line.file.startswith("capture-live-")]

    def batch_lines(self) -> list:
        return [line for line in self.flow.lines if not line.file.startswith("capture-live-")]


@pytest.fixture(scope="module")
def landed(dataset, tmp_path_factory) -> Landed:
    folder = copy_batch(dataset, tmp_path_factory.mktemp("live") / "raw")
    batch, _ = live.regenerate(dataset.truth)
    feed = live.LiveFeed(folder)
    # until the last encounter open at the as-of has been discharged, and the lines that may come late with it
    until = int(batch.continuation.in_house.discharge.max()) + 3 * DAY
    written, snapshots = [], []
    for size in itertools.cycle(SIZES):
        written.append(feed.write_batch(size))
        snapshots.append(snapshot(folder))
        if feed.clock > until and feed.counts["lines"] > 40_000:
            break
    patients = {record["patient_id"]: record for record in dataset.clean["patients.csv"]}
    providers = {record["provider_id"]: record for record in dataset.clean["providers.csv"]}
    return Landed(folder, feed, written, snapshots, batch, read_flow(folder, patients, providers))


def test_the_batch_simulated_again_is_the_landed_batch(dataset, landed):
    table = landed.batch.capture.table()
    files = sorted((dataset.out / "patient_flow").glob("capture-*.ndjson"))
    assert "".join(table["line"].to_pylist()).encode() == b"".join(path.read_bytes() for path in files)
    assert landed.feed.batch_lines == dataset.truth["patient_flow"]["lines"]


def test_files_are_named_by_first_enqueue_time_and_sequence_and_hold_what_was_asked(landed):
    for (path, lines), size in zip(landed.written, itertools.cycle(SIZES)):
        assert lines == size and path.read_bytes().count(b"\n") == size
        match = live.LIVE_NAME.fullmatch(path.name)
        assert match and path.match(event_hub.PATTERN)
        first = path.read_text().splitlines()[0]  # perhaps a truncated line: it keeps its envelope
        assert int(match.group(2)) == int(SEQUENCE.match(first).group(1))
        enqueued = datetime.fromisoformat(re.search(r'"enqueued_at": "([^"]+)"', first).group(1))
        assert match.group(1) == enqueued.strftime("%Y%m%dT%H%M%S")
    names = [path.name for path, _ in landed.written]
    assert sorted(names) == names  # name order is the hub's order


def test_sequence_numbers_continue_the_batch_and_lines_come_in_enqueue_order_across_files(landed):
    numbers = [int(SEQUENCE.match(line.text).group(1)) for line in landed.flow.lines]
    assert numbers == list(range(len(landed.flow.lines)))
    assert len(landed.live_lines()) == landed.feed.counts["lines"] == landed.feed.sequence - landed.feed.batch_lines
    enqueued = [line.enqueued_at for line in landed.flow.lines if line.envelope]
    assert enqueued == sorted(enqueued)
    assert min(line.enqueued_at for line in landed.live_lines() if line.envelope) > landed.flow.as_of


def test_ids_never_collide_with_the_batch(landed):
    def number(identifier: str) -> int:
        return int(identifier[1:])

    batch = [line.body for line in landed.batch_lines() if line.envelope]
    live_bodies = [line.body for line in landed.live_lines() if line.envelope]
    assert min(number(body["event_id"]) for body in live_bodies) > max(number(body["event_id"]) for body in batch)
    # a live line's encounter is one open at the as-of or a new one, numbered after all of the batch's
    batch_encounters = {body["encounter_id"] for body in batch}
    open_at_as_of = {f"N{number:08d}" for number in landed.batch.continuation.numbering.encounters}
    carried = {body["encounter_id"] for body in live_bodies} & batch_encounters
    assert carried == open_at_as_of
    newest = max(number(identifier) for identifier in batch_encounters)
    assert all(number(body["encounter_id"]) > newest for body in live_bodies if body["encounter_id"] not in carried)
    # the same event id twice is only ever a planted redelivery of the same body
    assert "conflicting_duplicate" not in landed.flow.reasons()
    unknown = {kind: {line.body["patient_id"] for line in lines if line.problems == ["unknown_reference"]}
               for kind, lines in [("batch", landed.batch_lines()), ("live", landed.live_lines())]}
    assert unknown["live"] and unknown["batch"].isdisjoint(unknown["live"])


def test_encounters_open_at_the_as_of_get_their_remaining_events_and_are_discharged(landed):
    in_house = landed.batch.continuation
    assert len(in_house.numbering.encounters) == landed.flow.truth["patient_flow"]["open_encounters"] > 0
    for row, number in enumerate(in_house.numbering.encounters):
        encounter = landed.flow.encounters[f"N{number:08d}"]
        kinds = [event["event_type"] for event in encounter.events]
        assert kinds[0] == "arrival" and kinds[-1] == "discharged" and kinds.count("discharged") == 1
        assert kinds == sorted(kinds, key=FLOW_ORDER.index)
        times = [event["event_time"] for event in encounter.events]
        assert times == sorted(times) and len(set(times)) == len(times)
        discharged = datetime.fromisoformat(encounter.discharge["event_time"])
        assert discharged == datetime(1970, 1, 1) + timedelta(seconds=int(in_house.in_house.discharge[row]))
        assert discharged > landed.flow.as_of
        for key in ["patient_id", "referring_provider_id", "age", "acuity"]:
            assert len({event[key] for event in encounter.events}) == 1


def test_new_encounters_run_in_flow_order_at_the_batchs_daily_rate(landed):
    clock_now = datetime.fromisoformat(clock.iso(landed.feed.clock))
    new = []
    for encounter in landed.flow.encounters.values():
        kinds = [event["event_type"] for event in encounter.events]
        if "arrival" not in kinds:  # its arrival line is late and still to come
            assert clock_now - datetime.fromisoformat(encounter.events[0]["event_time"]) < timedelta(hours=48)
            continue
        if datetime.fromisoformat(encounter.arrival["event_time"]) > landed.flow.as_of:
            new.append(encounter)
            assert kinds[0] == "arrival" and kinds.count("arrival") == 1 and kinds.count("discharged") <= 1
            assert kinds == sorted(kinds, key=FLOW_ORDER.index)
    truth = landed.flow.truth["patient_flow"]
    days = (landed.feed.clock - landed.feed.as_of) / DAY
    assert len(new) / days == pytest.approx(truth["encounters"] / truth["history_days"], rel=0.1)


def test_the_counters_are_what_the_files_hold(landed):
    lines = landed.live_lines()
    counts = landed.feed.counts
    assert dict(Counter(reason for line in lines for reason in line.problems)) == landed.feed.quarantine_expected
    flags = Counter(flag for line in lines for flag in line.flags)
    assert flags["impossible_age"] == counts["impossible_age_encounters"]
    assert flags["future_timestamp"] == counts["future_timestamp_events"]
    assert flags["late"] == counts["late_events"]
    good = [line for line in lines if not line.problems]
    assert len(good) == counts["events"]
    for kind, name in [("arrival", "encounters"), ("discharged", "discharges")]:
        assert sum(line.body["event_type"] == kind for line in good) == counts[name]
    strangers = {line.body["encounter_id"] for line in lines if line.problems == ["unknown_reference"]}
    assert len(strangers) == counts["unknown_patient_encounters"]


def test_the_live_dirt_has_the_batchs_shares(landed):
    counts, truth = landed.feed.counts, landed.flow.truth["patient_flow"]
    for name, (share, of) in SHARES.items():
        assert counts[name] >= 1, name
        live_share, batch_share = counts[name] / counts[of], truth["dirt"][name] / truth[of]
        assert abs(live_share - share) < 0.1 * share + 2 / counts[of], name
        assert abs(live_share - batch_share) < 0.25 * share + 2 / counts[of] + 1 / truth[of], name


def test_the_live_dirt_looks_like_the_batchs(landed):
    lines = landed.live_lines()
    first = {}
    for line in lines:
        if line.envelope and not line.problems:
            first[line.body["event_id"]] = line
        if "impossible_age" in line.flags:
            assert line.body["event_type"] == "arrival"
        if "future_timestamp" in line.flags:
            assert timedelta(days=1) <= datetime.fromisoformat(line.body["event_time"]) - line.enqueued_at \
                <= timedelta(days=30)
        if "late" in line.flags:
            assert line.enqueued_at - datetime.fromisoformat(line.body["event_time"]) <= timedelta(hours=48)
        if line.envelope and not line.flags and not line.problems:
            assert timedelta(0) <= line.enqueued_at - datetime.fromisoformat(line.body["event_time"]) \
                <= timedelta(seconds=120)
    duplicates = [line for line in lines if line.problems == ["duplicate_id"]]
    for line in duplicates:
        assert timedelta(minutes=1) <= line.enqueued_at - first[line.body["event_id"]].enqueued_at <= timedelta(hours=6)
    assert any(line.file != first[line.body["event_id"]].file for line in duplicates)  # some land in a later file


def test_files_are_only_ever_created_and_no_temporary_file_remains(landed):
    snapshots = landed.snapshots
    for (path, _), earlier, later in zip(landed.written[1:], snapshots, snapshots[1:]):
        assert set(later) - set(earlier) == {path.name}
        assert {name: later[name] for name in earlier} == earlier
    assert snapshot(landed.folder) == snapshots[-1]
    assert all(not path.name.startswith(".") for path in (landed.folder / "patient_flow").iterdir())
    with pytest.raises(FileExistsError):
        event_hub.write_file(pa.record_batch([pa.array([0]), pa.array([0], pa.timestamp("s")), pa.array(["x\n"])],
                                             schema=event_hub.SCHEMA), landed.written[0][0])


def test_an_interrupted_write_leaves_nothing(tmp_path, monkeypatch):
    def interrupted(source, target):
        raise KeyboardInterrupt

    monkeypatch.setattr(event_hub.os, "replace", interrupted)
    batch = pa.record_batch([pa.array([0]), pa.array([0], pa.timestamp("s")), pa.array(["x\n"])],
                            schema=event_hub.SCHEMA)
    with pytest.raises(KeyboardInterrupt):
        event_hub.write_file(batch, tmp_path / "capture-live-19700101T000000-000000000000.ndjson")
    assert list(tmp_path.iterdir()) == []


def test_a_restart_carries_on_without_resending(dataset, landed, tmp_path):
    folder = copy_batch(dataset, tmp_path / "raw")
    feed = live.LiveFeed(folder)
    for size in (700, 20_000, 3):
        feed.write_batch(size)
    (folder / "patient_flow" / ".capture-live-20300101T000000-000000000000.ndjson.tmp").write_text("half a line")
    again = live.LiveFeed(folder)
    assert again.sequence == feed.sequence and again.clock == feed.clock and again.counts == feed.counts
    assert not list((folder / "patient_flow").glob(".*"))  # what a killed producer left is gone
    while again.counts["lines"] < landed.feed.counts["lines"]:
        again.write_batch(min(4_096, landed.feed.counts["lines"] - again.counts["lines"]))
    assert live_text(folder) == live_text(landed.folder)  # the same lines, however the files were cut
    assert again.counts == landed.feed.counts


def test_a_restart_refuses_live_files_it_would_not_have_written(dataset, tmp_path):
    folder = copy_batch(dataset, tmp_path / "raw")
    path, _ = live.LiveFeed(folder).write_batch(10)
    path.write_bytes(path.read_bytes().replace(b'"age": ', b'"age": 1'))
    with pytest.raises(RuntimeError, match="other code"):
        live.LiveFeed(folder)
    truth = json.loads((folder / "truth.json").read_text())
    truth["patient_flow"]["lines"] += 1
    (folder / "truth.json").write_text(json.dumps(truth))
    with pytest.raises(RuntimeError, match="generate it again"):
        live.LiveFeed(folder)


def test_run_writes_rate_times_batch_seconds_lines_a_file_carrying_the_fraction(dataset, tmp_path):
    folder = copy_batch(dataset, tmp_path / "raw")
    feed = live.LiveFeed(folder)
    written = []

    def on_written(path: Path, lines: int, at: float) -> None:
        written.append(lines)
        assert path.read_bytes().count(b"\n") == lines and at > 0

    live.run(folder, rate=300, batch_seconds=0.01, duration=0.055, on_written=on_written, feed=feed)
    assert written == [3] * 6  # files due at 0, 0.01, ... 0.05 s
    written.clear()
    live.run(folder, rate=30, batch_seconds=0.01, duration=0.1, on_written=on_written, feed=feed)
    assert written == [1] * 3  # 0.3 lines a file: 3 lines over ten intervals, no empty files
    written.clear()
    stop = threading.Event()

    def stop_after_eight(path: Path, lines: int, at: float) -> None:
        on_written(path, lines, at)
        if len(written) == 8:
            stop.set()

    live.run(folder, rate=250, batch_seconds=0.01, on_written=stop_after_eight, stop=stop, feed=feed)
    assert sorted(set(written)) == [2, 3] and sum(written) == 20
    assert feed.counts["lines"] == 18 + 3 + 20


def test_the_command_line_runs_for_a_duration_and_reports(dataset, tmp_path, capsys):
    folder = copy_batch(dataset, tmp_path / "raw")
    assert live.main(["--raw-dir", str(folder), "--rate", "500", "--batch-seconds", "0.02", "--duration", "0.1",
                      "--report-every", "2"]) == 0
    output = capsys.readouterr().out
    assert "carrying on from sequence number" in output and "wrote 5 files, 50 lines" in output
    assert "simulated clock 2026-11-01T" in output
    assert len(list((folder / "patient_flow").glob(live.LIVE_PATTERN))) == 5


def test_live_file_names_sort_in_the_hubs_order():
    names = [live.live_file_name(clock.parse(at), sequence) for at, sequence in
             [("2026-11-01T00:00:05", 999), ("2026-11-01T00:00:05", 1_000), ("2026-11-02T13:00:00", 12_345_678)]]
    assert names == sorted(names) and names[0] == "capture-live-20261101T000005-000000000999.ndjson"
    assert all(event_hub.file_name(clock.parse("2026-10-31T00:00:00") // DAY) < name for name in names)


def test_the_command_line_says_when_the_registry_has_aged_out(dataset, tmp_path, monkeypatch, capsys):
    folder = copy_batch(dataset, tmp_path / "raw")
    monkeypatch.setattr("generators.patient_flow.patients.OLDEST_PLAUSIBLE_AGE", -1)  # as if everybody were too old
    assert live.main(["--raw-dir", str(folder), "--duration", "0.01"]) == 1
    assert "The registry has aged out" in capsys.readouterr().err
