"""The API against its own OpenAPI schema (schemathesis, in-process over ASGI, no server): for parameters generated
from the schema, valid and invalid, no answer is a server error and every answer has a status, content type and
body the schema documents. Kept to a few examples per operation so that it runs in about a minute."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.app import create_app
from api.schemas import Problem

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES = 12


# The schema does not depend on the warehouse; the app reads WAREHOUSE_PATH at each request (set below).
schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(from_settings=False))


@pytest.fixture(autouse=True)
def on_the_growth_warehouse(growth_warehouse, monkeypatch):
    """The build with provider growth's hand-made rows, so that every section of every answer is filled."""
    monkeypatch.setenv("WAREHOUSE_PATH", str(growth_warehouse))


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_answers_as_its_schema_says(case):
    case.call_and_validate(checks=CHECKS)


def test_the_schema_documents_every_refusal(growth_warehouse):
    document = create_app(growth_warehouse, from_settings=False).openapi()
    problem = {"$ref": f"#/components/schemas/{Problem.__name__}"}
    for path, operations in document["paths"].items():
        if path.startswith("/v1/"):
            responses = operations["get"]["responses"]
            assert {"200", "401", "422", "503"} <= set(responses), path
            assert responses["401"]["content"]["application/json"]["schema"] == problem
    assert document["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
