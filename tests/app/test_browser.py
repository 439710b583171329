"""The dashboard in a real browser: `streamlit run` as a subprocess, every view opened in Chromium (and the Patient
Flow view on the Spark build's reader).

Fails on any Streamlit exception box or missing heading. With SCREENSHOT_DIR set it
also saves one full-page screenshot per view (executive.png, operations.png,
root_cause.png, patient_flow.png, live_patient_flow.png), the ones the README shows:

    SCREENSHOT_DIR=docs/screenshots WAREHOUSE_PATH=data/warehouse.duckdb .venv/bin/pytest tests/app/test_browser.py

Serving the app and driving Chromium (CHROMIUM_PATH, default /usr/bin/chromium) is
pipeline/dashboard_browser.py's, which `make bench` shares.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright import sync_api

from pipeline.dashboard_browser import browser_page as open_browser_page
from pipeline.dashboard_browser import served, wait_for_run

VIEWS = [  # (URL path, screenshot name, title, subheaders)
    ("", "executive", "Executive", ["Backlog by case type", "KPIs by case type", "Top bottlenecks"]),
    ("operations_manager", "operations", "Operations Manager", ["Open cases by urgency", "Stale cases to follow up", "Case detail"]),
    ("root_cause", "root_cause", "Root Cause", ["Missing documents vs resolution time", "Bottleneck summary"]),
    (
        "patient_flow",
        "patient_flow",
        "Patient Flow",
        ["Arrivals by weekday and hour", "Demand vs staffing over the week", "Experience risk by department"],
    ),
    ("live_patient_flow", "live_patient_flow", "Live Patient Flow", ["Census now", "Arrivals in the last 24 hours"]),
    (
        "telehealth",
        "telehealth",
        "Telehealth",
        ["Status mix over time", "Connection quality vs satisfaction", "Provider performance"],
    ),
    (
        "provider_growth",
        "provider_growth",
        "Provider Growth",
        [
            "Patient volume by service line",
            "Opportunity value vs average cost by provider",
            "Predicted vs actual opportunity value",
            "Referring providers",
        ],
    ),
]
LIVE_REFRESH_TIMEOUT_MS = 20_000  # the live view rereads every 5 s; allow a few rounds


@pytest.fixture(scope="module")
def dashboard_url(dashboard_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with served(dashboard_warehouse, tmp_path_factory.mktemp("streamlit") / "server.log") as url:
        yield url


@pytest.fixture(scope="module")
def browser_page(dashboard_url: str) -> Iterator[sync_api.Page]:
    with open_browser_page() as page:
        yield page


def save_screenshot(page, path: Path) -> None:
    """The whole view: Streamlit scrolls inside stMain, so grow the window to its height first."""
    path.parent.mkdir(parents=True, exist_ok=True)
    viewport = page.viewport_size
    height = page.evaluate("""() => document.querySelector('[data-testid="stMain"]').scrollHeight""")
    page.set_viewport_size({"width": viewport["width"], "height": height})
    page.wait_for_timeout(1_000)  # charts redraw at the new size
    page.screenshot(path=str(path))
    page.set_viewport_size(viewport)


def assert_no_errors(page) -> None:
    for selector in ('[data-testid="stException"]', '[data-testid="stAlertContentError"]'):
        problems = page.locator(selector)
        assert problems.count() == 0, problems.all_inner_texts()



def assert_view_renders(page, url: str, title: str, subheaders: list[str]) -> None:
    """The view at url shows its title, every subheader and a chart, with no Streamlit exception box."""
    page.goto(url)
    sync_api.expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
    wait_for_run(page)
    assert_no_errors(page)
    for subheader in subheaders:
        sync_api.expect(page.get_by_role("heading", name=subheader)).to_be_visible()
    assert page.locator('[data-testid="stPlotlyChart"]').count() > 0

@pytest.mark.parametrize(("path", "name", "title", "subheaders"), VIEWS, ids=[view[1] for view in VIEWS])
def test_view_renders_in_a_browser(browser_page, dashboard_url, path, name, title, subheaders):
    assert_view_renders(browser_page, f"{dashboard_url}/{path}", title, subheaders)
    if os.environ.get("SCREENSHOT_DIR"):
        save_screenshot(browser_page, Path(os.environ["SCREENSHOT_DIR"]) / f"{name}.png")


def test_a_filter_chosen_on_one_view_is_kept_on_the_next(browser_page, dashboard_url):
    page = browser_page
    page.goto(dashboard_url)
    wait_for_run(page)
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_test_id("stMultiSelect").filter(has_text="Priority").click()
    page.get_by_role("option", name="Urgent").click()
    page.keyboard.press("Escape")
    wait_for_run(page)
    sidebar.get_by_role("link", name="Operations Manager").click()
    sync_api.expect(page.get_by_role("heading", name="Operations Manager", level=1)).to_be_visible()
    wait_for_run(page)
    assert_no_errors(page)
    priority = sidebar.get_by_test_id("stMultiSelect").filter(has_text="Priority")
    sync_api.expect(priority).to_contain_text("Urgent")


def test_the_live_view_refreshes_by_itself(browser_page, dashboard_url):
    page = browser_page
    page.goto(f"{dashboard_url}/live_patient_flow")
    wait_for_run(page)
    read_at = page.get_by_text(re.compile(r"^Read at \d\d:\d\d:\d\d UTC\.$"))
    first_read = read_at.inner_text()
    sync_api.expect(read_at).not_to_have_text(first_read, timeout=LIVE_REFRESH_TIMEOUT_MS)  # nobody touched it
    assert_no_errors(page)


def test_the_patient_flow_view_renders_on_the_spark_builds_reader(browser_page, spark_reader_path, tmp_path):
    """The unchanged dashboard on the Spark build's DuckDB reader (pipeline/spark_reader.py): the view that asks the
    semantic layer and calls the warehouse's table function. A second server, in the module's browser (one
    Playwright per process)."""
    path, _, title, subheaders = next(view for view in VIEWS if view[1] == "patient_flow")
    with served(spark_reader_path.resolve(), tmp_path / "server.log") as url:
        assert_view_renders(browser_page, f"{url}/{path}", title, subheaders)
