"""The passkeys page: several passkeys per handler, named, removed (never the last way in), each
change audited; a password user adds a passkey to the key they have; someone else's passkeys 404."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from kompas.accounts.roles import Role
from kompas.audit.models import AuditEvent
from kompas.passkeys.models import KeyPassphrase, Passkey
from kompas.passkeys.tests.authenticator import SoftAuthenticator
from kompas.passkeys.tests.conftest import (
    UNLOCK,
    make_key_with_passkey,
    options_of,
    registration,
    unlock_with_passkey,
)
from kompas.reporting import keys
from kompas.reporting.models import HandlerKey
from kompas.reporting.tests.conftest import signed_in_handler
from kompas.testing import PASSWORD, PageCounts, sign_in

pytestmark = pytest.mark.django_db
MANAGE = reverse("passkeys:manage")
PHRASE = "een zin die alleen ik ken"


def add_passkey(browser: Client, device: SoftAuthenticator, name: str = "Sleutelhanger") -> None:
    options = options_of(browser.get(MANAGE).content.decode(), "register")
    answer = {**registration(options, device), "name": name}
    response = browser.post(reverse("passkeys:add"), answer)
    assert response.status_code == 302


def test_a_handler_adds_names_and_removes_passkeys_but_never_the_last_way_in(personas) -> None:
    handler = personas[Role.OVERSIGHT]
    laptop, keyring = SoftAuthenticator(), SoftAuthenticator()
    browser = sign_in(Client(), handler)
    make_key_with_passkey(browser, laptop)
    add_passkey(browser, keyring)
    assert Passkey.objects.filter(person=handler).count() == 2
    page = browser.get(MANAGE).content.decode()
    assert "Laptop" in page and "Sleutelhanger" in page

    # Both open the same key.
    for device in (laptop, keyring):
        later = sign_in(Client(), handler)
        assert unlock_with_passkey(later, device).status_code == 302

    first, second = Passkey.objects.filter(person=handler).order_by("pk")
    browser.post(reverse("passkeys:rename", args=[first.pk]), {"name": "Werklaptop"})
    assert Passkey.objects.get(pk=first.pk).name == "Werklaptop"
    browser.post(reverse("passkeys:remove", args=[second.pk]))
    assert not Passkey.objects.filter(pk=second.pk).exists()
    response = browser.post(reverse("passkeys:remove", args=[first.pk]), follow=True)
    assert "Dit is de laatste manier om uw sleutel te openen" in response.content.decode()
    assert Passkey.objects.filter(pk=first.pk).exists()

    # With a key passphrase, the last passkey may go; then the passphrase is the last way in.
    browser.post(reverse("passkeys:passphrase"), {"passphrase": PHRASE, "confirm": PHRASE})
    assert KeyPassphrase.objects.filter(person=handler).exists()
    browser.post(reverse("passkeys:remove", args=[first.pk]))
    assert not Passkey.objects.filter(person=handler).exists()
    browser.post(reverse("passkeys:remove_passphrase"))
    assert KeyPassphrase.objects.filter(person=handler).exists()
    later = sign_in(Client(), handler)
    response = later.post(UNLOCK, {"method": "passphrase", "passphrase": PHRASE})
    assert response.status_code == 302

    actions = set(
        AuditEvent.objects.filter(actor_id=handler.pk, action__startswith="passkeys.").values_list(
            "action", flat=True
        )
    )
    assert actions >= {
        "passkeys.passkey_added",
        "passkeys.passkey_renamed",
        "passkeys.passkey_removed",
        "passkeys.passphrase_set",
        "passkeys.key_unlocked",
    }


def test_someone_elses_passkeys_are_not_found(personas) -> None:
    owner = personas[Role.OVERSIGHT]
    make_key_with_passkey(sign_in(Client(), owner), SoftAuthenticator())
    theirs = Passkey.objects.get(person=owner)
    other = sign_in(Client(), personas[Role.INTEGRITY_OFFICER])
    make_key_with_passkey(other, SoftAuthenticator())
    for name in ("passkeys:rename", "passkeys:remove"):
        response = other.post(reverse(name, args=[theirs.pk]), {"name": "Van mij"})
        assert response.status_code == 404
    assert Passkey.objects.get(pk=theirs.pk).name == "Laptop"
    assert Passkey.objects.filter(person=owner).count() == 1


def test_a_password_user_adds_a_passkey_to_the_key_they_have_and_opens_it_with_it(
    personas, settings
) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    handler = personas[Role.OVERSIGHT]
    keys.create_key(handler, PASSWORD)
    browser = signed_in_handler(handler)  # the password opened the key at sign-in
    device = SoftAuthenticator()
    add_passkey(browser, device)
    key = HandlerKey.objects.get(person=handler, active=True)
    assert keys.has_password_wrap(key)
    assert Passkey.objects.get(person=handler).handler_key == key  # a second wrap, same key

    later = sign_in(Client(), handler)  # signed in without the password opening anything
    html = later.get(UNLOCK).content.decode()
    assert "Open hem liever met uw wachtwoord" in html
    assert unlock_with_passkey(later, device).status_code == 302
    opened = keys.unlocked_private_key(later.get("/").wsgi_request, handler)
    assert opened is not None and opened[0] == key
    # The password still opens it too.
    assert keys.has_password_wrap(HandlerKey.objects.get(pk=key.pk))


def test_adding_a_passkey_needs_the_key_open_in_this_browser(personas) -> None:
    handler = personas[Role.OVERSIGHT]
    device = SoftAuthenticator()
    make_key_with_passkey(sign_in(Client(), handler), device)
    later = sign_in(Client(), handler)
    page = later.get(MANAGE).content.decode()
    assert 'data-passkey="register"' not in page
    response = later.post(reverse("passkeys:add"), {"created": "{}", "asserted": "{}", "prf": ""})
    assert response.status_code == 302 and response["Location"].startswith(UNLOCK)
    response = later.post(reverse("passkeys:passphrase"), {"passphrase": PHRASE, "confirm": PHRASE})
    assert response.status_code == 302 and response["Location"].startswith(UNLOCK)
    assert Passkey.objects.filter(person=handler).count() == 1
    assert not KeyPassphrase.objects.filter(person=handler).exists()


def test_the_pages_refuse_anonymous_visitors_and_people_without_cases(personas) -> None:
    for name in ("passkeys:manage", "passkeys:add", "passkeys:passphrase", "passkeys:start_over"):
        response = Client().post(reverse(name))
        assert response.status_code == 302 and "/account/sign-in/" in response["Location"]
    member = sign_in(Client(), personas.member)
    assert member.get(MANAGE).status_code == 403
    assert member.post(reverse("passkeys:start_over"), {"confirm": "yes"}).status_code == 403
    hr = sign_in(Client(), personas[Role.HR])
    assert hr.get(MANAGE).status_code == 403


def test_the_passkeys_page_costs_the_same_queries_with_more_passkeys(personas) -> None:
    handler = personas[Role.OVERSIGHT]
    browser = sign_in(Client(), handler)
    make_key_with_passkey(browser, SoftAuthenticator())
    counts = PageCounts()
    counts.clients[handler.pk] = browser
    before = counts([(handler, MANAGE)])
    for _ in range(3):
        add_passkey(browser, SoftAuthenticator())
    assert counts([(handler, MANAGE)]) == before


def test_a_reset_password_leaves_a_key_that_a_passkey_opens(personas, settings) -> None:
    """After a password reset the password no longer opens the key; with a passkey the key (and
    its cases) stays: the stale password wrap goes, where without one a new key pair is made."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    handler = personas[Role.OVERSIGHT]
    keys.create_key(handler, PASSWORD)
    browser = signed_in_handler(handler)
    device = SoftAuthenticator()
    add_passkey(browser, device)
    key = HandlerKey.objects.get(person=handler, active=True)

    handler.set_password("een nieuw wachtwoord na reset")  # what the reset form does
    handler.save()
    later = Client()
    response = later.post(
        reverse("accounts:login"),
        {"username": handler.email, "password": "een nieuw wachtwoord na reset"},
    )
    assert response.status_code == 302
    assert HandlerKey.objects.get(person=handler, active=True) == key  # no new key pair
    assert not keys.has_password_wrap(HandlerKey.objects.get(pk=key.pk))
    assert AuditEvent.objects.filter(action="reporting.password_wrap_dropped").exists()
    later = sign_in(Client(), handler)
    assert unlock_with_passkey(later, device).status_code == 302


def test_the_profile_links_handlers_to_their_passkeys(personas) -> None:
    handler = sign_in(Client(), personas[Role.OVERSIGHT])
    assert MANAGE in handler.get(reverse("accounts:profile")).content.decode()
    member = sign_in(Client(), personas.member)
    assert MANAGE not in member.get(reverse("accounts:profile")).content.decode()


def test_the_unlock_page_costs_the_same_queries_with_more_passkeys(personas) -> None:
    handler = personas[Role.OVERSIGHT]
    browser = sign_in(Client(), handler)
    make_key_with_passkey(browser, SoftAuthenticator())
    locked = sign_in(Client(), handler)
    counts = PageCounts()
    counts.clients[handler.pk] = locked
    before = counts([(handler, UNLOCK)])
    for _ in range(3):
        add_passkey(browser, SoftAuthenticator())
    assert counts([(handler, UNLOCK)]) == before
