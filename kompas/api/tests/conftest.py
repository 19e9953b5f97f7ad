"""Tokens and calls for the API's tests: `api_token(zone, *scopes)` and `call(...)`."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from kompas.api.models import ApiToken, hashed, new_secret
from kompas.api.scopes import Scope
from kompas.reporting.tests.conftest import handlers

__all__ = ["handlers"]

ALL_SCOPES = tuple(Scope.values)


def api_token(zone: Any, *scopes: str, **fields: Any) -> str:
    """A token of ``zone`` with ``scopes`` (stored as the page stores one); returns its secret."""
    secret = new_secret()
    ApiToken.objects.create(
        zone=zone,
        name=fields.pop("name", "Test"),
        hint=secret[:11],
        key_hash=hashed(secret),
        scopes=list(scopes),
        **fields,
    )
    return secret


def call(method: str, path: str, token: str | None = None, body: Any = None, **headers: Any) -> Any:
    """A call as another system makes it: a bearer token, JSON, no cookie."""
    extra = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()}
    if token is not None:
        extra["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    client = Client()
    if body is None:
        return getattr(client, method.lower())(path, **extra)
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return getattr(client, method.lower())(
        path, data=data, content_type="application/json", **extra
    )


@pytest.fixture(autouse=True)
def _plenty_of_calls(settings: Any) -> None:
    settings.API_CALLS_PER_MINUTE = 10_000
