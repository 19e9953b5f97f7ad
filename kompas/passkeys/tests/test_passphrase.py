"""Where the browser has no PRF: a key passphrase makes and opens the key."""

from __future__ import annotations

import pytest
from django.test import Client

from kompas.accounts.roles import Role
from kompas.audit.models import AuditEvent
from kompas.passkeys.models import KeyPassphrase
from kompas.passkeys.tests.conftest import UNLOCK
from kompas.reporting import keys
from kompas.reporting.models import HandlerKey
from kompas.testing import sign_in

pytestmark = pytest.mark.django_db
PHRASE = "vier woorden die niemand raadt"


def test_a_handler_makes_a_key_with_a_passphrase_and_opens_it_again(personas) -> None:
    handler = personas[Role.INTEGRITY_OFFICER]
    browser = sign_in(Client(), handler)
    response = browser.post(
        UNLOCK,
        {"method": "new_passphrase", "next": "/cases/", "passphrase": PHRASE, "confirm": PHRASE},
    )
    assert response.status_code == 302 and response["Location"] == "/cases/"
    key = HandlerKey.objects.get(person=handler, active=True)
    assert not keys.has_password_wrap(key)
    stored = KeyPassphrase.objects.get(person=handler)
    assert PHRASE.encode() not in bytes(stored.wrapped_private_key) + bytes(stored.salt)

    later = sign_in(Client(), handler)
    response = later.post(UNLOCK, {"method": "passphrase", "passphrase": "niet de goede zin!"})
    assert response.status_code == 400 and "opende uw sleutel niet" in response.content.decode()
    assert later.get(UNLOCK).status_code == 200  # still closed
    response = later.post(UNLOCK, {"method": "passphrase", "passphrase": PHRASE})
    assert response.status_code == 302
    assert keys.unlocked_private_key(later.get("/").wsgi_request, handler) is not None
    assert AuditEvent.objects.filter(action="passkeys.key_unlocked").count() == 1


def test_a_short_or_mistyped_passphrase_makes_no_key(personas) -> None:
    handler = personas[Role.INTEGRITY_OFFICER]
    browser = sign_in(Client(), handler)
    for phrase, confirm in (("kort", "kort"), (PHRASE, PHRASE + "!")):
        response = browser.post(
            UNLOCK, {"method": "new_passphrase", "passphrase": phrase, "confirm": confirm}
        )
        assert response.status_code == 400
    assert not HandlerKey.objects.filter(person=handler).exists()


def test_wrong_passphrases_are_limited_per_person(personas, settings) -> None:
    from django.core.cache import caches

    caches["throttle"].clear()
    handler = personas[Role.INTEGRITY_OFFICER]
    browser = sign_in(Client(), handler)
    browser.post(UNLOCK, {"method": "new_passphrase", "passphrase": PHRASE, "confirm": PHRASE})
    later = sign_in(Client(), handler)
    for _ in range(10):
        later.post(UNLOCK, {"method": "passphrase", "passphrase": "fout fout fout"})
    response = later.post(UNLOCK, {"method": "passphrase", "passphrase": PHRASE})
    assert response.status_code == 400 and "Te veel foute wachtzinnen" in response.content.decode()
    caches["throttle"].clear()
