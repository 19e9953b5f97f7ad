"""Sessions are Django's database sessions, read with one plain query."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

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
