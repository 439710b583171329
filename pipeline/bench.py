"""`make bench`: raw rows generated per second, wall seconds of a full dbt build, dashboard speed, API latency and
stream lag, at a given scale. `make bench TARGET=spark`: the build's wall seconds on DuckDB and on Spark, side by
side, from the same raw files, at scales 1 and 10 unless SCALE says otherwise.

A benchmark that prints figures, not a test: the targets (>= 1,000,000 rows/s generated,
SCALE=10 built in < 60 s, dashboard queries p95 < 200 ms and warm pages < 2 s, stream lag
under 10 s at 200 events/s, on the 2-core reference machine) are read off its output. The
dashboard phase (pipeline/bench_dashboard.py; --no-dashboard skips it) and the API phase
(pipeline/bench_api.py; --no-api skips it) run on the warehouse just built, before the stream
phase changes it. The stream phase runs `pipeline.stream` on it
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


def generate(scale: float, seed: int, raw_dir: Path, environment: dict[str, str]) -> tuple[int, float]:
    """Raw rows written and the seconds it took."""
    seconds = timed([sys.executable, "-m", "generators", "--scale", str(scale), "--seed", str(seed),
                     "--out", str(raw_dir)], environment)
    return sum(json.loads((raw_dir / "truth.json").read_text())["rows"].values()), seconds


def bench_engines(scales: list[float], seed: int) -> None:
    """DuckDB's and Spark's full builds (every model and test, then publish) of the same raw files."""
    print(f"{'scale':>6} {'raw rows':>12} {'DuckDB s':>9} {'Spark s':>9} {'Spark/DuckDB':>13}", flush=True)
    for scale in scales:
        with tempfile.TemporaryDirectory(prefix="healthcare-ops-bench-") as scratch:
            raw_dir = Path(scratch) / "raw"
            environment = {**os.environ, "RAW_DIR": str(raw_dir), "WAREHOUSE_PATH": str(Path(scratch) / "warehouse.duckdb"),
                           "SPARK_WAREHOUSE_DIR": str(Path(scratch) / "spark-warehouse")}
            raw_rows, _ = generate(scale, seed, raw_dir, environment)
            duckdb_seconds = timed([sys.executable, "-m", "pipeline.publish", "--quiet"], environment)
            spark_seconds = timed([sys.executable, "-m", "pipeline.spark_publish", "--quiet"], environment)
            print(f"{scale:>6g} {raw_rows:>12,} {duckdb_seconds:>9.1f} {spark_seconds:>9.1f} "
                  f"{spark_seconds / duckdb_seconds:>12.1f}x", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, nargs="+", default=[1.0])
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--target", choices=["duckdb", "spark"], default="duckdb",
                        help="spark: the build on both engines, side by side, and nothing else")
    parser.add_argument("--stream-rate", type=float, default=200.0, help="events per second (0: no stream phase)")
    parser.add_argument("--stream-seconds", type=float, default=60.0)
    parser.add_argument("--no-dashboard", action="store_true", help="skip the dashboard's query and page timings")
    parser.add_argument("--no-api", action="store_true", help="skip the REST API's latency")
    parser.add_argument("--api-requests", type=int, default=50, help="timed requests per API endpoint")
    options = parser.parse_args()
    if options.target == "spark":
        bench_engines(options.scale, options.seed)
        return 0
    for scale in options.scale:
        bench_duckdb(scale, options)
    return 0


def bench_duckdb(scale: float, options: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory(prefix="healthcare-ops-bench-") as scratch:
        raw_dir = Path(scratch) / "raw"
        environment = {**os.environ, "RAW_DIR": str(raw_dir), "WAREHOUSE_PATH": str(Path(scratch) / "warehouse.duckdb")}

        raw_rows, generate_seconds = generate(scale, options.seed, raw_dir, environment)
        build_seconds = timed([sys.executable, "-m", "pipeline.publish", "--quiet"], environment)
        print(f"scale                     {scale:g}")
        print(f"raw rows generated        {raw_rows:,}")
        print(f"generation seconds        {generate_seconds:.2f}  (whole process, including interpreter start)")
        print(f"raw rows per second       {raw_rows / generate_seconds:,.0f}")
        print(f"dbt build seconds         {build_seconds:.2f}  (every model and test, then publish)", flush=True)
        if not options.no_dashboard:
            subprocess.run([sys.executable, "-m", "pipeline.bench_dashboard"], env=environment, cwd=PROJECT_DIR, check=True)
            print(flush=True)
        if not options.no_api:
            subprocess.run([sys.executable, "-m", "pipeline.bench_api", "--requests", str(options.api_requests)],
                           env=environment, cwd=PROJECT_DIR, check=True)
            print(flush=True)
        stream_summary = subprocess.run(
            [sys.executable, "-m", "pipeline.stream", "--quiet", "--rate", str(options.stream_rate),
             "--duration", str(options.stream_seconds)],
            env=environment, cwd=PROJECT_DIR, check=True, capture_output=True, text=True,
        ).stdout.strip().splitlines()[-3:] if options.stream_rate > 0 else []

    for line in stream_summary:
        print(f"stream: {line}")


if __name__ == "__main__":
    sys.exit(main())
