"""Dashboard speed, for `make bench`: warehouse query times per page, and page run times in a real browser.

    python -m pipeline.bench_dashboard [--runs 7] [--reloads 5] [--no-browser] [--every-query]

Reads the warehouse at WAREHOUSE_PATH (settings.warehouse_path()), with the default filters.

1. Queries: each page runs headless in Streamlit's AppTest, once to warm up (imports, the semantic layer, its
   MetricFlow compiles), then --runs times with st.cache_data cleared before each run, so every query the run
   issues (the entry point's sidebar queries included) reaches DuckDB. What is timed is
   healthcare_ops.warehouse.query, the call the app's cache makes on a miss: open the file read-only, execute,
   fetch the frame. A query is named by its caller in app/queries (`advocacy.kpis(by=case_type)`). MetricFlow's
   compile of each query shape is timed apart: it happens once per process, on the shape's first call.
2. Browser: per page, a fresh `streamlit run` server and Chromium; the time from navigation until the script run
   is over and every chart has drawn, cold (the first visit: empty caches, app modules not yet imported) and warm
   (the median of --reloads reloads, every query served from the cache).

In the query table, "query ms/run" sums a run's query times and "run ms" is the median uncached run of the whole
script, headless. The targets (query p95 < 200 ms, warm page < 2 s) are read off the tables; nothing here fails
on them.
"""

from __future__ import annotations

import argparse
import functools
import inspect
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from unittest import mock

import numpy as np
import streamlit as st
import streamlit.config
import streamlit.logger
from playwright import sync_api
from streamlit.testing.v1 import AppTest

from healthcare_ops import semantic, settings
from healthcare_ops import warehouse as published
from pipeline.dashboard_browser import APP_DIR, CHROMIUM, PAGES, Page, browser_page, served, wait_for_run

QUERY_TARGET_MS = 200.0
PAGE_TARGET_SECONDS = 2.0
APP_TIMEOUT_SECONDS = 120
QUERIES_DIR = APP_DIR / "queries"
# app/queries/warehouse.py's own wrappers: a query is named by whoever called them.
PLUMBING = frozenset({"run", "_cached", "metrics", "_semantic_layer"})


# --- naming a query by its caller -------------------------------------------------------------------------------


def _shown(value: object) -> str:
    if isinstance(value, list | tuple):
        return "+".join(str(item) for item in value)
    return str(value)


def _arguments(frame: FrameType) -> str:
    """The call's arguments that say which question it is: not the filters, not those left at their default."""
    function = frame.f_globals.get(frame.f_code.co_name)
    parameters = inspect.signature(function).parameters.values() if callable(function) else ()
    defaults = {parameter.name: parameter.default for parameter in parameters if parameter.default is not parameter.empty}
    shown = []
    for name in frame.f_code.co_varnames[: frame.f_code.co_argcount]:
        value = frame.f_locals.get(name)
        if type(value).__name__ == "Filters" or (isinstance(value, list | tuple) and not value):
            continue
        if name in defaults and value == defaults[name]:
            continue
        shown.append(f"{name}={_shown(value)}")
    return ", ".join(shown)


def caller(frame: FrameType | None) -> str:
    """`module.function(arguments)` of the innermost app/queries function on the stack above `frame`, with the
    first metric when the query is a metric query (`[arrivals]`)."""
    name, metric = "(outside app/queries)", None
    while frame is not None:
        code = frame.f_code
        path = Path(code.co_filename)
        if metric is None and code.co_name == "query" and path.name == "semantic.py":
            metric = frame.f_locals["query"].metrics[0]
        if path.parent == QUERIES_DIR and not code.co_name.startswith("<") and not (
            path.stem == "warehouse" and code.co_name in PLUMBING
        ):
            name = f"{path.stem}.{code.co_name}({_arguments(frame)})"
            break
        frame = frame.f_back
    return f"{name} [{metric}]" if metric else name


# --- timing the queries of headless page runs --------------------------------------------------------------------


@dataclass(frozen=True)
class Execution:
    page: str
    name: str
    sql: str
    seconds: float


