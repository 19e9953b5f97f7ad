"""The privacy notices: public pages a citizen reads without signing in, one per processing, in
the zone's words (else Kompas'), with the retention the settings really apply."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from kompas.privacy.processings import PROCESSINGS
from kompas.testing import assert_written, make_zone, sign_in

pytestmark = pytest.mark.django_db

KEYS = [processing.key for processing in PROCESSINGS]


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
@pytest.mark.parametrize("key", KEYS)
def test_an_anonymous_visitor_reads_every_notice_in_every_language(
    client: Client, personas, key: str, language: str
) -> None:
    from kompas.privacy.texts import BUILT_IN

    url = reverse("privacy:notice", args=[personas.zone.code, key])
    response = client.get(url, {"lang": language})
    assert response.status_code == 200
    html = assert_written(response.content.decode(), (key, language), "None")
    assert f'<html lang="{ {"nl": "nl-BE", "fr": "fr-BE", "en": "en"}[language] }"' in html
    first_words = BUILT_IN[f"{key}.purposes"][language][:40]
    assert first_words.replace("'", "&#x27;") in html
    assert personas.member.email not in html
    # Nothing is kept about the visitor: no session.
    assert "kompas_session" not in response.cookies


def test_the_public_form_s_notice_names_the_whistleblowing_limits_and_the_retention_in_force(
    client: Client, personas
) -> None:
    from kompas.reporting.models import Kind, RetentionPeriod

    url = reverse("privacy:notice", args=[personas.zone.code, "public"])
    html = client.get(url, {"lang": "en"}).content.decode()
    assert "art. 23" in html
    assert "60 months after the case is closed" in html  # a breach, by default
    RetentionPeriod.objects.create(zone=personas.zone, kind=Kind.BREACH, months=84)
    html = client.get(url, {"lang": "en"}).content.decode()
    assert "84 months after the case is closed" in html
    assert "60 months after the case is closed" in html  # retaliation keeps its default


def test_the_registers_notice_follows_the_zone_s_retention_rules(client: Client, personas) -> None:
    from kompas.accounts.roles import Role
    from kompas.registers import configuration
    from kompas.registers.models import RetentionRules

    url = reverse("privacy:notice", args=[personas.zone.code, "registers"])
    assert "5 years after the declaration" in client.get(url, {"lang": "en"}).content.decode()
    values = {"gift_years": 7, "conflict_years": 5, "side_activity_years": 5}
    configuration.change_retention(by=personas[Role.INTEGRITY_OFFICER], values=values)
    assert RetentionRules.current(personas.zone.pk).gift_years == 7
    assert "7 years after the declaration" in client.get(url, {"lang": "en"}).content.decode()


def test_an_unknown_zone_or_processing_is_not_found(client: Client, personas) -> None:
    assert client.get(reverse("privacy:notice", args=["nowhere", "public"])).status_code == 404
    assert client.get(reverse("privacy:notice", args=[personas.zone.code, "x"])).status_code == 404
    assert client.get(reverse("privacy:zone", args=["nowhere"])).status_code == 404


def test_the_privacy_index_leads_to_the_visitor_s_zone(client: Client, personas) -> None:
    # Two zones (the personas' and another): a visitor chooses.
    page = client.get(reverse("privacy:index"))
    assert page.status_code == 200
    html = page.content.decode()
    assert reverse("privacy:zone", args=[personas.zone.code]) in html
    assert reverse("privacy:zone", args=["pz-elders"]) in html
    # Signed in: one's own zone.
    sign_in(client, personas.member)
    answer = client.get(reverse("privacy:index"))
    assert answer["Location"] == reverse("privacy:zone", args=[personas.zone.code])


def test_with_one_zone_the_index_opens_it_in_the_language_asked(client: Client, db) -> None:
    zone = make_zone("PZ Alleen", "pz-alleen")
    answer = client.get(reverse("privacy:index"), {"lang": "fr"})
    assert answer["Location"] == reverse("privacy:zone", args=[zone.code]) + "?lang=fr"
    html = client.get(answer["Location"]).content.decode()
    assert "Comment PZ Alleen traite vos données personnelles" in html
    for processing in PROCESSINGS:
        assert reverse("privacy:notice", args=[zone.code, processing.key]) + "?lang=fr" in html


def test_a_form_s_link_opens_the_notice_of_one_s_own_zone(client: Client, personas) -> None:
    url = reverse("privacy:own_notice", args=["registers"])
    assert "/account/sign-in/" in client.get(url)["Location"]
    sign_in(client, personas.member)
    assert client.get(url)["Location"] == reverse(
        "privacy:notice", args=[personas.zone.code, "registers"]
    )
    assert client.get(reverse("privacy:own_notice", args=["x"])).status_code == 404


def test_the_zone_s_own_words_are_in_force_and_a_missing_language_reads_the_dutch(
    client: Client, personas
) -> None:
    from kompas.accounts.roles import Role
    from kompas.privacy import services

    officer = personas[Role.INTEGRITY_OFFICER]
    services.change_text(
        by=officer, key="trainings.purposes", texts={"nl": "Onze eigen doeleinden.", "fr": ""}
    )
    url = reverse("privacy:notice", args=[personas.zone.code, "trainings"])
    for language in ("nl", "fr", "en"):
        html = client.get(url, {"lang": language}).content.decode()
        assert "Onze eigen doeleinden." in html
    services.change_text(
        by=officer,
        key="trainings.purposes",
        texts={"nl": "Onze eigen doeleinden.", "fr": "Nos propres finalités."},
    )
    assert "Nos propres finalités." in client.get(url, {"lang": "fr"}).content.decode()
    # Another zone still reads Kompas' text.
    other = reverse("privacy:notice", args=["pz-elders", "trainings"])
    assert "Onze eigen doeleinden." not in client.get(other).content.decode()


def test_the_contacts_filled_in_are_on_every_notice(client: Client, personas) -> None:
    from kompas.accounts.roles import Role
    from kompas.privacy import services

    url = reverse("privacy:notice", args=[personas.zone.code, "accounts"])
    html = client.get(url, {"lang": "en"}).content.decode()
    assert "not filled in yet" in html
    services.change_contacts(
        by=personas[Role.ADMIN],
        values={
            "controller": "Politiezone Heist\nKerkplein 1, 2220 Heist-op-den-Berg",
            "dpo_name": "Dienst gegevensbescherming",
            "dpo_email": "dpo@pz.example",
            "dpo_phone": "",
            "dpo_address": "",
            "accessibility_email": "toegankelijk@pz.example",
            "accessibility_phone": "",
        },
    )
    html = client.get(url, {"lang": "en"}).content.decode()
    assert "Kerkplein 1, 2220 Heist-op-den-Berg" in html
    assert 'href="mailto:dpo@pz.example"' in html
    assert "not filled in yet" not in html


def test_the_public_form_links_to_its_notice_in_the_form_s_language(
    client: Client, personas
) -> None:
    html = client.get(reverse("reporting:public", args=[personas.zone.code]), {"lang": "fr"})
    notice = reverse("privacy:notice", args=[personas.zone.code, "public"]) + "?lang=fr"
    assert f'href="{notice}" target="_blank" rel="noopener"' in html.content.decode()


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("reporting:new", "reporting"),
        ("registers:gift_new", "registers"),
        ("registers:conflict_new", "registers"),
        ("registers:side_new", "registers"),
        ("compass:aid_new", "trainings"),
        ("compass:propose", "trainings"),
        ("accounts:profile", "accounts"),
    ],
)
def test_every_form_that_asks_for_personal_data_links_to_its_notice(
    client: Client, personas, name: str, key: str
) -> None:
    sign_in(client, personas.member)
    html = client.get(reverse(name)).content.decode()
    assert f'href="{reverse("privacy:own_notice", args=[key])}"' in html, name


def test_the_sign_in_page_links_to_the_notices(client: Client, personas) -> None:
    html = client.get(reverse("accounts:login")).content.decode()
    assert f'href="{reverse("privacy:index")}" target="_blank"' in html
