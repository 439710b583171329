"""Fixtures of the generator tests; the helpers are in generator_data.py and flow_data.py."""

from __future__ import annotations

import pytest
from flow_data import Flow, read_flow
from generator_data import Dataset, generate, load


@pytest.fixture(scope="session")
def dataset(tmp_path_factory) -> Dataset:
    """Scale 0.2 (4,000 patients, 2,400 cases, 73 days of patient flow), generated once: enough for the effects."""
    return load(generate(tmp_path_factory.mktemp("raw"), scale=0.2, seed=7))


@pytest.fixture(scope="session")
def flow(dataset) -> Flow:
    """The dataset's patient-flow capture files, read back line by line."""
    by_id = {name: {record[column]: record for record in dataset.clean[name]}
             for name, column in [("patients.csv", "patient_id"), ("providers.csv", "provider_id")]}
    return read_flow(dataset.out, by_id["patients.csv"], by_id["providers.csv"])
