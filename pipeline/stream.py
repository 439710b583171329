"""`make stream`: a live patient-flow feed, and the warehouse kept current with it.

A producer thread (generators.live) lands a new capture file in RAW_DIR/patient_flow/
every --batch-seconds, at --rate events per second. The refresher loop, in this thread,
runs the patient-flow chain of dbt models whenever files have landed that the warehouse
has not loaded; those models are incremental and read only the new files. Each refresh
runs in a working copy of the warehouse (`publish.working_path`), which is then
renamed onto the published file, so the app never meets a half-written warehouse or a
locked file; the next refresh works on a fresh copy of what was published.

Lag, as `make bench` reports it, is the wall time from a capture file being written to
the warehouse that contains it being published.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import yaml
from dbt.cli.main import dbtRunner

from generators import live
from healthcare_ops import settings
from healthcare_ops.raw_files import list_raw_dir
from healthcare_ops.writer_lock import WarehouseBusy, exclusive_writer
from pipeline import publish

PROJECT_DIR = settings.REPO_ROOT
# Everything downstream of the landing: bronze to marts, and the quarantine and reconciliation over them;
# and the files of RAW_DIR refused and counted now.
SELECTION = "base_patient_flow__capture_lines+ refused_files raw_file_records"
TARGET_PATH = PROJECT_DIR / "target" / "stream"
BRONZE = "staging.base_patient_flow__capture_lines"
PROFILE = "healthcare_ops"
IDLE_SECONDS = 0.1
FAILURES_TO_GIVE_UP = 3


@dataclass
class Refresh:
    files: int
    events: int
    seconds: float
    lags: list[float]


class GaveUp(Exception):
    """Refreshes kept failing: the warehouse keeps its last published refresh."""


@dataclass
class LagLog:
    """Capture files the producer wrote, with when, until a published refresh includes them."""

    pending: dict[str, tuple[int, float]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    first_written: float | None = None
    last_written: float | None = None

    def written(self, path: Path, events: int, wall_time: float) -> None:
        with self.lock:
            self.pending[path.name] = (events, wall_time)
            self.first_written = self.first_written or wall_time
            self.last_written = wall_time

    def published(self, names: set[str], wall_time: float) -> tuple[int, list[float]]:
        with self.lock:
            landed = [self.pending.pop(name) for name in names if name in self.pending]
        return sum(events for events, _ in landed), [wall_time - written for _, written in landed]


def write_stream_profile(working: Path, identifiers: Path) -> Path:
    """A profiles.yml for the refresher's dbt runs: the project's own DuckDB output, pointed at the working
    copy and with keep_open off, so dbt-duckdb closes the file when a run ends. The working file is renamed
    onto the published one: a handle left open on it would hold the published warehouse's write lock, and
    the next run would write into the published file, not into the new working copy."""
    profiles = yaml.safe_load((PROJECT_DIR / "profiles.yml").read_text())
    profile = profiles[PROFILE]
    output = {**profile["outputs"]["duckdb"], "path": str(working), "keep_open": False,
              # the published identifiers file, which a patient-flow refresh only reads (the age correction)
              "attach": [{"path": str(identifiers), "alias": "identifiers", "read_only": True}]}
    TARGET_PATH.mkdir(parents=True, exist_ok=True)
    stream_profiles = {PROFILE: {"target": "duckdb", "outputs": {"duckdb": output}}}
    (TARGET_PATH / "profiles.yml").write_text(yaml.safe_dump(stream_profiles))
    return TARGET_PATH


class Refresher:
    """Keeps a working copy of the warehouse, refreshes it with dbt in this process, and publishes copies of it."""

    def __init__(self, published: Path, landing: Path) -> None:
        self.published = published
        self.working = publish.working_path(published, "streaming")
        self.landing = landing
        self.full_refresh = False
        identifiers = settings.identifiers_path(published)
        if not identifiers.exists():
            raise SystemExit(f"No identifiers file at {identifiers} beside the warehouse (README, \"Identifiers\"): "
                             "rebuild the warehouse with `make warehouse`.")
        publish.remove_database(self.working)
        self.working.parent.mkdir(exist_ok=True)
        shutil.copyfile(published, self.working)
        self.profiles_dir = write_stream_profile(self.working, identifiers)
        parsed = dbtRunner().invoke(self._dbt_args("parse"))
        if not parsed.success:
            raise SystemExit("dbt could not parse the project; see the errors above.")
        # Reusing the parsed manifest saves a parse per refresh, most of a small run's time. A run compiles
        # into the manifest it is given (ephemeral models are injected once), so each run gets a fresh copy.
        self.manifest = parsed.result
        self.loaded = self.already_loaded()
        self.published_at = 0.0

    def _dbt_args(self, command: str, *extra: str) -> list[str]:
        return [command, "--quiet", "--project-dir", str(PROJECT_DIR), "--profiles-dir", str(self.profiles_dir),
                "--target-path", str(TARGET_PATH), *extra]

    def already_loaded(self) -> set[str]:
        """The capture files the warehouse's bronze layer holds (files that landed while no stream ran are new)."""
        with duckdb.connect(str(self.working), read_only=True) as connection:
            rows = connection.execute(f"select distinct source_file from {BRONZE}").fetchall()
        return {name for (name,) in rows}

    def landed(self) -> set[str]:
        # The files a refresh would read (healthcare_ops/raw_files.py): a refused one never counts as landed.
        return {Path(path).name for path in list_raw_dir(self.landing.parent).landed(self.landing.name)}

    def refresh(self) -> set[str] | None:
        """Load what has landed since the last refresh and publish; the names loaded, or None after a failure."""
        landed = self.landed()
        new = landed - self.loaded
        if not new:
            return set()
        extra = ["--full-refresh"] if self.full_refresh else []
        runner = dbtRunner(manifest=self.manifest.deepcopy())
        result = runner.invoke(self._dbt_args("run", "--select", SELECTION, *extra))
        if not result.success:
            # An interrupted chain leaves the incremental models out of step; rebuild them next time.
            self.full_refresh = True
            print("Refresh failed (see the dbt errors above); the next one rebuilds the patient-flow models.",
                  file=sys.stderr)
            return None
        self.full_refresh = False
        self.publish()
        self.loaded = landed
        return new

    def publish(self) -> None:
        # Renaming publishes at once; the copy for the next refresh (most of a gigabyte at scale 10)
        # is made after the files just loaded are published, so it adds nothing to their lag.
        publish.checkpoint(self.working)
        publish.replace_published(self.working, self.published)
        self.published_at = time.time()
        shutil.copyfile(self.published, self.working)

    def close(self) -> None:
        publish.remove_working_folder(self.working)


