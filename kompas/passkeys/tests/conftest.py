"""Passkey tests: a handler's browser (Django's test client) and their device (SoftAuthenticator)."""

from __future__ import annotations

import json
import re
from html import unescape
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from kompas.passkeys.tests.authenticator import SoftAuthenticator, b64url, from_b64url

UNLOCK = reverse("passkeys:unlock")


@pytest.fixture(autouse=True)
def relying_party(settings) -> None:
    settings.WEBAUTHN_RP_ID = "testserver"
    settings.WEBAUTHN_ORIGINS = ["http://testserver"]


def options_of(html: str, which: str = "") -> dict[str, Any]:
    """The ceremony options a page gives its passkey script (the form's data-options)."""
    pattern = r'<form[^>]*data-passkey="%s"[^>]*data-options="([^"]*)"' % (which or r"\w+")
    found = re.search(pattern, html)
    assert found, html
    return json.loads(unescape(found.group(1)))


def registration(
    options: dict[str, Any], device: SoftAuthenticator, *, prf: bytes | None = None, **how: Any
) -> dict[str, str]:
    """What the browser sends after create() and get() with the new passkey."""
    salt = from_b64url(options["prfSalt"])
    return {
        "created": device.create(options["create"], **how),
        "asserted": device.get(options["get"], **how),
        "prf": b64url(device.prf(salt) if prf is None else prf),
        "name": "Laptop",
    }


def assertion(
    options: dict[str, Any], device: SoftAuthenticator, *, prf: bytes | None = None, **how: Any
) -> dict[str, str]:
    salt = from_b64url(options["prfSalts"][device.id]) if device.id in options["prfSalts"] else b""
    return {
        "asserted": device.get(options["get"], **how),
        "prf": b64url(device.prf(salt) if prf is None else prf),
    }


def make_key_with_passkey(client: Client, device: SoftAuthenticator, next: str = "/") -> Any:
    page = client.get(UNLOCK, {"next": next})
    assert page.status_code == 200
    options = options_of(page.content.decode(), "register")
    return client.post(
        f"{UNLOCK}?next={next}",
        {"method": "new_passkey", "next": next, **registration(options, device)},
    )


def unlock_with_passkey(client: Client, device: SoftAuthenticator, **how: Any) -> Any:
    page = client.get(UNLOCK)
    options = options_of(page.content.decode(), "unlock")
    return client.post(UNLOCK, {"method": "passkey", **assertion(options, device, **how)})
