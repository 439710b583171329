"""The raw files the warehouse may read: RAW_DIR listed in Python, handed to DuckDB as bound values.

No file name or path is ever written into SQL text. dbt-duckdb runs this module as a plugin
(profiles.yml, `plugins:`): on every connection it lists RAW_DIR and sets three DuckDB variables
with bound parameters:

- `raw_dir`: RAW_DIR, resolved;
- `raw_files`: a map from a raw source's key to the paths it reads, sorted: `patients.csv` to its
  one path, a landing folder (`patient_flow`) to its capture files. The sources read
  `read_csv(getvariable('raw_files')['patients.csv'], ...)` and
  `read_text(getvariable('raw_files')['patient_flow'])`: DuckDB's list-of-files argument;
- `raw_files_refused`: the files that are there but not read, with why (`quality.refused_files`).

What is read: the regular files directly in RAW_DIR named `*.csv`, and the regular files named
`*.ndjson` directly in a landing folder. Refused, and reported: a symbolic link (never followed: a
link in the landing folder would otherwise load any readable file), anything that is not a regular
file, anything whose real path is outside RAW_DIR, a landing folder's file not named `*.ndjson`,
and a name with a glob character (`*`, `?`, `[`), which DuckDB's readers would expand to other
files. Names starting with a dot are files still being written (the hub writes `.name.tmp` and
renames it into place) and are passed over. Other files in RAW_DIR (truth.json) are not raw sources.

`python -m pipeline.stream` asks the same listing which capture files have landed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dbt.adapters.duckdb.plugins import BasePlugin

from healthcare_ops import settings

CSV_SUFFIX = ".csv"
CAPTURE_SUFFIX = ".ndjson"
GLOB_CHARACTERS = frozenset("*?[")


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


def refusal(entry: os.DirEntry, raw: Path, suffix: str, kind: str) -> str | None:
    """Why a file is not read (None when it is)."""
    if entry.is_symlink():
        return "symbolic link: links are not followed"
    if not entry.is_file(follow_symlinks=False):
        return "not a regular file"
    if not entry.name.endswith(suffix):
        return f"not a {kind} file (*{suffix})"
    if GLOB_CHARACTERS & set(entry.path):
        return "the path has a glob character (* ? [), which the reader would expand to other files"
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


class Plugin(BasePlugin):
    """dbt-duckdb plugin: each connection dbt opens gets the listing of RAW_DIR as it is then.

    dbt-duckdb gives each thread a cursor, a connection of its own with its own variables, so the
    variables are set on every cursor.
    """

    def configure_cursor(self, cursor: Any) -> None:
        set_variables(cursor, list_raw_dir())
