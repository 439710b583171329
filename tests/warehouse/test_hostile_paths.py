"""Text from outside never becomes SQL: file names and RAW_DIR reach DuckDB only as bound values.

A capture file whose name closes the SQL string it was once pasted into, a name with a quote, a RAW_DIR
with a quote and a space, symbolic links and files that are not captures, in copies of
tests/fixtures/raw_dirty built by the real publish step (and refreshed by the stream's own refresh).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from fixture_builds import DIRTY_FIXTURE, PROJECT_DIR, publish, query

BRONZE = "staging.base_patient_flow__capture_lines"
# Were this name pasted into read_text(['...']), the SQL would read /etc/passwd (no '/' may be in a name).
INJECTION = ("capture-a']) union all select filename, content, size, last_modified "
             "from read_text(chr(47)||'etc'||chr(47)||'passwd') --.ndjson")
OBRIEN = "capture-o'brien.ndjson"
# DuckDB's readers expand a glob in any path they are given: this name would read every capture again.
GLOB = "capture-*.ndjson"


def capture_lines(prefix: str) -> str:
    """Valid capture lines: the fixture's last capture file, with event ids of their own."""
    lines = []
    for line in (DIRTY_FIXTURE / "patient_flow" / "capture-20261003.ndjson").read_text().splitlines():
        envelope = json.loads(line)
        if isinstance(envelope.get("body"), dict) and envelope["body"].get("event_id"):
            envelope["body"]["event_id"] = f"{prefix}-{envelope['body']['event_id']}"
            lines.append(json.dumps(envelope))
    return "\n".join(lines) + "\n"


def stream_once(raw_dir: Path, warehouse: Path) -> subprocess.CompletedProcess:
    environment = {**os.environ, "RAW_DIR": str(raw_dir), "WAREHOUSE_PATH": str(warehouse)}
    return subprocess.run([sys.executable, "-m", "pipeline.stream", "--once"], cwd=PROJECT_DIR, env=environment,
                          capture_output=True, text=True, timeout=600, check=False)


def bronze_files(warehouse: Path) -> dict[str, int]:
    return dict(query(warehouse, f"select source_file, count(*) from {BRONZE} group by source_file"))


def refused(warehouse: Path) -> dict[str, str]:
    return dict(query(warehouse, "select file_path, reason from quality.refused_files"))


@pytest.fixture(scope="module")
def injected(tmp_path_factory) -> tuple[Path, Path, dict[str, str]]:
    """A build, then the hostile names land and the stream's refresh loads what has landed."""
    scratch = tmp_path_factory.mktemp("injection")
    raw = scratch / "raw"
    shutil.copytree(DIRTY_FIXTURE, raw)
    warehouse = scratch / "warehouse.duckdb"
    built = publish(raw, warehouse)
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    landing = raw / "patient_flow"
    written = {OBRIEN: capture_lines("OB"), INJECTION: capture_lines("INJ")}
    (landing / "capture-a").write_text(written[INJECTION])  # so that the injected SQL would find a file to read
    (landing / GLOB).write_text(capture_lines("GLOB"))
    for name, text in written.items():
        (landing / name).write_text(text)
    streamed = stream_once(raw, warehouse)
    assert streamed.returncode == 0, streamed.stdout[-3000:] + streamed.stderr[-3000:]
    return raw, warehouse, written


def test_a_name_that_closes_a_string_never_reads_another_file(injected):
    _, warehouse, written = injected
    passwd_lines = query(warehouse, f"select count(*) from {BRONZE} where payload like 'root:%' or source_file = 'passwd'")
    assert passwd_lines == [(0,)]
    assert bronze_files(warehouse).get(INJECTION) == written[INJECTION].count("\n")


def test_a_name_with_a_quote_loads_normally(injected):
    _, warehouse, written = injected
    assert bronze_files(warehouse).get(OBRIEN) == written[OBRIEN].count("\n")
    assert query(warehouse, "select count(*) from staging.stg_patient_flow__events where source_file = ?", [OBRIEN]) \
        == [(written[OBRIEN].count("\n"),)]
    assert query(warehouse, "select bool_and(is_balanced) from quality.reconciliation") == [(True,)]


