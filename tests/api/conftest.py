"""Fixtures for the API tests: clients on the warehouse `make test` built, and on copies of it changed by hand —
one with provider growth's mart filled with hand-made rows, one without telehealth's."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from api_support import GROWTH_ROWS, client_on
from fastapi.testclient import TestClient


@pytest.fixture(scope="session")
def client(warehouse_path: Path) -> TestClient:
    return client_on(warehouse_path)


@pytest.fixture(scope="session")
def providers(warehouse_path: Path) -> pd.DataFrame:
    """The build's providers, by key (the unknown member aside)."""
    with duckdb.connect(str(warehouse_path), read_only=True) as connection:
        return connection.execute(
            "select provider_sk, specialty, service_line, state from marts.dim_provider "
            "where provider_id <> 'unknown' order by provider_sk"
        ).df()


@pytest.fixture(scope="session")
def growth_warehouse(warehouse_path: Path, providers: pd.DataFrame, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the build with provider growth loaded: GROWTH_ROWS for its first two providers."""
    path = tmp_path_factory.mktemp("growth") / "warehouse.duckdb"
    shutil.copyfile(warehouse_path, path)
    rows = pd.DataFrame(GROWTH_ROWS).assign(
        provider_sk=providers.provider_sk[:2].to_list(), specialty=providers.specialty[:2].to_list()
    )
    with duckdb.connect(str(path)) as connection:
        tables = connection.execute("select table_name from duckdb_tables() where schema_name = 'marts'").df()
        if "mart_provider_roi" in set(tables.table_name):
            connection.execute("delete from marts.mart_provider_roi")
        else:
            connection.execute("create table marts.mart_provider_roi as select * from rows where false")
        connection.register("rows", rows)
        columns = ", ".join(rows.columns)
        connection.execute(f"insert into marts.mart_provider_roi ({columns}) select {columns} from rows")
        connection.execute("delete from quality.loaded_domains where domain = 'provider_growth'")
        connection.execute("insert into quality.loaded_domains values ('provider_growth', false, true, 6, 6)")
    return path


@pytest.fixture(scope="session")
def growth_client(growth_warehouse: Path) -> TestClient:
    return client_on(growth_warehouse)


@pytest.fixture(scope="session")
def no_telehealth_client(warehouse_path: Path, tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    """A copy of the build as if telehealth's raw files had been absent: the domain not loaded."""
    path = tmp_path_factory.mktemp("no-telehealth") / "warehouse.duckdb"
    shutil.copyfile(warehouse_path, path)
    with duckdb.connect(str(path)) as connection:
        connection.execute("update quality.loaded_domains set is_loaded = false where domain = 'telehealth'")
    return client_on(path)
