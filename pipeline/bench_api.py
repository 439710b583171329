"""API latency, for `make bench`: each endpoint of the REST API timed over HTTP against a real server.

    python -m pipeline.bench_api [--requests 50]

Starts `python -m api` (uvicorn) on a free localhost port over the warehouse at WAREHOUSE_PATH, asks each
question once to warm up (the semantic layer's parse and each query shape's MetricFlow compile, once per server
process), then --requests times one after the other, and prints each endpoint's median and 95th percentile in
milliseconds: the whole round trip as a client sees it (every request opens the warehouse read-only and closes it).
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import numpy as np

from healthcare_ops import settings

PROJECT_DIR = Path(__file__).resolve().parent.parent
START_SECONDS = 60
# What an API user asks: the catalogue, metrics overall, by a dimension and month, by day over a quarter, telehealth's
# and provider growth's by a dimension, a page of providers sorted by a mart column, one provider, alerts and data
# quality.
QUESTIONS = (
    ("health", "/health"),
    ("domains", "/v1/domains"),
    ("metric catalogue", "/v1/metrics"),
    ("metric overall", "/v1/metrics/avg_csat"),
    ("metric by dimension, month", "/v1/metrics/total_cases?group_by=case__priority&grain=month"),
    ("metric by day, 3 months", "/v1/metrics/arrivals?grain=day&start=2026-01-01&end=2026-03-31"),
    ("telehealth metric by dimension", "/v1/metrics/no_show_rate?group_by=provider__specialty"),
    ("provider-growth metric by dimension", "/v1/metrics/referral_volume?group_by=encounter__service_line"),
    ("providers, sorted page", "/v1/providers?sort=performance_score&order=desc&limit=50"),
    ("providers, filtered", "/v1/providers?service_line=cardiovascular&limit=50"),
    ("one provider", "/v1/providers/{provider_sk}"),
    ("alerts", "/v1/alerts?open_only=false"),
    ("reconciliation", "/v1/quality/reconciliation"),
    ("quarantine counts", "/v1/quality/quarantine"),
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(port: int) -> subprocess.Popen:
    environment = {**os.environ, "API_HOST": "127.0.0.1", "API_PORT": str(port), "API_TOKEN": ""}
    return subprocess.Popen([sys.executable, "-m", "api"], cwd=PROJECT_DIR, env=environment,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wait_until_up(client: httpx.Client, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline and server.poll() is None:
        try:
            if client.get("/health").status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError("the API did not come up (is there a warehouse at WAREHOUSE_PATH?)")


def timed(client: httpx.Client, path: str, requests: int) -> list[float]:
    client.get(path).raise_for_status()  # warm-up: compiles the query shape
    seconds = []
    for _ in range(requests):
        started = time.perf_counter()
        client.get(path).raise_for_status()
        seconds.append(time.perf_counter() - started)
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=50, help="timed requests per endpoint")
    options = parser.parse_args(argv)
    port = free_port()
    server = start_server(port)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            wait_until_up(client, server)
            provider_sk = client.get("/v1/providers?limit=1").json()["items"][0]["provider_sk"]
            rows, every = [], []
            for name, path in QUESTIONS:
                seconds = np.array(timed(client, path.format(provider_sk=provider_sk), options.requests)) * 1000
                every.extend(seconds)
                rows.append((name, float(np.median(seconds)), float(np.percentile(seconds, 95))))
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"\nAPI latency on {settings.warehouse_path()}: {options.requests} sequential requests per endpoint "
          f"after a warm-up, round trip over HTTP (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    width = max(len(name) for name, _, _ in rows)
    print(f"{'endpoint':<{width}}  {'median ms':>9}  {'p95 ms':>7}")
    for name, median, p95 in rows:
        print(f"{name:<{width}}  {median:>9.1f}  {p95:>7.1f}")
    print(f"{'all endpoints':<{width}}  {np.median(every):>9.1f}  {np.percentile(every, 95):>7.1f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