def test_a_file_not_named_ndjson_and_a_glob_are_refused_and_reported(injected):
    _, warehouse, _ = injected
    assert refused(warehouse) == {
        "patient_flow/capture-a": "not a capture file (*.ndjson)",
        f"patient_flow/{GLOB}": "the path has a glob character (* ? [ { } \\), which the reader would expand to other files",
    }
    assert GLOB not in bronze_files(warehouse)
    assert query(warehouse, "select refused_files from quality.reconciliation where source_file = 'patient_flow'") \
        == [(2,)]


def test_a_later_full_build_loads_the_same(injected, tmp_path):
    raw, _, written = injected
    rebuilt = tmp_path / "warehouse.duckdb"
    result = publish(raw, rebuilt)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    files = bronze_files(rebuilt)
    assert {name: files.get(name) for name in written} == {name: text.count("\n") for name, text in written.items()}
    assert "Refused patient_flow/capture-a" in result.stdout


@pytest.fixture(scope="module")
def linked(tmp_path_factory) -> tuple[Path, Path, subprocess.CompletedProcess]:
    """RAW_DIR with a quote and a space in its path, and links and a non-capture file in it."""
    scratch = tmp_path_factory.mktemp("links")
    raw = scratch / "raw files o'neil"
    shutil.copytree(DIRTY_FIXTURE, raw)
    outside = scratch / "outside"
    outside.mkdir()
    (outside / "secret.ndjson").write_text(capture_lines("LINKED"))
    shutil.copy(DIRTY_FIXTURE / "providers.csv", outside / "providers.csv")
    landing = raw / "patient_flow"
    (landing / "capture-linked.ndjson").symlink_to(outside / "secret.ndjson")
    (landing / "capture.json").write_text(capture_lines("JSON"))
    (raw / "extra.csv").symlink_to(outside / "providers.csv")
    warehouse = scratch / "warehouse.duckdb"
    result = publish(raw, warehouse)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return raw, warehouse, result


def test_a_raw_dir_with_a_quote_and_a_space_builds(linked):
    _, warehouse, _ = linked
    assert query(warehouse, "select count(*) > 0 from marts.dim_patient") == [(True,)]
    assert query(warehouse, "select bool_and(is_balanced) from quality.reconciliation") == [(True,)]


def test_links_and_other_files_are_refused_reported_and_not_followed(linked):
    _, warehouse, result = linked
    reasons = refused(warehouse)
    assert reasons == {
        "extra.csv": "symbolic link: links are not followed",
        "patient_flow/capture-linked.ndjson": "symbolic link: links are not followed",
        "patient_flow/capture.json": "not a capture file (*.ndjson)",
    }
    assert "capture-linked.ndjson" not in bronze_files(warehouse)
    assert "capture.json" not in bronze_files(warehouse)
    assert query(warehouse, "select count(*) from staging.stg_patient_flow__events where event_id like 'LINKED-%'") \
        == [(0,)]
    assert dict(query(warehouse, "select source_file, refused_files from quality.reconciliation")) \
        == {"patients.csv": 0, "providers.csv": 0, "advocates.csv": 0, "cases.csv": 0, "case_events.csv": 0,
            "interactions.csv": 0, "patient_feedback.csv": 0, "appointments.csv": 0, "appointment_feedback.csv": 0,
            "crm_accounts.csv": 0, "crm_contacts.csv": 0, "crm_activities.csv": 0, "crm_opportunities.csv": 0,
            "inventory_usage.csv": 0, "referrals.csv": 0, "patient_flow": 2}
    for path in reasons:
        assert f"Refused {path}" in result.stdout
    assert "3 file(s) in RAW_DIR refused" in result.stdout


def test_a_linked_contract_csv_is_refused_and_stops_the_build(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(DIRTY_FIXTURE, raw)
    (tmp_path / "patients.csv").write_bytes((raw / "patients.csv").read_bytes())
    (raw / "patients.csv").unlink()
    (raw / "patients.csv").symlink_to(tmp_path / "patients.csv")
    result = publish(raw, tmp_path / "warehouse.duckdb")
    assert result.returncode != 0
    assert "patients.csv: file not found (refused: symbolic link: links are not followed)" in result.stdout
    assert not (tmp_path / "warehouse.duckdb").exists()
