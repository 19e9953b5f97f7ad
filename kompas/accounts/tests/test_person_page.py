"""The person's page holds the person form and the role form: each label names its own field."""

from __future__ import annotations

import re
from collections import Counter

from django.test import Client

from kompas.accounts.roles import Role
from kompas.testing import sign_in


def test_the_person_page_has_each_id_once(client: Client, personas) -> None:
    sign_in(client, personas[Role.ADMIN])
    response = client.get(f"/account/people/{personas.member.pk}/?edit=1")  # both forms
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="role"' in html  # the role form is there
    ids = Counter(re.findall(r'\sid="([^"]+)"', html))
    assert [i for i, n in ids.items() if n > 1] == []
    assert 'for="id_role_service"' in html


def test_the_person_page_shows_the_details_and_writes_the_form_when_asked(
    client: Client, personas
) -> None:
    """HR reads a person's details; the form to change them comes with the Change link."""
    member = personas.member
    member.leader = personas[Role.HEAD_OF_SERVICE]
    member.service = personas.team
    member.save()
    sign_in(client, personas[Role.HR])
    url = f"/account/people/{member.pk}/"
    html = client.get(url).content.decode()
    assert 'name="first_name"' not in html and 'name="service"' not in html
    assert f'href="{url}?edit=1"' in html
    facts = html.split('<dl class="facts">')[1].split("</dl>")[0]
    for shown in (member.email, member.get_cadre_display(), personas.team.name):
        assert str(shown) in facts
    assert personas[Role.HEAD_OF_SERVICE].full_name in facts
    asked = client.get(url, {"edit": "1"}).content.decode()
    assert 'name="first_name"' in asked and 'name="service"' in asked
    assert '<dl class="facts">' not in asked
