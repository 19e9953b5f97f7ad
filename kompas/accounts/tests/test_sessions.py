"""Sessions are Django's database sessions, read with the person and device they name in one
query; the session's own data decides who is signed in."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kompas.accounts.models import Session
from kompas.accounts.sessions import SessionStore

pytestmark = pytest.mark.django_db


def test_a_session_is_read_back_as_saved_and_never_once_expired(
    django_assert_num_queries,
) -> None:
    store = SessionStore()
    store["kompas_test"] = {"step": 2, "text": "één"}
    store.save()
    key = store.session_key

    with django_assert_num_queries(1):
        again = SessionStore(session_key=key)
        assert again["kompas_test"] == {"step": 2, "text": "één"}
    assert again.session_key == key

    # A second before it expires it still works; once expired it is gone, with a new key.
    Session.objects.filter(pk=key).update(expire_date=timezone.now() + timedelta(seconds=5))
    assert SessionStore(session_key=key).get("kompas_test")
    Session.objects.filter(pk=key).update(expire_date=timezone.now() - timedelta(seconds=1))
    expired = SessionStore(session_key=key)
    assert expired.get("kompas_test") is None
    assert expired.session_key is None
    assert SessionStore(session_key="x" * 32).get("kompas_test") is None


def test_a_page_reads_the_session_the_person_and_the_device_in_one_query(
    client, personas, django_assert_num_queries
) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from kompas.accounts.roles import Role
    from kompas.testing import sign_in

    officer = personas[Role.INTEGRITY_OFFICER]
    sign_in(client, officer)
    key = client.session.session_key
    row = Session.objects.get(pk=key)
    device = TOTPDevice.objects.get(user=officer)
    assert (row.person_id, row.device_id) == (officer.pk, device.pk)

    with django_assert_num_queries(1):
        store = SessionStore(session_key=key)
        store.load()
    assert store.prefetched_person == officer and store.prefetched_device == device
    assert store.prefetched_person.roles == officer.roles
    assert store.prefetched_device.bin_key == device.bin_key
    assert store.prefetched_device.confirmed is True
    for field in type(officer)._meta.concrete_fields:
        assert getattr(store.prefetched_person, field.attname) == getattr(
            type(officer).objects.get(pk=officer.pk), field.attname
        ), field.name

    # The first page after signing in reads no person or device of its own.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("accounts:profile")).status_code == 200
    tables = " ".join(q["sql"] for q in queries.captured_queries[:1])
    assert "accounts_session" in tables and "otp_totp_totpdevice" in tables
    # (The profile asks whether a confirmed device exists; the device itself, its key, is
    # never read again.)
    assert not any('"otp_totp_totpdevice"."key"' in q["sql"] for q in queries.captured_queries)


def test_the_columns_never_outrank_the_session_data(client, personas) -> None:
    """Whatever the columns say (a bug, an edit in the database), the session's own data decides
    who is signed in and with which device."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from kompas.accounts.roles import Role
    from kompas.testing import give_device, sign_in

    member, officer = personas.member, personas[Role.INTEGRITY_OFFICER]
    sign_in(client, member)
    key = client.session.session_key
    Session.objects.filter(pk=key).update(person=officer)
    page = client.get(reverse("accounts:profile"))
    assert page.status_code == 200 and page.context["user"] == member
    assert officer.full_name not in page.content.decode()

    other = Client()
    sign_in(other, officer)
    key = other.session.session_key
    stranger = give_device(personas[Role.HR])
    Session.objects.filter(pk=key).update(device_id=stranger.pk)
    page = other.get(reverse("accounts:profile"))
    assert page.status_code == 200 and page.context["user"].otp_device == TOTPDevice.objects.get(
        user=officer
    )
    # A session whose data names no device is not verified, whatever the column says.
    session = other.session
    del session["otp_device_id"]
    session.save()
    Session.objects.filter(pk=key).update(device_id=TOTPDevice.objects.get(user=officer).pk)
    assert other.get(reverse("accounts:profile")).status_code == 302
