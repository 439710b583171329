"""`make warehouse TARGET=spark`: build the warehouse on Spark into a fresh folder, and swap it in when dbt build passes.

The same dbt project as the DuckDB build, target `spark` (profiles.yml). RAW_DIR is listed, refused and counted by
healthcare_ops/raw_files.py as for DuckDB, and registered with this process's Spark session
(healthcare_ops/spark_raw.py) before dbt runs here, in-process, on that session. The tables are written as
Parquet under SPARK_WAREHOUSE_DIR/<schema>.db/<table>/.

The build runs in stages on that session (healthcare_ops/scoring/phase.py): dbt build of everything that does
not read the scores, then each scoring stage writing its `scores` tables (Parquet, `scores.db/`) followed by the dbt
build of what reads them.

Every Spark build is a full build: Parquet tables cannot delete the rows an increment replaces (README, "Spark").
The build writes `.<name>.building` beside the published folder and, when every model and test passed, renames
it into place; the previous warehouse stays until then. One writer at a time (healthcare_ops/writer_lock.py).
The published folder holds a DuckDB reader of its tables, `warehouse.duckdb`, which the dashboard opens
(pipeline/spark_reader.py): written before the rename and pointed at the published tables after it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from contextlib import nullcontext
from pathlib import Path

from healthcare_ops import settings
from healthcare_ops.raw_files import list_raw_dir
from healthcare_ops.scoring.phase import build_with_scores
from healthcare_ops.scoring.store import SparkStore
from healthcare_ops.spark_raw import register_raw_files, session_parameters, start_session
from pipeline.publish import PROJECT_DIR, dbt_target, publish_locked
from pipeline.spark_reader import prepare_reader, publish_reader


def sibling(published: Path, purpose: str) -> Path:
    return published.with_name(f".{published.name}.{purpose}")


def run_dbt_build(working: Path, target: Path, dbt_args: list[str]) -> bool:
    from dbt.cli.main import dbtRunner

    os.environ.update({"SPARK_WAREHOUSE_DIR": str(working), "RAW_DIR": str(settings.raw_dir())})
    session = start_session(session_parameters())
    try:
        relations = register_raw_files(session, list_raw_dir())
        common = ["build", "--target", "spark", "--profiles-dir", str(PROJECT_DIR), "--project-dir", str(PROJECT_DIR),
                  "--target-path", str(target), "--vars", json.dumps({"raw_relations": relations})]
        return build_with_scores(lambda args: dbtRunner().invoke([*common, *args]).success,
                                 lambda: nullcontext(SparkStore(session, working)), dbt_args,
                                 target / "semantic_manifest.json")
    finally:
        session.stop()


def replace_published(working: Path, published: Path) -> None:
    """Two renames: a reader opening a table between them finds none, never a half-built one."""
    previous = sibling(published, "previous")
    shutil.rmtree(previous, ignore_errors=True)
    if published.exists():
        os.replace(published, previous)
    os.replace(working, published)
    shutil.rmtree(previous, ignore_errors=True)


def build_and_publish(published: Path, dbt_args: list[str]) -> int:
    working = sibling(published, "building")
    shutil.rmtree(working, ignore_errors=True)  # a killed build's, if any: this build holds the lock
    target = dbt_target(published)
    kept = f"the last good warehouse at {published} is unchanged" if published.exists() else "nothing was published"
    if not run_dbt_build(working, target, dbt_args):
        print(f"\nSpark warehouse NOT published: the build failed (see the errors above); {kept}.", file=sys.stderr)
        print(f"The failed build is left at {working} for inspection.", file=sys.stderr)
        return 1
    try:
        prepare_reader(working, target)
    except subprocess.CalledProcessError:
        print(f"\nSpark warehouse NOT published: its DuckDB reader could not be written (see above); {kept}.",
              file=sys.stderr)
        return 1
    replace_published(working, published)
    publish_reader(published)
    print(f"Published Spark warehouse: {published}")
    return 0


def publish(dbt_args: list[str]) -> int:
    return publish_locked(settings.spark_warehouse_dir(), "Spark warehouse", "pipeline.spark_publish",
                          build_and_publish, dbt_args)


if __name__ == "__main__":
    sys.exit(publish(sys.argv[1:]))
