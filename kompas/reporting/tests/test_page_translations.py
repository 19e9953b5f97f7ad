"""Every main page in French and in English shows no Dutch string that was left untranslated."""

from __future__ import annotations

import re
from functools import cache

import polib
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from kompas.accounts.roles import Role
from kompas.lib.compilemessages import LOCALE_DIR
from kompas.reporting.tests.conftest import (
    public_report_form,
    receipt_of,
    signed_in_handler,
)

pytestmark = pytest.mark.django_db


# Language pickers name each language in itself ("Nederlands", "Français"), on purpose.
ENDONYMS = {"Dutch", "French", "English"}


@cache
def dutch_only(language: str) -> list[str]:
    """Dutch strings that read differently in ``language``: seeing one means it was missed."""
    dutch = polib.pofile(str(LOCALE_DIR / "nl" / "LC_MESSAGES" / "django.po"))
    other = {
        e.msgid: e.msgstr
        for e in polib.pofile(str(LOCALE_DIR / language / "LC_MESSAGES" / "django.po"))
    }
    found = []
    for entry in dutch:
        if entry.msgid in ENDONYMS:
            continue
        text = entry.msgstr
        if len(text) >= 8 and "%" not in text and text != other.get(entry.msgid):
            found.append(text)
    return found


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    # Data shown as is (CSV column names, ...) is marked translate="no", as HTML intends.
    html = re.sub(r'<(\w+)[^>]*translate="no"[^>]*>.*?</\1>', " ", html, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", html)
    return re.sub(r"\s+", " ", text)


def assert_translated(html: str, language: str, where: str) -> None:
    text = visible_text(html)
    missed = [s for s in dutch_only(language) if re.search(rf"(?<!\w){re.escape(s)}(?!\w)", text)]
    assert not missed, (where, language, missed[:5])


@pytest.fixture
def case_number(personas, handlers) -> tuple[str, str]:
    citizen = Client()
    data = public_report_form(personas.zone, kind="complaint")
    citizen.post(reverse("reporting:public", args=[personas.zone.code]), data)
    from kompas.reporting.models import Report

    return Report.objects.get().number, receipt_of(data)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_signed_in_pages_are_translated(personas, handlers, case_number, language) -> None:
    number, _receipt = case_number
    pages = {
        "member": [
            "front:home",
            "reporting:new",
            "accounts:profile",
            "accounts:organisation",
            "registers:mine",
            "registers:gift_new",
            "registers:conflict_new",
            "registers:side_new",
        ],
        Role.HR: ["accounts:people", "accounts:import"],
        Role.HEAD_OF_SERVICE: ["registers:gift_pending"],
        Role.ADMIN: ["audit:log"],
        Role.OVERSIGHT: ["reporting:cases", "reporting:record_oral"],
        Role.INTEGRITY_OFFICER: [
            "reporting:register",
            "reporting:statistics",
            "reporting:reveal_requests",
            "registers:overview",
            "registers:rules",
            "registers:wording",
            "registers:sensitive_posts",
            "registers:suppliers",
        ],
    }
    for who, names in pages.items():
        person = personas.member if who == "member" else personas[who]
        person.language = language
        person.save()
        client = signed_in_handler(person) if who != "member" else Client()
        if who == "member":
            from kompas.testing import sign_in

            sign_in(client, person)
        for name in names:
            response = client.get(reverse(name))
            assert response.status_code == 200, name
            assert_translated(response.content.decode(), language, name)
        if who == Role.OVERSIGHT:
            page = client.get(reverse("reporting:case", args=[number]))
            assert_translated(page.content.decode(), language, "case")
        if who == Role.HR:
            page = client.get(reverse("accounts:person", args=[personas.member.pk]))
            assert_translated(page.content.decode(), language, "person")


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_public_pages_are_translated(personas, case_number, language) -> None:
    _number, receipt = case_number
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    for url in (
        reverse("accounts:login"),
        reverse("accounts:password_reset"),
        reverse("reporting:public", args=[personas.zone.code]),
        reverse("reporting:follow_up"),
    ):
        assert_translated(client.get(url).content.decode(), language, url)
    client.post(reverse("reporting:follow_up"), {"receipt": receipt})
    page = client.get(reverse("reporting:follow_up_case")).content.decode()
    assert_translated(page, language, "follow-up case")
