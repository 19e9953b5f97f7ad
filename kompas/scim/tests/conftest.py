"""Calls as Entra ID's provisioning makes them: `scim(method, path, token, body)`, and a token of
the zone with the scope ``scim``."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from kompas.api.scopes import Scope
from kompas.api.tests.conftest import api_token
from kompas.scim.schema import ENTERPRISE, KOMPAS, PATCH_OP, USER

BASE = "/scim/v2"


def scim(method: str, path: str, token: str | None, body: Any = None, **headers: Any) -> Any:
    extra = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()}
    if token is not None:
        extra["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    client = Client()
    address = path if path.startswith("/") else f"{BASE}/{path}"
    if body is None:
        return getattr(client, method.lower())(address, **extra)
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return getattr(client, method.lower())(
        address, data=data, content_type="application/scim+json", **extra
    )


def new_user(
    user_name: str = "jan.peeters@pz-test.be", number: str = "S1001", **more: Any
) -> dict[str, Any]:
    """A User as Entra ID sends it with Kompas' attributes mapped."""
    return {
        "schemas": [USER, ENTERPRISE, KOMPAS],
        "externalId": more.pop("externalId", "jpeeters"),
        "userName": user_name,
        "active": True,
        "displayName": "Jan Peeters",
        "name": {"formatted": "Jan Peeters", "familyName": "Peeters", "givenName": "Jan"},
        "emails": [{"primary": True, "type": "work", "value": user_name}],
        "preferredLanguage": "nl-BE",
        "title": "Inspecteur",
        ENTERPRISE: {"employeeNumber": number, "department": "Interventie"},
        KOMPAS: {"cadre": "operationeel", "status": "statutair"},
        **more,
    }


def patch_op(*operations: dict[str, Any]) -> dict[str, Any]:
    return {"schemas": [PATCH_OP], "Operations": list(operations)}


@pytest.fixture
def token(personas: Any) -> str:
    return api_token(personas.zone, Scope.SCIM, name="Entra ID")


@pytest.fixture(autouse=True)
def _plenty_of_calls(settings: Any) -> None:
    settings.API_CALLS_PER_MINUTE = 10_000
