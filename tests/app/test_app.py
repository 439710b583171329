"""The dashboard run headless with Streamlit's AppTest: every view renders, filters work and persist."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
import queries
from streamlit.testing.v1 import AppTest

APP_DIR = Path(__file__).resolve().parents[2] / "app"
TIMEOUT = 60
VIEWS = {  # page file -> (title, subheaders it must show)
    "views/executive.py": ("Executive", ["Backlog by case type", "Top bottlenecks", "KPIs by case type"]),
    "views/operations_manager.py": (
        "Operations Manager",
        [
            "Open cases by urgency",
            "Escalation distribution",
            "Stale cases to follow up",
            "Advocate caseload vs capacity",
            "Interaction load by case type",
            "Avg hours to first response",
            "Open backlog by advocate",
            "Case detail",
        ],
    ),
    "views/root_cause.py": (
        "Root Cause",
        [
            "Missing documents vs resolution time",
            "Handoffs vs CSAT",
            "Escalation vs SLA breach",
            "Case type vs delay",
            "Advocate and team comparison",
            "Bottleneck summary",
        ],
    ),
}
EXECUTIVE_TILES = [
    "Cases created",
    "Active cases",
    "Avg resolution days",
    "SLA breach rate",
    "Avg CSAT",
    "Stale cases",
]


def start_app() -> AppTest:
    app = AppTest.from_file(APP_DIR / "streamlit_app.py", default_timeout=TIMEOUT)
    return app.run()


def open_view(app: AppTest, page: str) -> AppTest:
    return app.switch_page(page).run()


def assert_healthy(app: AppTest) -> None:
    assert not app.exception, [exception.value for exception in app.exception]
    assert not app.error, [error.value for error in app.error]


def metric(app: AppTest, label: str) -> str:
    return next(tile.value for tile in app.metric if tile.label == label)


@pytest.mark.parametrize("page", VIEWS)
def test_every_view_renders(use_warehouse, page):
    app = open_view(start_app(), page)
    assert_healthy(app)
    title, subheaders = VIEWS[page]
    assert [heading.value for heading in app.title] == [title]
    assert [heading.value for heading in app.subheader] == subheaders
    # the shared filters and the data-quality note are in the sidebar of every view
    assert [widget.label for widget in app.sidebar.multiselect] == ["Case type", "Priority"]
    assert len(app.sidebar.date_input) == 1
    assert any("Data quality" in caption.value for caption in app.sidebar.caption)


def test_executive_tiles(use_warehouse):
    app = start_app()
    assert_healthy(app)
    assert [tile.label for tile in app.metric] == EXECUTIVE_TILES
    expected = queries.kpis(queries.Filters()).iloc[0]
    assert metric(app, "Cases created") == f"{int(expected.total_cases):,}"
    assert metric(app, "SLA breach rate") == f"{expected.sla_breach_rate:.1%}"


def test_a_filter_changes_the_numbers(use_warehouse):
    app = start_app()
    everything = int(metric(app, "Cases created").replace(",", ""))
    app.multiselect(key="priorities").set_value(["urgent"]).run()
    assert_healthy(app)
    urgent = int(metric(app, "Cases created").replace(",", ""))
    assert 0 < urgent < everything
    assert urgent == queries.kpis(queries.Filters(priorities=("urgent",))).iloc[0].total_cases


def test_filters_are_kept_across_views(use_warehouse):
    app = start_app()
    first, last = queries.date_bounds()
    app.multiselect(key="case_types").set_value(["claim_denial"]).run()
    app.date_input(key="created_range").set_value((first + timedelta(days=1), last)).run()
    for page in ["views/root_cause.py", "views/operations_manager.py", "views/executive.py"]:
        open_view(app, page)
        assert_healthy(app)
        assert app.multiselect(key="case_types").value == ["claim_denial"]
        assert app.date_input(key="created_range").value == (first + timedelta(days=1), last)
    expected = queries.kpis(queries.Filters(first + timedelta(days=1), last, ("claim_denial",))).iloc[0]
    assert metric(app, "Cases created") == f"{int(expected.total_cases):,}"


def test_overloaded_advocates_are_named(use_warehouse):
    caseload = queries.advocate_caseload()
    app = open_view(start_app(), "views/operations_manager.py")
    warnings = [warning.value for warning in app.warning]
    overloaded = caseload[caseload.is_overloaded]
    if overloaded.empty:
        assert not warnings
    else:
        assert len(warnings) == 1
        assert all(name in warnings[0] for name in overloaded.advocate_name)


@pytest.mark.parametrize("page", VIEWS)
def test_an_empty_slice_renders_without_errors(use_warehouse, page):
    app = start_app()
    _, last = queries.date_bounds()
    app.date_input(key="created_range").set_value((last, last)).run()
    app.multiselect(key="case_types").set_value(["provider_search"]).run()
    app.multiselect(key="priorities").set_value(["urgent"]).run()
    open_view(app, page)
    assert_healthy(app)


@pytest.mark.parametrize("page", VIEWS)
def test_a_missing_warehouse_says_how_to_build_it(tmp_path, monkeypatch, page):
    monkeypatch.setenv("WAREHOUSE_PATH", str(tmp_path / "not-built-yet.duckdb"))
    app = open_view(start_app(), page)
    assert not app.exception
    assert len(app.error) == 1 and "make build" in app.error[0].value
    assert not app.metric and not app.title
