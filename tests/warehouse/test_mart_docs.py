"""Every mart column is documented: a description, and a display title and format in its config.meta.

The YAML of models/marts is read as written (dbt's manifest would hide where meta was put, merging
a top-level meta into config) and compared with the columns the built warehouse actually has, so a column added to
a model's SQL without docs fails here, and so does YAML documenting a column that no longer exists.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
import yaml

MARTS_DIR = Path(__file__).resolve().parents[2] / "models" / "marts"
SCHEMA = "marts"
# How the dashboard shows a value: integer (thousands separators), decimal0/1/2 (that many decimals),
# percent (a 0-1 fraction as a percentage with 1 decimal), or as it is (text, date, timestamp, boolean).
FORMATS = {"integer", "decimal0", "decimal1", "decimal2", "percent", "text", "date", "timestamp", "boolean"}


def _documented_models() -> dict[str, dict[str, dict]]:
    """model -> column -> its YAML entry, from every _<folder>__models.yml under models/marts."""
    models: dict[str, dict[str, dict]] = {}
    for path in sorted(MARTS_DIR.glob("*/_*__models.yml")):
        for model in yaml.safe_load(path.read_text()).get("models") or []:
            models[model["name"]] = {column["name"]: column for column in model.get("columns") or []}
    return models


def _built_columns(warehouse_path: Path) -> dict[str, list[str]]:
    """table -> its columns in order, for every table of the marts schema."""
    with duckdb.connect(str(warehouse_path), read_only=True) as connection:
        rows = connection.execute(
            "select table_name, column_name from information_schema.columns "
            "where table_schema = ? order by table_name, ordinal_position",
            [SCHEMA],
        ).fetchall()
    tables: dict[str, list[str]] = {}
    for table, column in rows:
        tables.setdefault(table, []).append(column)
    return tables


def _problems(column: dict) -> list[str]:
    problems = []
    if not str(column.get("description") or "").strip():
        problems.append("no description")
    meta = (column.get("config") or {}).get("meta") or {}
    if "meta" in column:
        problems.append("meta at the top level (dbt 1.10+ wants it under config:)")
    if not str(meta.get("title") or "").strip():
        problems.append("no config.meta.title")
    if meta.get("format") not in FORMATS:
        problems.append(f"config.meta.format {meta.get('format')!r} is not one of {sorted(FORMATS)}")
    return problems


@pytest.fixture(scope="module")
def built_columns(warehouse_path: Path) -> dict[str, list[str]]:
    tables = _built_columns(warehouse_path)
    assert tables, f"the warehouse at {warehouse_path} has no {SCHEMA} tables"
    return tables


def test_every_mart_table_is_a_documented_model(built_columns: dict[str, list[str]]) -> None:
    documented = _documented_models()
    assert sorted(set(built_columns) - set(documented)) == [], "mart tables with no model entry in the YAML"
    assert sorted(set(documented) - set(built_columns)) == [], "models in the YAML that the warehouse lacks"


def test_every_mart_model_states_its_grain_first() -> None:
    missing = [
        model["name"]
        for path in sorted(MARTS_DIR.glob("*/_*__models.yml"))
        for model in yaml.safe_load(path.read_text()).get("models") or []
        if not str(model.get("description") or "").startswith("Grain: ")
    ]
    assert missing == [], "mart models whose description does not begin with 'Grain: '"


def test_every_mart_column_has_a_description_title_and_format(built_columns: dict[str, list[str]]) -> None:
    documented = _documented_models()
    failures = []
    for table, columns in sorted(built_columns.items()):
        entries = documented.get(table, {})
        for column in columns:
            if column not in entries:
                failures.append(f"{table}.{column}: not in the YAML")
                continue
            failures += [f"{table}.{column}: {problem}" for problem in _problems(entries[column])]
    assert failures == [], "mart columns lacking a description, a title or a valid format:\n" + "\n".join(failures)


def test_the_yaml_documents_no_column_the_tables_lack(built_columns: dict[str, list[str]]) -> None:
    stale = [
        f"{model}.{column}"
        for model, columns in sorted(_documented_models().items())
        for column in columns
        if model in built_columns and column not in built_columns[model]
    ]
    assert stale == [], "columns documented in the YAML but absent from the warehouse:\n" + "\n".join(stale)
