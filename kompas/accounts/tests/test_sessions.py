"""Sessions are Django's `cached_db` sessions: a row in the database, read through the cache all
workers share. Who is signed in is Django's authentication middleware, their verified device
django-otp's; a person is signed out everywhere by a new session epoch."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.contrib.sessions.backends.cached_db import KEY_PREFIX, SessionStore
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from kompas.accounts.roles import Role
from kompas.lib.tests.shared_cache import in_another_worker, on_redis
from kompas.testing import give_device, sign_in

pytestmark = pytest.mark.django_db


def cached(key: str) -> dict | None:
    return caches[settings.SESSION_CACHE_ALIAS].get(KEY_PREFIX + key)


def test_a_session_is_kept_in_the_database_and_read_through_the_cache(
    django_assert_num_queries,
) -> None:
    store = SessionStore()
    store["kompas_test"] = {"step": 2, "text": "één"}
    store.save()
    key, saved = str(store.session_key), dict(store.items())
    assert Session.objects.get(pk=key).get_decoded() == cached(key) == saved

    with django_assert_num_queries(0):
        assert SessionStore(session_key=key)["kompas_test"] == {"step": 2, "text": "één"}
    # A worker whose cache lost it reads the row, and puts it back for the next page.
    caches[settings.SESSION_CACHE_ALIAS].delete(KEY_PREFIX + key)
    with django_assert_num_queries(1):
        assert SessionStore(session_key=key)["kompas_test"]["step"] == 2
    assert cached(key) == saved

    # Once expired in the database it is gone, with a new key.
    caches[settings.SESSION_CACHE_ALIAS].delete(KEY_PREFIX + key)
    Session.objects.filter(pk=key).update(expire_date=timezone.now() - timedelta(seconds=1))
    expired = SessionStore(session_key=key)
    assert expired.get("kompas_test") is None
    assert expired.session_key is None
    assert SessionStore(session_key="x" * 32).get("kompas_test") is None


def test_a_signed_out_session_is_gone_from_the_database_and_the_cache(personas) -> None:
    browser = sign_in(Client(), personas.member)
    assert browser.get(reverse("accounts:profile")).status_code == 200
    key = browser.cookies[settings.SESSION_COOKIE_NAME].value
    assert Session.objects.filter(pk=key).exists() and cached(key)

    browser.post(reverse("accounts:logout"))
    assert not Session.objects.filter(pk=key).exists() and cached(key) is None
    # The old cookie, kept by whoever copied it, signs no one in.
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = key
    page = replay.get(reverse("accounts:profile"))
    assert page.status_code == 302 and page["Location"].startswith(reverse("accounts:login"))


def test_on_redis_a_session_signed_out_through_one_worker_is_gone_for_the_others(
    personas, settings
) -> None:
    with on_redis(settings):
        browser = sign_in(Client(), personas.member)
        key = browser.cookies[settings.SESSION_COOKIE_NAME].value
        assert in_another_worker(lambda: cached(key)) == dict(browser.session.items())
        browser.post(reverse("accounts:logout"))
        assert in_another_worker(lambda: cached(key)) is None


def test_without_redis_the_workers_of_one_machine_share_the_sessions_cache(tmp_path) -> None:
    """A worker that kept a session in its own memory would still serve it after another worker
    signed it out or verified it: without KOMPAS_CACHE_URL the cache is files all workers read."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("KOMPAS_CACHE_URL", "KOMPAS_REDIS_URL")}
    env.update(DJANGO_SETTINGS_MODULE="kompas.settings", KOMPAS_DATA_DIR=str(tmp_path))

    def worker(code: str) -> str:
        run = [sys.executable, "-c", f"import django; django.setup()\n{code}"]
        done = subprocess.run(run, env=env, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    worker("from django.core.cache import cache; cache.set('kompas-shared', 'signed out')")
    assert worker("from django.core.cache import cache; print(cache.get('kompas-shared'))") == (
        "signed out"
    )


def test_resetting_two_step_sign_in_ends_every_session_of_the_person(personas) -> None:
    """No list of a person's sessions is needed: a new session epoch changes the hash every
    session of theirs carries (`Person.end_sessions`), and Django's authentication middleware
    flushes a session whose hash no longer matches, row and cache entry, on its next request."""
    officer = personas[Role.OVERSIGHT]
    office, home = sign_in(Client(), officer), sign_in(Client(), officer)
    keys = [b.cookies[settings.SESSION_COOKIE_NAME].value for b in (office, home)]
    assert all(b.get(reverse("accounts:profile")).status_code == 200 for b in (office, home))

    admin = sign_in(Client(), personas[Role.ADMIN])
    admin.post(reverse("accounts:reset_second_factor", args=[officer.pk]))
    for browser, key in zip((office, home), keys, strict=True):
        page = browser.get(reverse("accounts:profile"))
        assert page.status_code == 302 and page["Location"].startswith(reverse("accounts:login"))
        assert not Session.objects.filter(pk=key).exists() and cached(key) is None


def test_a_page_reads_the_person_their_roles_and_their_device_whatever_they_hold(
    personas, django_assert_num_queries
) -> None:
    """The session from the cache, then the person, their roles, and the device their session
    names (django-otp): three queries, however many roles (and the health page's own SELECT 1)."""
    from kompas.accounts.models import RoleAssignment

    officer = personas[Role.INTEGRITY_OFFICER]
    browser = sign_in(Client(), officer)
    browser.get(reverse("front:health"))  # the session settles

    def page() -> None:
        with django_assert_num_queries(4):
            response = browser.get(reverse("front:health"))
        user: Any = response.wsgi_request.user
        assert user.is_verified() and user.otp_device.user_id == officer.pk
        assert user.roles == frozenset(
            RoleAssignment.objects.filter(person=officer).values_list("role", flat=True)
        )

    page()
    for role in (Role.HR, Role.OVERSIGHT, Role.ADMIN):
        RoleAssignment.objects.create(person=officer, role=role)
    page()


def test_only_the_persons_own_confirmed_device_verifies_a_session(personas) -> None:
    """Whatever a session names (a bug, an edit of the data), django-otp accepts only a confirmed
    device of the person signed in."""
    officer = personas[Role.INTEGRITY_OFFICER]
    browser = sign_in(Client(), officer)
    assert browser.get(reverse("accounts:profile")).status_code == 200

    session = browser.session
    session["otp_device_id"] = give_device(personas[Role.HR]).persistent_id
    session.save()
    assert browser.get(reverse("accounts:profile")).status_code == 302
    assert "otp_device_id" not in browser.session

    own = TOTPDevice.objects.get(user=officer)
    TOTPDevice.objects.filter(pk=own.pk).update(confirmed=False)
    session = browser.session
    session["otp_device_id"] = own.persistent_id
    session.save()
    assert browser.get(reverse("accounts:profile")).status_code == 302
