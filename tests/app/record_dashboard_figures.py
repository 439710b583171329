"""Record every figure the dashboard shows, per page and filter choice, to pin them before the app is refactored.

    python tests/app/record_dashboard_figures.py --warehouse PATH [--out tests/fixtures/dashboard_figures/...]

The app runs headless in Streamlit's AppTest, as a reader uses it: the sidebar filters are set, then each page is
opened. What is kept is what the reader sees, in a form that does not depend on how a page is built: metric tiles
by label, tables by their column titles (rows in a canonical order unless the page ranks them), plotly traces by
their chart's axis titles and their own names (points in a canonical order), and the texts that carry numbers.
tests/app/test_dashboard_figures.py runs the same extraction on the warehouse `make test` builds and compares.
"""

from __future__ import annotations

import argparse
import base64
import gzip
import json
import math
import os
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import streamlit
from streamlit.runtime.state.common import TESTING_KEY
from streamlit.testing.v1 import AppTest

APP_DIR = Path(__file__).resolve().parents[2] / "app"
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "dashboard_figures" / "dashboard_figures.json.gz"
TIMEOUT = 60
PAGES = {  # navigation title -> page file; the first is the page the app opens on
    "Executive": "views/executive.py",
    "Operations Manager": "views/operations_manager.py",
    "Root Cause": "views/root_cause.py",
    "Patient Flow": "views/patient_flow.py",
    "Live Patient Flow": "views/live_patient_flow.py",
}
# Radios that only change what a page's charts plot: each option is drawn and its charts kept too.
CHART_CHOICES = {"Patient Flow": ("Throughput measure",)}
# These follow the wall clock or the file's modification time, not the data, so they cannot be pinned.
CLOCK_TILES = frozenset({"Behind the newest event", "Warehouse refreshed"})
CLOCK_TEXT = re.compile(r"^(Warehouse published|Read at) ")
# A table with one of these titles is ranked by the page (most urgent first, newest first, largest gap first),
# so its row order is a figure too; any other table is compared as a multiset of rows.
RANKED_TABLE_TITLES = frozenset({"Case", "Demand / staffing"})
# Where a trace draws a line its point order is the line; elsewhere points are compared as a multiset.
POINT_FIELDS = ("x", "y", "text", "hovertext", "customdata", "marker.size", "marker.color", "base")
TRACE_TYPES = {"scattergl": "scatter"}  # plotly express switches to WebGL for large data: the same figure
ISO_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$")
TEXT_KINDS = ("caption", "markdown", "info", "warning", "error", "success")


@dataclass(frozen=True)
class FilterCase:
    """One choice of the shared sidebar filters; `dates` None leaves the range at all the data."""

    name: str
    dates: tuple[date, date] | None = None
    case_types: tuple[str, ...] = ()
    priorities: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()

    def widget_state(self) -> dict[str, object]:
        """The sidebar widgets' session state (their keys in streamlit_app.py) for this choice."""
        state: dict[str, object] = {
            "case_types": list(self.case_types),
            "priorities": list(self.priorities),
            "departments": list(self.departments),
        }
        if self.dates:
            state["date_range"] = self.dates
        return state

    def as_json(self) -> dict[str, object]:
        return {
            "dates": [day.isoformat() for day in self.dates] if self.dates else None,
            "case_types": list(self.case_types),
            "priorities": list(self.priorities),
            "departments": list(self.departments),
        }


# Dates are fixed, not relative: generators pin the data to --as-of, so the same seed gives the same days.
# Cases run 2025-11-01..2026-10-30, patient flow 2026-08-02..2026-10-31 in make test's warehouse.
CASES = (
    FilterCase("no filter"),
    FilterCase("one week", dates=(date(2026, 9, 7), date(2026, 9, 13))),
    FilterCase("claim denial, urgent", case_types=("claim_denial",), priorities=("urgent",)),
    FilterCase("billing dispute and care coordination", case_types=("billing_dispute", "care_coordination")),
    FilterCase("cardiology", departments=("cardiology",)),
    FilterCase(
        "maternity and oncology in October",
        dates=(date(2026, 10, 1), date(2026, 10, 31)),
        departments=("maternity", "oncology"),
    ),
    # the first day has no patient flow, and no urgent provider-search case was opened on it
    FilterCase(
        "nothing matches",
        dates=(date(2025, 11, 1), date(2025, 11, 1)),
        case_types=("provider_search",),
        priorities=("urgent",),
        departments=("emergency",),
    ),
)


