"""Build the warehouse beside the published file and swap it in only when dbt build passes.

The app (and later the API and the stream) read only the published file, so they
keep answering from the last good warehouse while a build runs or after one fails.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb

from healthcare_ops import semantic

PROJECT_DIR = Path(__file__).resolve().parent.parent


def warehouse_path() -> Path:
    return Path(os.environ.get("WAREHOUSE_PATH", "data/warehouse.duckdb"))


def working_path(published: Path) -> Path:
    return published.with_name(published.name + ".building")


def remove_database(path: Path) -> None:
    for leftover in (path, path.with_name(path.name + ".wal")):
        leftover.unlink(missing_ok=True)


def documented_columns(manifest: dict) -> list[tuple[str, str, str, str | None, str | None]]:
    """(schema, model, column, title, format) of every documented column of the marts and quality models."""
    rows = []
    for node in manifest["nodes"].values():
        if node["resource_type"] == "model" and node["schema"] in ("marts", "quality"):
            for column in node["columns"].values():
                meta = {**column.get("meta", {}), **column.get("config", {}).get("meta", {})}
                rows.append((node["schema"], node["name"], column["name"], meta.get("title"), meta.get("format")))
    return rows


def store_definitions(path: Path) -> None:
    """Keep the build's metric definitions and column titles in the warehouse it built, so every reader
    compiles metrics and labels columns with the definitions its tables were built with."""
    target = PROJECT_DIR / "target"
    columns = documented_columns(json.loads((target / "manifest.json").read_text()))
    with duckdb.connect(str(path)) as connection:
        connection.execute("create schema if not exists meta")
        connection.execute(
            f"create or replace table {semantic.MANIFEST_TABLE} as select ? as manifest_json",
            [(target / "semantic_manifest.json").read_text()],
        )
        connection.execute(
            f"create or replace table {semantic.COLUMNS_TABLE} "
            "(schema_name varchar, model_name varchar, column_name varchar, title varchar, display_format varchar)"
        )
        connection.executemany(f"insert into {semantic.COLUMNS_TABLE} values (?, ?, ?, ?, ?)", columns)


def checkpoint(path: Path) -> None:
    # Fold any write-ahead log into the file so the single rename moves everything.
    with duckdb.connect(str(path)) as connection:
        connection.execute("checkpoint")


def run_dbt_build(target: Path, dbt_args: list[str]) -> int:
    dbt = Path(sys.executable).with_name("dbt")
    command = [str(dbt), "build", "--profiles-dir", str(PROJECT_DIR), "--project-dir", str(PROJECT_DIR), *dbt_args]
    environment = {**os.environ, "WAREHOUSE_PATH": str(target)}
    return subprocess.call(command, env=environment, cwd=PROJECT_DIR)


def publish(dbt_args: list[str]) -> int:
    published = warehouse_path()
    published.parent.mkdir(parents=True, exist_ok=True)
    working = working_path(published)
    remove_database(working)

    exit_code = run_dbt_build(working, dbt_args)
    if exit_code != 0:
        kept = f"the last good warehouse at {published} is unchanged" if published.exists() else "nothing was published"
        print(f"\nWarehouse NOT published: dbt build failed (see the errors above); {kept}.", file=sys.stderr)
        print(f"The failed build is left at {working} for inspection.", file=sys.stderr)
        return exit_code

    store_definitions(working)
    checkpoint(working)
    os.replace(working, published)
    print(f"Published warehouse: {published}")
    return 0


if __name__ == "__main__":
    sys.exit(publish(sys.argv[1:]))
