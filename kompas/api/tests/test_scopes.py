"""Every endpoint of the schema, tried without a token, with each scope alone and with a token of
another zone: only its own scope opens it, and nothing that scope does not name comes out.

The endpoints are read from the OpenAPI schema, so a new endpoint is tried here without anyone
adding it.
"""

from __future__ import annotations

import json
import re

import pytest

from kompas.api.api import api
from kompas.api.models import ApiToken
from kompas.api.scopes import Scope
from kompas.api.tests.conftest import ALL_SCOPES, api_token, call
from kompas.audit.models import AuditEvent
from kompas.lib.clock import today
from kompas.reporting import crypto
from kompas.reporting.services import NewReport, submit_report

pytestmark = pytest.mark.django_db

SCHEMA = json.loads(json.dumps(api.get_openapi_schema()))
ENDPOINTS = [
    (method.upper(), path, operation["x-kompas-scope"])
    for path, operations in SCHEMA["paths"].items()
    for method, operation in operations.items()
]
SECRET = "Geheime inhoud 7Q4"
# What a report's content or its reporter would be called, in any answer model.
FORBIDDEN_FIELDS = re.compile(
    r"^(what|when|where|involved.*|reporter.*|identity.*|contact.*|content|text|message.*|"
    r"notes?|receipt.*|channel|attachments?|files?|answers|context|people)$"
)


def _address(path: str, personas) -> str:
    return path.replace("{person_id}", str(personas.member.pk)).replace("{year}", str(today().year))


@pytest.fixture
def zone_with_a_report(personas, handlers):
    """A named report of the member, with words that must never leave the channel."""
    submit_report(
        zone=personas.zone,
        data=NewReport(
            kind="breach",
            channel="staff",
            identity_mode="named",
            what=SECRET,
            involved_text=SECRET,
            contact_name="Contact Naam",
        ),
        receipt=crypto.new_receipt(),
        signed_in=personas.member,
    )
    return personas


def _send(method: str, address: str, token: str | None):
    # A write is sent an empty object: past the gate, it is refused for its missing fields.
    return call(method, address, token, {} if method in ("PUT", "POST", "PATCH") else None)


def test_the_schema_has_endpoints_for_every_scope() -> None:
    # SCIM's scope opens kompas/scim's endpoints (/scim/v2/), none of the API's.
    assert {scope for _m, _p, scope in ENDPOINTS} == set(ALL_SCOPES) - {Scope.SCIM}
    assert len(ENDPOINTS) >= 10


@pytest.mark.parametrize(("method", "path", "needed"), ENDPOINTS)
def test_an_endpoint_without_a_token_answers_401_and_writes_nothing(
    method, path, needed, personas
) -> None:
    events = AuditEvent.objects.count()
    for token in (None, "kompas_made-up", "Bearer", "x" * 500):
        response = _send(method, _address(path, personas), token)
        assert response.status_code == 401, (token, response.content)
        assert response["WWW-Authenticate"] == "Bearer"
        assert set(response.json()) == {"detail", "errors"}
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize(("method", "path", "needed"), ENDPOINTS)
def test_an_endpoint_opens_to_its_own_scope_only(method, path, needed, zone_with_a_report) -> None:
    personas = zone_with_a_report
    for scope in ALL_SCOPES:
        token = api_token(personas.zone, scope)
        response = _send(method, _address(path, personas), token)
        body = response.content.decode()
        assert SECRET not in body and "Contact Naam" not in body
        event = AuditEvent.objects.order_by("-seq")[0]
        assert event.object_type == "api.apitoken" and event.actor_id is None
        assert event.zone_id == personas.zone.pk
        assert event.detail["endpoint"] == f"{method} {path}"
        if scope == needed:
            assert response.status_code == (422 if method == "PUT" else 200), body
            assert event.action == "api.called"
        else:
            assert response.status_code == 403, (scope, body)
            assert response.json() == {"detail": response.json()["detail"], "errors": []}
            assert needed in response.json()["detail"]
            assert event.action == "api.refused" and event.detail["scope"] == needed


@pytest.mark.parametrize(("method", "path", "needed"), ENDPOINTS)
def test_a_token_of_another_zone_reads_nothing_of_this_zone(
    method, path, needed, zone_with_a_report
) -> None:
    personas = zone_with_a_report
    token = api_token(personas.outsider.zone, *ALL_SCOPES)
    response = _send(method, _address(path, personas), token)
    body = response.content.decode()
    for seen in (SECRET, personas.member.email, personas.member.last_name, "Operaties"):
        assert seen not in body, (path, seen)
    assert response.status_code in (200, 404, 422), body


@pytest.mark.parametrize(("method", "path", "needed"), ENDPOINTS)
def test_a_revoked_or_expired_token_opens_nothing(method, path, needed, personas) -> None:
    from datetime import timedelta

    from django.utils import timezone

    revoked = api_token(personas.zone, needed, name="revoked")
    ApiToken.objects.filter(name="revoked").update(revoked_at=timezone.now())
    expired = api_token(personas.zone, needed, expires_on=today() - timedelta(days=1))
    last_day = api_token(personas.zone, needed, expires_on=today())
    assert _send(method, _address(path, personas), revoked).status_code == 401
    assert _send(method, _address(path, personas), expired).status_code == 401
    assert _send(method, _address(path, personas), last_day).status_code in (200, 422)


def test_no_answer_model_has_a_field_for_content_or_a_reporter() -> None:
    """What can leave is in the schema: no model answered has a field that would hold a
    report's words, its reporter or their contact details."""
    answered: set[str] = set()

    def collect(schema: dict) -> None:
        if "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[-1]
            if name not in answered:
                answered.add(name)
                collect(SCHEMA["components"]["schemas"][name])
        for key in ("anyOf", "oneOf", "allOf"):
            for option in schema.get(key, []):
                collect(option)
        for child in (schema.get("items"), schema.get("additionalProperties")):
            if isinstance(child, dict):
                collect(child)
        for field in schema.get("properties", {}).values():
            collect(field)

    for operations in SCHEMA["paths"].values():
        for operation in operations.values():
            answer = operation["responses"]["200"]  # refusals hold a message, never data
            collect(answer["content"]["application/json"]["schema"])
    assert "RegisterLine" in answered and "PersonOut" in answered
    for name in answered:
        for field in SCHEMA["components"]["schemas"][name].get("properties", {}):
            assert not FORBIDDEN_FIELDS.match(field), (name, field)
