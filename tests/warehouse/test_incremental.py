"""The stream's incremental path gives the warehouse a full rebuild gives, and a replayed batch changes nothing.

The full rebuild is the warehouse `make test` built from RAW_DIR. Here a copy of the same
files (modification times kept: they are the landing times) is built without its last
capture files, which then land the way the stream lands them and are loaded by the
stream's own refresh (`python -m pipeline.stream --once`).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from generators import live
from healthcare_ops import settings

PROJECT_DIR = Path(__file__).resolve().parents[2]
HELD_BACK = 3
SCHEMAS = ("staging", "intermediate", "quality", "marts")
# Which dbt run wrote a row, and when, differ by construction; sums of doubles differ in the last bits
# with the order rows are added in.
NOT_COMPARED = {"_run_id", "_loaded_at"}
DECIMALS = 6
# What the build's second scoring stage computes from every encounter (the opportunity model and provider growth's
# metric snapshots, healthcare_ops/scoring/phase.py) and the models reading it: the stream runs no scoring, so they
# stay as of the last `make warehouse` (README, "Provider growth: analysis"), and a full rebuild that saw the later
# captures differs by design.
AS_OF_THE_LAST_BUILD = {
    "staging.stg_scores__opportunity_coefficients", "staging.stg_scores__opportunity_models",
    "staging.stg_scores__opportunity_providers", "staging.stg_scores__referral_leakage_metrics",
    "staging.stg_scores__service_line_metrics", "marts.mart_opportunity_model",
    "marts.mart_opportunity_model_coefficients", "marts.mart_provider_roi", "marts.mart_referral_leakage",
    "marts.mart_service_line_summary",
}


def run(module: list[str], raw_dir: Path, warehouse: Path) -> str:
    environment = {**os.environ, "RAW_DIR": str(raw_dir), "WAREHOUSE_PATH": str(warehouse)}
    result = subprocess.run([sys.executable, "-m", *module], cwd=PROJECT_DIR, env=environment,
                            capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout


def land(source: Path, landing: Path, name: str | None = None, now: bool = False) -> Path:
    """Copy a capture file in, as a tmp file renamed into place (as the hub does).

    Its modification time is the landing time: kept from the original, or now for a redelivery.
    """
    target = landing / (name or source.name)
    partial = landing / f".{target.name}.tmp"
    (shutil.copyfile if now else shutil.copy2)(source, partial)
    os.replace(partial, target)
    return target


def table_rows(warehouse: Path, schemas: tuple[str, ...] = SCHEMAS) -> dict[str, list[tuple]]:
    """Every table's rows, sorted, without the audit columns and with doubles rounded."""
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        columns = connection.execute(
            "select schema_name || '.' || table_name, column_name, data_type from duckdb_columns() "
            f"where schema_name in {schemas!r} and not internal order by schema_name, table_name, column_index"
        ).fetchall()
        selects: dict[str, list[str]] = {}
        for table, column, data_type in columns:
            if column not in NOT_COMPARED:
                quoted = f'"{column}"'
                selects.setdefault(table, []).append(
                    f"round({quoted}, {DECIMALS})" if data_type == "DOUBLE" else quoted)
        return {table: sorted(connection.execute(f"select {', '.join(parts)} from {table}").fetchall(),
                              key=repr)
                for table, parts in selects.items()}


@pytest.fixture(scope="module")
def streamed(raw_dir: Path, tmp_path_factory) -> tuple[Path, Path, list[Path]]:
    """A warehouse built without the last capture files, which then arrive in two refreshes."""
    scratch = tmp_path_factory.mktemp("incremental")
    copy = scratch / "raw"
    shutil.copytree(raw_dir, copy)  # copy2: modification times kept
    landing = copy / "patient_flow"
    captures = sorted(landing.glob("capture-*.ndjson"))
    held = scratch / "held"
    held.mkdir()
    held_back = [Path(shutil.move(path, held / path.name)) for path in captures[-HELD_BACK:]]
    warehouse = scratch / "warehouse.duckdb"
    run(["pipeline.publish"], copy, warehouse)
    land(held_back[0], landing)
    run(["pipeline.stream", "--once"], copy, warehouse)
    for path in held_back[1:]:
        land(path, landing)
    run(["pipeline.stream", "--once"], copy, warehouse)
    return copy, warehouse, held_back


