"""No response holds a direct identifier: every endpoint is read (every metric, every dimension any metric allows,
every provider's detail, every alert and quality row) and every string in the answers is checked against the raw
files' names, NPIs, registry ids, practices, streets, phones and patient ids."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from api.metrics import is_identifier


def identifiers(raw_dir: Path) -> set[str]:
    """Every direct identifier of the raw registry and advocacy files, as it would appear in JSON text."""
    providers = pd.read_csv(raw_dir / "providers.csv", dtype=str)
    patients = pd.read_csv(raw_dir / "patients.csv", dtype=str)
    advocates = pd.read_csv(raw_dir / "advocates.csv", dtype=str)
    values = pd.concat([
        providers.provider_id, providers.name, providers.npi, providers.practice_name,
        patients.patient_id, patients.first_name + " " + patients.last_name, patients.phone, patients.street,
        advocates.advocate_id, advocates.name,
    ])  # fmt: skip
    # short values (a two-letter fragment) would match by chance; every real identifier here is longer
    return {value for value in values.dropna() if len(value) >= 5}


@pytest.fixture(scope="module")
def answers(growth_client) -> list[str]:
    """The text of every answer the API gives about the build (provider growth's hand-made rows included)."""
    client, texts = growth_client, []

    def get(url: str, **params) -> dict | list:
        response = client.get(url, params=params)
        assert response.status_code == 200, (url, params, response.text)
        texts.append(response.text)
        return response.json()

    grouped = set()
    for metric in get("/v1/metrics"):
        get(f"/v1/metrics/{metric['name']}", limit=10_000)
        # each dimension once, by the first metric that allows it: its values are the same whatever the metric
        for dimension in metric["dimensions"]:
            if dimension["name"] not in grouped:
                grouped.add(dimension["name"])
                get(f"/v1/metrics/{metric['name']}", group_by=dimension["name"], limit=10_000)
    get("/v1/domains")
    providers = get("/v1/providers", limit=500)
    for provider in providers["items"]:
        get(f"/v1/providers/{provider['provider_sk']}")
    get("/v1/alerts", open_only=False, limit=500)
    get("/v1/quality/reconciliation")
    get("/v1/quality/quarantine")
    return texts


def strings(node: object) -> Iterator[str]:
    """Every key and string value of a JSON document."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield key
            yield from strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from strings(value)
    elif isinstance(node, str):
        yield node


def leaked(texts: list[str], known: set[str]) -> list[str]:
    """The identifiers found in the answers: a string that is one, or a longer text (a message) that holds one."""
    found = set()
    for text in texts:
        for value in strings(json.loads(text)):
            if value in known:
                found.add(value)
            elif len(value) > 24:
                found.update(identifier for identifier in known if identifier in value)
    return sorted(found)


def test_no_answer_holds_a_name_npi_registry_id_or_patient_id(answers, raw_dir):
    assert len(answers) > 100  # the catalogue's metrics, their dimensions, and a hundred providers
    found = leaked(answers, identifiers(raw_dir))
    assert not found, f"identifiers in API answers: {found[:10]}"


def test_the_scan_would_see_an_identifier(raw_dir):
    providers = pd.read_csv(raw_dir / "providers.csv", dtype=str)
    known = identifiers(raw_dir)
    name, npi, patient = providers.name.iloc[0], providers.npi.iloc[0], "P0000001"
    answers = [json.dumps({"items": [{"npi": npi}], "message": f"referred by {name} today"}), json.dumps([patient])]
    assert leaked(answers, known) == sorted([name, npi, patient])


@pytest.mark.parametrize(
    "dimension, identifies",
    [
        ("provider__provider_name", True),
        ("appointment__provider__provider_name", True),
        ("advocate__advocate_name", True),
        ("advocate__advocate_id", True),
        ("provider__provider_id", True),
        ("contact__npi", True),
        ("practice__account_name", True),
        ("supply_item__item_name", False),
        ("provider__specialty", False),
        ("department__department_label", False),
        ("case__priority", False),
    ],
)
def test_identifier_dimensions_are_told_by_name(dimension, identifies):
    assert is_identifier(dimension) is identifies
