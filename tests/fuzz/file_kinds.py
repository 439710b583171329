"""Changes to whole files: harmless ones (line endings, a byte order mark, blank lines, the header's spelling)
and the headers and missing files that must stop the build.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from edits import CAPTURE, Damage, Edit, Insert, Reshape, blank
from hostile_rows import Draw
from hostile_values import INVALID_UTF8


def crlf_line_endings(raw_source: str, draw: Draw) -> list[Edit]:
    return [Reshape(raw_source, lambda number, text: text + b"\r")]


def mixed_line_endings(raw_source: str, draw: Draw) -> list[Edit]:
    # (not b" \r": a space after a closing quote is text after it, which RFC 4180 does not allow)
    endings = [draw.rng.choice([b"", b"\r", b"\r\r"]) for _ in range(64)]
    return [Reshape(raw_source, lambda number, text: text + endings[number % len(endings)])]


def byte_order_mark(raw_source: str, draw: Draw) -> list[Edit]:
    return [Reshape(raw_source, lambda number, text: b"\xef\xbb\xbf" + text if number == 1 else text)]


def blank_lines(raw_source: str, draw: Draw) -> list[Edit]:
    """Lines of only spaces, tabs and CRs (and empty ones): no records, wherever they are."""
    lines = tuple(blank(draw.rng.choice([b"", b" ", b"\t", b"\r", b" \t\r ", b"\r\r"]))
                  for _ in range(draw.rng.randint(1, 3)))
    return [Insert(raw_source, lines), Insert(raw_source, (blank(b"  "),)), Insert(raw_source, lines, at_end=True)]


def no_final_newline(raw_source: str, draw: Draw) -> list[Edit]:
    return [Reshape(raw_source, lambda number, text: text, drop_final_newline=True)]


def header_spelling(raw_source: str, draw: Draw) -> list[Edit]:
    """The header in other case, with spaces around names and quotes: the same header (README)."""
    spell = draw.rng.choice([str.upper, str.title, lambda name: f' "{name.upper()}" ', lambda name: f"  {name}\t"])
    return [Reshape(raw_source, lambda number, text: b",".join(
        spell(name).encode() for name in text.decode().split(",")) if number == 1 else text)]


def empty_capture_files(raw_source: str, draw: Draw) -> list[Edit]:
    """A capture file of no bytes, and one of blank lines only: zero records each."""
    return [Insert(CAPTURE, (), capture_file=f"capture-fuzz-empty-{draw.fresh('E')}.ndjson", at_end=True),
            Insert(CAPTURE, (blank(b"   "), blank(b"\r")), capture_file=f"capture-fuzz-blank-{draw.fresh('B')}.ndjson",
                   at_end=True)]


def header_and_rest(data: bytes) -> tuple[list[str], bytes]:
    header, _, rest = data.partition(b"\n")
    return header.decode().split(","), rest


def with_header(names: list[str], rest: bytes) -> bytes:
    return ",".join(names).encode() + b"\n" + rest


def renamed_column(data: bytes, columns: list[str], rng: random.Random) -> Damage:
    names, rest = header_and_rest(data)
    index = rng.randrange(len(names))
    names[index] = rng.choice([f"{names[index]}_renamed", "dob", "id", "ｐatient_id", ""])
    return Damage(with_header(names, rest), index + 1)


def missing_header_column(data: bytes, columns: list[str], rng: random.Random) -> Damage:
    names, rest = header_and_rest(data)
    index = rng.randrange(len(names))
    del names[index]
    return Damage(with_header(names, rest), index + 1)


def extra_header_column(data: bytes, columns: list[str], rng: random.Random) -> Damage:
    names, rest = header_and_rest(data)
    index = rng.randint(0, len(names))
    names.insert(index, "extra_column")
    return Damage(with_header(names, rest), index + 1)


def reordered_columns(data: bytes, columns: list[str], rng: random.Random) -> Damage:
    names, rest = header_and_rest(data)
    index = rng.randrange(len(names) - 1)
    names[index], names[index + 1] = names[index + 1], names[index]
    return Damage(with_header(names, rest), index + 1)


def header_trailing_comma(data: bytes, columns: list[str], rng: random.Random) -> Damage:
    names, rest = header_and_rest(data)
    return Damage(with_header([*names, ""], rest), len(names) + 1)


def empty_file(data: bytes, columns: list[str], rng: random.Random) -> Damage:
    return Damage(b"", 1)


def only_blank_lines(data: bytes, columns: list[str], rng: random.Random) -> Damage:
    return Damage(rng.choice([b"\n", b" \n\t\n\r\n", b"\r\n\r\n   "]), 1)


def blank_line_before_header(data: bytes, columns: list[str], rng: random.Random) -> Damage:
    return Damage(rng.choice([b"\n", b"  \r\n"]) + data, 1)


def header_not_utf8(data: bytes, columns: list[str], rng: random.Random) -> Damage:
    header, _, rest = data.partition(b"\n")
    names = header.split(b",")
    index = rng.randrange(len(names))
    names[index] = names[index][:2] + rng.choice(INVALID_UTF8) + names[index][2:]
    return Damage(b",".join(names) + b"\n" + rest, index + 1)


def other_delimiter(delimiter: bytes) -> Callable[[bytes, list[str], random.Random], Damage]:
    def damage(data: bytes, columns: list[str], rng: random.Random) -> Damage:
        header, _, rest = data.partition(b"\n")
        return Damage(header.replace(b",", delimiter) + b"\n" + rest.replace(b",", delimiter), 1)
    return damage


def removed_file(data: bytes, columns: list[str], rng: random.Random) -> Damage:
    return Damage(None, None)
