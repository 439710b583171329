"""The API keeps answering while `python -m pipeline.publish` rebuilds and swaps in the warehouse it reads: a real
uvicorn server (in a thread) is read in a loop for the whole build, and no answer is a server error."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import httpx
import pytest
import uvicorn

from api.app import create_app

PROJECT_DIR = Path(__file__).resolve().parents[2]
URLS = (
    "/health",
    "/v1/metrics/total_cases?group_by=case__priority&grain=month",
    "/v1/metrics/arrivals?grain=week",
    "/v1/providers?sort=performance_score&order=desc&limit=20",
    "/v1/alerts?open_only=false",
    "/v1/quality/quarantine",
)


class ServedInThread:
    """uvicorn serving an app on a free localhost port, in a thread of this process."""

    def __init__(self, app) -> None:
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                pytest.fail("uvicorn did not start")
            time.sleep(0.05)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)


def test_reading_while_the_warehouse_is_republished(warehouse_path, raw_dir, tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copyfile(warehouse_path, warehouse)
    before = warehouse.stat().st_mtime_ns
    environment = {**os.environ, "RAW_DIR": str(raw_dir), "WAREHOUSE_PATH": str(warehouse)}
    statuses: Counter[int] = Counter()
    failures: list[str] = []
    with ServedInThread(create_app(warehouse, from_settings=False)) as url, httpx.Client(base_url=url, timeout=60) as http:
        build = subprocess.Popen(
            [sys.executable, "-m", "pipeline.publish", "--quiet"], cwd=PROJECT_DIR, env=environment,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        while build.poll() is None:
            for path in URLS:
                response = http.get(path)
                statuses[response.status_code] += 1
                if response.status_code != 200:
                    failures.append(f"{path}: {response.status_code} {response.text[:200]}")
            time.sleep(0.2)  # a reader, not a load test: the build keeps its cores
        output = build.communicate()[0]
        after = http.get("/health")
    assert build.returncode == 0, output
    assert warehouse.stat().st_mtime_ns != before, "the build did not publish"
    assert after.status_code == 200
    # the answers after the swap come from the new file
    assert after.json()["published_at"] > time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(before / 1e9))
    assert sum(statuses.values()) >= 2 * len(URLS), statuses  # read all through the build
    assert not failures, failures[:5]
