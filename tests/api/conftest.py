"""Fixtures for the API tests: clients on the warehouse `make test` built, and on copies of it changed by hand —
one with provider growth's mart filled with hand-made rows, one without telehealth's."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from api_support import GROWTH_ROWS, LEAKAGE_ROWS, client_on
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


def replace_rows(connection: duckdb.DuckDBPyConnection, table: str, rows: pd.DataFrame) -> None:
    """The table's rows replaced by `rows` (the table created from them when the build has no such mart)."""
    schema, name = table.split(".")
    exists = connection.execute(
        "select count(*) from duckdb_tables() where schema_name = ? and table_name = ?", [schema, name]
    ).fetchall()[0][0]
    connection.register("incoming_rows", rows)
    if exists:
        connection.execute(f"delete from {table}")
    else:
        connection.execute(f"create table {table} as select * from incoming_rows where false")
    columns = ", ".join(rows.columns)
    connection.execute(f"insert into {table} ({columns}) select {columns} from incoming_rows")
    connection.unregister("incoming_rows")


@pytest.fixture(scope="session")
def growth_warehouse(warehouse_path: Path, providers: pd.DataFrame, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the build with provider growth loaded and hand-made: GROWTH_ROWS for its first two providers,
    LEAKAGE_ROWS for the first."""
    path = tmp_path_factory.mktemp("growth") / "warehouse.duckdb"
    shutil.copyfile(warehouse_path, path)
    first_two = providers.iloc[:2]
    roi = pd.DataFrame(GROWTH_ROWS).assign(
        provider_sk=first_two.provider_sk.to_list(), specialty=first_two.specialty.to_list()
    )
    leakage = pd.DataFrame(LEAKAGE_ROWS).assign(
        provider_sk=providers.provider_sk.iloc[0], specialty=providers.specialty.iloc[0]
    )
    with duckdb.connect(str(path)) as connection:
        replace_rows(connection, "marts.mart_provider_roi", roi)
        replace_rows(connection, "marts.mart_referral_leakage", leakage)
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


@pytest.fixture(scope="session")
def no_growth_client(warehouse_path: Path, tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    """A copy of the build as if provider growth's raw files had been absent."""
    path = tmp_path_factory.mktemp("no-growth") / "warehouse.duckdb"
    shutil.copyfile(warehouse_path, path)
    with duckdb.connect(str(path)) as connection:
        connection.execute("update quality.loaded_domains set is_loaded = false where domain = 'provider_growth'")
    return client_on(path)
