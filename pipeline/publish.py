"""Build the warehouse beside the published file and swap it in only when dbt build passes.

The build runs in stages on the working file (healthcare_ops/scoring/phase.py): dbt build of everything that
does not read the scores, then each scoring stage (no-show model, comment sentiment and provider matching; then the
opportunity model) writing its `scores` tables, followed by the dbt build of what reads them.

The build writes two files: the warehouse and, beside it, the identifiers file that holds the patients' names,
streets, phones and birth dates (settings.identifiers_path(); README, "Identifiers"). Both are built in the working
folder and renamed into place together. The app (and later the API and the stream) read only the published file, so they
keep answering from the last good warehouse while a build runs or after one fails.
One writer at a time: a build holds the warehouse's writer lock (healthcare_ops/writer_lock.py)
from before its working file is touched until the rename; a second build is refused, naming
the first. A build killed at any point leaves the published file as it was: the lock dies
with the process, and the next build starts its working file afresh.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import duckdb

from healthcare_ops import semantic, settings
from healthcare_ops.scoring.phase import build_with_scores
from healthcare_ops.scoring.store import duckdb_store
from healthcare_ops.writer_lock import WarehouseBusy, exclusive_writer

PROJECT_DIR = settings.REPO_ROOT


def working_path(published: Path, purpose: str = "building") -> Path:
    """A working file beside the published one, in a folder of its own under the same file name: DuckDB
    names a database after its file, so compiled SQL and the semantic manifest (`mf query`) name the
    working copy as they name the published warehouse."""
    return published.parent / f".{published.name}.{purpose}" / published.name


def remove_database(path: Path) -> None:
    for leftover in (path, path.with_name(path.name + ".wal")):
        leftover.unlink(missing_ok=True)


def remove_working_folder(working: Path) -> None:
    remove_database(working)
    if working.parent.is_dir() and not any(working.parent.iterdir()):
        working.parent.rmdir()


def documented_columns(manifest: dict) -> list[tuple[str, str, str, str | None, str | None]]:
    """(schema, model, column, title, format) of every documented column of the marts and quality models."""
    rows = []
    for node in manifest["nodes"].values():
        if node["resource_type"] == "model" and node["schema"] in ("marts", "quality"):
            for column in node["columns"].values():
                meta = {**column.get("meta", {}), **column.get("config", {}).get("meta", {})}
                rows.append((node["schema"], node["name"], column["name"], meta.get("title"), meta.get("format")))
    return rows


def dbt_target(published: Path) -> Path:
    """dbt's artifacts for builds of one published warehouse: builds of other warehouses from the same
    checkout neither read nor overwrite them, and a warehouse's next build still parses partially."""
    return PROJECT_DIR / "target" / "warehouses" / hashlib.sha1(str(published).encode()).hexdigest()[:12]


def store_definitions(path: Path, target: Path) -> None:
    """Keep the build's metric definitions and column titles in the warehouse it built, so every reader
    compiles metrics and labels columns with the definitions its tables were built with."""
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


def run_dbt_build(working: Path, working_identifiers: Path, target: Path, dbt_args: list[str]) -> int:
    dbt = Path(sys.executable).with_name("dbt")
    command = [str(dbt), "build", "--profiles-dir", str(PROJECT_DIR), "--project-dir", str(PROJECT_DIR),
               "--target-path", str(target), *dbt_args]
    # dbt resolves paths from its own working directory: it is given absolute ones.
    environment = {**os.environ, "WAREHOUSE_PATH": str(working), "IDENTIFIERS_PATH": str(working_identifiers),
                   "RAW_DIR": str(settings.raw_dir())}
    return subprocess.call(command, env=environment, cwd=PROJECT_DIR)


def replace_published(working: Path, published: Path) -> None:
    """Rename the checkpointed working file onto the published one. A write-ahead log beside the published
    file belongs to the file being replaced (a hand-run dbt build that crashed leaves one): it goes first,
    or DuckDB would replay it into the new file and refuse to open it."""
    published.with_name(published.name + ".wal").unlink(missing_ok=True)
    os.replace(working, published)


def share_definitions_with_mf(target: Path) -> None:
    """`mf` reads the project's target/semantic_manifest.json: the last published build's, put in place whole."""
    shared = PROJECT_DIR / "target" / "semantic_manifest.json"
    incoming = shared.with_name(f".semantic_manifest.{os.getpid()}.json")
    incoming.write_text((target / "semantic_manifest.json").read_text())
    os.replace(incoming, shared)


def build_and_publish(published: Path, dbt_args: list[str]) -> int:
    working, target = working_path(published), dbt_target(published)
    identifiers = settings.identifiers_path(published)
    working_identifiers = working.with_name(identifiers.name)
    for leftover in (working, working_identifiers):
        remove_database(leftover)  # a killed build's, if any: this build holds the lock, so nobody else's
    working.parent.mkdir(exist_ok=True)

    built = build_with_scores(lambda args: run_dbt_build(working, working_identifiers, target, args) == 0,
                              lambda: duckdb_store(working), dbt_args, target / "semantic_manifest.json")
    if not built:
        kept = f"the last good warehouse at {published} is unchanged" if published.exists() else "nothing was published"
        print(f"\nWarehouse NOT published: the build failed (see the errors above); {kept}.", file=sys.stderr)
        print(f"The failed build is left at {working} for inspection.", file=sys.stderr)
        return 1

    store_definitions(working, target)
    # The identifiers first: a build killed between the renames leaves the old warehouse beside new
    # identifiers, which the old warehouse never reads (they are read only while building).
    for built, destination in ((working_identifiers, identifiers), (working, published)):
        checkpoint(built)
        replace_published(built, destination)
    remove_working_folder(working)
    share_definitions_with_mf(target)
    print(f"Published warehouse: {published}")
    return 0


def publish_locked(published: Path, what: str, command: str, build: Callable[[Path, list[str]], int],
                   dbt_args: list[str]) -> int:
    """build(published, dbt_args) while holding the published warehouse's writer lock; refused when it is held."""
    published.parent.mkdir(parents=True, exist_ok=True)
    try:
        with exclusive_writer(published, f"a {what} build ({command})"):
            return build(published, dbt_args)
    except WarehouseBusy as busy:
        print(f"{what.capitalize()} NOT built: {busy}", file=sys.stderr)
        return 1


def publish(dbt_args: list[str]) -> int:
    return publish_locked(settings.warehouse_path(), "warehouse", "pipeline.publish", build_and_publish, dbt_args)


if __name__ == "__main__":
    sys.exit(publish(sys.argv[1:]))
