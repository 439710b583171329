"""Shared fixtures: the warehouses `make test` built (DuckDB, and the Spark build's reader), the raw files it was built from, and its semantic layer."""

from __future__ import annotations

import json
import os
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from healthcare_ops import semantic
from healthcare_ops import warehouse as published
from pipeline.spark_reader import reader_path


def _built_path(variable: str) -> Path:
    value = os.environ.get(variable)
    if not value or not Path(value).exists():
        pytest.fail(f"{variable} must point at the output of the test build: run these tests with `make test`")
    return Path(value)


@pytest.fixture(scope="session")
def warehouse_path() -> Path:
    return _built_path("WAREHOUSE_PATH")


@pytest.fixture(scope="session")
def spark_warehouse_dir() -> Path:
    """The Spark build of the same raw files (pipeline/spark_publish.py): Parquet tables by schema."""
    return _built_path("SPARK_WAREHOUSE_DIR")


@pytest.fixture(scope="session")
def spark_reader_path(spark_warehouse_dir: Path) -> Path:
    """The DuckDB file the dashboard opens on the Spark build of the same raw files (pipeline/spark_reader.py)."""
    path = reader_path(spark_warehouse_dir)
    if not path.is_file():
        pytest.fail(f"the Spark build has no reader at {path}: run these tests with `make test`")
    return path


@pytest.fixture(scope="session")
def raw_dir() -> Path:
    return _built_path("RAW_DIR")


@pytest.fixture(scope="session")
def truth(raw_dir: Path) -> dict:
    return json.loads((raw_dir / "truth.json").read_text())


@pytest.fixture(scope="session")
def query(warehouse_path: Path):
    def run(sql: str, parameters: list | None = None) -> pd.DataFrame:
        with duckdb.connect(str(warehouse_path), read_only=True) as connection:
            return connection.execute(sql, parameters or []).df()

    return run


@pytest.fixture(scope="session")
def metrics(warehouse_path: Path):
    """Ask a warehouse's semantic layer (the built warehouse's unless told another path) for a MetricQuery,
    compiled with the manifest that warehouse stores, as the dashboard does."""
    layers: dict[str, semantic.SemanticLayer] = {}

    def ask(query: semantic.MetricQuery, path: Path = warehouse_path) -> pd.DataFrame:
        manifest = published.query(f"select manifest_json from {semantic.MANIFEST_TABLE}", path=path).iloc[0, 0]
        if manifest not in layers:
            layers[manifest] = semantic.SemanticLayer(manifest)
        return layers[manifest].query(query, {}, lambda sql, values: published.query(sql, values, path))

    return ask
