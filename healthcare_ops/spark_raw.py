"""RAW_DIR handed to Spark as values: the listing, refusals and independent counts DuckDB gets (raw_files.py).

dbt-spark has no plugin hook, so pipeline/spark_publish.py opens the Spark session itself, registers the raw
files with it here, then runs dbt in the same process: dbt's `session` connection finds the session open and
reads what was registered. No path is written into SQL text; Spark's reader is handed the listing's paths as
values (the listing refuses names with a glob character, which Spark's file system would expand).

Global temporary views (schema `global_temp`), each with the columns its DuckDB counterpart has:

- one per raw source found, `raw_<key>` (`raw_patients_csv`, `raw_patient_flow`): Spark's binaryFile reader
  over the listed files, renamed to read_blob's columns (filename, content, size, last_modified). dbt learns
  these names from the var `raw_relations` (raw source key to view);
- `raw_files_listed` (raw_source, file_path), `raw_files_refused` (file_path, reason) and `raw_file_records`
  (raw_source, file_name, records).
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path
from typing import Any

import jinja2
import yaml

from healthcare_ops import settings
from healthcare_ops.raw_files import RawListing

PROFILE_TARGET = "spark"


def session_parameters(profiles_dir: Path = settings.REPO_ROOT) -> dict[str, str]:
    """The Spark target's server_side_parameters, rendered as dbt renders profiles.yml (env_var only)."""
    profile = yaml.safe_load((profiles_dir / "profiles.yml").read_text())
    parameters = profile["healthcare_ops"]["outputs"][PROFILE_TARGET]["server_side_parameters"]

    def env_var(name: str, default: str | None = None) -> str:
        value = os.environ.get(name, default)
        if value is None:
            raise KeyError(f"profiles.yml needs the environment variable {name}")
        return value

    return {name: jinja2.Template(str(value)).render(env_var=env_var) for name, value in parameters.items()}


def start_session(parameters: dict[str, str]) -> Any:
    """The process's Spark session, with the profile's static settings (they count only when it starts)."""
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("healthcare_ops")
    for name, value in parameters.items():
        builder = builder.config(name, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    # PySpark logs every failed statement with its whole Java stack; dbt reports the error itself.
    logging.getLogger("SQLQueryContextLogger").setLevel(logging.CRITICAL)
    return session


def relation_name(key: str) -> str:
    return "raw_" + re.sub(r"[^a-z0-9]", "_", key.lower())


def register_raw_files(session: Any, listing: RawListing) -> dict[str, str]:
    """Register the listing with the session; returns each found raw source's view, for the var raw_relations."""
    relations = {}
    for key, paths in listing.files.items():
        if not paths:
            continue
        files = session.read.format("binaryFile").load(paths)
        # whole seconds, as DuckDB's read_blob gives a file's modification time
        files.selectExpr("path as filename", "content", "length as size",
                         "date_trunc('second', modificationTime) as last_modified") \
            .createOrReplaceGlobalTempView(relation_name(key))
        relations[key] = f"global_temp.{relation_name(key)}"
    session.createDataFrame(
        [(key, path) for key, paths in listing.files.items() for path in paths], "raw_source string, file_path string"
    ).createOrReplaceGlobalTempView("raw_files_listed")
    session.createDataFrame(
        [(item.path, item.reason) for item in listing.refused], "file_path string, reason string"
    ).createOrReplaceGlobalTempView("raw_files_refused")
    session.createDataFrame(
        [(row["raw_source"], row["file_name"], row["records"]) for row in listing.records()],
        "raw_source string, file_name string, records bigint",
    ).createOrReplaceGlobalTempView("raw_file_records")
    return relations
