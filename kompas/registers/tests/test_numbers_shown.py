"""Amounts are written in the reader's language by the templates' environment (12,50 in Dutch
and French, 12.50 in English), on the declaration and in the overview."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from kompas.accounts.roles import Role
from kompas.registers.models import GiftDeclaration
from kompas.registers.tests.test_gifts import gift, team  # noqa: F401 - the fixture
from kompas.testing import sign_in

pytestmark = pytest.mark.django_db


def test_a_gift_s_value_is_written_in_the_reader_s_language(client: Client, team) -> None:  # noqa: F811
    sign_in(client, team.member)
    client.post(reverse("registers:gift_new"), gift(value="12.50"))
    declaration = GiftDeclaration.objects.get()
    leader = sign_in(Client(), team[Role.HEAD_OF_SERVICE])
    page = leader.get(reverse("registers:gift", args=[declaration.pk])).content.decode()
    assert "<dd>12,50</dd>" in page
    leader.post(reverse("front:set_language"), {"language": "en", "next": "/"})
    page = leader.get(reverse("registers:gift", args=[declaration.pk])).content.decode()
    assert "<dd>12.50</dd>" in page
