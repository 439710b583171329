"""Building a warehouse from hand-made raw files with the real publish step, for the warehouse tests."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import duckdb

PROJECT_DIR = Path(__file__).resolve().parents[2]
DIRTY_FIXTURE = PROJECT_DIR / "tests" / "fixtures" / "raw_dirty"


def publish(raw_dir: Path, warehouse: Path) -> subprocess.CompletedProcess:
    environment = {**os.environ, "RAW_DIR": str(raw_dir), "WAREHOUSE_PATH": str(warehouse)}
    return subprocess.run(
        [sys.executable, "-m", "pipeline.publish"],
        cwd=PROJECT_DIR, env=environment, capture_output=True, text=True, timeout=300, check=False,
    )


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def query(warehouse: Path, sql: str, parameters: list | None = None) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return connection.execute(sql, parameters).fetchall()


def spark_publish(raw_dir: Path, warehouse_dir: Path) -> subprocess.CompletedProcess:
    """The Spark build of raw_dir (pipeline/spark_publish.py) into warehouse_dir."""
    environment = {**os.environ, "RAW_DIR": str(raw_dir), "SPARK_WAREHOUSE_DIR": str(warehouse_dir)}
    return subprocess.run(
        [sys.executable, "-m", "pipeline.spark_publish"],
        cwd=PROJECT_DIR, env=environment, capture_output=True, text=True, timeout=900, check=False,
    )
