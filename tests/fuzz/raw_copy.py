"""A copy of a raw folder with hostile lines placed in it, keeping track of where every line ends up.

The reading rule (README, healthcare_ops/raw_files.py): a record is a physical line, split on LF; a line of
only spaces, tabs and CRs is blank and no record; a CSV's line 1 is its header. Lines are kept here as bytes
without their LF, so that what a corruption writes is exactly what the warehouse reads.
"""

from __future__ import annotations

import os
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from edits import CAPTURE, CSV_FILES, Edit, HostileLine, Insert, Reshape

LINE_FEED = b"\n"
BLANK_BYTES = b" \t\r"


def is_record_text(text: bytes) -> bool:
    return bool(text.strip(BLANK_BYTES))


def count_records(data: bytes, has_header: bool) -> int:
    """Records in a raw file's bytes, counted the plain way (a third count beside the warehouse's two)."""
    lines = data.split(LINE_FEED)
    if data.endswith(LINE_FEED) or not data:
        lines.pop()  # nothing after the final LF is a line
    if has_header:
        lines = lines[1:]
    return sum(1 for line in lines if is_record_text(line))


@dataclass
class Line:
    text: bytes
    original: int | None  # its line number in the generated file; None when inserted
    hostile: HostileLine | None = None


@dataclass
class RawFile:
    """One raw file as a list of lines: the generated ones, numbered, and those inserted between them."""

    path: Path
    has_header: bool
    lines: list[Line] = field(default_factory=list)
    final_newline: bool = True
    is_new: bool = False
    ends_open: bool = False  # a hostile line was put last without its LF: nothing may follow it

    @classmethod
    def read(cls, path: Path, has_header: bool) -> RawFile:
        if not path.exists():
            return cls(path, has_header, is_new=True)
        data = path.read_bytes()
        texts = data.split(LINE_FEED)
        final_newline = data.endswith(LINE_FEED) or not data
        if final_newline:
            texts.pop()
        return cls(path, has_header, [Line(text, number) for number, text in enumerate(texts, start=1)], final_newline)

    @property
    def original_count(self) -> int:
        return sum(1 for line in self.lines if line.original is not None)

    def insert_after(self, original: int, hostile: tuple[HostileLine, ...]) -> None:
        """Right after generated line `original` (0: before the first line)."""
        index = 0 if original == 0 else 1 + next(
            index for index, line in enumerate(self.lines) if line.original == original
        )
        self.lines[index:index] = [Line(item.text, None, item) for item in hostile]

    def append(self, hostile: tuple[HostileLine, ...], final_newline: bool) -> None:
        if self.ends_open:
            raise ValueError(f"{self.path.name} already ends without a line feed: a batch may end a file once")
        self.lines.extend(Line(item.text, None, item) for item in hostile)
        if not final_newline:
            self.final_newline, self.ends_open = False, True

    def reshape(self, change: Reshape) -> None:
        for line in self.lines:
            if line.original is not None:
                line.text = change.line(line.original, line.text)
        if change.drop_final_newline:
            self.final_newline = False

    def content(self) -> bytes:
        body = LINE_FEED.join(line.text for line in self.lines)
        return body + LINE_FEED if self.lines and self.final_newline else body

    def moved_lines(self) -> dict[int, int]:
        """Generated line number -> its physical line number now, for the lines that moved."""
        return {line.original: number for number, line in enumerate(self.lines, start=1)
                if line.original is not None and line.original != number}

    def hostile_lines(self) -> list[tuple[int, HostileLine]]:
        return [(number, line.hostile) for number, line in enumerate(self.lines, start=1) if line.hostile]


@dataclass(frozen=True)
class PlacedLine:
    """An inserted line where it ended up: the quarantine's source_path and line_number."""

    raw_source: str
    source_path: str
    line_number: int
    line: HostileLine


class RawCopy:
    """A copy of a pristine raw folder; edits are applied in memory, then written in one go."""

    def __init__(self, pristine: Path, destination: Path, rng: random.Random) -> None:
        shutil.copytree(pristine, destination)  # copy2 keeps modification times: landed_at is a file's mtime
        self.pristine, self.root, self.rng = pristine, destination, rng
        self.files: dict[str, RawFile] = {}

    def capture_names(self) -> list[str]:
        return sorted(path.name for path in (self.pristine / CAPTURE).glob("*.ndjson"))

    def source_path(self, raw_source: str, capture_file: str | None) -> str:
        """The key this copy knows a file by, which is also the quarantine's source_path."""
        if raw_source in CSV_FILES:
            return raw_source
        return f"{CAPTURE}/{capture_file or self.rng.choice(self.capture_names())}"

    def file(self, source_path: str) -> RawFile:
        if source_path not in self.files:
            self.files[source_path] = RawFile.read(self.root / source_path, has_header=source_path in CSV_FILES)
        return self.files[source_path]

    def apply(self, edits: list[Edit]) -> None:
        # Lines placed at the very end go last, so that nothing is appended after a line left without its LF.
        for edit in sorted(edits, key=placed_last):
            raw_file = self.file(self.source_path(edit.raw_source, edit.capture_file))
            if isinstance(edit, Reshape):
                raw_file.reshape(edit)
            elif edit.at_end:
                raw_file.append(edit.lines, final_newline=not edit.no_final_newline)
            else:
                first = 1 if raw_file.has_header else 0  # a CSV's header stays its line 1
                after = edit.after_line if edit.after_line is not None else \
                    self.rng.randint(first, raw_file.original_count)
                raw_file.insert_after(after, edit.lines)

    def write(self) -> None:
        newest_capture = max(os.stat(path).st_mtime_ns for path in (self.pristine / CAPTURE).glob("*.ndjson"))
        for source_path, raw_file in self.files.items():
            raw_file.path.write_bytes(raw_file.content())
            pristine = self.pristine / source_path
            # An edited file keeps the time it landed at, and a new capture lands with the newest one:
            # fct_patient_event.landed_at must not change for the lines that are not hostile.
            mtime = os.stat(pristine).st_mtime_ns if pristine.exists() else newest_capture
            os.utime(raw_file.path, ns=(mtime, mtime))

    def placed_lines(self) -> list[PlacedLine]:
        return [PlacedLine(source_path if source_path in CSV_FILES else CAPTURE, source_path, number, line)
                for source_path, raw_file in self.files.items() for number, line in raw_file.hostile_lines()]

    def moved_lines(self) -> dict[str, dict[int, int]]:
        """Per source_path, generated line number -> physical line number now (only the lines that moved)."""
        return {source_path: moved for source_path, raw_file in self.files.items()
                if (moved := raw_file.moved_lines())}


def placed_last(edit: Edit) -> tuple[bool, bool]:
    return (isinstance(edit, Insert) and edit.at_end, isinstance(edit, Insert) and edit.no_final_newline)


def records_by_file(root: Path) -> dict[tuple[str, str], int]:
    """(raw source, file name) -> records, for every file the warehouse reads in a raw folder."""
    counts = {(name, name): count_records((root / name).read_bytes(), has_header=True)
              for name in CSV_FILES if (root / name).is_file()}
    for capture in sorted((root / CAPTURE).glob("*.ndjson")):
        counts[(CAPTURE, capture.name)] = count_records(capture.read_bytes(), has_header=False)
    return counts
