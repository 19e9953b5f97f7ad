"""Every call is audited with its token and endpoint, counted against the token's budget in the
shared cache, and refused beyond it; the documentation page is Kompas' own, without scripts or
anything from another site."""

from __future__ import annotations

import re

import pytest
from django.core.cache import caches

from kompas.api.models import ApiToken
from kompas.api.scopes import Scope
from kompas.api.tests.conftest import api_token, call
from kompas.audit.models import AuditEvent
from kompas.audit.services import verify_chain
from kompas.lib.clock import today

pytestmark = pytest.mark.django_db


def test_every_call_is_audited_with_the_token_and_the_endpoint(personas) -> None:
    token = api_token(personas.zone, Scope.READ_ORGANISATION)
    stored = ApiToken.objects.get()
    call("get", "/api/v1/services?page=2", token)
    call("get", f"/api/v1/people/{personas.member.pk}", token)
    call("get", "/api/v1/register", token)
    events = list(AuditEvent.objects.filter(object_type="api.apitoken").order_by("seq"))
    assert [(e.action, e.detail) for e in events] == [
        ("api.called", {"endpoint": "GET /api/v1/services"}),
        ("api.called", {"endpoint": "GET /api/v1/people/{person_id}"}),
        ("api.refused", {"endpoint": "GET /api/v1/register", "scope": "registers:read"}),
    ]
    for event in events:
        assert (event.object_id, event.zone_id, event.actor_role) == (
            str(stored.pk),
            personas.zone.pk,
            "api",
        )
    assert verify_chain().intact
    stored.refresh_from_db()
    assert stored.last_used_on == today()


def test_the_audit_page_lists_the_calls_for_the_administrator(personas) -> None:
    from django.test import Client

    from kompas.accounts.roles import Role
    from kompas.testing import sign_in

    token = api_token(personas.zone, Scope.READ_ORGANISATION)
    call("get", "/api/v1/services", token)
    page = sign_in(Client(), personas[Role.ADMIN]).get("/audit/?action=api.")
    assert "api.called" in page.content.decode()


def test_a_token_past_its_budget_waits_and_writes_nothing(personas, settings) -> None:
    settings.API_CALLS_PER_MINUTE = 3
    token = api_token(personas.zone, Scope.READ_ORGANISATION)
    other = api_token(personas.zone, Scope.READ_ORGANISATION)
    for _n in range(3):
        assert call("get", "/api/v1/services", token).status_code == 200
    events = AuditEvent.objects.count()
    refused = call("get", "/api/v1/services", token, accept_language="en")
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused.json()["detail"].startswith("Too many calls with this token")
    assert AuditEvent.objects.count() == events
    # Each token has its own budget.
    assert call("get", "/api/v1/services", other).status_code == 200


def test_the_budget_is_counted_in_the_cache_every_worker_shares(personas, settings) -> None:
    """Counted in Django's default cache (Redis in production, files between the workers of
    one machine): not in one worker's memory, where each worker would allow the whole budget."""
    settings.API_CALLS_PER_MINUTE = 2
    token = api_token(personas.zone, Scope.READ_ORGANISATION)
    stored = ApiToken.objects.get()
    call("get", "/api/v1/services", token)
    keys = [k for k in caches["default"]._cache if f"kompas-api:calls:{stored.pk}:" in k]  # type: ignore[attr-defined]
    assert len(keys) == 1
    caches["throttle"].clear()  # the reporters' throttles' alias plays no part
    call("get", "/api/v1/services", token)
    assert call("get", "/api/v1/services", token).status_code == 429


def test_a_refusal_without_a_token_speaks_the_callers_language(personas) -> None:
    for language, words in (
        ("fr", "jeton valide"),
        ("en", "valid token"),
        ("nl", "geldige sleutel"),
    ):
        answer = call("get", "/api/v1/services", accept_language=language)
        assert answer.status_code == 401 and words in answer.json()["detail"], language


def test_unknown_query_fields_are_named_and_refused(personas) -> None:
    token = api_token(personas.zone, Scope.READ_REGISTERS)
    answer = call("get", "/api/v1/register?yaer=2026&page=1&sort=x", token, accept_language="en")
    assert answer.status_code == 422
    assert [e["field"] for e in answer.json()["errors"]] == ["sort", "yaer"]


def test_the_documentation_page_is_written_from_the_schema(personas) -> None:
    from kompas.api.api import api

    answer = call("get", "/api/v1/docs/")
    assert answer.status_code == 200
    html = answer.content.decode()
    schema = api.get_openapi_schema()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert f"{method.upper()} {path}" in html
            assert operation["x-kompas-scope"] in html
    for name in schema["components"]["schemas"]:
        assert f'id="schema-{name}"' in html
    # No script of its own, nothing from another site, and the strict policy as everywhere.
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', html)
    assert all(src.startswith("/static/kompas/") for src in scripts), scripts
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert "default-src 'none'" in answer["Content-Security-Policy"]
    assert "script-src 'self'" in answer["Content-Security-Policy"]
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids))


def test_the_documentation_page_speaks_the_readers_language(personas, settings) -> None:
    from django.test import Client

    for language, words in (("nl", "Velden van het adres"), ("fr", "Champs de l\u2019adresse")):
        client = Client()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        html = client.get("/api/v1/docs/").content.decode()
        assert words in html, language
