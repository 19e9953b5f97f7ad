"""After the zone's period the actor of an audit event is replaced by their role, and the chain
still verifies; the one change the database lets through is that one, and nobody can use it (or
anything else) to change or restore an actor unseen."""

from __future__ import annotations

import hashlib
import hmac
import importlib
from datetime import datetime, timedelta

import pytest
from django.apps import apps
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from kompas.audit import services
from kompas.audit.models import AuditEvent, HeldEvent
from kompas.audit.retention import pseudonymise_events
from kompas.audit.services import GENESIS, actor_commitment, verify_chain
from kompas.lib import clock

pytestmark = pytest.mark.django_db

START = timezone.make_aware(datetime(2020, 3, 2, 10, 15))
_migration = importlib.import_module("kompas.audit.migrations.0006_actor_commitment")


@pytest.fixture
def moment(monkeypatch):
    """The clock, set to a moment: ``moment(days)`` is START plus that many days."""

    def set_to(days: int) -> datetime:
        now = START + timedelta(days=days)
        monkeypatch.setattr(clock, "now", lambda: now)
        return now

    return set_to


def _chained(action: str, **event) -> AuditEvent:
    written = services.record(action, **event)
    assert isinstance(written, AuditEvent)
    return written


def _without_guard(sql: str, params: list) -> None:
    """An attacker with write access to the database: the guard switched off, then an edit."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
            cursor.execute(sql, params)
            cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER USER")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS audit_auditevent_no_update")
            cursor.execute(sql, params)


def _a_year_of_events(personas, moment) -> dict[str, AuditEvent]:
    member, hr = personas.member, personas["hr"]
    moment(0)
    old = _chained("accounts.person_viewed", actor=hr, role="hr", obj=member)
    moment(1)
    older_detail = _chained(
        "test.shared", actor=member, obj=member, detail={"to": hr.pk, "count": 2}
    )
    moment(2)
    system = _chained("test.system", zone_id=personas.zone.pk, object_type="accounts.zone")
    moment(3)
    elsewhere = _chained("test.elsewhere", actor=personas.outsider, obj=personas.outsider)
    moment(400)
    recent = _chained("accounts.person_viewed", actor=hr, role="hr", obj=member)
    return {
        "old": old,
        "older_detail": older_detail,
        "system": system,
        "elsewhere": elsewhere,
        "recent": recent,
    }


def test_old_events_lose_their_actor_and_keep_role_object_and_detail(personas, moment) -> None:
    events = _a_year_of_events(personas, moment)
    moment(401)
    count = pseudonymise_events(zone_id=personas.zone.pk, before=START + timedelta(days=365))
    assert count == 2  # the zone's two old events with an actor
    old = AuditEvent.objects.get(seq=events["old"].seq)
    assert old.actor_id is None and old.actor_salt == "" and old.is_pseudonymised
    assert old.actor_digest == events["old"].actor_digest  # the commitment stays
    assert (old.actor_role, old.object_type, old.object_id) == (
        "hr",
        "accounts.person",
        str(personas.member.pk),
    )
    # The person acted upon stays, in the object and in the detail (see retention's docstring).
    assert AuditEvent.objects.get(seq=events["older_detail"].seq).detail == {
        "to": personas["hr"].pk,
        "count": 2,
    }
    # Another zone's events, newer events and events without an actor are left as they were.
    for name in ("recent", "elsewhere"):
        assert AuditEvent.objects.get(seq=events[name].seq).actor_id is not None, name
    report = verify_chain()
    assert report.intact, report
    done = AuditEvent.objects.get(action="audit.events_pseudonymised")
    assert done.actor_id is None and done.actor_digest == ""
    assert done.zone_id == personas.zone.pk
    assert done.detail["events"] == 2 and done.detail["held"] == 0


def test_running_again_pseudonymises_nothing_more(personas, moment) -> None:
    _a_year_of_events(personas, moment)
    cut = START + timedelta(days=365)
    assert pseudonymise_events(zone_id=personas.zone.pk, before=cut) == 2
    assert pseudonymise_events(zone_id=personas.zone.pk, before=cut) == 0
    assert verify_chain().intact


def test_held_events_of_days_before_the_cut_off_join_the_chain_without_their_actor(
    personas, moment
) -> None:
    moment(0)
    services.record("test.held", actor=personas.member, held=True)
    moment(1)
    pseudonymise_events(zone_id=personas.zone.pk, before=START + timedelta(days=1))
    assert HeldEvent.objects.get().actor_id is None
    services.release_held(before=clock.today())
    released = AuditEvent.objects.get(action="test.held")
    assert released.actor_id is None and released.actor_digest == ""
    assert verify_chain().intact


def test_the_database_refuses_every_other_change(personas, moment) -> None:
    events = _a_year_of_events(personas, moment)
    pseudonymise_events(zone_id=personas.zone.pk, before=START + timedelta(days=365))
    seq = events["recent"].seq
    forged = [
        {"actor_id": personas.member.pk},  # another actor
        {"actor_id": None, "actor_salt": "", "actor_role": "chief"},  # and a role changed too
        {"actor_id": None},  # the actor without the salt: not pseudonymisation
        {"actor_digest": "0" * 64},
        {"action": "test.rewritten"},
        {"detail": {"count": 3}},
        {"hash": "0" * 64},
        {"seal": "0" * 64},
    ]
    for change in forged:
        with pytest.raises(DatabaseError), transaction.atomic():
            AuditEvent.objects.filter(seq=seq).update(**change)
    # An event without an actor has nothing to pseudonymise; no event can be given one back.
    system = events["system"].seq
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(seq=system).update(actor_id=None, actor_salt="")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(seq=events["old"].seq).update(actor_id=personas["hr"].pk)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(seq=seq).delete()
    assert verify_chain().intact


def test_an_actor_changed_or_restored_in_the_database_is_found(personas, moment) -> None:
    """With the guard off, an attacker can write anything; without the key they cannot make a
    commitment for another actor, and the salt of a pseudonymised one is gone for everybody."""
    events = _a_year_of_events(personas, moment)
    pseudonymise_events(zone_id=personas.zone.pk, before=START + timedelta(days=365))
    recent, old = events["recent"], events["old"]
    # Another actor, with a fresh salt and an unkeyed digest, on a recent event.
    salt = "a" * 32
    unkeyed = hashlib.sha256(f"{salt}|{personas.member.pk}".encode()).hexdigest()
    _without_guard(
        "UPDATE audit_auditevent SET actor_id = %s, actor_salt = %s WHERE seq = %s",
        [personas.member.pk, salt, recent.seq],
    )
    report = verify_chain()
    assert report.broken_at == recent.seq and "actor" in report.reason
    _without_guard(
        "UPDATE audit_auditevent SET actor_id = %s, actor_salt = %s, actor_digest = %s"
        " WHERE seq = %s",
        [personas.member.pk, salt, unkeyed, recent.seq],
    )
    assert verify_chain().broken_at == recent.seq  # the HMAC covers the digest
    _without_guard(
        "UPDATE audit_auditevent SET actor_id = %s, actor_salt = %s, actor_digest = %s"
        " WHERE seq = %s",
        [recent.actor_id, recent.actor_salt, recent.actor_digest, recent.seq],
    )
    assert verify_chain().intact  # as it was
    # Putting a guessed actor back on a pseudonymised event: the salt is gone.
    _without_guard(
        "UPDATE audit_auditevent SET actor_id = %s, actor_salt = %s WHERE seq = %s",
        [personas["hr"].pk, "b" * 32, old.seq],
    )
    assert verify_chain().broken_at == old.seq


def test_an_actor_removed_before_its_period_is_found(personas, moment) -> None:
    """The guard lets the pseudonymisation through whoever asks; the chain accepts it only for
    events older than a cut-off the zone's pseudonymisation recorded after them."""
    events = _a_year_of_events(personas, moment)
    pseudonymise_events(zone_id=personas.zone.pk, before=START + timedelta(days=365))
    recent = events["recent"].seq
    AuditEvent.objects.filter(seq=recent).update(actor_id=None, actor_salt="")  # allowed...
    report = verify_chain()
    assert report.broken_at == recent  # ...and found
    assert "period" in report.reason