# --- running the app ---------------------------------------------------------------------------------------------


def open_app(case: FilterCase) -> AppTest:
    """The app on its first page with the case's filters set, as the sidebar's widgets would set them."""
    app = AppTest.from_file(str(APP_DIR / "streamlit_app.py"), default_timeout=TIMEOUT)
    for key, value in case.widget_state().items():
        app.session_state[key] = value
    return checked(app.run(), "the first page")


def checked(app: AppTest, where: str) -> AppTest:
    """Refuse to record a page that failed: its figures would pin an error."""
    problems = [exception.value for exception in app.exception] + [error.value for error in app.error]
    if problems:
        raise RuntimeError(f"{where} did not render: {problems}")
    return app


def record_case(case: FilterCase) -> dict[str, dict]:
    """Page title -> the figures it shows under this filter case."""
    app = open_app(case)
    pages = {}
    for title, page in PAGES.items():
        checked(app.switch_page(page).run(), title)
        figures = page_figures(app)
        for label in CHART_CHOICES.get(title, ()):
            for option in each_option(app, label, title):
                merge(figures, page_figures(option))
        pages[title] = figures
    return pages


def each_option(app: AppTest, label: str, title: str) -> Iterator[AppTest]:
    """The app re-run with each option of radio `label` after the first (the page's own choice)."""
    options = next(radio for radio in app.radio if radio.label == label).options
    for option in options[1:]:
        radio = next(radio for radio in app.radio if radio.label == label)
        choose_label(app, radio, option)
        yield checked(radio.run(), f"{title} with {label} = {option}")


def choose_label(app: AppTest, radio: Any, option: str) -> None:
    """Choose a radio option by the label a reader sees, which is what a browser sends.

    AppTest's set_value wants the raw option, which the page keeps to itself, and formats it with the page's
    format_func; that function is wrapped for this run so a label formats to itself.
    """
    formats: dict[str, Callable[[Any], Any]] = app.session_state[TESTING_KEY]
    page_format = formats[radio.id]
    formats[radio.id] = lambda value: value if value in radio.options else page_format(value)
    radio.set_value(option)


def merge(figures: dict, more: dict) -> None:
    """Add to `figures` what `more` shows and it does not (a widget re-run repeats the rest)."""
    figures["tiles"] |= {label: value for label, value in more["tiles"].items() if label not in figures["tiles"]}
    for kind in ("tables", "charts", "texts"):
        figures[kind] += [element for element in more[kind] if element not in figures[kind]]


# --- what a page shows -------------------------------------------------------------------------------------------


def page_figures(app: AppTest) -> dict:
    return {
        "tiles": tiles(app),
        "tables": [table_figures(element) for element in app.dataframe],
        "charts": [chart_figures(element) for element in app.get("plotly_chart")],
        "texts": texts(app),
    }


def tiles(app: AppTest) -> dict[str, str]:
    """Tile label -> its value as displayed (and '<label> (delta)' -> its delta, when it has one)."""
    shown: dict[str, str] = {}
    for tile in app.metric:
        if tile.label in CLOCK_TILES:
            continue
        if tile.label in shown:
            raise ValueError(f"two tiles are labelled {tile.label!r}: tiles are matched by label")
        shown[tile.label] = tile.value
        if tile.delta:
            shown[f"{tile.label} (delta)"] = tile.delta
    return shown


