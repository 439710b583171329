"""The DuckDB reader of a Spark build: `<SPARK_WAREHOUSE_DIR>/warehouse.duckdb`, which the unchanged dashboard opens
as its WAREHOUSE_PATH (README, "Dashboard").

It holds no rows of its own, only what the dashboard reads of a DuckDB build:
- a view per Parquet table of marts, quality and reference (healthcare_ops/spark_parquet.py). Never staging or
  identifiers: the file the dashboard opens must not reach the patients' identifiers (README, "Identifiers");
- the meta tables, stored by pipeline/publish.py's store_definitions from the Spark build's dbt artifacts. The
  semantic manifest the spark target compiles differs from the duckdb target's only in the relations' database
  and quoting, which healthcare_ops/semantic.py drops; MetricFlow renders SQL with the reader's dialect
  (DuckDB), not the manifest's adapter, so the Spark build's manifest serves DuckDB queries as it is;
- the table macro marts.demand_vs_staffing_between, created by dbt from the macro whose post-hook creates it in a
  DuckDB build (macros/demand_vs_staffing.sql), with the thresholds the Spark build used (marts.dim_threshold).

A view keeps its Parquet path as written, and DuckDB resolves a relative path against the reading process's
working directory, not the database file's folder: the views name absolute paths, which hold only once the build
folder has been renamed into place. The slow part, dbt's operation, runs before that rename, on a reader whose views
name the working folder (DuckDB checks a table macro's tables when it is created); after the rename the views are
pointed at the published folder and the reader is renamed into place. The dashboard goes without a reader only for
that (0.3 s for 46 views here), which its reads try again through (healthcare_ops/warehouse.py).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb

from healthcare_ops.spark_parquet import create_views
from pipeline.publish import PROJECT_DIR, checkpoint, remove_database, replace_published, store_definitions

READER_NAME = "warehouse.duckdb"
SCHEMAS = ("marts", "quality", "reference")
FUNCTION_SCHEMA = "marts"
FUNCTION_OPERATION = "create_demand_vs_staffing_function_in"


def reader_path(warehouse_dir: Path) -> Path:
    return warehouse_dir / READER_NAME


def building_path(warehouse_dir: Path) -> Path:
    # In the build folder, so it moves with the folder's rename; not named `*.db`, so no reader takes it for a schema.
    return warehouse_dir / f".{READER_NAME}.building"


def thresholds(connection: duckdb.DuckDBPyConnection) -> dict[str, float | int]:
    """The thresholds the build used, as dbt vars: whole numbers as integers, so the macro renders them as the
    build's dbt_project.yml wrote them."""
    rows = connection.execute("select threshold, threshold_value from marts.dim_threshold").fetchall()
    return {name: int(value) if float(value).is_integer() else value for name, value in rows}


def create_function(path: Path, variables: dict[str, float | int], target: Path) -> None:
    """marts.demand_vs_staffing_between in the reader at `path`, by dbt on the duckdb target, in a subprocess: the
    Spark build's process holds dbt's spark adapter. Its artifacts go to `target/reader`, leaving the Spark build's
    manifest as it is. The operation reads no raw file: RAW_DIR names a folder that does not exist, and the
    identifiers database is an empty one in memory."""
    dbt = Path(sys.executable).with_name("dbt")
    command = [
        str(dbt), "run-operation", FUNCTION_OPERATION, "--args", json.dumps({"schema": FUNCTION_SCHEMA}),
        "--vars", json.dumps(variables), "--target", "duckdb", "--profiles-dir", str(PROJECT_DIR),
        "--project-dir", str(PROJECT_DIR), "--target-path", str(target / "reader"),
    ]
    environment = {**os.environ, "WAREHOUSE_PATH": str(path), "IDENTIFIERS_PATH": ":memory:",
                   "RAW_DIR": str(target / "reader" / "no-raw-files")}
    subprocess.run(command, env=environment, cwd=PROJECT_DIR, check=True)


def prepare_reader(working: Path, target: Path) -> None:
    """Before the working folder is renamed into place: the whole reader, its views over the working folder."""
    path = building_path(working)
    remove_database(path)
    with duckdb.connect(str(path)) as connection:
        create_views(connection, working, SCHEMAS)
        variables = thresholds(connection)
    store_definitions(path, target)
    create_function(path, variables, target)


def publish_reader(published: Path) -> None:
    """After the rename: the views pointed at the published folder, then the reader renamed into place."""
    path = building_path(published)
    with duckdb.connect(str(path)) as connection:
        create_views(connection, published, SCHEMAS)
    checkpoint(path)
    replace_published(path, reader_path(published))
