"""Fixtures for the dashboard tests: the app's modules on the path, and the warehouse `make test` built."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

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