def test_the_incremental_path_equals_a_full_rebuild(streamed, warehouse_path):
    _, incremental, _ = streamed
    full, refreshed = table_rows(warehouse_path), table_rows(incremental)
    assert sorted(refreshed) == sorted(full)
    differing = [table for table in full if refreshed[table] != full[table] and table not in AS_OF_THE_LAST_BUILD]
    assert differing == []


def test_late_events_in_the_new_files_land_in_the_hour_they_happened(streamed):
    _, incremental, held_back = streamed
    with duckdb.connect(str(incremental), read_only=True) as connection:
        late = connection.execute(
            f"""
            select count(*), count(*) filter (
                where date_key = cast(event_time as date) and hour_key = extract(hour from event_time)
            )
            from marts.fct_patient_event
            where source_file in {tuple(path.name for path in held_back)!r}
              and enqueued_at > event_time + interval 1 hour
            """
        ).fetchone()
    events_arriving_late, placed_by_event_time = late
    assert events_arriving_late > 0
    assert placed_by_event_time == events_arriving_late


def test_a_replayed_batch_changes_no_mart(streamed):
    raw, warehouse, held_back = streamed
    before = table_rows(warehouse, ("marts",))
    landing = raw / "patient_flow"
    replayed = land(held_back[-1], landing, held_back[-1].name.replace(".ndjson", "-replayed.ndjson"), now=True)
    land(held_back[0], landing, now=True)  # the same file delivered again under its own name
    run(["pipeline.stream", "--once"], raw, warehouse)

    assert table_rows(warehouse, ("marts",)) == before
    lines = sum(1 for line in replayed.read_text().splitlines() if line.strip())
    reasons = "select count(*) from quality.quarantine where source_path = 'patient_flow/' || ? "
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        def count(condition: str, file: str) -> int:
            return connection.execute(reasons + condition, [file]).fetchone()[0]

        replay_quarantined = count("", replayed.name)
        replay_duplicates = count("and reason = 'duplicate_id'", replayed.name)
        # a copy of a line that cannot be read, or lacks its ids, fails for that before it can be a duplicate
        original_unreadable = count("and reason in ('invalid_json', 'missing_required')", held_back[-1].name)
        balanced = connection.execute("select bool_and(is_balanced) from quality.reconciliation").fetchone()[0]
    assert replay_quarantined == lines
    assert replay_duplicates == lines - original_unreadable
    assert balanced


def test_the_live_feed_lands_its_planted_dirt_in_the_quarantine(streamed):
    raw, warehouse, _ = streamed
    feed = live.LiveFeed(raw)
    for _ in range(3):
        feed.write_batch(2_000)
    run(["pipeline.stream", "--once"], raw, warehouse)
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        quarantined = dict(connection.execute(
            "select reason, count(*) from quality.quarantine "
            "where source_path like 'patient_flow/capture-live-%' group by reason"
        ).fetchall())
        balanced = connection.execute("select bool_and(is_balanced) from quality.reconciliation").fetchone()[0]
    assert quarantined == {reason: lines for reason, lines in feed.quarantine_expected.items() if lines}
    assert balanced


def test_a_running_stream_publishes_every_file_it_lands(raw_dir, warehouse_path, tmp_path):
    """One process refreshing many times: each refresh is published, and the next builds on it."""
    raw, warehouse = tmp_path / "raw", tmp_path / "warehouse.duckdb"
    shutil.copytree(raw_dir, raw)
    shutil.copyfile(warehouse_path, warehouse)
    # the identifiers file beside it, which a refresh reads for the age correction (README, "Identifiers")
    shutil.copyfile(settings.identifiers_path(warehouse_path), settings.identifiers_path(warehouse))
    summary = run(["pipeline.stream", "--quiet", "--rate", "100", "--duration", "8"], raw, warehouse)

    refreshes = int(re.search(r"^refreshes\s+(\d+)", summary, re.MULTILINE).group(1))
    landed = {path.name for path in (raw / "patient_flow").glob("capture-live-*.ndjson")}
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        loaded = {name for (name,) in connection.execute(
            "select distinct source_file from staging.base_patient_flow__capture_lines "
            "where source_file like 'capture-live-%'"
        ).fetchall()}
        in_the_marts = {name for (name,) in connection.execute(
            "select distinct source_file from marts.fct_patient_event where source_file like 'capture-live-%'"
        ).fetchall()}
        balanced = connection.execute("select bool_and(is_balanced) from quality.reconciliation").fetchone()[0]
    assert refreshes >= 2, summary
    assert loaded == landed
    assert in_the_marts == landed
    assert balanced
