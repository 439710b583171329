"""The dashboard served by `streamlit run` and opened in Chromium: shared by tests/app/test_browser.py and
`make bench` (pipeline/bench_dashboard.py).

CHROMIUM_PATH names the browser binary (default /usr/bin/chromium, Debian's package: Playwright cannot
download a browser here).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

from playwright import sync_api

from healthcare_ops import settings

APP_DIR = settings.REPO_ROOT / "app"
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1440, "height": 1000}
SERVER_START_SECONDS = 60
PAGE_TIMEOUT_MS = 45_000
FINISHED = '[data-testid="stApp"][data-test-script-state="notRunning"]'
# The script run is over and every chart has drawn (every page has at least one chart), checked at one instant.
RUN_DRAWN = """finished => {
    if (!document.querySelector(finished)) return false;
    const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
    return charts.length > 0 && charts.every(chart => chart.querySelector('.main-svg'));
}"""


class Page(NamedTuple):
    title: str
    file: str  # under app/, as st.Page and AppTest.switch_page name it
    url_path: str  # "" for the page the app opens on


PAGES = (
    Page("Executive", "views/executive.py", ""),
    Page("Operations Manager", "views/operations_manager.py", "operations_manager"),
    Page("Root Cause", "views/root_cause.py", "root_cause"),
    Page("Patient Flow", "views/patient_flow.py", "patient_flow"),
    Page("Live Patient Flow", "views/live_patient_flow.py", "live_patient_flow"),
    Page("Telehealth", "views/telehealth.py", "telehealth"),
    Page("Provider Growth", "views/provider_growth.py", "provider_growth"),
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_healthy(url: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"streamlit exited with {server.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"streamlit did not answer within {SERVER_START_SECONDS} s:\n{log.read_text()}")


@contextmanager
def served(warehouse: Path, log: Path) -> Iterator[str]:
    """`streamlit run app/streamlit_app.py` headless on a free localhost port, reading `warehouse`; yields its URL
    once it answers, and stops it afterwards. The server's output goes to `log`."""
    port = free_port()
    command = [
        sys.executable, "-m", "streamlit", "run", str(APP_DIR / "streamlit_app.py"),
        "--server.headless", "true",
        "--server.port", str(port),
        "--server.address", "127.0.0.1",
        "--server.fileWatcherType", "none",
        "--browser.gatherUsageStats", "false",
        "--client.toolbarMode", "viewer",
    ]  # fmt: skip
    environment = {**os.environ, "WAREHOUSE_PATH": str(warehouse)}
    with log.open("w") as output:
        server = subprocess.Popen(command, cwd=APP_DIR.parent, env=environment, stdout=output, stderr=output)
    try:
        url = f"http://127.0.0.1:{port}"
        _wait_until_healthy(url, server, log)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


@contextmanager
def browser_page() -> Iterator[sync_api.Page]:
    """A tab of headless Chromium, at a desktop size."""
    if not CHROMIUM.exists():
        raise FileNotFoundError(f"no Chromium at {CHROMIUM}: install Debian's chromium package or set CHROMIUM_PATH")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport=VIEWPORT)
            page.set_default_timeout(PAGE_TIMEOUT_MS)
            yield page
        finally:
            browser.close()


def wait_for_run(page: sync_api.Page) -> None:
    """Until the script run is over and its charts have drawn."""
    page.wait_for_function(RUN_DRAWN, arg=FINISHED)