@dataclass
class QueryProbe:
    """Records every warehouse query and every MetricFlow compile while installed."""

    page: str = ""
    executions: list[Execution] = field(default_factory=list)
    compiles: list[tuple[str, float]] = field(default_factory=list)  # (query shape, seconds)
    manifest_parses: list[float] = field(default_factory=list)  # seconds building a SemanticLayer
    recording: bool = False

    @contextmanager
    def installed(self) -> Iterator[QueryProbe]:
        query, layer_class = published.query, semantic.SemanticLayer
        parse, compile_ = layer_class.__init__, layer_class._compile

        def timed_query(sql: str, *arguments: object, **options: object) -> object:
            started = time.perf_counter()
            result = query(sql, *arguments, **options)
            seconds = time.perf_counter() - started
            if self.recording:
                self.executions.append(Execution(self.page, caller(sys._getframe(1)), sql, seconds))
            return result

        def timed_compile(layer: semantic.SemanticLayer, shape: semantic.MetricQuery) -> semantic.CompiledQuery:
            started = time.perf_counter()
            compiled = compile_(layer, shape)
            self.compiles.append((caller(sys._getframe(1)), time.perf_counter() - started))
            return compiled

        def timed_parse(layer: semantic.SemanticLayer, manifest_json: str) -> None:
            started = time.perf_counter()
            parse(layer, manifest_json)
            self.manifest_parses.append(time.perf_counter() - started)

        with (
            mock.patch.object(published, "query", timed_query),
            mock.patch.object(layer_class, "_compile", timed_compile),
            mock.patch.object(layer_class, "__init__", timed_parse),
        ):
            yield self


def run_page(page: Page, runs: int, probe: QueryProbe) -> list[float]:
    """The page's uncached run times (s), its queries recorded in `probe`: a warm-up run, then `runs` runs."""
    app = AppTest.from_file(str(APP_DIR / "streamlit_app.py"), default_timeout=APP_TIMEOUT_SECONDS)
    _checked(app.run(), "the first page")
    app.switch_page(page.file)
    _checked(app.run(), page.title)  # its MetricFlow compiles
    probe.page, seconds = page.title, []
    for _ in range(runs):
        st.cache_data.clear()
        probe.recording, started = True, time.perf_counter()
        _checked(app.run(), page.title)
        seconds.append(time.perf_counter() - started)
        probe.recording = False
    return seconds


def _checked(app: AppTest, where: str) -> AppTest:
    problems = [exception.value for exception in app.exception] + [error.value for error in app.error]
    if problems:
        raise RuntimeError(f"{where} did not render: {problems}")
    return app


def measure_queries(runs: int) -> tuple[QueryProbe, dict[str, list[float]]]:
    """Every page's queries over `runs` uncached runs, and its run times."""
    sys.path.insert(0, str(APP_DIR))  # `streamlit run` puts the entry point's folder on sys.path; AppTest does not
    # Not AppTest's notes on running without a server: the option parses the config (which sets the level from
    # it), then the level is set.
    streamlit.config.set_option("logger.level", "error")
    streamlit.logger.set_log_level("error")
    with QueryProbe().installed() as probe:
        run_seconds = {page.title: run_page(page, runs, probe) for page in PAGES}
    return probe, run_seconds


def distinct_names(executions: Sequence[Execution]) -> dict[tuple[str, str], str]:
    """(name, SQL) -> the name shown: a name several statements share gets a number (`#2`) after the first."""
    named: dict[tuple[str, str], str] = {}
    taken: dict[str, int] = {}
    for execution in executions:
        key = (execution.name, execution.sql)
        if key not in named:
            taken[execution.name] = taken.get(execution.name, 0) + 1
            count = taken[execution.name]
            named[key] = execution.name if count == 1 else f"{execution.name} #{count}"
    return named


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f}"


def query_rows(probe: QueryProbe, run_seconds: dict[str, list[float]]) -> list[list[str]]:
    names = distinct_names(probe.executions)
    rows = []
    for title, seconds in run_seconds.items():
        executions = [execution for execution in probe.executions if execution.page == title]
        times = np.array([execution.seconds for execution in executions])
        by_query: dict[str, list[float]] = {}
        for execution in executions:
            by_query.setdefault(names[execution.name, execution.sql], []).append(execution.seconds)
        slowest = max(by_query, key=lambda name: statistics.median(by_query[name]))
        p95 = float(np.percentile(times, 95))
        rows.append([
            title,
            f"{len(executions) / len(seconds):g}",
            _ms(float(np.median(times))),
            _ms(p95),
            f"{slowest} {_ms(statistics.median(by_query[slowest]))}",
            _ms(times.sum() / len(seconds)),
            _ms(statistics.median(seconds)),
            "yes" if p95 * 1000 < QUERY_TARGET_MS else "NO",
        ])  # fmt: skip
    return rows


