"""The person's page holds the person form and the role form: each label names its own field."""

from __future__ import annotations

import re
from collections import Counter

from django.test import Client

from kompas.accounts.roles import Role
from kompas.testing import sign_in


def test_the_person_page_has_each_id_once(client: Client, personas) -> None:
    sign_in(client, personas[Role.ADMIN])
    response = client.get(f"/account/people/{personas.member.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="role"' in html  # the role form is there
    ids = Counter(re.findall(r'\sid="([^"]+)"', html))
    assert [i for i, n in ids.items() if n > 1] == []
    assert 'for="id_role_service"' in html
