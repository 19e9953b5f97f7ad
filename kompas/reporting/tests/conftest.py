"""Fixtures of the reporting channel: handlers whose keys are unlocked, and a report helper."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from kompas.accounts.roles import Role
from kompas.reporting import keys
from kompas.reporting.forms import issue_receipt_token, receipt_from_token
from kompas.testing import PASSWORD, current_code, give_device


def signed_in_handler(person: Any) -> Client:
    """A browser in which the handler signed in through the real form, so their key is unlocked."""
    client = Client()
    device = give_device(person) if person.needs_second_factor else None
    response = client.post(
        reverse("accounts:login"), {"username": person.email, "password": PASSWORD}
    )
    assert response.status_code == 302, response.content
    if device is not None:
        response = client.post(
            reverse("accounts:second_factor_verify"), {"token": current_code(device)}
        )
        assert response.status_code == 302
    return client


@pytest.fixture
def handlers(personas, settings) -> dict[str, Any]:
    """Every handler-role persona gets a key pair, as if they had signed in once."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    for role in keys.HANDLER_ROLES:
        keys.create_key(personas[role], PASSWORD)
    return {role: personas[role] for role in keys.HANDLER_ROLES}


def report_form(**fields: Any) -> dict[str, Any]:
    data = {
        "receipt_token": issue_receipt_token(),
        "kind": "breach",
        "identity_mode": "confidential",
        "what": "Een collega nam inbeslaggenomen sigaretten mee naar huis.",
        "when": "vorige dinsdag",
        "where": "het bureau",
        "involved_text": "",
        "addressed_colleague": "no",
        "told_leader": "no",
    }
    data.update(fields)
    return data


def receipt_of(data: dict[str, Any]) -> str:
    receipt = receipt_from_token(data["receipt_token"])
    assert receipt is not None
    return receipt


__all__ = ["Role", "receipt_of", "report_form", "signed_in_handler"]


@pytest.fixture(autouse=True)
def _fresh_throttle() -> None:
    from django.core.cache import caches

    caches["default"].clear()
    caches["throttle"].clear()
