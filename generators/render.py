"""Text built straight into Arrow buffers: a fixed-width template per row, with digits and timestamps written in.

A fixed-width column is a (rows, width) uint8 matrix whose bytes become the data buffer of a
StringArray as they are. The matrix is filled with the template's literal text in one pass,
then each field is written through a strided view a machine word wide (four digits, or a
whole "HH:MM:SS", per row and store), looked up in small tables.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from generators.clock import DAY

# the four ASCII digits of 0..9999, as bytes and as one little-endian word each
_FOUR_DIGITS = (np.arange(10_000)[:, None] // 10 ** np.arange(3, -1, -1) % 10 + ord("0")).astype(np.uint8)
_FOUR_DIGIT_WORDS = _FOUR_DIGITS.view("<u4").ravel()
# "HH:MM:SS" of every second of a day, as one 8-byte word each
_CLOCK_WORDS = np.concatenate([
    _FOUR_DIGITS[np.arange(DAY) // 3_600, 2:], np.full((DAY, 1), ord(":"), np.uint8),
    _FOUR_DIGITS[np.arange(DAY) // 60 % 60, 2:], np.full((DAY, 1), ord(":"), np.uint8),
    _FOUR_DIGITS[np.arange(DAY) % 60, 2:],
], axis=1).view("<u8").ravel()
ISO_WIDTH = 19


class Layout:
    """Literal text and named fixed-width fields, e.g. Layout('"at": "', ("at", ISO_WIDTH), '"')."""

    def __init__(self, *parts: str | tuple[str, int]) -> None:
        self.text, self.columns = "", {}
        for part in parts:
            if isinstance(part, tuple):
                name, width = part
                self.columns[name] = len(self.text)
                part = " " * width
            self.text += part

    def fill(self, rows: int) -> np.ndarray:
        """A (rows, width) matrix with the literal text on every row, for the fields to be written into."""
        chars = np.empty((rows, len(self.text)), dtype=np.uint8)
        chars[:] = np.frombuffer(self.text.encode(), np.uint8)
        return chars


def _column(chars: np.ndarray, column: int, dtype: str) -> np.ndarray:
    """The values of `dtype` starting at byte `column` of every row (unaligned where the column is)."""
    return np.ndarray(shape=(chars.shape[0],), dtype=dtype, buffer=chars, offset=column, strides=(chars.shape[1],))


def put_digits(chars: np.ndarray, column: int, numbers: np.ndarray, width: int) -> None:
    """Non-negative integers, zero-padded to `width`, at `column` of every row."""
    numbers = np.asarray(numbers)
    if len(numbers) and (numbers.min() < 0 or numbers.max() >= 10**width):
        raise ValueError(f"numbers do not fit in {width} digits")
    rest = numbers.astype(np.uint32 if width <= 9 else np.int64)  # 32-bit division is the faster
    end = column + width
    while end - column >= 4:
        rest, low = np.divmod(rest, 10_000)
        _column(chars, end - 4, "<u4")[:] = _FOUR_DIGIT_WORDS[low]
        end -= 4
    while end > column:
        rest, low = np.divmod(rest, 10)
        _column(chars, end - 1, "u1")[:] = low + ord("0")
        end -= 1


def put_iso(chars: np.ndarray, column: int, seconds: np.ndarray) -> None:
    """int64 seconds since 1970-01-01 as "YYYY-MM-DDTHH:MM:SS" at `column` of every row."""
    seconds = np.asarray(seconds, dtype=np.int64)
    if not len(seconds):
        return
    day = seconds // DAY
    first = int(day.min())
    calendar = np.datetime_as_string(np.arange(first, int(day.max()) + 1).astype("datetime64[D]")).astype("S10")
    dates = np.frombuffer(calendar.tobytes(), np.uint8).reshape(-1, 10)
    index = day - first
    _column(chars, column, "<u8")[:] = dates[:, :8].copy().view("<u8").ravel()[index]  # "YYYY-MM-"
    _column(chars, column + 8, "<u2")[:] = dates[:, 8:].copy().view("<u2").ravel()[index]  # "DD"
    _column(chars, column + 10, "u1")[:] = ord("T")
    _column(chars, column + 11, "<u8")[:] = _CLOCK_WORDS[seconds - day * DAY]


def digits(numbers: np.ndarray, width: int) -> np.ndarray:
    """(len(numbers), width) ASCII digits of non-negative integers, zero-padded on the left."""
    chars = np.empty((len(numbers), width), dtype=np.uint8)
    put_digits(chars, 0, numbers, width)
    return chars


def strings(chars: np.ndarray) -> pa.StringArray:
    """The rows of a (rows, width) uint8 matrix as a StringArray, zero-copy."""
    rows, width = chars.shape
    if rows * width >= 2**31:
        raise ValueError("a fixed-width column over 2 GiB: render it in chunks")
    offsets = np.arange(rows + 1, dtype=np.int32) * width
    return pa.StringArray.from_buffers(rows, pa.py_buffer(offsets), pa.py_buffer(np.ascontiguousarray(chars)))
