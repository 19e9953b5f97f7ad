"""The OpenAPI schema is valid OpenAPI 3, and a schema-driven run (schemathesis, in-process
through the WSGI application) finds no server error and no answer outside the schema.

The run is bounded (a few examples per endpoint, no shrinking) so that `make test` stays fast;
`KOMPAS_API_FUZZ_EXAMPLES` raises it for a longer search.
"""

from __future__ import annotations

import json
import os

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, Phase, settings
from openapi_spec_validator import validate
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from kompas.api.api import api
from kompas.api.tests.conftest import ALL_SCOPES, api_token, call
from kompas.reporting import crypto
from kompas.reporting.services import NewReport, submit_report

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("KOMPAS_API_FUZZ_EXAMPLES", "8"))


def test_the_schema_served_is_valid_openapi_3() -> None:
    response = call("get", "/api/v1/openapi.json")
    assert response.status_code == 200
    served = response.json()
    validate(served)
    assert served["openapi"].startswith("3.")
    assert served == _schema()


def _schema() -> dict:
    """The schema as JSON holds it (status codes as text)."""
    return json.loads(json.dumps(api.get_openapi_schema()))


def test_every_endpoint_names_its_scope_and_its_refusals() -> None:
    for path, operations in _schema()["paths"].items():
        for method, operation in operations.items():
            where = f"{method.upper()} {path}"
            assert operation["x-kompas-scope"] in ALL_SCOPES, where
            assert operation["security"] == [{"TokenAuth": []}], where
            assert {"401", "403", "422", "429"} <= set(operation["responses"]), where
            assert operation["summary"] and operation["description"], where


schema = schemathesis.openapi.from_dict(_schema())
schema.app = get_wsgi_application()


@pytest.fixture
def _connection_kept():
    """The application is called as a server calls it, whose end of request closes a database
    connection inside a transaction (the test's); Django's test client keeps it the same way."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def fuzz_token(personas, handlers, _connection_kept) -> str:
    """A token with every scope, in a zone holding a report (whose words must never come out)."""
    submit_report(
        zone=personas.zone,
        data=NewReport(
            kind="breach", channel="staff", identity_mode="named", what="Geheime inhoud XYZ."
        ),
        receipt=crypto.new_receipt(),
        signed_in=personas.member,
    )
    return api_token(personas.zone, *ALL_SCOPES)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
    derandomize=True,
    database=None,  # no example database left in the working tree
)
def test_no_generated_call_gets_a_server_error_or_an_answer_outside_the_schema(
    case, fuzz_token
) -> None:
    response = case.call(headers={"Authorization": f"Bearer {fuzz_token}"})
    case.validate_response(
        response,
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ],
    )
    assert "Geheime inhoud" not in response.text
