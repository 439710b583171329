"""The dashboard's queries answer the same on the Spark build's DuckDB reader (pipeline/spark_reader.py) as on the DuckDB
build of the same raw files: `make test` builds both, SPARK_WAREHOUSE_DIR and WAREHOUSE_PATH.

Every question of app/queries is asked of both files, unfiltered and filtered, and the answers compared whole:
columns, types and rows, doubles rounded to 6 decimals (the engines add floating-point numbers in different
orders) and the audit columns left out (which run wrote a row, and when).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from queries import advocacy, patient_flow, provider_growth, reference, telehealth, warehouse
from queries.filters import Filters, checked, growth_service_lines, hospital_departments

from healthcare_ops import semantic
from pipeline.spark_reader import FUNCTION_SCHEMA, SCHEMAS

AUDIT_COLUMNS = ("_run_id", "_loaded_at")
DECIMALS = 6

Question = Callable[[Filters], object]
QUESTIONS: dict[str, Question] = {
    "advocacy.kpis": advocacy.kpis,
    "advocacy.kpis by case type and priority": lambda chosen: advocacy.kpis(chosen, by=("case_type", "priority")),
    "advocacy.kpis by team": lambda chosen: advocacy.kpis(chosen, by=("team",), names=advocacy.RATES),
    "advocacy.stale_cases": advocacy.stale_cases,
    "advocacy.case_detail": advocacy.case_detail,
    "advocacy.open_backlog_by_advocate": advocacy.open_backlog_by_advocate,
    "advocacy.advocate_caseload": lambda chosen: advocacy.advocate_caseload(),
    "advocacy.bottlenecks": lambda chosen: advocacy.bottlenecks(),
    "filters.hospital_departments": lambda chosen: hospital_departments(),
    "filters.checked": checked,
    "patient_flow.departments": lambda chosen: patient_flow.departments(chosen.departments),
    "patient_flow.arrivals_by_weekday_hour": patient_flow.arrivals_by_weekday_hour,
    "patient_flow.period_arrivals": lambda chosen: patient_flow.period_arrivals(
        chosen, patient_flow.arrivals_grain(chosen)
    ),
    "patient_flow.department_performance": patient_flow.department_performance,
    "patient_flow.flow_totals": patient_flow.flow_totals,
    "patient_flow.demand_vs_staffing": patient_flow.demand_vs_staffing,
    # refreshed_at is when each build ran.
    "patient_flow.live_status": lambda chosen: patient_flow.live_status().drop(columns="refreshed_at"),
    "patient_flow.census_now": lambda chosen: patient_flow.census_now(chosen.departments),
    "patient_flow.recent_arrivals": lambda chosen: patient_flow.recent_arrivals(chosen.departments),
    "telehealth.kpis": telehealth.kpis,
    "telehealth.status_mix": lambda chosen: telehealth.status_mix(chosen, telehealth.status_mix_grain(chosen)),
    "telehealth.device_performance": telehealth.device_performance,
    "telehealth.specialty_satisfaction": telehealth.specialty_satisfaction,
    "telehealth.connection_satisfaction": lambda chosen: telehealth.connection_satisfaction(),
    "telehealth.connection_correlation": lambda chosen: telehealth.connection_correlation(),
    "telehealth.provider_performance": telehealth.provider_performance,
    "filters.growth_service_lines": lambda chosen: growth_service_lines(),
    "provider_growth.kpis": provider_growth.kpis,
    "provider_growth.service_line_volume": provider_growth.service_line_volume,
    "provider_growth.providers": provider_growth.providers,
    "provider_growth.model_evaluation": lambda chosen: provider_growth.model_evaluation(),
    "provider_growth.model_coefficients": lambda chosen: provider_growth.model_coefficients(),
    "provider_growth.match_quality": lambda chosen: provider_growth.match_quality(),
    "provider_growth.leakage_by_service_line": provider_growth.leakage_by_service_line,
    "reference.categories": lambda chosen: {kind: reference.categories(kind) for kind in reference.CATEGORIES},
    "reference.thresholds": lambda chosen: reference.thresholds(),
    "reference.column_formats": lambda chosen: reference.column_formats(),
    "warehouse.warehouse_problem": lambda chosen: warehouse.warehouse_problem(),
    "warehouse.date_bounds": lambda chosen: warehouse.date_bounds(),
    "warehouse.loaded_domains": lambda chosen: warehouse.loaded_domains(),
    "warehouse.data_quality": lambda chosen: warehouse.data_quality(),
}


@pytest.fixture(scope="module")
def spark_reader(spark_reader_path: Path) -> Path:
    return spark_reader_path.resolve()


def comparable(answer: object) -> object:
    """The answer without audit columns, its doubles rounded."""
    if isinstance(answer, pd.DataFrame):
        frame = answer.drop(columns=[column for column in AUDIT_COLUMNS if column in answer.columns])
        doubles = frame.select_dtypes("float").columns
        frame[doubles] = frame[doubles].round(DECIMALS)
        return frame.reset_index(drop=True)
    return answer


def ask(question: Question, chosen: Filters, path: Path, monkeypatch: pytest.MonkeyPatch) -> object:
    # The app's caches key every answer by the warehouse's path: both files' answers stay apart.
    monkeypatch.setenv("WAREHOUSE_PATH", str(path))
    return comparable(question(chosen))


@pytest.fixture(scope="module")
def narrow_filters(warehouse_path: Path) -> Filters:
    """A slice of the data: two months of its middle, two departments, one case type, the two top priorities, two
    devices, three specialties and two service lines."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("WAREHOUSE_PATH", str(warehouse_path.resolve()))
        first, last = warehouse.date_bounds()
        start = first + (last - first) / 3
        return Filters(
            start=start,
            end=start + timedelta(days=60),
            case_types=tuple(reference.categories("case_type"))[:1],
            priorities=tuple(reference.categories("priority"))[-2:],
            departments=tuple(hospital_departments())[:2],
            devices=tuple(reference.categories("device"))[:2],
            specialties=tuple(reference.categories("specialty"))[:3],
            service_lines=tuple(growth_service_lines())[:2],
        )


