"""Shared fixtures: the warehouse `make test` built, and the raw files it was built from."""

from __future__ import annotations

import json
import os
from pathlib import Path

import duckdb
import pandas as pd
import pytest


def _built_path(variable: str) -> Path:
    value = os.environ.get(variable)
    if not value or not Path(value).exists():
        pytest.fail(f"{variable} must point at the output of the test build: run these tests with `make test`")
    return Path(value)


@pytest.fixture(scope="session")
def warehouse_path() -> Path:
    return _built_path("WAREHOUSE_PATH")


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
