"""Reading the scoring phase's inputs from the working warehouse and writing its tables into it, per engine.

DuckDB: a connection to the working file. Spark: the build's live SparkSession; a table is written as Parquet under
the session's warehouse folder (`scores.db/<table>/`), so it is published with the rest of the build.
query() runs DuckDB SQL (the semantic layer's compiled metrics) on the working build: on Spark, with an in-memory
DuckDB over the build's Parquet tables (healthcare_ops/spark_parquet.py), so the metrics are the SQL the dashboard
runs, not a Spark translation of it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

import duckdb
import pandas as pd
import pyarrow as pa

from healthcare_ops.scoring.tables import SCHEMA
from healthcare_ops.spark_parquet import create_views

# The schemas the semantic layer's models live in.
QUERIED_SCHEMAS = ("marts", "reference")


class ScoreStore(Protocol):
    def read(self, relation: str) -> pd.DataFrame: ...

    def write(self, table: str, data: pa.Table) -> None: ...

    def query(self, sql: str) -> pd.DataFrame: ...


class DuckDBStore:
    def __init__(self, connection: Any) -> None:
        self.connection = connection

    def read(self, relation: str) -> pd.DataFrame:
        return self.connection.execute(f"select * from {relation}").df()

    def write(self, table: str, data: pa.Table) -> None:
        self.connection.execute(f"create schema if not exists {SCHEMA}")
        self.connection.register("scored_rows", data)
        try:
            self.connection.execute(f"create or replace table {SCHEMA}.{table} as select * from scored_rows")
        finally:
            self.connection.unregister("scored_rows")

    def query(self, sql: str) -> pd.DataFrame:
        return self.connection.execute(sql).df()


@contextmanager
def duckdb_store(path: Path) -> Iterator[DuckDBStore]:
    """The working file, open only for the scoring: the dbt builds either side need it to themselves."""
    with duckdb.connect(str(path)) as connection:
        yield DuckDBStore(connection)


class SparkStore:
    def __init__(self, session: Any, warehouse_dir: Path) -> None:
        self.session = session
        self.warehouse_dir = warehouse_dir  # the session's spark.sql.warehouse.dir: the working build

    def read(self, relation: str) -> pd.DataFrame:
        return self.session.table(relation).toPandas()

    def write(self, table: str, data: pa.Table) -> None:
        self.session.sql(f"create database if not exists {SCHEMA}")
        frame = self.session.createDataFrame(data)
        frame.write.mode("overwrite").format("parquet").saveAsTable(f"{SCHEMA}.{table}")

    def query(self, sql: str) -> pd.DataFrame:
        with duckdb.connect() as connection:
            create_views(connection, self.warehouse_dir, QUERIED_SCHEMAS)
            return connection.execute(sql).df()