def every_query_rows(probe: QueryProbe) -> list[list[str]]:
    """One row per page and query, slowest first: for finding out why a page is slow."""
    names = distinct_names(probe.executions)
    groups: dict[tuple[str, str], list[float]] = {}
    for execution in probe.executions:
        groups.setdefault((execution.page, names[execution.name, execution.sql]), []).append(execution.seconds)
    ordered = sorted(groups.items(), key=lambda item: (item[0][0], -statistics.median(item[1])))
    return [
        [page, name, str(len(times)), _ms(statistics.median(times)), _ms(max(times))]
        for (page, name), times in ordered
    ]


# --- page run times in a browser ---------------------------------------------------------------------------------


def timed_visit(tab: sync_api.Page, navigate: Callable[[], object]) -> float:
    """Seconds from navigation until the script run is over and the charts have drawn."""
    started = time.perf_counter()
    navigate()
    wait_for_run(tab)
    return time.perf_counter() - started


def measure_browser(warehouse: Path, reloads: int) -> list[list[str]]:
    """Per page: cold and warm seconds, each on a server of its own so that the first visit meets empty caches."""
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-dashboard-") as logs, browser_page() as tab:
        for page in PAGES:
            with served(warehouse, Path(logs) / f"{page.url_path or 'main'}.log") as url:
                cold = timed_visit(tab, functools.partial(tab.goto, f"{url}/{page.url_path}"))
                warm = statistics.median(timed_visit(tab, tab.reload) for _ in range(reloads))
            rows.append([page.title, f"{cold:.2f}", f"{warm:.2f}", "yes" if warm < PAGE_TARGET_SECONDS else "NO"])
    return rows


# --- output ------------------------------------------------------------------------------------------------------


def print_table(title: str, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """A plain-text table: text columns left-aligned, figures right-aligned."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows)]
    numeric = [all(row[i].replace(",", "").replace(".", "").isdigit() for row in rows) for i in range(len(headers))]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            cell.rjust(width) if right else cell.ljust(width) for cell, width, right in zip(cells, widths, numeric)
        ).rstrip()

    print(f"\n{title}")
    print(line(headers))
    print(line(["-" * width for width in widths]))
    for row in rows:
        print(line(row))
    sys.stdout.flush()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="uncached headless runs per page")
    parser.add_argument("--reloads", type=int, default=5, help="warm reloads per page in the browser")
    parser.add_argument("--no-browser", action="store_true", help="skip the browser measurement")
    parser.add_argument("--every-query", action="store_true", help="also print every query's times")
    options = parser.parse_args(argv)
    warehouse = settings.warehouse_path()

    print(f"\nload average before the dashboard timings: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    probe, run_seconds = measure_queries(options.runs)
    print_table(
        f"Dashboard queries per page: {options.runs} headless runs each, st.cache_data cleared before each run "
        f"(target p95 < {QUERY_TARGET_MS:g} ms)",
        ["page", "queries/run", "median ms", "p95 ms", "slowest query (median ms)", "query ms/run", "run ms",
         "p95 ok"],
        query_rows(probe, run_seconds),
    )  # fmt: skip
    print_table(
        "MetricFlow compile per query shape (once per process, on its first call)",
        ["query shape", "compile ms"],
        [[name, _ms(seconds)] for name, seconds in probe.compiles]
        + [["all shapes", _ms(sum(seconds for _, seconds in probe.compiles))]]
        + [["(semantic manifest parsed, once)", _ms(seconds)] for seconds in probe.manifest_parses],
    )
    if options.every_query:
        print_table("Every query", ["page", "query", "runs", "median ms", "max ms"], every_query_rows(probe))

    if not options.no_browser and not CHROMIUM.exists():
        print(f"\nNo Chromium at {CHROMIUM} (make browser installs it): page run times in a browser skipped.")
    elif not options.no_browser:
        print_table(
            f"Page run in Chromium: navigation until the run is over and the charts drawn; cold = first visit to a "
            f"fresh server, warm = median of {options.reloads} reloads (target warm < {PAGE_TARGET_SECONDS:g} s)",
            ["page", "cold s", "warm s", "warm ok"],
            measure_browser(warehouse, options.reloads),
        )
    print(f"load average after: {os.getloadavg()[0]:.1f} (other work on the machine slows every figure above)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
