"""`make monitor`: are the raw exports still arriving, and what do the published warehouse's open alerts say.

Two checks (README, "Monitoring"):
- delivery: `dbt source freshness` on every raw source: how long ago its newest file landed (the file's
  modification time), against the sources' warn_after/error_after. dbt runs on an in-memory DuckDB: it reads
  RAW_DIR's files only and never opens the warehouse. A file not in RAW_DIR is "missing"; that is only a
  failure for a domain the warehouse loaded (or the registry, always required): an optional domain this
  deployment does not have is reported, not failed.
- content: the open alerts of marts.mart_alerts in the published warehouse, read read-only.

Exit status 1 when a source's freshness is an error, a source that should be there is missing, or an open
alert is critical; 0 otherwise, so a scheduler can page on it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from healthcare_ops import monitoring, settings
from healthcare_ops import warehouse as published

PROJECT_DIR = settings.REPO_ROOT
# dbt reports a source it found no row for as loaded at 0001-01-01 (age: the whole calendar).
NEVER_LOADED_BEFORE_YEAR = 1900
FRESHNESS_COLUMNS = ("source", "domain", "status", "last_landed_at", "age_hours", "message")


def run_freshness(raw_dir: Path) -> list[dict]:
    """dbt source freshness over RAW_DIR: its sources.json results (RuntimeError, with dbt's output, when
    dbt could not run at all)."""
    with tempfile.TemporaryDirectory(prefix="freshness-") as scratch:
        output = Path(scratch) / "sources.json"
        environment = {**os.environ, "RAW_DIR": str(raw_dir), "WAREHOUSE_PATH": ":memory:",
                       "IDENTIFIERS_PATH": ":memory:", "DBT_TARGET_PATH": str(Path(scratch) / "target")}
        dbt = Path(sys.executable).with_name("dbt")
        finished = subprocess.run(
            [str(dbt), "source", "freshness", "--profiles-dir", str(PROJECT_DIR), "--project-dir", str(PROJECT_DIR),
             "--output", str(output)],
            # dbt exits 1 on a stale source: that is a result (sources.json), not a failure to run
            check=False, env=environment, cwd=PROJECT_DIR, capture_output=True, text=True,
        )
        if not output.is_file():
            raise RuntimeError(f"dbt source freshness did not run:\n{finished.stdout[-3000:]}{finished.stderr[-3000:]}")
        domains = source_domains(json.loads((Path(scratch) / "target" / "manifest.json").read_text()))
        results = json.loads(output.read_text())["results"]
        return [{**result, "domain": domains[result["unique_id"]]} for result in results]


def source_domains(manifest: dict) -> dict[str, str]:
    """Source unique id -> the domain of macros/raw_files.sql it belongs to: its meta's `domain` where the source
    is not named for its domain (provider growth's crm, inventory and referrals), otherwise the source's name."""
    return {unique_id: (node.get("meta") or {}).get("domain", node["source_name"])
            for unique_id, node in manifest["sources"].items()}


def freshness_table(results: list[dict]) -> pd.DataFrame:
    """One row per source: source (domain.table), status (pass, warn, error, missing), when its newest file
    landed, how many hours ago, and a sentence."""
    rows = []
    for result in results:
        source = result["unique_id"].split(".", 2)[2]
        landed = pd.Timestamp(result["max_loaded_at"]) if result.get("max_loaded_at") else None
        criteria = result.get("criteria") or {}
        limits = {kind: f"{(criteria.get(kind) or {}).get('count')} {(criteria.get(kind) or {}).get('period')}s"
                  for kind in ("warn_after", "error_after")}
        if result["status"] not in ("pass", "warn", "error"):
            status, age, message = "error", None, f"could not be read: {result.get('error') or result['status']}"
        elif landed is None or landed.year < NEVER_LOADED_BEFORE_YEAR:
            status, age, message = "missing", None, "no file in RAW_DIR: never delivered"
        else:
            status, age = result["status"], result["max_loaded_at_time_ago_in_s"] / 3600
            message = {"pass": f"landed {age:.1f} hours ago",
                       "warn": f"landed {age:.1f} hours ago: late (warn after {limits['warn_after']})",
                       "error": f"landed {age:.1f} hours ago: stale (error after {limits['error_after']})"}[status]
        rows.append({"source": source, "domain": result["domain"], "status": status,
                     "last_landed_at": landed if status != "missing" else None,
                     "age_hours": age, "message": message})
    return pd.DataFrame(rows, columns=list(FRESHNESS_COLUMNS)).sort_values("source", ignore_index=True)


def loaded_domains(path: Path) -> dict[str, bool]:
    """Domain -> whether the published warehouse loaded it or requires it (quality.loaded_domains)."""
    frame = published.query("select domain, is_loaded or is_required as expected from quality.loaded_domains",
                            path=path)
    return dict(zip(frame.domain, frame.expected))


def freshness_failures(table: pd.DataFrame, expected_domains: dict[str, bool] | None) -> pd.DataFrame:
    """The rows that fail the monitor: errors, and missing files of a domain that should be there (every
    domain, when no warehouse says which were loaded)."""
    expected = table.domain.map(expected_domains).fillna(True).astype(bool) if expected_domains is not None else True
    return table[(table.status == "error") | ((table.status == "missing") & expected)]


def open_alerts(path: Path) -> pd.DataFrame:
    return published.query(monitoring.OPEN_ALERTS_SQL, path=path)


def main() -> int:
    raw_dir, path = settings.raw_dir(), settings.warehouse_path()
    print(f"Freshness of the raw exports in {raw_dir} (now {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}):")
    try:
        table = freshness_table(run_freshness(raw_dir))
    except RuntimeError as problem:
        print(problem, file=sys.stderr)
        return 1
    try:
        expected_domains = loaded_domains(path) if path.is_file() else None
        alerts = open_alerts(path) if path.is_file() else None
    except duckdb.Error as problem:
        expected_domains, alerts = None, None
        print(f"The warehouse at {path} cannot be read for monitoring ({type(problem).__name__}); a warehouse "
              "built before mart_alerts existed needs `make warehouse`.", file=sys.stderr)
    failures = freshness_failures(table, expected_domains)
    print(table.drop(columns=["domain", "last_landed_at"]).to_string(index=False, float_format="%.1f"))
    if alerts is None:
        print(f"\nNo open alerts to show: no readable published warehouse at {path} (build it with `make warehouse`).")
        return 1
    print(f"\nOpen alerts of {path}:")
    if alerts.empty:
        print("none")
    for alert in alerts.itertuples():
        print(f"[{alert.severity}] {alert.check_name} ({alert.subject}), {alert.period_start:%Y-%m-%d} to "
              f"{alert.period_end:%Y-%m-%d}: {alert.message}")
    critical = int((alerts.severity == "critical").sum())
    if len(failures) or critical:
        print(f"\n{len(failures)} raw source(s) stale or missing, {critical} critical open alert(s).")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
