"""Atomic writes: a reader of DIR sees the previous complete file or the new complete file, never a partial one."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv

from generators.common import temporary

_ROWS = pacsv.WriteOptions(include_header=False, quoting_style="needed", batch_size=65_536)


def write_csv(path: Path, table: pa.Table, inserted: Sequence[tuple[int, bytes]] = (),
              appended: Iterable[bytes] = ()) -> None:
    """Header, rows, then `appended` lines verbatim; each `inserted` line goes just before the row of its index.

    Strings are quoted (pyarrow's "needed" style quotes every string) with `"` doubled.
    The file is renamed onto `path` only when complete.
    """
    working = temporary(path)
    with pa.OSFile(str(working), "wb") as sink:
        # the header is written by hand: pyarrow would quote every column name
        sink.write((",".join(table.column_names) + "\n").encode())
        writer = pacsv.CSVWriter(sink, table.schema, write_options=_ROWS)
        written = 0
        for row, line in inserted:  # one per planted bad row, ~0.1% of the rows
            writer.write_table(table.slice(written, row - written))
            sink.write(line)
            written = row
        writer.write_table(table.slice(written))
        writer.close()
        for line in appended:
            sink.write(line)
    os.replace(working, path)


def write_json(path: Path, document: dict) -> None:
    working = temporary(path)
    working.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    os.replace(working, path)
