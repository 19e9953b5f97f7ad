"""The colleague picker is fetched while a member writes a report: it leaves their session row as
it was, so that composing an anonymous report does not slide a sensitive role's idle timeout at
the moments they search for a colleague (reporting/README.md, "Side channels")."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from kompas.accounts.roles import Role
from kompas.testing import idle_timeout_due, session_row, sign_in

pytestmark = pytest.mark.django_db


def test_searching_a_colleague_leaves_the_members_session_row_as_it_was(
    personas, monkeypatch
) -> None:
    browser = sign_in(Client(), personas[Role.HR])  # a sensitive role
    before = idle_timeout_due(browser, monkeypatch)
    found = browser.get(
        reverse("accounts:people_pick"),
        {"field": "involved", "multiple": "1", "picker_q": "Coordinator"},
    )
    assert found.status_code == 200 and "Coordinator" in found.content.decode()
    assert session_row() == before
    # Any other page slides it as before: the member stays signed in.
    browser.get(reverse("front:home"))
    assert session_row()[1] != before[1]


def test_the_picker_still_refuses_a_visitor_who_is_not_signed_in() -> None:
    answer = Client().get(reverse("accounts:people_pick"), {"field": "involved", "picker_q": "Co"})
    assert answer.status_code == 302 and reverse("accounts:login") in answer["Location"]
