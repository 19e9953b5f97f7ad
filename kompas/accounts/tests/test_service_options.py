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
    url = reverse("accounts:person", args=[personas.member.pk]) + "?edit=1"  # the form
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
    url = reverse("accounts:person", args=[personas.member.pk]) + "?edit=1"  # the form
    for _ in range(2):  # worked out, then from the cache
        with django_capture_on_commit_callbacks(execute=True):
            page = client.get(url).content.decode()
        assert "&lt;b&gt;Recherche&lt;/b&gt; &amp; &#34;Co&#34;" in page
        assert "<b>Recherche</b>" not in page


@pytest.mark.parametrize("chosen", ["team", None, "", "unknown"])
@pytest.mark.parametrize("required", [True, False])
def test_the_kept_options_are_django_s_select_box(
    personas, chosen: str | None, required: bool, django_capture_on_commit_callbacks: Any
) -> None:
    """The services' options are kept as one text and the chosen one marked in it: the box is
    the one Django's own Select writes from the same choices, chosen service, empty choice and
    unknown value alike, written afresh and from the cache."""
    from django import forms
    from django.forms.renderers import get_default_renderer

    from kompas.accounts.widgets import ServiceChoiceField, ServiceSelect

    make_service(personas.zone, '<b>Recherche</b> & "Co"')
    field = ServiceChoiceField(queryset=Service.objects.none(), required=required)
    field.offer_zone(personas.zone.pk)
    assert isinstance(field.widget, ServiceSelect)
    value = {"team": personas.team.pk, "unknown": 10**9}.get(chosen or "", chosen)
    attrs = {"id": "id_service", "required": required}
    theirs = forms.Select(choices=list(field.choices)).render(
        "service", value, attrs, renderer=get_default_renderer()
    )
    for _ in range(2):  # worked out, then from the cache
        with django_capture_on_commit_callbacks(execute=True):
            mine = field.widget.render("service", value, attrs)
        assert mine == theirs
    assert mine.count(" selected") == (chosen in ("team", None, ""))
