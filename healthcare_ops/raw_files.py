"""The raw files the warehouse may read: RAW_DIR listed in Python, handed to DuckDB as bound values.

No file name or path is ever written into SQL text. dbt-duckdb runs this module as a plugin
(profiles.yml, `plugins:`): on every connection it lists RAW_DIR and sets three DuckDB variables
with bound parameters:

- `raw_dir`: RAW_DIR, resolved;
- `raw_files`: a map from a raw source's key to the paths it reads, sorted: `patients.csv` to its
  one path, a landing folder (`patient_flow`) to its capture files. The sources read
  `read_blob(getvariable('raw_files')['patients.csv'])` and
  `read_blob(getvariable('raw_files')['patient_flow'])`: DuckDB's list-of-files argument;
- `raw_files_refused`: the files that are there but not read, with why (`quality.refused_files`);
- `raw_file_records`: how many records each file read holds, counted here, in Python, by a path that
  shares nothing with the SQL that reads them (`quality.raw_file_records`): reconciliation compares
  the rows that came out clean or quarantined with this count, so a reader that swallowed lines can
  never balance.

A record is a physical line: the bytes up to a line feed (LF; a carriage return before it is part of
the line ending). A line holding only spaces, tabs and carriage returns is blank and no record, and
a CSV's first line is its header. Quotes never join lines: a line break inside a quoted CSV field
makes each of its lines a malformed record (the rule of Spark's and BigQuery's readers by default).

What is read: the regular files directly in RAW_DIR named `*.csv`, and the regular files named
`*.ndjson` directly in a landing folder. Refused, and reported: a symbolic link (never followed: a
link in the landing folder would otherwise load any readable file), anything that is not a regular
file, anything whose real path is outside RAW_DIR, a landing folder's file not named `*.ndjson`,
and a name with a glob character (`*`, `?`, `[`, and Hadoop's `{`, `}`, `\\`), which DuckDB's and Spark's
readers would expand to other files. Names starting with a dot are files still being written (the hub writes `.name.tmp` and
renames it into place) and are passed over. Other files in RAW_DIR (truth.json) are not raw sources.

`python -m pipeline.stream` asks the same listing which capture files have landed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from dbt.adapters.duckdb.plugins import BasePlugin

from healthcare_ops import settings

CSV_SUFFIX = ".csv"
CAPTURE_SUFFIX = ".ndjson"
GLOB_CHARACTERS = frozenset("*?[{}\\")
LINE_FEED = 10
IS_CONTENT_BYTE = np.ones(256, dtype=bool)
IS_CONTENT_BYTE[[ord(" "), ord("\t"), ord("\r"), LINE_FEED]] = False


@dataclass(frozen=True)
class Refused:
    path: str  # relative to RAW_DIR
    reason: str


@dataclass
class RawListing:
    raw_dir: Path
    files: dict[str, list[str]] = field(default_factory=dict)
    refused: list[Refused] = field(default_factory=list)

    def landed(self, folder: str = settings.PATIENT_FLOW_LANDING) -> list[str]:
        return self.files.get(folder, [])

    def records(self) -> list[dict[str, Any]]:
        """Every file read, with its raw source and its count of records."""
        return [{"raw_source": raw_source, "file_name": Path(path).name,
                 "records": counted_records(path, has_header=raw_source.endswith(CSV_SUFFIX))}
                for raw_source, paths in self.files.items() for path in paths]


# Counts by (path, device, inode, size, modification time): a file replaced or changed is counted again.
_counted: dict[tuple[str, int, int, int, int], int] = {}


def counted_records(path: str, has_header: bool) -> int:
    """The records of one raw file (see the module's docstring), counted once per version of the file."""
    status = os.stat(path)
    key = (path, status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns)
    if key not in _counted:
        _counted[key] = count_records(np.fromfile(path, dtype=np.uint8), has_header)
    return _counted[key]


def count_records(data: np.ndarray, has_header: bool) -> int:
    """Lines (split on LF) holding a byte other than space, tab or CR; less the first line for a header."""
    if data.size == 0:
        return 0
    line_starts = np.concatenate(([0], np.flatnonzero(data == LINE_FEED) + 1))
    line_starts = line_starts[line_starts < data.size]  # no line after a final LF
    # every line holds at least one byte (its LF, or the last line's content), so reduceat sees no empty span
    has_content = np.logical_or.reduceat(IS_CONTENT_BYTE[data], line_starts)
    return int(has_content[1:].sum() if has_header else has_content.sum())


def refusal(entry: os.DirEntry, raw: Path, suffix: str, kind: str) -> str | None:
    """Why a file is not read (None when it is)."""
    if entry.is_symlink():
        return "symbolic link: links are not followed"
    if not entry.is_file(follow_symlinks=False):
        return "not a regular file"
    if not entry.name.endswith(suffix):
        return f"not a {kind} file (*{suffix})"
    if GLOB_CHARACTERS & set(entry.path):
        return "the path has a glob character (* ? [ { } \\), which the reader would expand to other files"
    if not Path(entry.path).resolve().is_relative_to(raw):
        return "outside RAW_DIR"
    return None


def list_raw_dir(raw_dir: Path | None = None, landing_folders: tuple[str, ...] = settings.LANDING_FOLDERS) -> RawListing:
    """The raw files under RAW_DIR that may be read, by raw source, and those refused, with why."""
    raw = (raw_dir or settings.raw_dir()).resolve()
    listing = RawListing(raw)
    if not raw.is_dir():
        return listing
    with os.scandir(raw) as entries:
        top = sorted(entries, key=lambda entry: entry.name)
    for entry in top:
        if entry.name.startswith("."):
            continue
        if entry.name in landing_folders:
            if entry.is_symlink() or not entry.is_dir(follow_symlinks=False):
                listing.refused.append(Refused(entry.name, "landing folder is a symbolic link or not a folder: "
                                                            "links are not followed"))
                continue
            listing.files[entry.name] = list_landing_folder(Path(entry.path), raw, listing.refused)
        elif entry.name.endswith(CSV_SUFFIX):
            reason = refusal(entry, raw, CSV_SUFFIX, "CSV")
            if reason:
                listing.refused.append(Refused(entry.name, reason))
            else:
                listing.files[entry.name] = [entry.path]
    return listing


def list_landing_folder(folder: Path, raw: Path, refused: list[Refused]) -> list[str]:
    with os.scandir(folder) as entries:
        inside = sorted(entries, key=lambda entry: entry.name)
    landed = []
    for entry in inside:
        if entry.name.startswith("."):
            continue  # a file still being written
        reason = refusal(entry, raw, CAPTURE_SUFFIX, "capture")
        if reason:
            refused.append(Refused(f"{folder.name}/{entry.name}", reason))
        else:
            landed.append(entry.path)
    return landed


def set_variables(connection: Any, listing: RawListing) -> None:
    """The listing as DuckDB variables on one connection, every value a bound parameter."""
    connection.execute("set variable raw_dir = $1::varchar", [str(listing.raw_dir)])
    connection.execute("set variable raw_files = map($1::varchar[], $2::varchar[][])",
                       [list(listing.files), list(listing.files.values())])
    connection.execute("set variable raw_files_refused = $1::struct(file_path varchar, reason varchar)[]",
                       [[{"file_path": item.path, "reason": item.reason} for item in listing.refused]])
    connection.execute("set variable raw_file_records = $1::struct(raw_source varchar, file_name varchar, "
                       "records bigint)[]", [listing.records()])


class Plugin(BasePlugin):
    """dbt-duckdb plugin: each connection dbt opens gets the listing of RAW_DIR as it is then.

    dbt-duckdb gives each thread a cursor, a connection of its own with its own variables, so the
    variables are set on every cursor.
    """

    def configure_cursor(self, cursor: Any) -> None:
        set_variables(cursor, list_raw_dir())