def summarise(refreshes: list[Refresh], lag_log: LagLog, rate: float, batch_seconds: float) -> str:
    lags = sorted(lag for refresh in refreshes for lag in refresh.lags)
    events = sum(refresh.events for refresh in refreshes)
    if not lags:
        return "No capture file was loaded."
    p95 = lags[min(len(lags) - 1, round(0.95 * (len(lags) - 1)))]
    # n files, one every batch_seconds, span (n - 1) intervals from the first to the last written
    seconds = lag_log.last_written - lag_log.first_written + batch_seconds
    return "\n".join([
        (f"events streamed            {events:,} in {len(lags)} files over {seconds:.0f} s: "
         f"{events / seconds:,.0f} events/s (asked {rate:g})"),
        f"refreshes                  {len(refreshes)}, median {statistics.median(r.seconds for r in refreshes):.2f} s",
        (f"lag, file written → mart   median {statistics.median(lags):.2f} s, p95 {p95:.2f} s, "
         f"max {lags[-1]:.2f} s over {len(lags)} files"),
    ])


def stream(rate: float, batch_seconds: float, duration: float | None,
           quiet: bool = False) -> tuple[list[Refresh], LagLog]:
    """Produce and refresh until the duration ends or Ctrl-C; GaveUp after FAILURES_TO_GIVE_UP failed refreshes."""
    published, raw_dir = settings.warehouse_path(), settings.raw_dir()
    if not published.exists():
        raise SystemExit(f"No warehouse at {published}: build it first with `make build` (`make stream` does).")
    refresher = Refresher(published, settings.patient_flow_landing(raw_dir))
    lag_log, stop = LagLog(), threading.Event()

    def produce() -> None:
        try:
            live.run(raw_dir, rate, batch_seconds, duration, on_written=lag_log.written, stop=stop)
        except (RuntimeError, ValueError) as error:  # the feed cannot go on from this folder: say why, not how
            print(f"The producer stopped: {error}", file=sys.stderr)

    producer = threading.Thread(target=produce, name="producer")
    refreshes: list[Refresh] = []
    failures = 0
    landing = settings.patient_flow_landing(raw_dir)
    print(f"Streaming {rate:g} events/s into {landing}, publishing to {published}. Ctrl-C stops.")
    producer.start()
    try:
        while producer.is_alive() or refresher.landed() - refresher.loaded:
            started = time.time()
            names = refresher.refresh()
            if names is None:
                failures += 1
                if failures == FAILURES_TO_GIVE_UP:
                    raise GaveUp(f"{failures} refreshes in a row failed: stopping.")
                continue
            failures = 0
            if not names:
                time.sleep(IDLE_SECONDS)
                continue
            events, lags = lag_log.published(names, refresher.published_at)
            refreshes.append(Refresh(len(names), events, time.time() - started, lags))
            if not quiet:
                lag_text = f"lag {min(lags):.1f}-{max(lags):.1f} s" if lags else "files landed before the stream"
                print(f"{time.strftime('%H:%M:%S')}  +{len(names)} files, {events} events, "
                      f"refreshed in {refreshes[-1].seconds:.1f} s, {lag_text}")
    except KeyboardInterrupt:
        print("\nStopping: the producer finishes its file; the warehouse keeps the last published refresh.")
    finally:
        stop.set()
        producer.join()
        refresher.close()
    return refreshes, lag_log


