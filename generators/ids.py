"""Id columns: a letter and zero-padded digits (P0000042), kept as strings end to end."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa


@dataclass(frozen=True)
class IdFormat:
    prefix: str
    width: int

    def render(self, numbers: np.ndarray) -> pa.Array:
        """`numbers` as ids like P0000042, built straight into an Arrow buffer (pyarrow's lpad is 3x slower)."""
        numbers = np.asarray(numbers, dtype=np.int64)
        prefix = np.frombuffer(self.prefix.encode(), dtype=np.uint8)
        length = len(prefix) + self.width
        chars = np.empty((len(numbers), length), dtype=np.uint8)
        chars[:, : len(prefix)] = prefix
        rest = numbers.copy()
        for position in range(length - 1, len(prefix) - 1, -1):
            chars[:, position] = rest % 10 + ord("0")
            rest //= 10
        if rest.any():
            raise ValueError(f"{self.prefix} ids do not fit in {self.width} digits")
        offsets = np.arange(len(numbers) + 1, dtype=np.int32) * length
        return pa.StringArray.from_buffers(len(numbers), pa.py_buffer(offsets), pa.py_buffer(chars))

    def unused(self, count: int) -> pa.Array:
        """Ids that no row carries: counted down from the largest the width allows, far above any issued id."""
        return self.render(10**self.width - 1 - np.arange(count))


PATIENT = IdFormat("P", 7)
PROVIDER = IdFormat("D", 6)
ADVOCATE = IdFormat("A", 4)
CASE = IdFormat("C", 8)
EVENT = IdFormat("E", 9)
INTERACTION = IdFormat("I", 9)
FEEDBACK = IdFormat("F", 8)
