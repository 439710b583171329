"""Fixtures of the generator tests; the helpers are in generator_data.py."""

from __future__ import annotations

import pytest
from generator_data import Dataset, generate, load


@pytest.fixture(scope="session")
def dataset(tmp_path_factory) -> Dataset:
    """Scale 0.2 (4,000 patients, 2,400 cases), generated once: enough for the planted effects to show."""
    return load(generate(tmp_path_factory.mktemp("raw"), scale=0.2, seed=7))
