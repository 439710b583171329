"""What every generator shares: named random streams, draws, category, time and text columns, Faker pools.

One copy of each, so that the source systems draw and render alike; a generator that needs
one of these imports it from here rather than keeping its own.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from faker import Faker

# the instant of a step never taken: past any as-of, with room to add durations to it without overflowing int64
NEVER = np.iinfo(np.int64).max // 4


# ---------------------------------------------------------------------------------------------------------------------
# random streams and draws


def stream(seed: int, name: str) -> np.random.Generator:
    """The random stream of one source system (or one file's dirty rows).

    The child is keyed by its name rather than by its position in a spawn order, so a
    source system added later gets a stream of its own and every existing file keeps
    its bytes.
    """
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(zlib.crc32(name.encode()),)))


def dirty_stream(seed: int, name: str) -> np.random.Generator:
    """The stream of the bad rows planted in `name`: apart from its good rows', so that planting more or fewer
    leaves the good rows' bytes alone."""
    return stream(seed, f"dirty/{name}")


def draw(rng: np.random.Generator, shares: dict[str, float], size: int) -> np.ndarray:
    """Indices into `shares`' keys, drawn with its (normalised) shares."""
    weights = np.fromiter(shares.values(), dtype=float)
    return rng.choice(len(weights), size=size, p=weights / weights.sum())


def choose(rng: np.random.Generator, candidates: np.ndarray, count: int) -> np.ndarray:
    """`count` distinct candidates (all of them if there are fewer), sorted."""
    return np.sort(rng.choice(candidates, size=min(count, len(candidates)), replace=False))


def lognormal(rng: np.random.Generator, median: np.ndarray, sigma: float) -> np.ndarray:
    return median * np.exp(sigma * rng.standard_normal(len(median)))


def between(rng: np.random.Generator, start: np.ndarray, end: np.ndarray, low: float, high: float) -> np.ndarray:
    """An instant at a uniform fraction in [low, high) of the way from start to end."""
    return start + ((end - start) * rng.uniform(low, high, len(start))).astype(np.int64)


class Numbers:
    """Consecutive numbers handed out in blocks, e.g. the fresh ids of planted rows after the good rows' ids."""

    def __init__(self, first: int) -> None:
        self.next = first

    def issue(self, count: int) -> np.ndarray:
        self.next += count
        return np.arange(self.next - count, self.next)


# ---------------------------------------------------------------------------------------------------------------------
# columns


def labels(values: Sequence[str] | pa.Array, indices: np.ndarray) -> pa.Array:
    """A string column from a pool and an index per row (negative: empty cell).

    Plain strings, not dictionary-encoded: the CSV writer would decode a dictionary again
    for every slice it is given between planted rows, which costs more than this one take.
    """
    indices = np.asarray(indices, dtype=np.int32)
    dictionary = values if isinstance(values, pa.Array) else pa.array(values, pa.string())
    return pc.take(dictionary, pa.array(indices, mask=indices < 0))


def any_of(rng: np.random.Generator, pool: Sequence[str], size: int) -> pa.Array:
    """A string column of values drawn uniformly from a pool."""
    return labels(pool, rng.integers(0, len(pool), size))


def timestamps(seconds: np.ndarray) -> pa.Array:
    return pa.array(np.asarray(seconds, dtype=np.int64), pa.timestamp("s"))


def dates(days: np.ndarray) -> pa.Array:
    return pa.array(np.asarray(days, dtype=np.int32), pa.date32())


def integer_text(values: np.ndarray) -> pa.Array:
    """Integers as decimal text."""
    return pc.cast(pa.array(np.asarray(values, dtype=np.int64)), pa.string())


def join(*parts: pa.Array | str) -> pa.Array:
    """Row by row, the parts' text end to end (a str part is the same on every row)."""
    return pc.binary_join_element_wise(*parts, "")


def faker_pools(rng: np.random.Generator, **pools: tuple[str, int]) -> dict[str, list[str]]:
    """Small pools of fake values, e.g. `last=("last_name", 600)`; bulk rows index them with numpy.

    Faker is slow per call, so it only fills these pools, from a seed drawn from the
    caller's stream so the pools are as reproducible as the rest.
    """
    fake = Faker("en_US")
    fake.seed_instance(int(rng.integers(2**31)))
    return {name: [getattr(fake, method)() for _ in range(size)] for name, (method, size) in pools.items()}


# ---------------------------------------------------------------------------------------------------------------------
# files


def temporary(path: Path) -> Path:
    """Where a file is written before it is renamed into place: a dot-name the warehouse's globs skip, so a reader
    of the folder only ever sees whole files."""
    return path.with_name(f".{path.name}.tmp")
