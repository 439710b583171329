"""`make bench`: raw rows generated per second, wall seconds of a full dbt build, dashboard speed, and stream lag,
at a given scale.

A benchmark that prints figures, not a test: the targets (>= 1,000,000 rows/s generated,
SCALE=10 built in < 60 s, dashboard queries p95 < 200 ms and warm pages < 2 s, stream lag
under 10 s at 200 events/s, on the 2-core reference machine) are read off its output. The
dashboard phase (pipeline/bench_dashboard.py; --no-dashboard skips it) runs on the warehouse
just built, before the stream phase changes it. The stream phase runs `pipeline.stream` on it
for --stream-seconds at --stream-rate and prints its summary.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent


def timed(command: list[str], environment: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=environment, cwd=PROJECT_DIR, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--stream-rate", type=float, default=200.0, help="events per second (0: no stream phase)")
    parser.add_argument("--stream-seconds", type=float, default=60.0)
    parser.add_argument("--no-dashboard", action="store_true", help="skip the dashboard's query and page timings")
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="healthcare-ops-bench-") as scratch:
        raw_dir = Path(scratch) / "raw"
        environment = {**os.environ, "RAW_DIR": str(raw_dir), "WAREHOUSE_PATH": str(Path(scratch) / "warehouse.duckdb")}

        generate_seconds = timed(
            [sys.executable, "-m", "generators", "--scale", str(options.scale), "--seed", str(options.seed),
             "--out", str(raw_dir)],
            environment,
        )
        raw_rows = sum(json.loads((raw_dir / "truth.json").read_text())["rows"].values())
        build_seconds = timed([sys.executable, "-m", "pipeline.publish", "--quiet"], environment)
        print(f"scale                     {options.scale:g}")
        print(f"raw rows generated        {raw_rows:,}")
        print(f"generation seconds        {generate_seconds:.2f}  (whole process, including interpreter start)")
        print(f"raw rows per second       {raw_rows / generate_seconds:,.0f}")
        print(f"dbt build seconds         {build_seconds:.2f}  (every model and test, then publish)", flush=True)
        if not options.no_dashboard:
            subprocess.run([sys.executable, "-m", "pipeline.bench_dashboard"], env=environment, cwd=PROJECT_DIR, check=True)
            print(flush=True)
        stream_summary = subprocess.run(
            [sys.executable, "-m", "pipeline.stream", "--quiet", "--rate", str(options.stream_rate),
             "--duration", str(options.stream_seconds)],
            env=environment, cwd=PROJECT_DIR, check=True, capture_output=True, text=True,
        ).stdout.strip().splitlines()[-3:] if options.stream_rate > 0 else []

    for line in stream_summary:
        print(f"stream: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
