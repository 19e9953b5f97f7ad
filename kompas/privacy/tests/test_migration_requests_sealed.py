"""Migration 0003: requests registered before it lose their plain restriction and a restricted
member's row (sealed instead), and a person concerned's and a restricted one become the
integrity officer's only."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from kompas.accounts.roles import Role
from kompas.lib import sealed
from kompas.lib.clock import today
from kompas.privacy.models import SEALED_REQUEST, DataSubjectRequest

# Serialized like the other migration tests.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = [("privacy", "0002_data_subject_requests")]
AFTER = [("privacy", "0003_requests_integrity_only")]


def migrate(targets):  # type: ignore[no-untyped-def]
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_an_earlier_restriction_is_sealed_and_the_integrity_officers_only(personas) -> None:
    apps = migrate(BEFORE)
    Request = apps.get_model("privacy", "DataSubjectRequest")
    member = personas.member

    def made(n: int, **fields):  # type: ignore[no-untyped-def]
        return Request.objects.create(
            zone_id=personas.zone.pk,
            kind="access",
            received_on=today(),
            due_on=today(),
            sealed=sealed.seal_json(SEALED_REQUEST, {"answer": "Beperkt."}),
            submission_token=f"migration-{n}",
            registered_by_id=personas[Role.DPO].pk,
            **fields,
        )

    restricted = made(
        1, requester="member", person_id=member.pk, state="restricted", restriction="concerned"
    )
    concerned = made(2, requester="concerned", state="received")
    plain = made(3, requester="member", person_id=member.pk, state="answered")
    try:
        migrate(AFTER)
        got = DataSubjectRequest.objects.in_bulk()
        assert (got[restricted.pk].state, got[restricted.pk].person_id) == ("answered", None)
        assert got[restricted.pk].integrity_only and got[concerned.pk].integrity_only
        assert got[restricted.pk].restriction() == "concerned"
        assert got[restricted.pk].member() == member
        assert got[restricted.pk].contents()["answer"] == "Beperkt."
        assert (got[plain.pk].person_id, got[plain.pk].integrity_only) == (member.pk, False)
    finally:
        migrate(AFTER)
