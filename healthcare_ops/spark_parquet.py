"""A Spark-built warehouse read by DuckDB: each Parquet table as a view of the same schema and name.

pipeline/spark_publish.py writes every table to `<SPARK_WAREHOUSE_DIR>/<schema>.db/<table>/part-*.parquet`. Spark
writes timestamps as INT96, which DuckDB reads as TIMESTAMP, the type the DuckDB build has; the other types map
one to one (string to VARCHAR, int to INTEGER, ...).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

SCHEMA_SUFFIX = ".db"


def spark_tables(warehouse_dir: Path, schema: str) -> dict[str, Path]:
    """The tables of one schema, by name, each its folder of Parquet parts."""
    folder = warehouse_dir / f"{schema}{SCHEMA_SUFFIX}"
    if not folder.is_dir():
        return {}
    return {table.name: table for table in sorted(folder.iterdir()) if table.is_dir()}


def parquet_parts(table_folder: Path) -> str:
    """A DuckDB string literal of the table's parts (the glob leaves out Spark's _SUCCESS marker)."""
    return "'" + str(table_folder / "*.parquet").replace("'", "''") + "'"


def create_views(connection: Any, warehouse_dir: Path, schemas: tuple[str, ...]) -> list[tuple[str, str]]:
    """A view per Spark table of the given schemas on a DuckDB connection; returns (schema, table) of each."""
    created = []
    for schema in schemas:
        connection.execute(f'create schema if not exists "{schema}"')
        for table, folder in spark_tables(warehouse_dir, schema).items():
            connection.execute(
                f'create or replace view "{schema}"."{table}" as select * from read_parquet({parquet_parts(folder)})'
            )
            created.append((schema, table))
    return created
