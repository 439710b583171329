"""Building a warehouse with the real publish step and comparing what it holds with the baseline build's."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import duckdb
from edits import CAPTURE
from raw_copy import PlacedLine

PROJECT_DIR = Path(__file__).resolve().parents[2]
# Columns every table carries that say when and by which run it was built (macros: audit_columns).
AUDIT_COLUMNS = ("_run_id", "_loaded_at")
# Sums of doubles differ in the last bits with the order they are added in (README, "Incremental models").
DOUBLE_DECIMALS = 6
SHOWN = 12  # rows shown of a difference


def publish(raw_dir: Path, warehouse: Path) -> subprocess.CompletedProcess:
    """python -m pipeline.publish on a raw folder, into `warehouse` (its identifiers file beside it)."""
    environment = {name: value for name, value in os.environ.items()
                   if name not in ("IDENTIFIERS_PATH", "DBT_TARGET_PATH")}
    environment.update(RAW_DIR=str(raw_dir), WAREHOUSE_PATH=str(warehouse))
    return subprocess.run([sys.executable, "-m", "pipeline.publish"], cwd=PROJECT_DIR, env=environment,
                          capture_output=True, text=True, timeout=600, check=False)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def query(warehouse: Path, sql: str, parameters: list | None = None) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return connection.execute(sql, parameters or []).fetchall()


@dataclass(frozen=True)
class QuarantineRow:
    source_file: str
    source_path: str
    line_number: int | None
    record_id: str | None
    reason: str
    reason_detail: str | None
    raw_values: str | None


def quarantine(warehouse: Path) -> list[QuarantineRow]:
    return [QuarantineRow(*row) for row in query(warehouse, """
        select source_file, source_path, line_number, record_id, reason, reason_detail, raw_values
        from quality.quarantine
    """)]


def mart_tables(connection: duckdb.DuckDBPyConnection, database: str) -> dict[str, list[tuple[str, str]]]:
    """Every table of schema marts: its (column, type) pairs, audit columns aside."""
    tables: dict[str, list[tuple[str, str]]] = {}
    for table, column, data_type in connection.execute("""
        select table_name, column_name, data_type from information_schema.columns
        where table_catalog = ? and table_schema = 'marts' order by table_name, ordinal_position
    """, [database]).fetchall():
        if column not in AUDIT_COLUMNS:
            tables.setdefault(table, []).append((column, data_type))
    return tables


def comparable(alias: str, table: str, columns: list[tuple[str, str]], renumbered: bool) -> str:
    """A select of the table's rows as they compare: doubles rounded, and a capture line's number taken back
    to the generated file's numbering (line_map) when hostile lines moved it."""
    names = {column for column, _ in columns}
    expressions = []
    for column, data_type in columns:
        expression = f'rows."{column}"'
        if data_type in ("DOUBLE", "FLOAT", "REAL"):
            expression = f"round({expression}, {DOUBLE_DECIMALS})"
        if renumbered and column == "line_number" and "source_file" in names:
            expression = "coalesce(line_map.generated_line, rows.line_number)"
        expressions.append(f"{expression} as \"{column}\"")
    source = f'{alias}.marts."{table}" as rows'
    if renumbered and {"source_file", "line_number"} <= names:
        source += (" left join line_map on line_map.source_file = rows.source_file"
                   " and line_map.physical_line = rows.line_number")
    return f"select {', '.join(expressions)} from {source}"


def mart_differences(baseline: Path, candidate: Path, moved_lines: dict[str, dict[int, int]]) -> list[str]:
    """What differs between the two warehouses' marts, row for row (as multisets), audit columns aside."""
    problems = []
    with duckdb.connect() as connection:
        connection.execute("attach ? as baseline (read_only)", [str(baseline)])
        connection.execute("attach ? as candidate (read_only)", [str(candidate)])
        connection.execute(
            "create temp table line_map (source_file varchar, physical_line bigint, generated_line bigint)")
        connection.executemany("insert into line_map values (?, ?, ?)", [
            (source_path.removeprefix(f"{CAPTURE}/"), physical, generated)
            for source_path, moved in moved_lines.items() if source_path.startswith(f"{CAPTURE}/")
            for generated, physical in moved.items()
        ])
        expected, found = mart_tables(connection, "baseline"), mart_tables(connection, "candidate")
        if set(expected) != set(found):
            problems.append(f"marts tables differ: missing {sorted(set(expected) - set(found))}, "
                            f"new {sorted(set(found) - set(expected))}")
        for table in sorted(set(expected) & set(found)):
            if expected[table] != found[table]:
                problems.append(f"marts.{table}: columns differ: {expected[table]} != {found[table]}")
                continue
            before = comparable("baseline", table, expected[table], renumbered=False)
            after = comparable("candidate", table, found[table], renumbered=True)
            lost = connection.execute(f"{before} except all {after}").fetchall()
            gained = connection.execute(f"{after} except all {before}").fetchall()
            if lost or gained:
                problems.append(f"marts.{table}: {len(lost)} baseline rows missing, {len(gained)} rows new; "
                                f"missing {lost[:SHOWN]}, new {gained[:SHOWN]}")
    return problems


