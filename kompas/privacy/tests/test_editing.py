"""The zone words its notices and names its contacts: the integrity officer and the functional
administrator, every change a new row with its audit event in the same transaction."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from kompas.accounts.roles import Role
from kompas.audit.models import AuditEvent
from kompas.privacy import services
from kompas.privacy.models import NoticeText, PrivacyContacts
from kompas.testing import assert_written, sign_in

pytestmark = pytest.mark.django_db

CONTACTS = {
    "controller": "Politiezone Heist",
    "dpo_name": "Dina Gegevens",
    "dpo_email": "dpo@pz.example",
    "dpo_phone": "",
    "dpo_address": "",
    "accessibility_email": "",
    "accessibility_phone": "015 00 00 00",
}


@pytest.mark.parametrize("name", ["privacy:texts", "privacy:contacts"])
def test_an_anonymous_visitor_is_sent_to_sign_in(client: Client, personas, name) -> None:
    for method in ("get", "post"):
        answer = getattr(client, method)(reverse(name))
        assert answer.status_code == 302 and "/account/sign-in/" in answer["Location"]


@pytest.mark.parametrize("role", [Role.DPO, Role.HR, Role.CHIEF, "member"])
def test_the_wrong_roles_are_refused_and_change_nothing(client: Client, personas, role) -> None:
    person = personas.member if role == "member" else personas[role]
    sign_in(client, person)
    assert client.get(reverse("privacy:texts")).status_code == 403
    posted = {"key": "accounts.purposes", "nl": "Iets anders."}
    assert client.post(reverse("privacy:texts"), posted).status_code == 403
    assert client.post(reverse("privacy:contacts"), CONTACTS).status_code == 403
    assert not NoticeText.objects.exists() and not PrivacyContacts.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="privacy.").exists()
    with pytest.raises(PermissionDenied):
        services.change_text(by=person, key="accounts.purposes", texts={"nl": "Iets."})


@pytest.mark.parametrize("role", [Role.INTEGRITY_OFFICER, Role.ADMIN])
def test_the_officer_and_the_administrator_word_a_part_with_its_history(
    client: Client, personas, role
) -> None:
    person = personas[role]
    sign_in(client, person)
    url = reverse("privacy:texts")
    page = client.get(url, {"key": "accounts.purposes"})
    html = assert_written(page.content.decode())
    assert "Medewerkers een account geven" in html  # the built-in text, offered to edit
    for _ in range(2):  # a double submit adds one row
        answer = client.post(url, {"key": "accounts.purposes", "nl": "Eerste.", "fr": "Premier."})
        assert answer.status_code == 302
    client.post(url, {"key": "accounts.purposes", "nl": "Tweede."})
    rows = list(NoticeText.objects.filter(zone=personas.zone).order_by("pk"))
    assert [r.texts for r in rows] == [{"nl": "Eerste.", "fr": "Premier."}, {"nl": "Tweede."}]
    events = AuditEvent.objects.filter(action="privacy.text_changed").order_by("seq")
    assert [(e.object_id, e.actor_id, e.actor_role) for e in events] == [
        (str(r.pk), person.pk, role) for r in rows
    ]
    history = client.get(url, {"key": "accounts.purposes"}).content.decode()
    assert "Eerste." in history and "Tweede." in history


def test_a_text_without_dutch_is_sent_back_with_what_was_typed(client: Client, personas) -> None:
    sign_in(client, personas[Role.INTEGRITY_OFFICER])
    answer = client.post(reverse("privacy:texts"), {"key": "public.rights", "fr": "Seulement."})
    assert answer.status_code == 400
    assert "Seulement." in answer.content.decode()
    assert not NoticeText.objects.exists()
    assert client.get(reverse("privacy:texts"), {"key": "nope"}).status_code == 404


def test_the_contacts_are_put_in_force_with_their_history_and_event(
    client: Client, personas
) -> None:
    admin = personas[Role.ADMIN]
    sign_in(client, admin)
    url = reverse("privacy:contacts")
    assert client.get(url).status_code == 200
    assert client.post(url, CONTACTS).status_code == 302
    assert client.post(url, CONTACTS).status_code == 302  # the same again: nothing new
    assert client.post(url, {**CONTACTS, "dpo_email": "not an address"}).status_code == 400
    client.post(url, {**CONTACTS, "accessibility_email": "help@pz.example"})
    rows = list(PrivacyContacts.objects.filter(zone=personas.zone).order_by("pk"))
    assert [r.accessibility_email for r in rows] == ["", "help@pz.example"]
    assert PrivacyContacts.current(personas.zone.pk).accessibility_email == "help@pz.example"
    events = list(AuditEvent.objects.filter(action="privacy.contacts_changed").order_by("seq"))
    assert [e.object_id for e in events] == [str(r.pk) for r in rows]
    assert events[0].actor_role == "admin"
    assert "Dina Gegevens" in client.get(url).content.decode()


def test_a_change_whose_event_fails_is_not_kept(personas, monkeypatch) -> None:
    """The change and its audit event are one transaction: no event, no change."""

    def refuse(*args, **kwargs):
        raise RuntimeError("the audit log refused")

    monkeypatch.setattr("kompas.privacy.services.record", refuse)
    officer = personas[Role.INTEGRITY_OFFICER]
    with pytest.raises(RuntimeError):
        services.change_text(by=officer, key="risks.rights", texts={"nl": "Nieuw."})
    with pytest.raises(RuntimeError):
        services.change_contacts(by=officer, values=CONTACTS)
    assert not NoticeText.objects.exists() and not PrivacyContacts.objects.exists()


def test_a_zone_s_texts_are_its_own(client: Client, personas) -> None:
    services.change_text(
        by=personas.outsider_admin, key="accounts.purposes", texts={"nl": "Van elders."}
    )
    sign_in(client, personas[Role.ADMIN])
    html = client.get(reverse("privacy:texts"), {"key": "accounts.purposes"}).content.decode()
    assert "Van elders." not in html


def test_the_demo_zone_names_its_contacts_once(db) -> None:
    from django.core.management import call_command

    from kompas.accounts.models import Zone

    call_command("load_demo", "--quiet")
    call_command("load_demo", "--quiet")
    zone = Zone.objects.get(code="demo")
    assert PrivacyContacts.objects.filter(zone=zone).count() == 1
    assert PrivacyContacts.current(zone.pk).missing() == []
    assert AuditEvent.objects.filter(action="privacy.contacts_changed").count() == 1
