"""The audit log page finds an exported file's event by the export number printed on it or by
the file's SHA-256, so that a copy can be checked against the log."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from kompas.accounts.roles import Role
from kompas.audit.services import record
from kompas.testing import sign_in

pytestmark = pytest.mark.django_db

DIGEST = "9f" * 32


def test_a_file_is_found_by_its_export_number_or_its_hash(client: Client, personas) -> None:
    record(
        "test.file_exported",
        actor=personas.member,
        detail={"export": "EX-7F3Q-9XPA", "sha256": DIGEST},
    )
    record("test.other_file_exported", actor=personas.member, detail={"export": "EX-0000-0000"})
    sign_in(client, personas[Role.ADMIN])
    for typed in (
        "EX-7F3Q-9XPA",
        "ex-7f3q 9xpa".replace(" ", "-"),
        DIGEST.upper(),
        f"  {DIGEST}\n",
    ):
        page = client.get(reverse("audit:log"), {"file": typed}).content.decode()
        assert "test.file_exported" in page, typed
        assert "test.other_file_exported" not in page and "audit.log_viewed" not in page
        assert DIGEST in page  # the page says which file it found
    page = client.get(reverse("audit:log"), {"file": "EX-9999-9999"}).content.decode()
    assert "test.file_exported" not in page


def test_the_search_is_for_those_who_read_the_log_only(client: Client, personas) -> None:
    url = reverse("audit:log") + "?file=EX-7F3Q-9XPA"
    assert client.get(url).status_code == 302  # anonymous: to sign in
    sign_in(client, personas[Role.HR])
    assert client.get(url).status_code == 403