def test_the_commitment_is_keyed_and_salted(personas) -> None:
    event = _chained("test.keyed", actor=personas.member)
    assert len(event.actor_salt) == 32 and len(event.actor_digest) == 64
    assert event.actor_digest == actor_commitment(event.actor_salt, personas.member.pk)
    other = _chained("test.keyed", actor=personas.member)
    assert other.actor_digest != event.actor_digest  # one salt per event: events unlinkable
    unkeyed = hmac.new(b"", f"{event.actor_salt}|{personas.member.pk}".encode(), "sha256")
    assert event.actor_digest != unkeyed.hexdigest()
    assert settings.AUDIT_KEY


# --- Events written before migration 0006 ------------------------------------------------------


def _legacy_events(personas, moment) -> list[AuditEvent]:
    """Events as Kompas wrote them before 0006: the HMAC over the actor's id, no commitment."""
    prev, rows = GENESIS, []
    people = [personas["hr"].pk, None, personas.member.pk]
    for seq, actor_id in enumerate(people, start=1):
        event = AuditEvent(
            seq=seq,
            at=START + timedelta(days=seq),
            zone_id=personas.zone.pk,
            actor_id=actor_id,
            actor_role="hr" if actor_id else "",
            action="test.legacy",
            object_type="accounts.person",
            object_id=str(personas.member.pk),
            detail={"n": seq},
            prev_hash=prev,
        )
        event.hash = services._link(prev, services._canonical_v1(event))
        prev = event.hash
        rows.append(event)
    AuditEvent.objects.bulk_create(rows)  # inserting is what the guard always allowed
    return rows


