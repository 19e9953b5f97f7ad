"""Losing every way in: the handler makes a new key, and the zone's recovery key gives the cases
back to it (kompas.reporting.recovery), sealed to the new key, which the new passkey opens."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from kompas.accounts.roles import Role
from kompas.audit.models import AuditEvent
from kompas.passkeys.models import Passkey
from kompas.passkeys.tests.authenticator import SoftAuthenticator
from kompas.passkeys.tests.conftest import UNLOCK, make_key_with_passkey, unlock_with_passkey
from kompas.passkeys.tests.test_unlock import file
from kompas.reporting import recovery
from kompas.reporting.models import Grant, HandlerKey
from kompas.testing import PASSWORD, sign_in

pytestmark = pytest.mark.django_db


def test_a_handler_who_lost_their_passkey_gets_their_cases_back_on_a_new_key(personas) -> None:
    handler = personas[Role.OVERSIGHT]
    shares = recovery.set_up(zone=personas.zone, holders=["Chief", "Mayor", "Officer"], threshold=2)
    lost = SoftAuthenticator()
    browser = sign_in(Client(), handler)
    make_key_with_passkey(browser, lost)
    report = file(personas, "Wat de kluis bevatte.")
    case = reverse("reporting:case", args=[report.number])
    old_key = HandlerKey.objects.get(person=handler, active=True)

    # The passkey is lost: another browser, nothing opens the key.
    later = sign_in(Client(), handler)
    response = later.post(reverse("passkeys:start_over"))
    assert response.status_code == 302 and not HandlerKey.objects.filter(active=False).exists()
    # The password typed again proves it is the handler, not a stolen session (test_stolen_session).
    later.post(reverse("passkeys:start_over"), {"confirm": "yes", "password": PASSWORD})
    assert not HandlerKey.objects.filter(person=handler, active=True).exists()
    assert not Passkey.objects.filter(person=handler).exists()
    assert AuditEvent.objects.filter(action="passkeys.key_abandoned", actor_id=handler.pk).exists()

    new = SoftAuthenticator()
    assert make_key_with_passkey(later, new, next=case).status_code == 302
    new_key = HandlerKey.objects.get(person=handler, active=True)
    assert new_key != old_key and Passkey.objects.get(person=handler).handler_key == new_key
    # The old case is sealed to the old key only: listed, but not readable yet.
    assert later.get(reverse("reporting:cases")).status_code == 200
    response = later.get(case)
    assert response.status_code == 403
    assert "Wat de kluis bevatte." not in response.content.decode()

    restored = recovery.restore(
        zone=personas.zone, shares=[s for _h, s in shares[:2]], reports=[report], to=handler
    )
    assert restored == 1
    assert Grant.objects.get(report=report, person=handler, active=True).key == new_key
    assert "Wat de kluis bevatte." in later.get(case).content.decode()

    # Another day: the new passkey opens the new key, the lost one opens nothing.
    again = sign_in(Client(), handler)
    assert unlock_with_passkey(again, new).status_code == 302
    assert "Wat de kluis bevatte." in again.get(case).content.decode()
    elsewhere = sign_in(Client(), handler)
    assert elsewhere.get(UNLOCK).status_code == 200
    from kompas.passkeys.tests.conftest import assertion, options_of

    options = options_of(elsewhere.get(UNLOCK).content.decode(), "unlock")
    response = elsewhere.post(UNLOCK, {"method": "passkey", **assertion(options, lost)})
    assert response.status_code == 400
