"""Id columns: a letter and zero-padded digits (P0000042), kept as strings end to end."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from generators import render


@dataclass(frozen=True)
class IdFormat:
    prefix: str
    width: int

    @property
    def length(self) -> int:
        return len(self.prefix) + self.width

    def render(self, numbers: np.ndarray) -> pa.Array:
        """`numbers` as ids like P0000042, built straight into an Arrow buffer (pyarrow's lpad is 3x slower)."""
        chars = np.empty((len(numbers), self.length), dtype=np.uint8)
        self.put(chars, 0, numbers)
        return render.strings(chars)

    def put(self, chars: np.ndarray, column: int, numbers: np.ndarray) -> None:
        """`numbers` as ids at `column` of every row of a fixed-width character matrix."""
        chars[:, column:column + len(self.prefix)] = np.frombuffer(self.prefix.encode(), dtype=np.uint8)
        try:
            render.put_digits(chars, column + len(self.prefix), numbers, self.width)
        except ValueError:
            raise ValueError(f"{self.prefix} ids do not fit in {self.width} digits") from None

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
ENCOUNTER = IdFormat("N", 8)
FLOW_EVENT = IdFormat("V", 9)
APPOINTMENT = IdFormat("T", 8)
APPOINTMENT_FEEDBACK = IdFormat("R", 8)
