"""The fuzz suite's switch: `FUZZ=all` runs every case (make fuzz); otherwise a small deterministic sample
runs (make test): one hypothesis example holding nearly every kind, three stopped builds, one header-only file.
"""

from __future__ import annotations

import os

import pytest
from corruptions import HARMLESS_KINDS, QUARANTINE_KINDS, STOP_KINDS, known_bug_kinds
from edits import CSV_FILES
from fuzz_tally import TALLY
from hypothesis import HealthCheck, Phase, settings

FULL_RUN = os.environ.get("FUZZ") == "all"

# One example is one warehouse build (about 20 s): no shrinking (each step would be another build), no
# example database; the sample draws the same example on every run.
settings.register_profile(
    "fuzz",
    max_examples=6 if FULL_RUN else 1,
    derandomize=not FULL_RUN,
    deadline=None,
    database=None,
    phases=(Phase.explicit, Phase.generate),
    print_blob=True,
    suppress_health_check=list(HealthCheck),
)

SAMPLED_STOPS = (("header_renamed_column", "patients.csv"), ("empty_file", "case_events.csv"),
                 ("registry_file_missing", "providers.csv"))
SAMPLED_HEADER_ONLY = ("patient_feedback.csv",)
STOP_FILES_EACH = 2  # a full run stops each kind on this many files, turning through the files


def all_stop_cases() -> list[tuple[str, str]]:
    cases = []
    for index, stop in enumerate(STOP_KINDS):
        targets = {stop.applies_to[(index + turn * 3) % len(stop.applies_to)] for turn in range(STOP_FILES_EACH)}
        cases += [(stop.name, target) for target in sorted(targets)]
    return cases


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "fuzz: hostile raw input (tests/fuzz); FUZZ=all runs every case")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "stop_case" in metafunc.fixturenames:
        cases = all_stop_cases() if FULL_RUN else list(SAMPLED_STOPS)
        metafunc.parametrize("stop_case", cases, ids=[f"{name}-{target}" for name, target in cases])
    if "header_only_file" in metafunc.fixturenames:
        metafunc.parametrize("header_only_file", CSV_FILES if FULL_RUN else SAMPLED_HEADER_ONLY)
    if "known_bug_kind" in metafunc.fixturenames:
        # Strict: the day the warehouse handles one of these, the test says so and the kind joins the batch.
        only_full = [] if FULL_RUN else [pytest.mark.skip(reason="known bugs run with FUZZ=all (make fuzz)")]
        metafunc.parametrize("known_bug_kind", [
            pytest.param(kind.name, id=kind.name, marks=[pytest.mark.xfail(strict=True, reason=kind.known_bug),
                                                         *only_full])
            for kind in known_bug_kinds()
        ])


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if TALLY.builds:
        kinds = len(QUARANTINE_KINDS) + len(HARMLESS_KINDS) + len(STOP_KINDS) + 1  # + HEADER_ONLY
        terminalreporter.write_line(TALLY.summary(kinds))

