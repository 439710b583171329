"""The same project on two engines gives the same warehouse: `make test` builds the TEST_SCALE raw files with DuckDB
(WAREHOUSE_PATH) and with Spark (SPARK_WAREHOUSE_DIR), and every table of `marts` must hold the same rows.

Rows are compared as multisets (EXCEPT ALL both ways, and counts), with the audit columns left out (which run
wrote a row, and when) and doubles rounded to 6 decimals: engines add floating-point numbers in different orders.
The quarantine is compared by file and reason: its texts may differ (a line that is not UTF-8 shows its bad bytes
as \\xNN on DuckDB and U+FFFD on Spark).
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from healthcare_ops.spark_parquet import create_views, spark_tables

AUDIT_COLUMNS = ("_run_id", "_loaded_at")
DECIMALS = 6


@pytest.fixture(scope="module")
def both(warehouse_path: Path, spark_warehouse_dir: Path):
    """One DuckDB connection: the DuckDB build attached as `duck`, the Spark build's Parquet as views of `spark`."""
    connection = duckdb.connect()
    connection.execute("attach ? as duck (read_only)", [str(warehouse_path)])
    create_views(connection, spark_warehouse_dir, ("marts", "quality"))
    yield connection
    connection.close()


def duckdb_tables(connection, schema: str) -> list[str]:
    return [name for (name,) in connection.execute(
        "select table_name from information_schema.tables "
        "where table_catalog = 'duck' and table_schema = ? and table_type = 'BASE TABLE' order by table_name", [schema]
    ).fetchall()]


def compared_columns(connection, schema: str, table: str) -> list[str]:
    """Each column as compared: doubles rounded, audit columns left out."""
    columns = connection.execute(
        "select column_name, data_type from information_schema.columns "
        "where table_catalog = 'duck' and table_schema = ? and table_name = ? order by ordinal_position", [schema, table]
    ).fetchall()
    return [f'round("{name}", {DECIMALS}) as "{name}"' if kind in ("DOUBLE", "FLOAT") else f'"{name}"'
            for name, kind in columns if name not in AUDIT_COLUMNS]


def column_types(connection, catalog: str, schema: str, table: str) -> list[tuple[str, str]]:
    return connection.execute(
        "select column_name, data_type from information_schema.columns "
        "where table_catalog = ? and table_schema = ? and table_name = ? order by ordinal_position",
        [catalog, schema, table]
    ).fetchall()


def test_spark_builds_every_mart(both, spark_warehouse_dir: Path):
    assert set(spark_tables(spark_warehouse_dir, "marts")) == set(duckdb_tables(both, "marts"))


def rows_differ(connection, table: str) -> str | None:
    """How a mart differs between the engines (None when it does not): its columns' types, or its rows."""
    types = column_types(connection, "memory", "marts", table), column_types(connection, "duck", "marts", table)
    if types[0] != types[1]:
        return f"{table}: columns differ, Spark {types[0]} and DuckDB {types[1]}"
    columns = ", ".join(compared_columns(connection, "marts", table))
    duck = f"select {columns} from duck.marts.{table}"
    spark = f"select {columns} from memory.marts.{table}"
    counts = connection.execute(f"select (select count(*) from ({duck})), (select count(*) from ({spark}))").fetchone()
    only_duck = connection.execute(f"{duck} except all {spark} limit 3").fetchall()
    only_spark = connection.execute(f"{spark} except all {duck} limit 3").fetchall()
    if counts[0] != counts[1] or only_duck or only_spark:
        return (f"{table}: {counts[0]} rows on DuckDB, {counts[1]} on Spark; only on DuckDB {only_duck}, "
                f"only on Spark {only_spark}")
    return None


def test_every_mart_holds_the_same_rows_on_both_engines(both):
    tables = duckdb_tables(both, "marts")
    assert len(tables) > 10
    differences = [difference for table in tables if (difference := rows_differ(both, table))]
    assert differences == []


def test_the_quarantine_holds_the_same_lines_by_file_and_reason(both):
    by_reason = "select source_file, reason, count(*) as quarantined from {} group by all order by all"
    duck = both.execute(by_reason.format("duck.quality.quarantine")).fetchall()
    assert duck, "the test data has quarantined lines"
    assert both.execute(by_reason.format("memory.quality.quarantine")).fetchall() == duck


def test_reconciliation_balances_the_same_on_both_engines(both):
    counts = "select source_file, raw_rows, parsed_rows, clean_rows, quarantined_rows, is_balanced from {} order by all"
    duck = both.execute(counts.format("duck.quality.reconciliation")).fetchall()
    assert all(row[-1] for row in duck)
    assert both.execute(counts.format("memory.quality.reconciliation")).fetchall() == duck
