"""The published warehouse as the API reads it: one read-only connection per query (healthcare_ops.warehouse), never
held, so `make warehouse` and `make stream` can swap the file in at any moment.

What the API needs to know about a published file (its tables and columns, which domains it loaded, its semantic
layer) is read once per file version, keyed by the file's path and modification time: a republished warehouse is
read afresh on the next request. Query results are not cached: every request reads the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

import duckdb
import pandas as pd
import yaml

from healthcare_ops import semantic, settings
from healthcare_ops import warehouse as published
from healthcare_ops.warehouse import Parameters

# The tables every endpoint may read; a warehouse without them is not this project's (or is too old): 503.
REQUIRED_TABLES = (
    "marts.dim_provider",
    "marts.mart_alerts",
    "quality.reconciliation",
    "quality.quarantine",
    "quality.loaded_domains",
    semantic.MANIFEST_TABLE,
)
MARTS_DIR = settings.REPO_ROOT / "models" / "marts"


class ApiError(Exception):
    """A request the API answers with `status` and a message instead of data."""

    status = 400

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class NotFound(ApiError):
    status = 404


class DomainAbsent(ApiError):
    """The request is about a domain this warehouse was built without (its raw files were absent)."""

    status = 409


class BadRequest(ApiError):
    status = 422


class Unavailable(ApiError):
    """No warehouse to read (none published yet, or not this project's)."""

    status = 503


@dataclass(frozen=True)
class Snapshot:
    """What one published file holds, as far as the API cares."""

    path: Path
    published_at: datetime
    columns: dict[str, tuple[str, ...]]  # "schema.table" -> its columns, in order
    loaded_domains: frozenset[str]
    layer: semantic.SemanticLayer

    def has(self, table: str, domain: str | None = None) -> bool:
        """The table exists, and (when a domain is named) the domain's raw files were loaded."""
        return table in self.columns and (domain is None or domain in self.loaded_domains)


class Warehouse:
    """The published warehouse at `path` (WAREHOUSE_PATH, read at each request, when None)."""

    def __init__(self, path: Path | None = None) -> None:
        self._path = path

    @property
    def path(self) -> Path:
        return self._path or settings.warehouse_path()

    def query(self, sql: str, parameters: Parameters = ()) -> pd.DataFrame:
        """One read-only query, tried again through a swap; a file that stays unreadable is a 503."""
        path = self.path
        if not path.is_file():
            raise Unavailable(f"There is no warehouse at {path} yet: build one with `make build`.")
        try:
            return published.query(sql, parameters, path=path)
        except FileNotFoundError as error:
            raise Unavailable(f"The warehouse at {path} is being replaced: try again.") from error
        except duckdb.IOException as error:
            raise Unavailable(f"The warehouse at {path} could not be opened ({error}).") from error

    def snapshot(self) -> Snapshot:
        path = self.path
        try:
            modified_ns = published.modified_ns(path)
        except FileNotFoundError as error:
            raise Unavailable(f"There is no warehouse at {path} yet: build one with `make build`.") from error
        return _snapshot(self, path, modified_ns)


@lru_cache(maxsize=8)
def _snapshot(warehouse: Warehouse, path: Path, modified_ns: int) -> Snapshot:
    # modified_ns is only part of the cache key: a republished file is a new key
    listed = warehouse.query("""
        select table_schema || '.' || table_name as table_name, list(column_name order by ordinal_position) as names
        from information_schema.columns
        where table_schema in ('marts', 'quality', 'meta')
        group by all
    """)
    columns = {row.table_name: tuple(row.names) for row in listed.itertuples()}
    missing = [table for table in REQUIRED_TABLES if table not in columns]
    if missing:
        raise Unavailable(f"The warehouse at {path} lacks {', '.join(missing)}: rebuild it with `make warehouse`.")
    domains = warehouse.query("select domain from quality.loaded_domains where is_loaded")["domain"]
    manifest = warehouse.query(f"select manifest_json from {semantic.MANIFEST_TABLE}").iloc[0, 0]
    return Snapshot(path, datetime.fromtimestamp(modified_ns / 1e9, tz=UTC), columns, frozenset(domains), _layer(manifest))


@lru_cache(maxsize=4)
def _layer(manifest_json: str) -> semantic.SemanticLayer:
    # one layer per set of definitions: its compiled query shapes outlive a republish that changed no metric
    return semantic.SemanticLayer(manifest_json)


@lru_cache(maxsize=1)
def metric_domains(marts_dir: Path = MARTS_DIR) -> dict[str, str]:
    """Metric name -> its domain: the folder of the semantic file that declares it
    (models/marts/<domain>/_<domain>__semantic.yml). The warehouse's manifest does not record where a metric was
    written; every metric is declared in exactly one such file."""
    domains = {}
    for path in sorted(marts_dir.glob("*/_*__semantic.yml")):
        for metric in yaml.safe_load(path.read_text()).get("metrics") or ():
            domains[metric["name"]] = path.parent.name
    return domains
