"""The select box of a zone's services: read from the shared cache while the zone's
organisation is unchanged, never stale after a change, never another zone's."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kompas.accounts.models import Service
from kompas.accounts.roles import Role
from kompas.testing import make_service, sign_in

pytestmark = pytest.mark.django_db


def service_options(page: str) -> list[str]:
    box = page.split('name="service"')[1].split("</select>")[0]
    return re.findall(r"<option value=\"\d+\"[^>]*>([^<]*)</option>", box)


def test_hr_s_service_box_is_read_once_and_follows_a_renamed_service(
    client: Client, personas, django_capture_on_commit_callbacks: Any
) -> None:
    make_service(personas.outsider.zone, "Elders")
    sign_in(client, personas[Role.HR])
    url = reverse("accounts:person", args=[personas.member.pk])
    with django_capture_on_commit_callbacks(execute=True):  # kept once the read is committed
        first = client.get(url).content.decode()
    assert personas.team.name in service_options(first)
    assert "Elders" not in service_options(first)  # another zone's
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url).content.decode()
    assert service_options(again) == service_options(first)
    # Both boxes of the page (the person's service, the role's) come from the cache.
    assert not [q for q in queries if 'FROM "accounts_service" WHERE' in q["sql"]]
    # A renamed service changes the zone's stamp: the next page shows the new name at once.
    Service.objects.filter(pk=personas.team.pk).update(name="Wijkteam Noord")
    renamed = service_options(client.get(url).content.decode())
    assert "Wijkteam Noord" in renamed and personas.team.name not in renamed


def test_a_service_name_is_written_as_text_in_the_box(
    client: Client, personas, django_capture_on_commit_callbacks: Any
) -> None:
    make_service(personas.zone, '<b>Recherche</b> & "Co"')
    sign_in(client, personas[Role.HR])
    url = reverse("accounts:person", args=[personas.member.pk])
    for _ in range(2):  # worked out, then from the cache
        with django_capture_on_commit_callbacks(execute=True):
            page = client.get(url).content.decode()
        assert "&lt;b&gt;Recherche&lt;/b&gt; &amp; &#34;Co&#34;" in page
        assert "<b>Recherche</b>" not in page
