"""Every dashboard figure, on every page and under several filter choices, equals the one recorded before the
dashboard's refactor (tests/fixtures/dashboard_figures/, written by tests/app/record_dashboard_figures.py).

Figures are matched by what a reader sees, not by where they sit on a page or how they are built: tiles by label,
tables by their column titles, charts by their axis titles and trace names, texts by their wording (or, reworded,
by their numbers). A page may gain figures; a recorded one that is gone or different fails, naming the page, the
filter case, the element and the first differing value. Numbers agree within a relative 1e-9, because DuckDB's
parallel sums can differ in the last bits between builds; a missing value (None, NaN, NA) equals only another.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterator
from typing import Any

import pytest
from record_dashboard_figures import CASES, FIXTURE, FilterCase, load, record_case

REL_TOL = 1e-9
ABS_TOL = 1e-12  # a figure that is zero may come out as float noise
NUMBER = re.compile(r"\d+(?:[.,:]\d+)*")
SHOWN_DIFFERENCES = 15
# Only to add a filter case or page: re-recording after the refactor would pin whatever it changed.
RECORD = "python tests/app/record_dashboard_figures.py --warehouse .test-build/warehouse.duckdb"


@pytest.fixture(scope="session")
def recorded() -> dict:
    if not FIXTURE.exists():
        pytest.fail(f"{FIXTURE} is missing: record it from today's dashboard with `{RECORD}`")
    return load(FIXTURE)


@pytest.mark.parametrize("case", CASES, ids=[re.sub(r"\W+", "-", case.name) for case in CASES])
def test_every_figure_is_as_recorded(use_warehouse, recorded: dict, case: FilterCase):
    before = recorded["cases"].get(case.name)
    assert before is not None, f"filter case {case.name!r} was never recorded ({RECORD})"
    assert before["filters"] == case.as_json(), f"filter case {case.name!r} is not the one recorded"
    now = record_case(case)
    differences = [
        f"[{page} | {case.name}] {difference}"
        for page, figures in before["pages"].items()
        for difference in page_differences(figures, now.get(page))
    ]
    assert not differences, f"{len(differences)} difference(s) from the recorded figures:\n" + "\n".join(
        differences[:SHOWN_DIFFERENCES]
    )


def page_differences(before: dict, now: dict | None) -> Iterator[str]:
    if now is None:
        yield "the page is gone"
        return
    yield from tile_differences(before["tiles"], now["tiles"])
    yield from matched("table", before["tables"], now["tables"], table_key, table_differences)
    yield from matched("chart", before["charts"], now["charts"], chart_key, chart_differences)
    yield from text_differences(before["texts"], now["texts"])


def tile_differences(before: dict[str, str], now: dict[str, str]) -> Iterator[str]:
    for label, value in before.items():
        if label not in now:
            yield f"tile {label!r} is gone (tiles now: {sorted(now)})"
        elif now[label] != value:
            yield f"tile {label!r}: recorded {value!r}, now {now[label]!r}"


def matched(
    kind: str,
    before: list[dict],
    now: list[dict],
    key: Callable[[dict], Hashable],
    differences: Callable[[dict, dict], Iterator[str]],
) -> Iterator[str]:
    """Pair each recorded element with the current one of the same key (in page order when a key repeats)."""
    available: dict[Hashable, list[dict]] = defaultdict(list)
    for element in now:
        available[key(element)].append(element)
    for element in before:
        name = f"{kind} {describe(key(element))}"
        if not available[key(element)]:
            shown = "; ".join(describe(other) for other, left in available.items() if left)
            yield f"{name} is gone (now: {shown or 'none'})"
            continue
        yield from (f"{name}: {difference}" for difference in differences(element, available[key(element)].pop(0)))


def table_key(table: dict) -> tuple:
    return tuple(table["columns"])


def chart_key(chart: dict) -> tuple:
    traces = tuple(f"{trace['type']} {trace['name']!r}" for trace in chart["traces"])
    return (f"x={chart['x']!r}", f"y={chart['y']!r}", f"colour={chart['color']!r}", traces)


def trace_key(trace: dict) -> tuple:
    return (trace["type"], trace["name"])


def describe(key: Hashable) -> str:
    return str(key).replace("'", "").replace('"', "'")


def table_differences(before: dict, now: dict) -> Iterator[str]:
    yield from row_differences(before["rows"], now["rows"], before["columns"], "row")


def chart_differences(before: dict, now: dict) -> Iterator[str]:
    yield from matched("trace", before["traces"], now["traces"], trace_key, trace_differences)


def trace_differences(before: dict, now: dict) -> Iterator[str]:
    if before["fields"] != now["fields"]:
        yield f"its data fields were {before['fields']}, now {now['fields']}"
        return
    yield from row_differences(before["points"], now["points"], before["fields"], "point")


def row_differences(before: list[list], now: list[list], columns: list[str], what: str) -> Iterator[str]:
    """The first differing value, and any difference in the number of rows.

    Rows are in the page's order when it ranks them, else in the canonical order both records share.
    """
    for number, (recorded_row, row) in enumerate(zip(before, now), start=1):
        differing = next((cells for cells in zip(columns, recorded_row, row) if not same(*cells[1:])), None)
        if differing:
            column, recorded_value, value = differing
            yield (
                f"{what} {number}, {column!r}: recorded {recorded_value!r}, now {value!r} "
                f"(recorded {what}: {short(recorded_row)})"
            )
            break
    if len(before) != len(now):
        yield f"{len(before)} {what}s recorded, {len(now)} now"


def same(recorded: Any, value: Any) -> bool:
    """Equal as a reader would judge: numbers within the tolerance whatever their type, missing only to missing."""
    if recorded is None or value is None:
        return recorded is value
    if isinstance(recorded, bool) or isinstance(value, bool):
        return type(recorded) is type(value) and recorded == value
    if isinstance(recorded, int | float) and isinstance(value, int | float):
        return math.isclose(recorded, value, rel_tol=REL_TOL, abs_tol=ABS_TOL)
    if isinstance(recorded, list) and isinstance(value, list):
        return len(recorded) == len(value) and all(map(same, recorded, value))
    return recorded == value


def short(row: list) -> str:
    text = repr(row)
    return text if len(text) <= 160 else text[:157] + "..."


def text_differences(before: list[str], now: list[str]) -> Iterator[str]:
    left = list(now)
    for text in before:
        found = counterpart(text, left)
        if found is None:
            yield f"text {text!r} is gone"
            continue
        left.remove(found)
        for recorded_number, number in zip(NUMBER.findall(text), NUMBER.findall(found)):
            if recorded_number != number:
                yield f"text {text!r}: recorded {recorded_number}, now {number} (now: {found!r})"
                break


def counterpart(text: str, candidates: list[str]) -> str | None:
    """The current text that stands for a recorded one: the same text, else the same wording (its numbers then
    differ), else a rewording with the same numbers in the same order."""
    tests: tuple[Callable[[str], bool], ...] = (
        lambda other: other == text,
        lambda other: wording(other) == wording(text),
        lambda other: NUMBER.findall(other) == NUMBER.findall(text),
    )
    return next((other for matches in tests for other in candidates if matches(other)), None)


def wording(text: str) -> str:
    return NUMBER.sub("#", text)
