"""Fixtures for the dashboard tests: the app's modules on the path, the warehouse `make test` built, and its
schema for tiny hand-made warehouses."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import tiny_warehouse

APP_DIR = Path(__file__).resolve().parents[2] / "app"
# `streamlit run` puts the entry point's folder on sys.path; the tests import the app's modules the same way.
sys.path.insert(0, str(APP_DIR))


@pytest.fixture(scope="session")
def dashboard_warehouse(warehouse_path: Path) -> Path:
    return warehouse_path.resolve()


@pytest.fixture
def use_warehouse(dashboard_warehouse: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the app at the dashboard warehouse for one test."""
    monkeypatch.setenv("WAREHOUSE_PATH", str(dashboard_warehouse))
    return dashboard_warehouse


@pytest.fixture(scope="session")
def empty_warehouse(warehouse_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real build's schema with no data rows (its reference and meta rows kept): the base of every tiny
    hand-made warehouse."""
    path = tmp_path_factory.mktemp("tiny") / "empty.duckdb"
    tiny_warehouse.copy_schema(warehouse_path, path)
    return path
