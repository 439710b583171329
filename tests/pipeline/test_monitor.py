"""`make monitor`'s freshness: dbt source freshness on raw files that landed on time, late, long ago or never."""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

import pandas as pd
import pytest

from pipeline import monitor

HOUR = 3600


@pytest.fixture(scope="module")
def results(raw_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> list[dict]:
    """dbt source freshness over the registry and telehealth exports only: the registry fresh, the appointments
    30 hours old (past the 24-hour warning), their feedback 5 days old (past the 72-hour error); no advocacy or
    patient-flow file."""
    raw = tmp_path_factory.mktemp("raw")
    ages = {"patients.csv": 0, "providers.csv": 0, "appointments.csv": 30 * HOUR, "appointment_feedback.csv": 120 * HOUR}
    now = time.time()
    for name, age in ages.items():
        shutil.copyfile(raw_dir / name, raw / name)
        os.utime(raw / name, (now - age, now - age))
    return monitor.run_freshness(raw)


@pytest.fixture(scope="module")
def freshness(results: list[dict]) -> pd.DataFrame:
    return monitor.freshness_table(results).set_index("source")


def test_fresh_files_pass(freshness):
    assert freshness.loc[["registry.patients", "registry.providers"], "status"].tolist() == ["pass", "pass"]


def test_a_late_file_warns_and_an_old_one_is_an_error(freshness):
    assert freshness.status["telehealth.appointments"] == "warn"
    assert freshness.age_hours["telehealth.appointments"] == pytest.approx(30, abs=0.5)
    assert freshness.status["telehealth.appointment_feedback"] == "error"
    assert "stale (error after 72 hours)" in freshness.message["telehealth.appointment_feedback"]


def test_a_file_never_delivered_is_missing_not_a_crash(freshness):
    absent = freshness[freshness.index.str.startswith(("advocacy.", "patient_flow.", "crm.", "inventory.", "referrals."))]
    assert len(absent) == 12
    assert set(absent.status) == {"missing"}
    assert set(absent.message) == {"no file in RAW_DIR: never delivered"}


def test_a_missing_file_fails_the_monitor_only_where_a_domain_is_expected(freshness):
    table = freshness.reset_index()
    without_advocacy = {"registry": True, "telehealth": True, "advocacy": False, "patient_flow": False,
                        "provider_growth": False}
    assert monitor.freshness_failures(table, without_advocacy).source.tolist() == ["telehealth.appointment_feedback"]
    # without a warehouse to say which domains were loaded, every missing file counts
    assert len(monitor.freshness_failures(table, None)) == 13


def test_make_monitor_names_what_is_wrong_and_fails(results, warehouse_path, monkeypatch, capsys):
    """The test build loaded every domain, so the files it lacks here are failures too."""
    monkeypatch.setattr(monitor, "run_freshness", lambda raw: results)
    monkeypatch.setenv("WAREHOUSE_PATH", str(warehouse_path))
    assert monitor.main() == 1
    printed = capsys.readouterr().out
    assert re.search(r"telehealth.appointment_feedback +error +[0-9.]+ +landed", printed)
    assert "Open alerts of" in printed
    assert "13 raw source(s) stale or missing" in printed


def test_make_monitor_without_a_warehouse_says_so(results, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(monitor, "run_freshness", lambda raw: results)
    monkeypatch.setenv("WAREHOUSE_PATH", str(tmp_path / "none.duckdb"))
    assert monitor.main() == 1
    assert "no readable published warehouse" in capsys.readouterr().out