def _migrate_0006() -> None:
    """The data step of migration 0006 as `migrate` runs it (the columns exist already)."""
    _migration.forward(apps, connection.schema_editor())


def test_events_from_before_the_commitment_are_sealed_and_still_verify(personas, moment) -> None:
    legacy = _legacy_events(personas, moment)
    _migrate_0006()
    stored = list(AuditEvent.objects.order_by("seq"))
    assert [e.hash for e in stored[:3]] == [e.hash for e in legacy]  # hashes unchanged
    assert all(e.seal for e in stored[:3])
    assert stored[0].actor_digest == actor_commitment(stored[0].actor_salt, personas["hr"].pk)
    assert stored[1].actor_digest == ""  # no actor, nothing to commit to
    sealing = stored[3]
    assert sealing.action == "audit.legacy_events_sealed"
    assert sealing.detail == {"sealed": 3, "up_to": 3, "head": legacy[-1].hash, "left_unsealed": 0}
    moment(400)
    _chained("test.after", actor=personas.member, obj=personas.member)
    assert verify_chain().intact
    # Pseudonymised like any other event, and the chain still verifies.
    assert pseudonymise_events(zone_id=personas.zone.pk, before=START + timedelta(days=10)) == 2
    assert AuditEvent.objects.get(seq=1).actor_id is None
    report = verify_chain()
    assert report.intact and report.checked == 6


def test_a_legacy_event_changed_after_sealing_is_found(personas, moment) -> None:
    _legacy_events(personas, moment)
    _migrate_0006()
    # Its own hash still holds it while it has its actor...
    _without_guard("UPDATE audit_auditevent SET actor_id = %s WHERE seq = 3", [personas.zone.pk])
    assert verify_chain().broken_at == 3
    _without_guard("UPDATE audit_auditevent SET actor_id = %s WHERE seq = 3", [personas.member.pk])
    assert verify_chain().intact
    # ...and its seal once it has lost it (here a change of action after pseudonymisation).
    pseudonymise_events(zone_id=personas.zone.pk, before=START + timedelta(days=10))
    _without_guard("UPDATE audit_auditevent SET action = %s WHERE seq = 1", ["test.other"])
    report = verify_chain()
    assert report.broken_at == 1 and "seal" in report.reason


def test_a_legacy_chain_already_broken_is_sealed_up_to_the_break_only(personas, moment) -> None:
    _legacy_events(personas, moment)
    _without_guard("UPDATE audit_auditevent SET object_id = %s WHERE seq = 2", ["42"])
    _migrate_0006()
    assert list(AuditEvent.objects.order_by("seq").values_list("seq", "seal")[:3])[1:] == [
        (2, ""),
        (3, ""),
    ]
    sealing = AuditEvent.objects.get(action="audit.legacy_events_sealed")
    assert sealing.detail["sealed"] == 1 and sealing.detail["left_unsealed"] == 2
    assert verify_chain().broken_at == 2  # found as before, not laundered by the sealing
    pseudonymise_events(zone_id=personas.zone.pk, before=START + timedelta(days=10))
    # The unsealed event keeps its actor (the guard refuses to remove it: nothing commits to it).
    assert AuditEvent.objects.get(seq=3).actor_id == personas.member.pk
    assert AuditEvent.objects.get(action="audit.events_pseudonymised").detail["left_unsealed"] == 1


def test_the_log_page_shows_a_pseudonymised_actor_by_role_only(client, personas, moment) -> None:
    from django.urls import reverse

    from kompas.accounts.roles import Role
    from kompas.testing import sign_in

    hr = personas[Role.HR]
    _a_year_of_events(personas, moment)
    pseudonymise_events(zone_id=personas.zone.pk, before=START + timedelta(days=365))
    sign_in(client, personas[Role.INTEGRITY_OFFICER])
    rows = client.get(reverse("audit:log"), {"action": "accounts.person_viewed"}).content.decode()
    assert rows.count(hr.full_name) == 1  # the recent look, not the old one
    assert "gepseudonimiseerd" in rows
    assert verify_chain().intact
