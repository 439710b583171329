"""Reading the published warehouse: read-only, one connection per query, through snapshot swaps.

The file is opened for one query and closed straight after, so `make warehouse` or `make stream`
can rename a new file into place at any moment; a query that meets the file missing or
half-swapped tries again. Nothing here caches: the dashboard and the API add their own.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TypeVar

import duckdb
import pandas as pd

from healthcare_ops import settings

# A swap replaces the file with a rename; should it be missing for a moment (or be opened half-written by
# a writer that does not rename), a query tries again this many times, this far apart.
SWAP_ATTEMPTS = 4
SWAP_PAUSE_SECONDS = 0.25

T = TypeVar("T")
Parameters = Sequence[object] | Mapping[str, object]


def through_swaps(read: Callable[[], T]) -> T:
    """read(), tried again a few times while the warehouse file is missing or cannot be opened."""
    for _ in range(SWAP_ATTEMPTS - 1):
        try:
            return read()
        except (FileNotFoundError, duckdb.IOException):
            time.sleep(SWAP_PAUSE_SECONDS)
    return read()


def query(sql: str, parameters: Parameters = (), path: Path | None = None) -> pd.DataFrame:
    """One read-only query; parameters are positional (`?`) or, as a mapping, named (`$name`)."""
    target = str(path or settings.warehouse_path())

    def read() -> pd.DataFrame:
        with duckdb.connect(target, read_only=True) as connection:
            bound = dict(parameters) if isinstance(parameters, Mapping) else list(parameters)
            return connection.execute(sql, bound).df()

    return through_swaps(read)


def modified_ns(path: Path | None = None) -> int:
    """The published file's modification time: a cache key that changes with every publish."""
    return through_swaps(lambda: (path or settings.warehouse_path()).stat().st_mtime_ns)
