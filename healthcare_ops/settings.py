"""Where things are: the one place the default paths live and relative paths are resolved.

Every entry point (make, the generators, the pipeline, the dashboard) asks here. A relative
path, given or default, is taken from the repository root, wherever the command runs from.
profiles.yml and the dbt sources repeat the two defaults for dbt run by hand (and derive the identifiers
file from the warehouse's path as identifiers_path() does);
tests/test_settings.py keeps them equal to these.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_RAW_DIR = "data/raw"
DEFAULT_WAREHOUSE_PATH = "data/warehouse.duckdb"
# The Spark build's warehouse: a folder of Parquet tables, one folder per schema (README, "Spark").
DEFAULT_SPARK_WAREHOUSE_DIR = "data/spark-warehouse"
# The identifiers file is the warehouse's path with this appended, unless IDENTIFIERS_PATH says otherwise.
IDENTIFIERS_SUFFIX = ".identifiers"
# The landing folder of the patient-flow stream inside RAW_DIR; every landing folder of RAW_DIR
# (healthcare_ops/raw_files.py lists them).
PATIENT_FLOW_LANDING = "patient_flow"
LANDING_FOLDERS = (PATIENT_FLOW_LANDING,)
# The real Medical Appointment No Shows export (README, "A real export"): not in the repository (its data
# license is unstated). The default is the team's shared folder of external datasets beside the checkout, whose
# SOURCES.md gives its origin and checksum; NO_SHOW_CSV points elsewhere. `make real-no-show` maps it into
# DEFAULT_NO_SHOW_DIR/raw and builds DEFAULT_NO_SHOW_DIR/warehouse.duckdb from it.
DEFAULT_NO_SHOW_CSV = "../shared/external/KaggleV2-May-2016.csv"
DEFAULT_NO_SHOW_DIR = "data/external/kaggle-no-show"
# The REST API (`make api`, README "REST API"): localhost unless API_HOST says otherwise, so nothing is served to
# the network by default; API_TOKEN, when set, is the bearer token every data endpoint requires.
DEFAULT_API_HOST = "127.0.0.1"
DEFAULT_API_PORT = 8000


def resolve(path: str | os.PathLike[str]) -> Path:
    """An absolute path: a relative one is taken from the repository root."""
    path = Path(path)
    return path if path.is_absolute() else REPO_ROOT / path


def raw_dir() -> Path:
    """RAW_DIR, or data/raw: the folder of raw exports the warehouse is built from."""
    return resolve(os.environ.get("RAW_DIR") or DEFAULT_RAW_DIR)


def warehouse_path() -> Path:
    """WAREHOUSE_PATH, or data/warehouse.duckdb: the published warehouse every reader opens."""
    return resolve(os.environ.get("WAREHOUSE_PATH") or DEFAULT_WAREHOUSE_PATH)


def spark_warehouse_dir() -> Path:
    """SPARK_WAREHOUSE_DIR, or data/spark-warehouse: the published Spark warehouse, `<schema>.db/<table>/` Parquet."""
    return resolve(os.environ.get("SPARK_WAREHOUSE_DIR") or DEFAULT_SPARK_WAREHOUSE_DIR)


def identifiers_path(warehouse: Path | None = None) -> Path:
    """IDENTIFIERS_PATH, or the warehouse's path with `.identifiers` appended: the file that holds the patients'
    names, streets, phones and birth dates, which the dashboard never opens (README, "Identifiers")."""
    if os.environ.get("IDENTIFIERS_PATH"):
        return resolve(os.environ["IDENTIFIERS_PATH"])
    warehouse = warehouse or warehouse_path()
    return warehouse.with_name(warehouse.name + IDENTIFIERS_SUFFIX)


def no_show_csv() -> Path:
    """NO_SHOW_CSV, or ../shared/external/KaggleV2-May-2016.csv: the Medical Appointment No Shows export."""
    return resolve(os.environ.get("NO_SHOW_CSV") or DEFAULT_NO_SHOW_CSV)


def no_show_dir() -> Path:
    """NO_SHOW_DIR, or data/external/kaggle-no-show: where `make real-no-show` writes its raw files and warehouse."""
    return resolve(os.environ.get("NO_SHOW_DIR") or DEFAULT_NO_SHOW_DIR)


def api_host() -> str:
    """API_HOST, or 127.0.0.1: the address `make api` binds."""
    return os.environ.get("API_HOST") or DEFAULT_API_HOST


def api_port() -> int:
    """API_PORT, or 8000: the port `make api` listens on."""
    return int(os.environ.get("API_PORT") or DEFAULT_API_PORT)


def api_token() -> str | None:
    """API_TOKEN, or None: the bearer token the API requires (none required when unset or empty)."""
    return os.environ.get("API_TOKEN") or None


def patient_flow_landing(raw: Path | None = None) -> Path:
    return (raw or raw_dir()) / PATIENT_FLOW_LANDING


if __name__ == "__main__":
    # `python -m healthcare_ops.settings raw_dir`: a resolved setting, for the Makefile.
    print({"raw_dir": raw_dir, "warehouse_path": warehouse_path, "identifiers_path": identifiers_path,
           "spark_warehouse_dir": spark_warehouse_dir,
           "no_show_csv": no_show_csv, "no_show_dir": no_show_dir, "api_host": api_host, "api_port": api_port}[sys.argv[1]]())
