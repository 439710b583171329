"""What every source system shares: named random streams, category and time columns, Faker pools."""

from __future__ import annotations

import zlib
from collections.abc import Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from faker import Faker


def stream(seed: int, name: str) -> np.random.Generator:
    """The random stream of one source system (or one file's dirty rows).

    The child is keyed by its name rather than by its position in a spawn order, so a
    source system added later gets a stream of its own and every existing file keeps
    its bytes.
    """
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(zlib.crc32(name.encode()),)))


def draw(rng: np.random.Generator, shares: dict[str, float], size: int) -> np.ndarray:
    """Indices into `shares`' keys, drawn with its (normalised) shares."""
    weights = np.fromiter(shares.values(), dtype=float)
    return rng.choice(len(weights), size=size, p=weights / weights.sum())


def labels(values: Sequence[str] | pa.Array, indices: np.ndarray) -> pa.Array:
    """A string column from a pool and an index per row (negative: empty cell).

    Plain strings, not dictionary-encoded: the CSV writer would decode a dictionary again
    for every slice it is given between planted rows, which costs more than this one take.
    """
    indices = np.asarray(indices, dtype=np.int32)
    dictionary = values if isinstance(values, pa.Array) else pa.array(values, pa.string())
    return pc.take(dictionary, pa.array(indices, mask=indices < 0))


def timestamps(seconds: np.ndarray) -> pa.Array:
    return pa.array(np.asarray(seconds, dtype=np.int64), pa.timestamp("s"))


def dates(days: np.ndarray) -> pa.Array:
    return pa.array(np.asarray(days, dtype=np.int32), pa.date32())


def faker_pools(rng: np.random.Generator, **pools: tuple[str, int]) -> dict[str, list[str]]:
    """Small pools of fake values, e.g. `last=("last_name", 600)`; bulk rows index them with numpy.

    Faker is slow per call, so it only fills these pools, from a seed drawn from the
    caller's stream so the pools are as reproducible as the rest.
    """
    fake = Faker("en_US")
    fake.seed_instance(int(rng.integers(2**31)))
    return {name: [getattr(fake, method)() for _ in range(size)] for name, (method, size) in pools.items()}
