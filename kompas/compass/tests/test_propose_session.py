"""Proposing a dilemma without one's name leaves the member's session row as it was: a sensitive
role's idle timeout sliding at that moment would tie the proposal to its author
(reporting/README.md, "Side channels")."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from kompas.accounts.roles import Role
from kompas.compass.models import Dilemma
from kompas.compass.tests.test_library import proposal
from kompas.testing import idle_timeout_due, session_row, sign_in

pytestmark = pytest.mark.django_db


def test_proposing_a_dilemma_leaves_the_members_session_row_as_it_was(
    personas, monkeypatch
) -> None:
    browser = sign_in(Client(), personas[Role.HR])  # a sensitive role
    before = idle_timeout_due(browser, monkeypatch)
    assert browser.get(reverse("compass:propose")).status_code == 200
    # The page the browser is sent to at once leaves it too.
    thanked = browser.post(reverse("compass:propose"), proposal(), follow=True)
    assert session_row() == before
    assert thanked.redirect_chain == [(reverse("compass:propose"), 302)]
    assert re.findall(r'<p class="message ([^"]*)">', thanked.content.decode()) == ["success"]
    assert Dilemma.objects.get(zone=personas.zone).proposed_by is None
    # Any other page slides it as before: the member stays signed in.
    browser.get(reverse("front:home"))
    assert session_row()[1] != before[1]


def test_proposing_still_needs_a_signed_in_member(personas) -> None:
    answer = Client().post(reverse("compass:propose"), proposal())
    assert answer.status_code == 302 and reverse("accounts:login") in answer["Location"]
    assert not Dilemma.objects.filter(zone=personas.zone).exists()
