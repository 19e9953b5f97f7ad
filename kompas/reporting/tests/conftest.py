"""Fixtures of the reporting channel: handlers whose keys are unlocked, and a report helper."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from kompas.accounts.roles import Role
from kompas.reporting import keys
from kompas.reporting.forms import (
    PUBLIC_SALT,
    issue_public_token,
    issue_receipt_token,
    receipt_from_token,
)
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


def public_report_form(zone: Any, **fields: Any) -> dict[str, Any]:
    """The public form of ``zone`` as its page gives it: the receipt signed for the zone."""
    return report_form(**{"receipt_token": issue_public_token(zone.pk), **fields})


def receipt_of(data: dict[str, Any]) -> str:
    token = data["receipt_token"]
    receipt = receipt_from_token(token)
    if receipt is None:  # a public form's token
        receipt = str(signing.loads(token, salt=PUBLIC_SALT)["r"])
    return receipt


def register_page(page: str) -> dict[str, list]:
    """What the register page shows (read from its HTML: Jinja2 pages leave no
    `response.context`): the numbers of its rows and of the overdue cases, the years offered."""
    table = page.split("<tbody>")[1].split("</tbody>")[0]
    overdue = page.split('id="overdue-title"')[1].split("</section>")[0]
    years = page.split('<select id="year" name="year">')[1].split("</select>")[0]
    return {
        "rows": [unescape(n) for n in re.findall(r"<tr>\s*<td>([^<]+)</td>", table)],
        "overdue": [
            unescape(n) for n in re.findall(r'<strong class="late">([^<]+)</strong>', overdue)
        ],
        "years": [int(y) for y in re.findall(r'<option value="(\d+)"', years)],
    }


def statistics_page(page: str) -> dict[str, Any]:
    """What the statistics page shows: the total, and each table (by kind, outcome, value of
    the compass, service) as its labels and shown counts, in the page's order."""
    tables = re.findall(r"<table><caption>[^<]*</caption><tbody>(.*?)</tbody></table>", page)
    cells = r'<tr><th scope="row">([^<]*)</th><td>([^<]*)</td></tr>'
    kinds, outcomes, values, services = (
        [(unescape(label), unescape(shown)) for label, shown in re.findall(cells, table)]
        for table in tables
    )
    total = re.search(r"<p><strong>[^<]*:</strong> ([^<·]+) ·", page)
    assert total is not None
    return {
        "total": unescape(total.group(1)),
        "kinds": kinds,
        "outcomes": outcomes,
        "values": values,
        "services": services,
    }


def audit_page(page: str) -> list[tuple[str, str]]:
    """The audit log page's events as (action, object type)."""
    found = re.findall(r"<td><code>([^<]*)</code></td><td>([^<\s]*)", page)
    return [(unescape(action), unescape(kind)) for action, kind in found]


def hidden_value(page: str, name: str) -> str:
    """The value of a page's hidden field."""
    found = re.search(rf'<input type="hidden" name="{name}" value="([^"]*)"', page)
    assert found is not None, name
    return unescape(found.group(1))


__all__ = [
    "Role",
    "audit_page",
    "hidden_value",
    "receipt_of",
    "register_page",
    "report_form",
    "signed_in_handler",
    "statistics_page",
]


@pytest.fixture(autouse=True)
def _fresh_throttle() -> None:
    from django.core.cache import caches

    caches["default"].clear()
    caches["throttle"].clear()
