"""The colleague picker is fetched while a member writes a report: it leaves their session row
and its copy in the cache as they were, so that composing an anonymous report does not slide a
sensitive role's idle timeout at the moments they search for a colleague (reporting/README.md,
"Side channels")."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from kompas.accounts.roles import Role
from kompas.lib.tests.shared_cache import on_redis
from kompas.testing import idle_timeout_due, session_row, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["the test run's cache", "Redis"])
def sessions_cache(request: Any, settings: Any) -> Iterator[None]:
    """The sessions' cache: the one of the test run, and Redis as workers share it."""
    if request.param == "Redis":
        with on_redis(settings):
            yield
    else:
        yield


def test_searching_a_colleague_leaves_the_members_session_row_as_it_was(
    personas, monkeypatch, sessions_cache
) -> None:
    browser = sign_in(Client(), personas[Role.HR])  # a sensitive role
    before = idle_timeout_due(browser, monkeypatch)
    found = browser.get(
        reverse("accounts:people_pick"),
        {"field": "involved", "multiple": "1", "picker_q": "Coordinator"},
    )
    assert found.status_code == 200 and "Coordinator" in found.content.decode()
    assert session_row() == before and before[3]
    # Any other page slides it as before, in the row and in the cache: the member stays signed in.
    browser.get(reverse("front:home"))
    after = session_row()
    assert after[1] != before[1] and after[3] != before[3]


def test_the_picker_still_refuses_a_visitor_who_is_not_signed_in() -> None:
    answer = Client().get(reverse("accounts:people_pick"), {"field": "involved", "picker_q": "Co"})
    assert answer.status_code == 302 and reverse("accounts:login") in answer["Location"]
