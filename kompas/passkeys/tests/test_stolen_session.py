"""An attacker with a stolen session (its cookie and CSRF token, not the HttpOnly key cookie, not
the password) tries to retire a handler's key and make one of his own, to read every new case
sealed to it. A key is only replaced after a fresh proof that the session is the handler's own;
the handler and the zone's integrity officer are mailed when it is."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from kompas.accounts.roles import Role
from kompas.accounts.signin import AUTHENTICATED_AT
from kompas.lib import clock
from kompas.passkeys import services
from kompas.passkeys.models import KeyPassphrase
from kompas.passkeys.tests.conftest import UNLOCK
from kompas.passkeys.views import FRESH_SECONDS
from kompas.reporting.models import HandlerKey
from kompas.testing import PASSWORD, give_device, make_person, make_zone, sign_in

PHRASE = "vier woorden die niemand raadt"
START_OVER = reverse("passkeys:start_over")


def _stale(client: Client) -> None:
    """The victim signed in a while ago: the session no longer proves a recent sign-in."""
    session = client.session
    session[AUTHENTICATED_AT] = int(clock.now().timestamp()) - FRESH_SECONDS - 60
    session.save()


def _stolen(client: Client) -> Client:
    """Another browser with the victim's session cookie only (the key cookie is HttpOnly and
    stays with the victim)."""
    thief = Client()
    name = django_settings.SESSION_COOKIE_NAME
    thief.cookies[name] = client.cookies[name].value
    return thief


def _handler_with_key(personas, role: str = Role.CHIEF) -> tuple[Any, Client]:
    handler = personas[role]
    browser = sign_in(Client(), handler)
    response = browser.post(
        UNLOCK, {"method": "new_passphrase", "passphrase": PHRASE, "confirm": PHRASE}
    )
    assert response.status_code == 302
    return handler, browser


@pytest.mark.django_db
def test_a_stolen_session_without_the_password_cannot_retire_the_key(
    personas, mailbox, django_capture_on_commit_callbacks
) -> None:
    handler, victim = _handler_with_key(personas)
    key = HandlerKey.objects.get(person=handler, active=True)
    _stale(victim)
    thief = _stolen(victim)
    with django_capture_on_commit_callbacks(execute=True):
        for password in ("", "raad eens"):
            response = thief.post(START_OVER, {"confirm": "yes", "password": password}, follow=True)
            assert response.status_code == 200
    page = response.content.decode()
    assert "Dat is uw wachtwoord niet." in page
    key.refresh_from_db()
    assert key.active and KeyPassphrase.objects.filter(handler_key=key).exists()
    assert not mailbox.wait_for(1, timeout=0.5)


@pytest.mark.django_db
def test_with_the_password_the_key_is_retired_and_handler_and_officer_are_mailed(
    personas, mailbox, django_capture_on_commit_callbacks
) -> None:
    handler, browser = _handler_with_key(personas)
    officer = personas[Role.INTEGRITY_OFFICER]
    _stale(browser)
    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post(START_OVER, {"confirm": "yes", "password": PASSWORD}, follow=True)
    assert response.status_code == 200
    assert "persoonlijk" in response.content.decode()  # confirm in person with the holders
    assert not HandlerKey.objects.filter(person=handler, active=True).exists()
    mails = mailbox.wait_for(2)
    time.sleep(0.3)
    assert sorted(m["To"] for m in mailbox.messages) == sorted([handler.email, officer.email])
    by_to = {m["To"]: m.get_payload(decode=True).decode() for m in mails}
    assert officer.get_full_name() in by_to[handler.email]  # whom to contact
    assert handler.get_full_name() in by_to[officer.email]
    assert "persoon" in by_to[officer.email]
    # The password typed again counts as a fresh sign-in: the new key is made without it.
    response = browser.post(
        UNLOCK, {"method": "new_passphrase", "passphrase": PHRASE, "confirm": PHRASE}
    )
    assert response.status_code == 302
    assert HandlerKey.objects.filter(person=handler, active=True).exists()


@pytest.mark.django_db
def test_a_first_key_on_a_stale_session_needs_the_password(personas) -> None:
    handler = personas[Role.HEAD_OF_SERVICE]
    browser = sign_in(Client(), handler)
    _stale(browser)
    page = browser.get(UNLOCK).content.decode()
    assert 'name="password"' in page
    new = {"method": "new_passphrase", "passphrase": PHRASE, "confirm": PHRASE}
    response = browser.post(UNLOCK, new)
    assert response.status_code == 400 and "Typ uw wachtwoord" in response.content.decode()
    assert not HandlerKey.objects.filter(person=handler).exists()
    assert browser.post(UNLOCK, {**new, "password": PASSWORD}).status_code == 302
    assert HandlerKey.objects.filter(person=handler, active=True).exists()


@pytest.mark.django_db
def test_a_provider_user_must_have_signed_in_within_minutes(
    personas, mailbox, django_capture_on_commit_callbacks
) -> None:
    handler = personas[Role.COORDINATOR]
    handler.set_unusable_password()
    handler.save()
    browser = Client()
    browser.force_login(handler, backend="kompas.sso.backends.ProviderBackend")
    page = browser.get(UNLOCK).content.decode()
    assert 'name="password"' not in page  # no password to type: a fresh sign-in instead
    new = {"method": "new_passphrase", "passphrase": PHRASE, "confirm": PHRASE}
    assert browser.post(UNLOCK, new).status_code == 302
    key = HandlerKey.objects.get(person=handler, active=True)

    _stale(browser)
    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post(START_OVER, {"confirm": "yes"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("sso:start") + "?next=")
    key.refresh_from_db()
    assert key.active and not mailbox.wait_for(1, timeout=0.5)

    # Signed in again through the provider (the same session, as Django keeps it): done.
    browser.force_login(handler, backend="kompas.sso.backends.ProviderBackend")
    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post(START_OVER, {"confirm": "yes"})
    assert response["Location"] == UNLOCK
    key.refresh_from_db()
    assert not key.active
    assert {m["To"] for m in mailbox.wait_for(2)} == {
        handler.email,
        personas[Role.INTEGRITY_OFFICER].email,
    }
    _stale(browser)
    response = browser.get(UNLOCK)  # no key, and a stale sign-in: sent to sign in again
    assert response.status_code == 302 and response["Location"].startswith(reverse("sso:start"))


@pytest.mark.django_db
def test_with_a_second_factor_the_session_must_be_verified(personas) -> None:
    handler, _browser = _handler_with_key(personas)
    give_device(handler)
    unverified = sign_in(Client(), handler, verified=False)
    response = unverified.post(START_OVER, {"confirm": "yes", "password": PASSWORD})
    assert response.status_code in (302, 403)
    assert HandlerKey.objects.filter(person=handler, active=True).exists()
    verified = sign_in(Client(), handler, verified=True)
    verified.post(START_OVER, {"confirm": "yes", "password": PASSWORD})
    assert not HandlerKey.objects.filter(person=handler, active=True).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks of PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_requests_at_once_make_one_key_and_the_other_hears_why() -> None:
    """A double click on 'make my key': the second request waits for the first's lock on the
    person and then finds its key (no 500 from the one-active-key constraint)."""
    zone = make_zone()
    handler = make_person(zone, roles=(Role.CHIEF,))
    made, go = threading.Event(), threading.Event()
    outcome: dict[str, object] = {}

    def first() -> None:
        try:
            with transaction.atomic():
                services.create_key_with_passphrase(person=handler, passphrase=PHRASE)
                made.set()
                go.wait(10)  # the second request comes in while this one has not committed
            outcome["first"] = "made"
        finally:
            connection.close()

    def second() -> None:
        try:
            made.wait(10)
            services.create_key_with_passphrase(person=handler, passphrase=PHRASE)
            outcome["second"] = "made"
        except ValidationError as error:
            outcome["second"] = error.messages
        except Exception as error:  # what the handler would see as a 500
            outcome["second"] = repr(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    assert made.wait(10)
    time.sleep(0.5)  # the second request is waiting now
    go.set()
    for thread in threads:
        thread.join(15)
    assert outcome["first"] == "made"
    assert outcome["second"] == [services.already_have_a_key()], outcome
    assert HandlerKey.objects.filter(person=handler, active=True).count() == 1
