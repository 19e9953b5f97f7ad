"""A handler without a password makes and opens their key with a passkey, and attacks fail."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from kompas.accounts.roles import Role
from kompas.audit.models import AuditEvent
from kompas.passkeys.models import Passkey
from kompas.passkeys.tests.authenticator import SoftAuthenticator
from kompas.passkeys.tests.conftest import (
    UNLOCK,
    assertion,
    make_key_with_passkey,
    options_of,
    unlock_with_passkey,
)
from kompas.reporting import crypto, keys
from kompas.reporting.models import HandlerKey, Report
from kompas.reporting.services import NewReport, submit_report
from kompas.testing import sign_in

pytestmark = pytest.mark.django_db


def file(personas, what: str = "Vertrouwelijke feiten over een collega.") -> Report:
    report, _ = submit_report(
        zone=personas.zone,
        data=NewReport(kind="breach", channel="staff", identity_mode="named", what=what),
        receipt=crypto.new_receipt(),
        signed_in=personas.member,
    )
    return report


def test_a_handler_makes_a_key_with_a_passkey_signs_in_again_and_reads_a_case(personas) -> None:
    handler = personas[Role.OVERSIGHT]
    device = SoftAuthenticator()
    browser = sign_in(Client(), handler)
    response = make_key_with_passkey(browser, device, next="/cases/")
    assert response.status_code == 302 and response["Location"] == "/cases/"
    key = HandlerKey.objects.get(person=handler, active=True)
    assert not keys.has_password_wrap(key)
    passkey = Passkey.objects.get(person=handler)
    assert passkey.handler_key == key and passkey.name == "Laptop"
    # Neither the PRF output nor the private key is stored: the wrap opens only with the device.
    prf_output = device.prf(bytes(passkey.prf_salt))
    row = b"".join(
        bytes(v)
        for v in Passkey.objects.filter(pk=passkey.pk)
        .values_list("credential_data", "prf_salt", "wrapped_private_key")
        .get()
    )
    assert prf_output not in row
    assert AuditEvent.objects.filter(action="passkeys.passkey_added", actor_id=handler.pk).exists()

    report = file(personas)
    case = reverse("reporting:case", args=[report.number])
    assert "Vertrouwelijke feiten" in browser.get(case).content.decode()

    # Another day, another browser: signed in (through the provider), the key is closed.
    later = sign_in(Client(), handler)
    response = later.get(case)
    assert response.status_code == 302 and "unlock" in response["Location"]
    response = unlock_with_passkey(later, device)
    assert response.status_code == 302
    assert "Vertrouwelijke feiten" in later.get(case).content.decode()
    passkey.refresh_from_db()
    assert passkey.sign_count == device.counter and passkey.last_used_on is not None
    assert AuditEvent.objects.filter(action="passkeys.key_unlocked", actor_id=handler.pk).exists()


def test_the_reporting_unlock_page_sends_a_handler_without_a_password_wrap_here(personas) -> None:
    handler = personas[Role.OVERSIGHT]
    browser = sign_in(Client(), handler)
    make_key_with_passkey(browser, SoftAuthenticator())
    later = sign_in(Client(), handler)
    response = later.get(reverse("reporting:unlock"), {"next": "/cases/"})
    assert response.status_code == 302
    assert response["Location"].startswith(UNLOCK)


def _handler_with_passkey(personas) -> tuple[Client, SoftAuthenticator]:
    handler = personas[Role.OVERSIGHT]
    device = SoftAuthenticator()
    make_key_with_passkey(sign_in(Client(), handler), device)
    return sign_in(Client(), handler), device


def _is_open(browser: Client, person) -> bool:
    return browser.get(UNLOCK).status_code == 302


def test_a_replayed_assertion_is_refused(personas) -> None:
    browser, device = _handler_with_passkey(personas)
    options = options_of(browser.get(UNLOCK).content.decode(), "unlock")
    answer = {"method": "passkey", **assertion(options, device)}
    assert browser.post(UNLOCK, answer).status_code == 302
    # The same answer again, in another browser that was given a new challenge meanwhile.
    other = sign_in(Client(), personas[Role.OVERSIGHT])
    other.get(UNLOCK)
    response = other.post(UNLOCK, answer)
    assert response.status_code == 400
    assert not _is_open(other, personas[Role.OVERSIGHT])
    # And in the same browser: its challenge was used up.
    browser.cookies.pop("kompas_key")
    response = browser.post(UNLOCK, answer)
    assert response.status_code == 400
    assert "verlopen of werd al gebruikt" in response.content.decode()


def test_a_counter_that_goes_back_is_refused(personas) -> None:
    browser, device = _handler_with_passkey(personas)
    assert unlock_with_passkey(browser, device).status_code == 302
    browser.cookies.pop("kompas_key")
    device.counter -= 2  # a copy of the authenticator, behind the original
    response = unlock_with_passkey(browser, device)
    assert response.status_code == 400 and "teller" in response.content.decode()


def test_another_persons_passkey_does_not_open_the_key(personas) -> None:
    browser, _device = _handler_with_passkey(personas)
    stranger = personas[Role.INTEGRITY_OFFICER]
    theirs = SoftAuthenticator()
    make_key_with_passkey(sign_in(Client(), stranger), theirs)
    options = options_of(browser.get(UNLOCK).content.decode(), "unlock")
    # The stranger's passkey answers the handler's challenge, with the stranger's own PRF.
    stranger_salt = bytes(Passkey.objects.get(person=stranger).prf_salt)
    answer = assertion(options, theirs, prf=theirs.prf(stranger_salt))
    response = browser.post(UNLOCK, {"method": "passkey", **answer})
    assert response.status_code == 400
    assert "kon niet gecontroleerd worden" in response.content.decode()
    assert not _is_open(browser, personas[Role.OVERSIGHT])


def test_an_answer_for_another_origin_is_refused(personas) -> None:
    browser, device = _handler_with_passkey(personas)
    options = options_of(browser.get(UNLOCK).content.decode(), "unlock")
    answer = assertion(options, device, origin="https://kompas.evil.example")
    response = browser.post(UNLOCK, {"method": "passkey", **answer})
    assert response.status_code == 400 and not _is_open(browser, None)


def test_an_answer_without_user_verification_is_refused(personas) -> None:
    browser, device = _handler_with_passkey(personas)
    options = options_of(browser.get(UNLOCK).content.decode(), "unlock")
    answer = assertion(options, device, verified=False)
    assert browser.post(UNLOCK, {"method": "passkey", **answer}).status_code == 400


def test_a_prf_output_that_does_not_open_the_key_changes_nothing(personas) -> None:
    browser, device = _handler_with_passkey(personas)
    before = Passkey.objects.values("sign_count", "last_used_on", "wrapped_private_key").get()
    options = options_of(browser.get(UNLOCK).content.decode(), "unlock")
    answer = assertion(options, device, prf=b"\x01" * 32)
    response = browser.post(UNLOCK, {"method": "passkey", **answer})
    assert response.status_code == 400
    assert "opende uw sleutel niet. Er is niets veranderd" in response.content.decode()
    assert Passkey.objects.values("sign_count", "last_used_on", "wrapped_private_key").get() == (
        before
    )
    assert not _is_open(browser, None)
    # A PRF output of the wrong size is refused before it is tried.
    options = options_of(browser.get(UNLOCK).content.decode(), "unlock")
    answer = assertion(options, device, prf=b"\x01" * 5)
    response = browser.post(UNLOCK, {"method": "passkey", **answer})
    assert response.status_code == 400 and "PRF" in response.content.decode()


def test_the_forms_need_the_csrf_token(personas) -> None:
    handler = personas[Role.OVERSIGHT]
    browser = sign_in(Client(enforce_csrf_checks=True), handler)
    page = browser.get(UNLOCK)
    assert page.status_code == 200
    response = browser.post(UNLOCK, {"method": "new_passphrase", "passphrase": "x" * 20})
    assert response.status_code == 403
    assert not HandlerKey.objects.filter(person=handler).exists()


def test_next_never_leads_to_another_site(personas) -> None:
    browser, device = _handler_with_passkey(personas)
    options = options_of(browser.get(UNLOCK).content.decode(), "unlock")
    response = browser.post(
        f"{UNLOCK}?next=https://evil.example/",
        {"method": "passkey", "next": "//evil.example/", **assertion(options, device)},
    )
    assert response.status_code == 302 and response["Location"] == reverse("front:home")


def test_anonymous_visitors_sign_in_and_people_without_cases_pass_through(personas) -> None:
    response = Client().get(UNLOCK)
    assert response.status_code == 302 and "/account/sign-in/" in response["Location"]
    member = sign_in(Client(), personas.member)
    response = member.get(UNLOCK, {"next": "/registers/"})
    assert response.status_code == 302 and response["Location"] == "/registers/"
    assert member.post(UNLOCK, {"method": "new_passphrase"}).status_code == 302
    assert not HandlerKey.objects.filter(person=personas.member).exists()


def test_the_page_says_what_to_do_without_passkeys(personas) -> None:
    browser = sign_in(Client(), personas[Role.OVERSIGHT])
    html = browser.get(UNLOCK).content.decode()
    assert 'data-msg-unsupported="' in html and "passkeys.js" in html
    assert "<script>" not in html  # no inline script (strict CSP)