def refresh_once() -> int:
    """Load whatever has landed since the warehouse was last refreshed, publish, and stop."""
    published = settings.warehouse_path()
    if not published.exists():
        print(f"No warehouse at {published}: build it first with `make build`.", file=sys.stderr)
        return 1
    refresher = Refresher(published, settings.patient_flow_landing())
    try:
        names = refresher.refresh()
    finally:
        refresher.close()
    if names is None:
        return 1
    print(f"Loaded {len(names)} new capture files." if names else "Nothing new has landed.")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rate", type=float, default=20.0, help="events per second the producer lands")
    parser.add_argument("--batch-seconds", type=float, default=1.0, help="seconds between capture files")
    parser.add_argument("--duration", type=float, help="stop after this many seconds (default: until Ctrl-C)")
    parser.add_argument("--quiet", action="store_true", help="print only the summary, not a line per refresh")
    parser.add_argument("--once", action="store_true",
                        help="no producer: load the capture files landed since the last refresh, then stop")
    options = parser.parse_args()
    try:
        # the stream is the warehouse's writer for as long as it runs: a build waits until it stops
        with exclusive_writer(settings.warehouse_path(), "the patient-flow stream (pipeline.stream)"):
            if options.once:
                return refresh_once()
            refreshes, lag_log = stream(options.rate, options.batch_seconds, options.duration, options.quiet)
    except WarehouseBusy as busy:
        print(f"Stream NOT started: {busy}", file=sys.stderr)
        return 1
    except GaveUp as error:
        print(f"{error} The warehouse keeps its last published refresh.", file=sys.stderr)
        return 1
    print(summarise(refreshes, lag_log, options.rate, options.batch_seconds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
