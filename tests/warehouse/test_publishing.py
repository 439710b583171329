"""Publishing is exclusive and crash-safe: one writer per warehouse, and the published file is always the last
good build, whatever happens to the builds racing for it or to the files left beside it."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from fixture_builds import DIRTY_FIXTURE, PROJECT_DIR, publish, query

from healthcare_ops.writer_lock import lock_path
from pipeline.publish import working_path

WAIT_SECONDS = 120


def start_build(raw_dir: Path, warehouse: Path) -> subprocess.Popen:
    environment = {**os.environ, "RAW_DIR": str(raw_dir), "WAREHOUSE_PATH": str(warehouse)}
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline.publish"], cwd=PROJECT_DIR, env=environment, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,  # its own group: dbt dies with it
    )


def wait_for(condition, what: str) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.05)


def is_good_warehouse(warehouse: Path) -> bool:
    """Opens, and holds the marts and definitions a published build has."""
    rows = query(warehouse, "select count(*) from marts.fct_case_lifecycle")[0][0]
    manifests = query(warehouse, "select count(*) from meta.semantic_manifest")[0][0]
    return rows > 0 and manifests == 1


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    """A warehouse published once from the hand-made raw files: the last good build."""
    warehouse = tmp_path_factory.mktemp("published") / "warehouse.duckdb"
    result = publish(DIRTY_FIXTURE, warehouse)
    assert result.returncode == 0, result.stdout + result.stderr
    return warehouse


def test_a_second_build_is_refused_while_the_first_runs(published):
    first = start_build(DIRTY_FIXTURE, published)
    wait_for(lambda: working_path(published).exists(), "the first build to start writing")
    second = start_build(DIRTY_FIXTURE, published)
    _, refused = second.communicate(timeout=WAIT_SECONDS)
    output, errors = first.communicate(timeout=WAIT_SECONDS)
    assert second.returncode == 1
    assert f"Warehouse NOT built: {published} is being written by a warehouse build" in refused
    assert f"pid {first.pid}" in refused
    assert first.returncode == 0, output + errors
    assert is_good_warehouse(published)


@pytest.mark.parametrize("seconds", [0.5, 3.0, 6.0, 9.0])
def test_a_build_killed_at_any_moment_leaves_the_last_good_warehouse(published, seconds):
    """Killed while dbt starts, builds, tests or publishes: the published file is whole and good (the one
    before, or this build's when it had already renamed its own into place)."""
    build = start_build(DIRTY_FIXTURE, published)
    time.sleep(seconds)
    finished = build.poll() is not None
    os.killpg(build.pid, signal.SIGKILL)
    build.wait()
    assert is_good_warehouse(published)
    if finished:
        assert build.returncode == 0
    # the lock died with the build: the next one runs, cleans up after the killed one, and publishes
    after = publish(DIRTY_FIXTURE, published)
    assert after.returncode == 0, after.stdout + after.stderr
    assert is_good_warehouse(published)
    assert not working_path(published).exists()


def test_a_stale_write_ahead_log_beside_the_warehouse_is_not_replayed(published, tmp_path):
    # a hand-run `dbt build` that crashed on the published file leaves its log beside it
    crashed = tmp_path / "crashed.duckdb"
    shutil.copyfile(published, crashed)
    with duckdb.connect(str(crashed)) as connection:
        connection.execute("set checkpoint_threshold = '1TB'")
        connection.execute("create table marts.half_written as select range as n from range(1000)")
        shutil.copyfile(crashed.with_name("crashed.duckdb.wal"), published.with_name(published.name + ".wal"))
    result = publish(DIRTY_FIXTURE, published)
    assert result.returncode == 0, result.stdout + result.stderr
    assert is_good_warehouse(published)
    assert not published.with_name(published.name + ".wal").exists()


def test_the_lock_names_its_holder_and_outlives_no_one(published):
    assert lock_path(published).exists()
    assert "pid" in lock_path(published).read_text()
