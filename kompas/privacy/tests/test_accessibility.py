"""The accessibility statement: public, in nl/fr/en, with the zone's contact and the result of
the automated checks as they recorded it, which this test keeps honest."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from kompas.accounts.roles import Role
from kompas.privacy import services
from kompas.privacy.accessibility import checks
from kompas.testing import assert_written

pytestmark = pytest.mark.django_db

E2E = Path(__file__).resolve().parents[3] / "e2e"


def test_the_recorded_checks_are_honest() -> None:
    """Zero violations, a day that has been, and every page named still checked by the browser
    suite (which fails on any violation): the statement claims nothing that is not checked."""
    found = checks()
    assert found is not None, "run: make accessibility-record"
    assert found.violations == 0
    assert found.checked_on <= date.today()
    assert found.rules == ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
    suite = (E2E / "test_pages.py").read_text() + (E2E / "test_privacy.py").read_text()
    checked = set(re.findall(r'"(/[^"]*)"\)', suite))
    assert len(found.pages) > 40
    missing = [page for page in found.pages if page not in checked and "{" not in page]
    assert missing == [], "no longer checked by the browser suite: run make accessibility-record"


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_anyone_reads_the_statement_with_the_zone_s_contact(
    client: Client, personas, language
) -> None:
    url = reverse("privacy:accessibility_zone", args=[personas.zone.code])
    html = assert_written(client.get(url, {"lang": language}).content.decode(), language)
    assert "mailto:" not in html
    services.change_contacts(
        by=personas[Role.INTEGRITY_OFFICER],
        values={
            "controller": "",
            "dpo_name": "",
            "dpo_email": "",
            "dpo_phone": "",
            "dpo_address": "",
            "accessibility_email": "toegang@pz.example",
            "accessibility_phone": "",
        },
    )
    html = client.get(url, {"lang": language}).content.decode()
    assert 'href="mailto:toegang@pz.example"' in html
    found = checks()
    assert found is not None and f">{len(found.pages)}<" not in html  # said in words
    assert str(len(found.pages)) in html


def test_the_statement_opens_on_the_visitor_s_zone(client: Client, personas) -> None:
    from kompas.testing import sign_in

    assert client.get(reverse("privacy:accessibility")).status_code == 200  # two zones
    sign_in(client, personas.member)
    assert client.get(reverse("privacy:accessibility"))["Location"] == reverse(
        "privacy:accessibility_zone", args=[personas.zone.code]
    )