def texts(app: AppTest) -> list[str]:
    """Every caption, markdown and alert with a number in it: the figures written into sentences."""
    found = [element.value for kind in TEXT_KINDS for element in getattr(app, kind)]
    return [text for text in found if re.search(r"\d", text) and not CLOCK_TEXT.match(text)]


def table_figures(element: Any) -> dict:
    """A st.dataframe's rows under the titles the reader sees, columns in title order."""
    config = json.loads(element.proto.columns or "{}")
    frame = element.value
    shown = [column for column in (list(element.proto.column_order) or list(frame.columns)) if column in frame]
    shown = [column for column in shown if not config.get(str(column), {}).get("hidden")]
    titles = unique([config.get(str(column), {}).get("label") or str(column) for column in shown])
    columns = [[plain(value) for value in displayed(frame[column], config.get(str(column), {}))] for column in shown]
    order = sorted(range(len(titles)), key=titles.__getitem__)
    rows = [[row[index] for index in order] for row in zip(*columns)] if columns else []
    ranked = bool(RANKED_TABLE_TITLES & set(titles))
    return {
        "columns": [titles[index] for index in order],
        "ranked": ranked,
        "rows": rows if ranked else canonical(rows),
    }


def displayed(column: pd.Series, config: dict) -> pd.Series:
    """The column's values on the scale the reader sees: Streamlit's 'percent' format multiplies by 100."""
    if config.get("type_config", {}).get("format") == "percent":
        return column * 100
    return column


def unique(titles: list[str]) -> list[str]:
    """Titles made unique by their order of appearance, so a row can be keyed by them."""
    seen: dict[str, int] = {}
    result = []
    for title in titles:
        seen[title] = seen.get(title, 0) + 1
        result.append(title if seen[title] == 1 else f"{title} #{seen[title]}")
    return result


def chart_figures(element: Any) -> dict:
    """A plotly chart's axis titles and, per trace, its data points (from the figure JSON in the element proto)."""
    spec = json.loads(element.proto.spec)
    layout = spec.get("layout", {})
    traces = sorted((trace_figures(trace) for trace in spec.get("data", [])), key=lambda t: (t["type"], t["name"]))
    return {
        "x": title_text(layout.get("xaxis")),
        "y": title_text(layout.get("yaxis")),
        "color": title_text(layout.get("coloraxis", {}).get("colorbar")),
        "traces": traces,
    }


def title_text(part: dict | None) -> str:
    title = (part or {}).get("title") or {}
    return str(title.get("text") or "") if isinstance(title, dict) else str(title)


def trace_figures(trace: dict) -> dict:
    """One trace: its type, name and points (a heatmap's points are its cells: y, x, z)."""
    kind = TRACE_TYPES.get(trace.get("type", "scatter"), trace.get("type", "scatter"))
    if "z" in trace:
        fields, points, ordered = ["y", "x", "z"], heatmap_cells(trace), False
    else:
        fields, points = point_columns(trace)
        ordered = "lines" in str(trace.get("mode", ""))
    return {
        "type": kind,
        "name": str(trace.get("name") or ""),
        "fields": fields,
        "points": points if ordered else canonical(points),
        "ordered": ordered,
    }


def heatmap_cells(trace: dict) -> list[list]:
    z = decoded(trace["z"])
    x = decoded(trace.get("x", list(range(len(z[0]) if z else 0))))
    y = decoded(trace.get("y", list(range(len(z)))))
    return [[plain(y[i]), plain(x[j]), plain(value)] for i, row in enumerate(z) for j, value in enumerate(row)]


def point_columns(trace: dict) -> tuple[list[str], list[list]]:
    """The per-point arrays (x, y, text, hover data, marker sizes...) as rows; a scalar styles, it is no data."""
    arrays = {name: decoded(field(trace, name)) for name in POINT_FIELDS}
    arrays = {name: values for name, values in arrays.items() if isinstance(values, list)}
    fields = list(arrays)
    return fields, [[plain(value) for value in point] for point in zip(*arrays.values())]


