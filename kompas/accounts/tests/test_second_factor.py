"""Two-step sign-in: mandatory for the roles that see reports, cases or people data."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from kompas.accounts.roles import SENSITIVE_ROLES, Role
from kompas.audit.models import AuditEvent
from kompas.testing import PASSWORD, current_code, give_device, sign_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", sorted(SENSITIVE_ROLES))
def test_a_sensitive_role_reaches_no_page_before_enrolling(
    client: Client, personas, role: str
) -> None:
    client.post(reverse("accounts:login"), {"username": personas[role].email, "password": PASSWORD})
    for url in (
        "/",
        reverse("accounts:profile"),
        reverse("accounts:organisation"),
        reverse("accounts:people"),
        reverse("audit:log"),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:second_factor_setup"))


def test_enrolling_with_the_right_code_opens_the_pages(client: Client, personas, settings) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the throttle is tested below
    officer = personas[Role.INTEGRITY_OFFICER]
    client.force_login(officer)
    page = client.get(reverse("accounts:second_factor_setup"))
    assert page.status_code == 200
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=officer, confirmed=False)

    wrong = client.post(reverse("accounts:second_factor_setup"), {"token": "000000"})
    assert wrong.status_code == 200
    assert not TOTPDevice.objects.get(pk=device.pk).confirmed

    right = client.post(
        reverse("accounts:second_factor_setup"), {"token": current_code(device), "next": "/audit/"}
    )
    assert right.status_code == 302
    assert right["Location"] == "/audit/"
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    assert client.get(reverse("audit:log")).status_code == 200
    assert AuditEvent.objects.filter(action="accounts.second_factor_enrolled").count() == 1


def test_a_person_with_a_device_must_enter_a_code_at_every_sign_in(
    client: Client, personas, settings
) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    officer = personas[Role.OVERSIGHT]
    device = give_device(officer)
    client.post(reverse("accounts:login"), {"username": officer.email, "password": PASSWORD})
    response = client.get("/")
    assert response["Location"].startswith(reverse("accounts:second_factor_verify"))

    bad = client.post(reverse("accounts:second_factor_verify"), {"token": "12345"})
    assert "zes cijfers" in bad.content.decode()
    client.post(reverse("accounts:second_factor_verify"), {"token": current_code(device)})
    assert client.get("/").status_code == 200


def test_wrong_codes_are_throttled(client: Client, personas) -> None:
    officer = personas[Role.OVERSIGHT]
    device = give_device(officer)
    client.force_login(officer)
    client.post(reverse("accounts:second_factor_verify"), {"token": "000000"})
    # After a failure django-otp makes the next attempt wait, even with a right code.
    response = client.post(
        reverse("accounts:second_factor_verify"), {"token": current_code(device)}
    )
    assert response.status_code == 200
    assert "Te veel foute codes" in response.content.decode()
    assert AuditEvent.objects.filter(action="accounts.second_factor_failed").count() == 2
    assert client.get("/").status_code == 302


def test_a_plain_member_may_skip_two_step_sign_in(client: Client, personas) -> None:
    client.force_login(personas.member)
    assert client.get("/").status_code == 200


def test_a_member_who_turned_it_on_must_use_it(client: Client, personas) -> None:
    give_device(personas.member)
    client.force_login(personas.member)
    assert client.get("/")["Location"].startswith(reverse("accounts:second_factor_verify"))


def test_sensitive_roles_are_signed_out_after_a_short_idle_time(
    client: Client, personas, settings
) -> None:
    sign_in(client, personas[Role.HR])
    client.get("/")
    assert client.session.get_expiry_age() == settings.SENSITIVE_IDLE_SECONDS
    other = Client()
    sign_in(other, personas.member)
    other.get("/")
    assert other.session.get_expiry_age() == settings.SESSION_COOKIE_AGE


def test_the_idle_timeout_moves_forward_once_a_minute_not_on_every_page(
    client: Client, personas, monkeypatch
) -> None:
    import time

    from django.contrib.sessions.models import Session

    sign_in(client, personas[Role.HR])
    client.get("/")
    key = client.session.session_key

    def expires() -> datetime:
        return Session.objects.get(session_key=key).expire_date

    first = expires()
    client.get("/")
    assert expires() == first  # reading a page does not write the session
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 61)
    client.get("/")
    assert expires() > first


def test_an_htmx_request_is_redirected_with_a_header(client: Client, personas) -> None:
    client.force_login(personas[Role.ADMIN])
    response = client.get(reverse("accounts:people"), HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"].startswith(reverse("accounts:second_factor_setup"))


def test_a_session_counts_as_verified_only_with_the_person_s_own_confirmed_device(
    client: Client, personas
) -> None:
    from django_otp import DEVICE_ID_SESSION_KEY

    officer, other = personas[Role.INTEGRITY_OFFICER], personas[Role.HR]
    sign_in(client, officer)
    own = TOTPDevice.objects.get(user=officer)
    assert client.get(reverse("accounts:profile")).status_code == 200

    def session_names(device_id: str) -> int:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device_id
        session.save()
        return client.get(reverse("accounts:profile")).status_code

    # Someone else's device, an unknown one or a malformed id: the page asks for the code again.
    assert session_names(give_device(other).persistent_id) == 302
    assert session_names("otp_totp.totpdevice/999999") == 302
    assert session_names("otp_totp.totpdevice/x") == 302
    assert session_names(own.persistent_id) == 200
    TOTPDevice.objects.filter(pk=own.pk).update(confirmed=False)
    assert session_names(own.persistent_id) == 302


def test_the_session_s_device_is_read_as_django_otp_reads_it(personas) -> None:
    """`VerifiedDevice` reads the session's device through SQL compiled once: the same device
    (every field) as django-otp's own read, for each kind a session can be verified with, and
    nothing for an id that names no device."""
    from django_otp.models import Device

    from kompas.accounts.middleware import VerifiedDevice
    from kompas.sso.models import ProviderStep

    officer = personas[Role.INTEGRITY_OFFICER]
    middleware = VerifiedDevice(lambda request: None)
    devices = [give_device(officer), ProviderStep.objects.create(user=officer, name="amr: mfa")]
    for device in devices:
        ours = middleware._device_from_persistent_id(device.persistent_id)
        theirs = Device.from_persistent_id(device.persistent_id)
        assert type(ours) is type(theirs) and ours.pk == theirs.pk
        assert {f.attname: getattr(ours, f.attname) for f in type(ours)._meta.concrete_fields} == {
            f.attname: getattr(theirs, f.attname) for f in type(theirs)._meta.concrete_fields
        }
    unconfirmed = give_device(personas[Role.HR])
    TOTPDevice.objects.filter(pk=unconfirmed.pk).update(confirmed=False)
    for missing in (
        unconfirmed.persistent_id,  # never counts, whatever the library checks after the read
        "otp_totp.totpdevice/999999",
        "otp_totp.totpdevice/x",
        "otp_totp.totpdevice/-1",
        "otp_totp.totpdevice/99999999999999999999999",
        "sso.providerstep/",
        "otp_static.staticdevice/1",  # a kind Kompas does not use: the library's own answer
        "no-such-app.device/1",
    ):
        assert middleware._device_from_persistent_id(missing) is None
