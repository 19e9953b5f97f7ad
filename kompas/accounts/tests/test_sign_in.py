"""Signing in: passwords, lockouts, password reset by mail, and the audit trail of it all."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from kompas.accounts.roles import Role
from kompas.audit.models import AuditEvent
from kompas.testing import PASSWORD, make_person

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")


def attempt(client: Client, email: str, password: str, address: str = "10.0.0.1"):
    return client.post(LOGIN, {"username": email, "password": password}, REMOTE_ADDR=address)


def test_a_member_signs_in_with_email_and_password(client: Client, personas) -> None:
    response = attempt(client, personas.member.email.upper(), PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("front:home")
    event = AuditEvent.objects.filter(action="accounts.signed_in").get()
    assert event.actor_id == personas.member.pk


def test_a_wrong_password_gives_a_clear_error_and_is_audited(client: Client, personas) -> None:
    response = attempt(client, personas.member.email, "wrong password")
    assert response.status_code == 200
    assert "Het e-mailadres of het wachtwoord is niet juist." in response.content.decode()
    event = AuditEvent.objects.filter(action="accounts.sign_in_failed").get()
    assert event.object_id == str(personas.member.pk)
    assert "wrong password" not in str(event.detail)


def test_a_failed_sign_in_on_an_unknown_account_stores_nothing_typed(client: Client, db) -> None:
    attempt(client, "nobody@example.test", "secret")
    event = AuditEvent.objects.get(action="accounts.sign_in_failed")
    assert event.object_id == ""
    assert event.detail == {"known_account": False}
    assert "nobody" not in str(event.detail)


def test_an_account_is_locked_after_five_failures_even_with_the_right_password(
    client: Client, personas
) -> None:
    for n in range(5):
        attempt(client, personas.member.email, f"wrong {n}", address=f"10.0.0.{n + 1}")
    response = attempt(client, personas.member.email, PASSWORD, address="10.9.9.9")
    assert response.status_code == 429
    assert "Te veel pogingen" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("minutes", "language", "said"),
    [
        (15, "nl", "Probeer het over 15 minuten opnieuw"),
        (40, "nl", "Probeer het over 40 minuten opnieuw"),
        (1, "nl", "Probeer het over 1 minuut opnieuw"),
        (40, "fr", "Réessayez dans 40 minutes"),
        (1, "fr", "Réessayez dans 1 minute"),
        (40, "en", "Try again in 40 minutes"),
        (1, "en", "Try again in 1 minute,"),
    ],
)
def test_a_locked_out_person_is_told_how_long_the_lockout_lasts(
    client: Client, personas, settings, minutes, language, said
) -> None:
    from datetime import timedelta

    settings.AXES_COOLOFF_TIME = timedelta(minutes=minutes)  # KOMPAS_LOGIN_COOLOFF_MINUTES
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    for n in range(5):
        attempt(client, personas.member.email, f"wrong {n}")
    response = attempt(client, personas.member.email, PASSWORD)
    assert response.status_code == 429
    assert said in response.content.decode()


def test_an_address_is_locked_after_five_failures_on_different_accounts(
    client: Client, personas
) -> None:
    for n in range(5):
        attempt(client, f"guess{n}@example.test", "password", address="192.0.2.7")
    response = attempt(client, personas.member.email, PASSWORD, address="192.0.2.7")
    assert response.status_code == 429
    # The same account from another address still works: lockouts are per account and per address.
    other = Client()
    assert attempt(other, personas.member.email, PASSWORD, address="192.0.2.8").status_code == 302


def test_an_inactive_person_cannot_sign_in(client: Client, personas) -> None:
    personas.member.is_active = False
    personas.member.save()
    response = attempt(client, personas.member.email, PASSWORD)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_signing_out_needs_a_post_and_is_audited(client: Client, personas) -> None:
    client.force_login(personas.member)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="accounts.signed_out").count() == 1


def test_an_imported_person_sets_a_first_password_through_a_mailed_link(
    client: Client, personas, mailbox, settings, django_capture_on_commit_callbacks
) -> None:
    settings.SITE_URL = "https://kompas.pz.example"
    newcomer = make_person(personas.zone, first_name="Nina", language="fr")
    newcomer.set_unusable_password()
    newcomer.save()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password_reset"), {"email": newcomer.email})
    assert response.status_code == 302
    [mail] = mailbox.wait_for(1)
    assert mail["To"] == newcomer.email
    body = mail.get_payload(decode=True).decode()
    assert "Bonjour Nina" in body  # in the newcomer's own language
    link = re.search(r"https://kompas\.pz\.example(/\S+)", body)
    assert link is not None, body

    form_page = client.get(link.group(1), follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0]
    too_short = client.post(set_url, {"new_password1": "short", "new_password2": "short"})
    assert too_short.status_code == 200
    assert "12" in too_short.content.decode()
    new_password = "een lange zin als wachtwoord"
    done = client.post(set_url, {"new_password1": new_password, "new_password2": new_password})
    assert done.status_code == 302
    newcomer.refresh_from_db()
    assert newcomer.check_password(new_password)
    assert AuditEvent.objects.filter(action="accounts.password_reset").count() == 1


def test_a_reset_request_for_an_unknown_address_looks_the_same_and_sends_nothing(
    client: Client, db, mailbox
) -> None:
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.test"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mailbox.messages == []


def ask_reset(client: Client, email: str, address: str = "10.0.0.1"):
    return client.post(reverse("accounts:password_reset"), {"email": email}, REMOTE_ADDR=address)


def test_an_account_gets_three_reset_links_an_hour_however_often_they_are_asked_for(
    client: Client, personas, mailbox, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        answers = [ask_reset(client, personas.member.email) for _ in range(10)]
    assert {(a.status_code, a["Location"]) for a in answers} == {
        (302, reverse("accounts:password_reset_done"))
    }
    # Mail is enqueued during the request: what was not enqueued by now is never sent.
    assert len(mailbox.messages) == 3
    assert {m["To"] for m in mailbox.messages} == {personas.member.email}
    # Somebody else's account is not held back by it.
    with django_capture_on_commit_callbacks(execute=True):
        ask_reset(client, personas[Role.HR].email)
    assert len(mailbox.messages) == 4


def test_a_held_back_reset_looks_like_any_other(
    client: Client, personas, mailbox, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            ask_reset(client, personas.member.email)
    pages = []
    for email in (personas.member.email, "nobody@example.test", personas[Role.HR].email):
        with django_capture_on_commit_callbacks(execute=True):
            answer = ask_reset(client, email)
        done = client.get(answer["Location"])
        pages.append((answer.status_code, answer["Location"], done.status_code, _text(done)))
    assert pages[0] == pages[1] == pages[2]
    assert [m["To"] for m in mailbox.messages][3:] == [personas[Role.HR].email]


def test_one_client_address_asks_for_twenty_reset_links_an_hour_at_most(
    client: Client, personas, mailbox, django_capture_on_commit_callbacks
) -> None:
    for n in range(20):
        ask_reset(client, f"guess{n}@example.test", address="192.0.2.50")
    with django_capture_on_commit_callbacks(execute=True):
        answer = ask_reset(client, personas.member.email, address="192.0.2.50")
    assert answer["Location"] == reverse("accounts:password_reset_done")
    assert mailbox.messages == []
    with django_capture_on_commit_callbacks(execute=True):
        ask_reset(client, personas.member.email, address="192.0.2.51")
    assert [m["To"] for m in mailbox.messages] == [personas.member.email]


def _text(response) -> str:
    """A page without its CSRF tokens, which are masked anew for every page."""
    page = response.content.decode()
    return re.sub(r'(csrfmiddlewaretoken" value=|"X-CSRFToken": )"[^"]+"', r"\1TOKEN", page)


def test_the_reset_link_ignores_a_forged_host_header(
    client: Client, personas, mailbox, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("accounts:password_reset"),
            {"email": personas.member.email},
            HTTP_HOST="localhost",
            HTTP_X_FORWARDED_HOST="evil.example",
        )
    [mail] = mailbox.wait_for(1)
    assert "evil.example" not in mail.get_payload(decode=True).decode()


def test_passwords_are_hashed_with_argon2id_in_production(settings) -> None:
    from django.contrib.auth.hashers import Argon2PasswordHasher

    from kompas import settings as production

    assert production.PASSWORD_HASHERS == ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    assert (
        Argon2PasswordHasher()
        .encode("x", Argon2PasswordHasher().salt())
        .startswith("argon2$argon2id$")
    )


def test_every_request_reads_the_person_with_their_roles_as_they_are_now(
    personas, django_assert_num_queries
) -> None:
    from typing import Any

    from kompas.accounts.backends import PasswordBackend
    from kompas.accounts.models import RoleAssignment
    from kompas.accounts.roles import Role

    backend: Any = PasswordBackend()  # (what it reads is a Person, not any Django user)
    head = personas[Role.HEAD_OF_SERVICE]
    with django_assert_num_queries(2):  # the person, then their roles
        person = backend.get_user(head.pk)
        assert person.has_role(Role.HEAD_OF_SERVICE, head.service)
        assert person.led_services() == [head.service_id]
    # Zone-wide roles (no service) and roles for several services come back as they are held.
    RoleAssignment.objects.create(person=head, role=Role.INTEGRITY_OFFICER)
    other = personas[Role.COORDINATOR].roles_held.get().service
    RoleAssignment.objects.create(person=head, role=Role.COORDINATOR, service=other)
    held = {(a.role, a.service_id) for a in backend.get_user(head.pk).role_assignments}
    assert held == set(RoleAssignment.objects.filter(person=head).values_list("role", "service"))
    assert len(held) == 3
    assert not backend.get_user(personas.member.pk).role_assignments
    RoleAssignment.objects.filter(person=head).delete()
    assert not backend.get_user(head.pk).has_any_role(Role.HEAD_OF_SERVICE)
    head.is_active = False
    head.save()
    assert backend.get_user(head.pk) is None
