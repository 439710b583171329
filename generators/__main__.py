"""python -m generators --scale N --seed S [--out DIR] [--as-of 2026-11-01T00:00:00]

Writes the raw CSV exports of every source system, the patient-flow capture files
(DIR/patient_flow/capture-YYYYMMDD.ndjson) and truth.json (row counts, the bad rows
planted per reason, the size of every planted effect) into DIR.
"""

from __future__ import annotations

import argparse
import ctypes
import sys
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

import pyarrow as pa
from tqdm import tqdm

from generators import advocacy, clock, dirty, patient_flow, provider_growth, telehealth, world
from generators.common import dirty_stream, stream
from generators.csv_writer import write_csv, write_json
from generators.world import PATIENT_FLOW
from healthcare_ops import settings

DEFAULT_AS_OF = "2026-11-01T00:00:00"


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m generators", description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0,
                        help="1.0 = 20,000 patients, 12,000 cases, ~30,000 appointments, a year of patient flow "
                             "(default 1)")
    parser.add_argument("--seed", type=int, default=42, help="same seed and scale give byte-identical files")
    parser.add_argument("--out", type=Path, default=settings.raw_dir(),
                        help="output directory, created if missing (default $RAW_DIR or data/raw)")
    parser.add_argument("--as-of", default=DEFAULT_AS_OF, help="the export's now: nothing is dated after it")
    options = parser.parse_args(argv)
    if options.scale <= 0:
        parser.error("--scale must be positive")
    return options


def export(seed: int, out: Path, file_name: str, table: pa.Table) -> tuple[int, dict[str, int]]:
    """Plant the file's bad rows and write it; returns its raw row count and the quarantine it should cause."""
    planted = dirty.plant(dirty_stream(seed, file_name), file_name, table)
    write_csv(out / file_name, table, planted.inserted, planted.appended)
    return table.num_rows + len(planted.inserted) + len(planted.appended), planted.expected


def keep_freed_memory() -> None:
    """Let glibc reuse freed memory instead of returning it to the system and faulting in fresh zeroed pages.

    The bulk of the work allocates and frees arrays of tens of megabytes; on a virtual machine
    every fresh page costs a fault and a zeroing, which was a fifth of the run. Elsewhere a no-op.
    """
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return
    m_trim_threshold, m_mmap_threshold = -1, -3
    libc.mallopt(m_mmap_threshold, 1 << 30)
    libc.mallopt(m_trim_threshold, (1 << 31) - 1)


def main(argv: list[str] | None = None) -> int:
    options = parse_arguments(argv)
    keep_freed_memory()
    started = time.perf_counter()
    seed, out, as_of = options.seed, options.out, clock.parse(options.as_of)
    out.mkdir(parents=True, exist_ok=True)

    # Each source system draws from its own named stream, so adding one leaves the bytes of the others alone,
    # and the work can overlap: two workers build the registry, simulate patient flow and write files while this
    # thread simulates advocacy, then render patient flow while this thread writes it. pyarrow, most of numpy and
    # file writes release the GIL; no draw depends on timing.
    with ThreadPoolExecutor(max_workers=2) as pool, tqdm(
        total=len(dirty.DIRTY_ROWS) + 2, desc="generating", unit="file", file=sys.stderr
    ) as progress:
        # the patient flow is simulated on a worker as soon as the registry is built, and landed below with both
        # workers rendering
        built = world.build(seed, options.scale, as_of, pool)
        exports = {
            "patients.csv": pool.submit(lambda: export(seed, out, "patients.csv", built.patients.result())),
            "providers.csv": pool.submit(lambda: export(seed, out, "providers.csv", built.providers.result())),
        }

        def emit(file_name: str, table: pa.Table) -> None:
            exports[file_name] = pool.submit(export, seed, out, file_name, table)

        effects = advocacy.simulate(stream(seed, "advocacy"), options.scale, as_of, built.registered_at, emit)
        telehealth_truth = telehealth.simulate(
            stream(seed, telehealth.DOMAIN), options.scale, as_of, built.registered_at, built.patients.result(),
            built.providers.result(), emit,
        )
        # provider growth reads the simulated patient flow (its encounters), so it waits for it here
        provider_growth_truth = provider_growth.simulate(
            seed, options.scale, as_of, built.registered_at, built.providers.result(), built.flow.result(), emit,
        )
        landed = patient_flow.land(built.flow.result(), out / PATIENT_FLOW, pool)
        progress.set_postfix_str(PATIENT_FLOW)
        progress.update()
        for done in as_completed(exports.values()):
            progress.set_postfix_str(next(name for name, future in exports.items() if future is done))
            progress.update()

        rows = {file_name: future.result()[0] for file_name, future in exports.items()}
        rows[PATIENT_FLOW] = len(landed.capture)
        quarantine_expected = {file_name: future.result()[1] for file_name, future in exports.items()}
        quarantine_expected[PATIENT_FLOW] = landed.quarantine_expected
        write_json(out / "truth.json", {
            "seed": seed,
            "scale": options.scale,
            "as_of": clock.iso(as_of),
            "rows": rows,
            "quarantine_expected": quarantine_expected,
            "effects": effects,
            PATIENT_FLOW: landed.truth,
            telehealth.DOMAIN: telehealth_truth,
            provider_growth.DOMAIN: provider_growth_truth,
        })
        progress.update()

    seconds = time.perf_counter() - started
    total = sum(rows.values())
    for file_name, count in rows.items():
        print(f"{file_name:<24} {count:>12,} rows")
    print(f"{'total':<24} {total:>12,} rows in {seconds:.2f} s ({total / seconds:,.0f} rows/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