@pytest.mark.parametrize("name", QUESTIONS)
@pytest.mark.parametrize("filtered", [False, True], ids=["all", "filtered"])
def test_the_dashboard_gets_the_same_answers_from_the_spark_reader(
    name, filtered, spark_reader, warehouse_path, narrow_filters, monkeypatch
):
    chosen = narrow_filters if filtered else Filters()
    expected = ask(QUESTIONS[name], chosen, warehouse_path.resolve(), monkeypatch)
    answer = ask(QUESTIONS[name], chosen, spark_reader, monkeypatch)
    if isinstance(expected, pd.DataFrame):
        assert not (filtered is False and expected.empty), f"{name}: the test data should answer it"
        pd.testing.assert_frame_equal(answer, expected)
    else:
        assert answer == expected


def catalog(path: Path, sql: str, parameters: list | None = None) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as connection:
        return connection.execute(sql, parameters or []).fetchall()


def test_the_reader_holds_only_what_the_dashboard_reads(spark_reader, spark_reader_path):
    """Views of marts, quality and reference and the meta tables: no staging, no identifiers, no other database. Each
    view reads its own table's folder in the published warehouse, by absolute path."""
    schemas = {schema for (schema,) in catalog(spark_reader, "select distinct table_schema from information_schema.tables")}
    assert schemas == {*SCHEMAS, "meta"}
    assert catalog(spark_reader, "select database_name from duckdb_databases() where not internal") == [("warehouse",)]
    views = catalog(spark_reader, "select schema_name, view_name, sql from duckdb_views() where not internal")
    published = spark_reader_path.parent
    elsewhere = [sql for schema, view, sql in views if f"'{published / f'{schema}.db' / view}/*.parquet'" not in sql]
    assert views and elsewhere == []


def test_the_reader_views_every_table_of_the_spark_build(spark_reader):
    views = catalog(spark_reader, "select schema_name, view_name from duckdb_views() where not internal")
    folder = spark_reader.parent
    parquet = {(schema, table.name) for schema in SCHEMAS for table in (folder / f"{schema}.db").iterdir() if table.is_dir()}
    assert set(views) == parquet


def test_the_reader_has_the_tables_of_the_duckdb_builds_file(spark_reader, warehouse_path):
    """No more: a Spark table the DuckDB build keeps in the identifiers file (quality.chk_registry__patients) must
    not reach the file the dashboard opens."""
    tables = ("select table_schema, table_name from information_schema.tables "
              "where table_catalog = current_database() and list_contains(?, table_schema) order by all")
    assert catalog(spark_reader, tables, [list(SCHEMAS)]) == catalog(warehouse_path, tables, [list(SCHEMAS)])


def test_the_reader_stores_the_definitions_of_the_duckdb_build(spark_reader, warehouse_path):
    """The manifest compiled for the spark target is the duckdb target's but for the relations' database and
    quoting, which the semantic layer drops; the column titles are the same."""
    manifest = f"select manifest_json from {semantic.MANIFEST_TABLE}"
    spark, duck = (json.loads(catalog(path, manifest)[0][0]) for path in (spark_reader, warehouse_path))
    assert semantic._without_database(spark) == semantic._without_database(duck)
    columns = f"select * from {semantic.COLUMNS_TABLE} order by all"
    assert catalog(spark_reader, columns) == catalog(warehouse_path, columns)


def test_the_function_is_the_duckdb_builds(spark_reader, warehouse_path):
    definition = (
        "select macro_definition from duckdb_functions() "
        f"where schema_name = '{FUNCTION_SCHEMA}' and function_name = 'demand_vs_staffing_between'"
    )
    assert catalog(spark_reader, definition) == catalog(warehouse_path, definition) != []
