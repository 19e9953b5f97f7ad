"""The functional administrator makes and revokes the zone's API tokens; nobody else does."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from kompas.accounts.roles import Role
from kompas.api.models import ApiToken, hashed
from kompas.api.scopes import Scope
from kompas.api.tests.conftest import call
from kompas.audit.models import AuditEvent
from kompas.lib.clock import today
from kompas.testing import assert_written, sign_in

pytestmark = pytest.mark.django_db

PAGE = "/api/tokens/"


def _make(client: Client, **fields):
    data = {"name": "HR-synchronisatie", "scopes": [Scope.READ_ORGANISATION], **fields}
    return client.post(PAGE, data)


def _secret(html: str) -> str:
    import re

    found = re.search(r'id="new-token"[^>]*value="(kompas_[^"]+)"', html)
    assert found, html
    return found.group(1)


def test_the_page_is_the_functional_administrators_alone(personas) -> None:
    assert reverse("api:tokens") == PAGE
    response = Client().get(PAGE)
    assert response.status_code == 302 and "/account/sign-in/" in response["Location"]
    for role in Role:
        if role == Role.ADMIN:
            continue
        client = sign_in(Client(), personas[role])
        assert client.get(PAGE).status_code == 403, role
        assert _make(client).status_code == 403, role
    assert ApiToken.objects.count() == 0
    admin = sign_in(Client(), personas[Role.ADMIN])
    assert_written(admin.get(PAGE).content.decode())


def test_a_new_token_is_shown_once_and_only_its_hash_is_kept(personas) -> None:
    admin = sign_in(Client(), personas[Role.ADMIN])
    response = _make(
        admin,
        scopes=[Scope.READ_ORGANISATION, Scope.WRITE_ORGANISATION],
        expires_on=(today() + timedelta(days=30)).isoformat(),
    )
    assert response.status_code == 200
    html = assert_written(response.content.decode())
    secret = _secret(html)
    token = ApiToken.objects.get()
    assert token.key_hash == hashed(secret) and secret not in str(ApiToken.objects.values().get())
    assert token.zone == personas.zone and token.created_by == personas[Role.ADMIN]
    assert token.scopes == [Scope.READ_ORGANISATION, Scope.WRITE_ORGANISATION]
    assert secret.startswith(token.hint) and len(secret) > 40
    # Shown this once: the page read again lists the token by its start only.
    again = admin.get(PAGE).content.decode()
    assert secret not in again and token.hint in again and "HR-synchronisatie" in again
    event = AuditEvent.objects.filter(action="api.token_created").get()
    assert event.actor_id == personas[Role.ADMIN].pk and event.actor_role == Role.ADMIN
    assert event.detail["scopes"] == "organisation:read,organisation:write"
    assert secret not in str(event.detail)
    # And the token works, for its scopes only.
    assert call("get", "/api/v1/people", secret).status_code == 200
    assert call("get", "/api/v1/register", secret).status_code == 403


@pytest.mark.parametrize(
    "fields",
    [
        {"name": ""},
        {"scopes": []},
        {"scopes": ["everything"]},
        {"expires_on": "2000-01-01"},
        {"expires_on": "morgen"},
        {"name": "x" * 101},
    ],
)
def test_a_refused_form_makes_no_token(personas, fields) -> None:
    admin = sign_in(Client(), personas[Role.ADMIN])
    response = _make(admin, **fields)
    assert response.status_code == 400
    html = assert_written(response.content.decode())
    assert "error-summary" in html and "kompas_" not in html
    assert ApiToken.objects.count() == 0
    assert not AuditEvent.objects.filter(action="api.token_created").exists()


def test_a_revoked_token_stops_at_once_and_stays_listed(personas) -> None:
    admin = sign_in(Client(), personas[Role.ADMIN])
    secret = _secret(_make(admin).content.decode())
    token = ApiToken.objects.get()
    assert call("get", "/api/v1/services", secret).status_code == 200
    response = admin.post(reverse("api:revoke", args=[token.pk]))
    assert response.status_code == 302
    assert call("get", "/api/v1/services", secret).status_code == 401
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == personas[Role.ADMIN]
    assert AuditEvent.objects.filter(action="api.token_revoked", object_id=str(token.pk)).exists()
    page = admin.get(PAGE).content.decode()
    assert token.name in page and f"api/tokens/{token.pk}/revoke/" not in page
    # Revoking again changes nothing and records nothing more.
    admin.post(reverse("api:revoke", args=[token.pk]))
    assert AuditEvent.objects.filter(action="api.token_revoked").count() == 1


def test_nobody_else_revokes_a_token(personas) -> None:
    admin = sign_in(Client(), personas[Role.ADMIN])
    secret = _secret(_make(admin).content.decode())
    token = ApiToken.objects.get()
    address = reverse("api:revoke", args=[token.pk])
    assert Client().post(address).status_code == 302  # to the sign-in page
    assert sign_in(Client(), personas[Role.HR]).post(address).status_code == 403
    # Another zone's administrator finds no such token.
    assert sign_in(Client(), personas.outsider_admin).post(address).status_code == 404
    assert admin.get(reverse("api:revoke", args=[token.pk])).status_code == 405
    assert admin.post(reverse("api:revoke", args=[10**20])).status_code == 404
    assert call("get", "/api/v1/services", secret).status_code == 200


def test_the_page_lists_the_zones_tokens_only(personas) -> None:
    admin = sign_in(Client(), personas[Role.ADMIN])
    _make(admin, name="Datawarehouse")
    other = sign_in(Client(), personas.outsider_admin)
    _make(other, name="Elders-token")
    page = admin.get(PAGE).content.decode()
    assert "Datawarehouse" in page and "Elders-token" not in page


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("nl", ("API-sleutels", "Nieuwe sleutel", "Intrekken")),
        ("fr", ("Jetons d\u2019API", "Nouveau jeton", "Révoquer")),
        ("en", ("API tokens", "New token", "Revoke")),
    ],
)
def test_the_page_speaks_the_administrators_language(personas, language, words) -> None:
    admin_person = personas[Role.ADMIN]
    admin_person.language = language
    admin_person.save(update_fields=["language"])
    admin = sign_in(Client(), admin_person)
    html = _make(admin).content.decode()
    for word in words:
        assert word in html, (language, word)
