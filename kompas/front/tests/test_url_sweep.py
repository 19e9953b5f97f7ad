"""Every URL pattern, requested without signing in, answers with a redirect or a refusal: never data.

Only the pages meant for the public (sign-in, password reset, the public reporting form, the
follow-up pages that ask for a receipt, joining a dilemma training, health) may answer 200, and they show no data either.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from kompas.testing import assert_written

pytestmark = pytest.mark.django_db

PUBLIC = {
    "accounts:login",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "reporting:public",
    "reporting:follow_up",
    "front:health",
    # Joining a dilemma training: a code form, and the running session's dilemma (no data).
    "join",
    "participate",
    "participate_state",
    "participate_vote",
    # How the zone handles personal data, and the accessibility statement (kompas/privacy).
    "privacy:index",
    "privacy:zone",
    "privacy:notice",
    "privacy:accessibility",
    "privacy:accessibility_zone",
    # The API's documentation and schema (kompas/api): public, as the API's own description.
    "api:docs",
    "api-v1:openapi-json",
}


def _patterns(
    resolver: URLResolver, prefix: str = "", namespace: str = ""
) -> list[tuple[str, str]]:
    found = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            found += _patterns(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            found.append((prefix + str(entry.pattern), f"{namespace}{entry.name}"))
    return found


def _concrete(pattern: str, zone_code: str) -> str:
    url = re.sub(r"<slug:zone_code>", zone_code, pattern)
    url = re.sub(r"<int:[a-z_]+>", "1", url)
    url = re.sub(r"<(str|slug):[a-z_]+>", "2026-0001", url)
    url = re.sub(r"<[a-z_]+>", "x", url)
    return "/" + url.lstrip("^").rstrip("$")


def test_no_url_gives_data_to_an_anonymous_visitor(personas) -> None:
    from kompas.reporting import crypto
    from kompas.reporting.keys import create_key
    from kompas.reporting.services import NewReport, submit_report
    from kompas.testing import PASSWORD

    create_key(personas["oversight"], PASSWORD)  # somebody who can receive the report
    report, _ = submit_report(
        zone=personas.zone,
        data=NewReport(
            kind="breach",
            channel="public",
            identity_mode="anonymous",
            what="Geheime inhoud voor de sweep.",
        ),
        receipt=crypto.new_receipt(),
    )
    client = Client()
    checked = 0
    for pattern, name in _patterns(get_resolver()):
        url = _concrete(pattern, personas.zone.code).replace("2026-0001", report.number)
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            body = response.content.decode(errors="replace")
            assert "Geheime inhoud" not in body, url
            assert personas.member.email not in body, url
            if name in PUBLIC:
                assert response.status_code in (200, 286, 302, 400, 404, 405), (url, method)
            else:
                # The API (kompas/api) and SCIM (kompas/scim) answer 401 without a bearer token.
                refusals = (302, 400, 403, 404, 405) + (
                    (401,) if name.startswith(("api-v1:", "scim:")) else ()
                )
                assert response.status_code in refusals, (url, method, response.status_code)
                if response.status_code == 302:
                    assert "/account/sign-in/" in response["Location"] or name.startswith(
                        (
                            "reporting:follow_up",
                            "reporting:new_receipt",
                            "reporting:proof",
                            "front:set_language",
                        )
                    ), (url, response["Location"])
            checked += 1
    assert checked > 40


def test_no_url_fails_on_a_number_no_database_holds(personas) -> None:
    """Signed in with every role that reads much, a number in the address larger than any key
    is "not found" (or refused), never an error: on SQLite such a number cannot even be sent."""
    from kompas.accounts.roles import Role
    from kompas.testing import sign_in

    huge = "9" * 25
    addresses = [
        _concrete(re.sub(r"<int:[a-z_]+>", huge, pattern), personas.zone.code)
        for pattern, _name in _patterns(get_resolver())
        if "<int:" in pattern
    ]
    assert len(addresses) > 20 and all(huge in a and "<" not in a for a in addresses)
    for role in (Role.INTEGRITY_OFFICER, Role.ADMIN, Role.HR, Role.CHIEF, Role.HEAD_OF_SERVICE):
        client = sign_in(Client(), personas[role])
        for address in addresses:
            for method in ("get", "post"):
                status = getattr(client, method)(address).status_code
                assert status in (302, 400, 403, 404, 405), (role, method, address, status)


def test_no_page_fails_on_odd_values_in_its_address(personas) -> None:
    """Every address without a number in it, signed in with roles that read much, with the
    usual query fields set to odd values (a number no database holds, a negative one, a NUL
    character, digits that are not plain ("²", "٣"), wildcards, a quote, a long text): a page or a
    refusal, never an error."""
    from kompas.accounts.roles import Role
    from kompas.testing import sign_in

    addresses = sorted(
        {
            _concrete(pattern, personas.zone.code)
            for pattern, _name in _patterns(get_resolver())
            if "<int:" not in pattern
        }
    )
    fields = "q page year period late kind status service action register key format export"
    fields += " size picker_q field v next"
    odd = ("9" * 25, "-1", "²", "٣", "a\x00b", "%_", "' OR 1=1 --", "é" * 300)
    for role in (Role.INTEGRITY_OFFICER, Role.ADMIN):
        client = sign_in(Client(), personas[role])
        for address in addresses:
            for value in odd:
                status = client.get(address, dict.fromkeys(fields.split(), value)).status_code
                assert status < 500, (role, address, value, status)


def test_no_page_has_an_id_twice(personas) -> None:
    """A label or description pointing at an id that two fields share names only the first:
    every page without a number in its address, for the roles that see most, has unique ids."""
    from collections import Counter

    from kompas.accounts.roles import Role
    from kompas.testing import sign_in

    addresses = sorted(
        {
            _concrete(pattern, personas.zone.code)
            for pattern, _name in _patterns(get_resolver())
            if "<int:" not in pattern
        }
    )
    shown = 0
    for role in (Role.INTEGRITY_OFFICER, Role.ADMIN, Role.HR, Role.CHIEF, Role.OVERSIGHT):
        client = sign_in(Client(), personas[role])
        for address in addresses:
            response = client.get(address)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            html = response.content.decode()
            ids = Counter(re.findall(r'\sid="([^"]+)"', html))
            assert [i for i, n in ids.items() if n > 1] == [], (role, address)
            assert_written(html, (role, address))
            shown += 1
    assert shown > 50