def field(trace: dict, dotted: str) -> Any:
    value: Any = trace
    for part in dotted.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def decoded(value: Any) -> Any:
    """Plotly writes numeric arrays as base64 typed arrays ({dtype, bdata, shape}); this makes them lists."""
    if isinstance(value, dict) and "bdata" in value:
        array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
        if "shape" in value:
            array = array.reshape([int(size) for size in str(value["shape"]).split(",")])
        return array.tolist()
    return value


def plain(value: Any) -> Any:
    """A JSON value for one cell or point: numbers as int or float, times as ISO text, any missing value as None."""
    if isinstance(value, list | tuple | np.ndarray):
        return [plain(item) for item in value]
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        return None if math.isnan(value) else float(value)
    if isinstance(value, str):
        # Plotly and pandas write the same instant in several ways ('2026-08-02', '...T00:00:00.000000').
        return pd.Timestamp(value).isoformat() if ISO_TIME.match(value) else value
    if value is None or pd.isna(value):
        return None
    if isinstance(value, datetime | date | np.datetime64):
        return pd.Timestamp(value).isoformat()
    return str(value)


def sort_key(value: Any) -> tuple:
    """Orders any mix of values the same way on every run: numbers are rounded, so float noise in the last bits
    (DuckDB sums in parallel) cannot reorder rows."""
    if value is None:
        return (0,)
    if isinstance(value, bool):
        return (1, value)
    if isinstance(value, int | float):
        return (2, float(f"{value:.9g}"))
    if isinstance(value, list):
        return (4, tuple(sort_key(item) for item in value))
    return (3, str(value))


def canonical(rows: list[list]) -> list[list]:
    """Rows in a fixed order, for comparing them as a multiset."""
    return sorted(rows, key=lambda row: tuple(sort_key(value) for value in row))


# --- the recording -----------------------------------------------------------------------------------------------


def record() -> dict:
    """Every case's figures from the warehouse WAREHOUSE_PATH points at."""
    return {
        "about": (
            "Dashboard figures per filter case and page, recorded by tests/app/record_dashboard_figures.py from "
            "make test's warehouse (TEST_SCALE=0.25, seed 42); checked by tests/app/test_dashboard_figures.py."
        ),
        "streamlit": streamlit.__version__,
        "cases": {case.name: {"filters": case.as_json(), "pages": record_case(case)} for case in CASES},
    }


def save(figures: dict, path: Path) -> None:
    """Compact JSON, gzipped when the name ends .gz; mtime=0 so the same figures give the same bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps(figures, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode()
    path.write_bytes(gzip.compress(data, mtime=0) if path.suffix == ".gz" else data)


def load(path: Path) -> dict:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as file:
        return json.load(file)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", type=Path, required=True, help="the warehouse to read (make test's build)")
    parser.add_argument("--out", type=Path, default=FIXTURE, help=f"where to write (default {FIXTURE})")
    arguments = parser.parse_args(argv)
    os.environ["WAREHOUSE_PATH"] = str(arguments.warehouse.resolve())
    # `streamlit run` puts the entry point's folder on sys.path; AppTest does not.
    sys.path.insert(0, str(APP_DIR))
    figures = record()
    save(figures, arguments.out)
    for name, case in figures["cases"].items():
        counts = {page: count_figures(shown) for page, shown in case["pages"].items()}
        print(f"{name}: {counts}")
    print(f"wrote {arguments.out} ({arguments.out.stat().st_size:,} bytes)")


def count_figures(shown: dict) -> int:
    """How many values a page's record pins: tiles, table cells, chart points' values and texts."""
    cells = sum(len(table["rows"]) * len(table["columns"]) for table in shown["tables"])
    points = sum(len(trace["points"]) * len(trace["fields"]) for chart in shown["charts"] for trace in chart["traces"])
    return len(shown["tiles"]) + cells + points + len(shown["texts"])


if __name__ == "__main__":
    main()