def quarantine_differences(baseline_rows: list[QuarantineRow], rows: list[QuarantineRow],
                           placed: list[PlacedLine], moved_lines: dict[str, dict[int, int]]) -> list[str]:
    """Each hostile record is held back once at its file and line with an acceptable reason, and showing its line
    as it arrived; every other row is the baseline's, at its line's new number."""
    problems = []
    hostile = {(line.source_path, line.line_number): line for line in placed if line.line.is_record}
    at = Counter((row.source_path, row.line_number) for row in rows)
    for key, line in sorted(hostile.items()):
        found = [row for row in rows if (row.source_path, row.line_number) == key]
        if len(found) != 1:
            problems.append(f"{key[0]} line {key[1]}: {len(found)} quarantine rows, expected 1 with "
                            f"{sorted(line.line.reasons)}; the line: {line.line.text[:200]!r}")
            continue
        row = found[0]
        if row.reason not in line.line.reasons:
            problems.append(f"{key[0]} line {key[1]}: reason {row.reason} ({row.reason_detail}), expected "
                            f"{sorted(line.line.reasons)}; the line: {line.line.text[:200]!r}")
        as_arrived = arrived_text(line)
        if as_arrived is not None and row.raw_values != as_arrived:
            problems.append(f"{key[0]} line {key[1]}: raw_values {row.raw_values[:200]!r} is not the line as it "
                            f"arrived, {as_arrived[:200]!r}")
        if line.line.secret and any(line.line.secret in (text or "") for text in (row.raw_values, row.reason_detail)):
            problems.append(f"{key[0]} line {key[1]}: a patient's identifier {line.line.secret!r} is published "
                            f"in the quarantine: {row.raw_values[:300]!r}")
    expected = Counter(
        (row.source_path, moved_lines.get(row.source_path, {}).get(row.line_number, row.line_number), row.reason)
        for row in baseline_rows
    )
    others = Counter((row.source_path, row.line_number, row.reason) for row in rows
                     if (row.source_path, row.line_number) not in hostile)
    if others != expected:
        problems.append(f"rows other than the hostile lines changed: newly held back "
                        f"{sorted(others - expected)[:SHOWN]}, no longer held back {sorted(expected - others)[:SHOWN]}")
    problems += [f"{path} line {number}: {count} quarantine rows" for (path, number), count in at.items()
                 if count > 1 and (path, number) not in hostile]
    return problems


def arrived_text(line: PlacedLine) -> str | None:
    """The raw_values a held-back line must show: its text as it arrived (a CR before the LF is line ending).
    None where raw_values is not the line: a patient's row (JSON, identifiers withheld) and bytes not UTF-8."""
    if line.raw_source == "patients.csv":
        return None
    try:
        return line.line.text.decode("utf-8").rstrip("\r")
    except UnicodeDecodeError:
        return None


def reconciliation_differences(warehouse: Path, counted: dict[tuple[str, str], int]) -> list[str]:
    """reconciliation balances everywhere, and both the warehouse's counts agree with ours from the bytes."""
    problems = [f"reconciliation not balanced: {row}" for row in query(
        warehouse, "select * from quality.reconciliation where not is_balanced")]
    by_source = Counter()
    for (raw_source, _), records in counted.items():
        by_source[raw_source] += records
    raw_rows = dict(query(warehouse, "select source_file, raw_rows from quality.reconciliation"))
    for raw_source, records in sorted(by_source.items()):
        if raw_rows.get(raw_source) != records:
            problems.append(f"{raw_source}: reconciliation.raw_rows {raw_rows.get(raw_source)}, "
                            f"counted from the bytes {records}")
    file_records = {(raw_source, name): records for raw_source, name, records in query(
        warehouse, "select raw_source, file_name, records from quality.raw_file_records")}
    if file_records != counted:
        problems.append(f"raw_file_records differs from the count from the bytes: "
                        f"{sorted(set(file_records.items()) ^ set(counted.items()))[:SHOWN]}")
    return problems
