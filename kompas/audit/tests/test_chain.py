"""The audit log is append-only and any change to a stored event is found by verify-audit."""

from __future__ import annotations

import re
import threading
from typing import Any, Unpack

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from kompas.audit import services
from kompas.audit.models import AuditEvent
from kompas.audit.services import GENESIS, EventArgs, verify_chain

pytestmark = pytest.mark.django_db


def record(action: str, **event: Unpack[EventArgs]) -> AuditEvent:
    """`services.record` of an event that goes to the chain at once (none of these is held)."""
    written = services.record(action, **event)
    assert isinstance(written, AuditEvent)
    return written


def _three_events(personas) -> list[AuditEvent]:
    return [
        record("test.first", actor=personas.member, obj=personas.member),
        record("test.second", actor=personas.member, detail={"count": 2, "ok": True}),
        record("test.third", object_type="accounts.zone", object_id=personas.zone.pk),
    ]


def _without_guard(sql: str, params: list) -> None:
    """What an attacker with database rights does: switch the guard off, then edit."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
            cursor.execute(sql, params)
            cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER USER")
        else:
            cursor.execute("DROP TRIGGER audit_auditevent_no_update")
            cursor.execute("DROP TRIGGER audit_auditevent_no_delete")
            cursor.execute(sql, params)


def test_events_link_up_from_the_genesis(personas) -> None:
    first, second, third = _three_events(personas)
    assert first.prev_hash == GENESIS
    assert second.prev_hash == first.hash
    assert third.prev_hash == second.hash
    assert [e.seq for e in (first, second, third)] == [1, 2, 3]
    report = verify_chain()
    assert report.intact
    assert report.checked == 3


def test_an_event_knows_its_actor_zone_and_object(personas) -> None:
    event = record("test.zone", actor=personas.member, obj=personas.member)
    assert event.zone_id == personas.zone.pk
    assert event.object_type == "accounts.person"
    assert event.object_id == str(personas.member.pk)


def test_the_database_refuses_to_update_an_event(personas) -> None:
    _three_events(personas)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(seq=2).update(action="test.rewritten")
    assert AuditEvent.objects.get(seq=2).action == "test.second"


def test_the_database_refuses_to_delete_an_event(personas) -> None:
    _three_events(personas)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(seq=2).delete()
    assert AuditEvent.objects.count() == 3


def test_a_modified_row_is_found(personas) -> None:
    _three_events(personas)
    _without_guard("UPDATE audit_auditevent SET actor_id = %s WHERE seq = 2", [999])
    report = verify_chain()
    assert not report.intact
    assert report.broken_at == 2
    assert report.checked == 1


def test_a_row_modified_with_a_recomputed_plain_hash_is_still_found(personas) -> None:
    import hashlib

    _three_events(personas)
    # Without the server's key an attacker cannot forge the link, whatever hash they compute.
    forged = hashlib.sha256(b"forged").hexdigest()
    _without_guard(
        "UPDATE audit_auditevent SET action = %s, hash = %s WHERE seq = 3", ["test.forged", forged]
    )
    assert verify_chain().broken_at == 3


def test_a_deleted_row_is_found(personas) -> None:
    _three_events(personas)
    _without_guard("DELETE FROM audit_auditevent WHERE seq = %s", [2])
    report = verify_chain()
    assert report.broken_at == 2
    assert "missing" in report.reason


def test_the_command_reports_the_first_broken_link(personas, capsys) -> None:
    _three_events(personas)
    call_command("verify_audit")
    assert "intact: 3 events" in capsys.readouterr().out
    _without_guard("UPDATE audit_auditevent SET object_id = %s WHERE seq = 1", ["42"])
    with pytest.raises(CommandError, match="broken at event #1"):
        call_command("verify_audit")


def test_content_cannot_be_put_in_the_detail(personas) -> None:
    with pytest.raises(TypeError):
        record("test.bad", detail={"text": ["a", "list"]})  # type: ignore[dict-item]


def test_an_audit_event_is_rolled_back_with_the_change_it_describes(personas) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        record("test.half", actor=personas.member)
        raise RuntimeError("the change failed")
    assert not AuditEvent.objects.filter(action="test.half").exists()
    assert verify_chain().intact


def test_the_chain_check_is_available_from_the_page(client, personas) -> None:
    from django.urls import reverse

    from kompas.accounts.roles import Role
    from kompas.testing import sign_in

    _three_events(personas)
    sign_in(client, personas[Role.INTEGRITY_OFFICER])
    response = client.post(reverse("audit:verify"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    assert re.search(
        r"De keten is intact: \d+ gebeurtenissen gecontroleerd\.", response.content.decode()
    )
    assert AuditEvent.objects.filter(action="audit.chain_verified").exists()
    log = client.get(reverse("audit:log"))
    assert log.status_code == 200
    assert AuditEvent.objects.filter(action="audit.log_viewed").exists()


def test_an_event_is_stored_as_it_was_written_in_three_statements(
    personas, django_assert_num_queries
) -> None:
    record("test.before", actor=personas.member)
    # Lock (PostgreSQL only), last link, insert, each one plain statement, in the caller's
    # transaction (here the test's own), without a savepoint of its own.
    statements = 3 if connection.vendor == "postgresql" else 2
    with django_assert_num_queries(statements):
        written = record(
            "test.stored",
            actor=personas.member,
            obj=personas.member,
            detail={"count": 2, "ok": True, "code": "é<>", "none": None},
        )
    stored = AuditEvent.objects.get(seq=written.seq)
    for field in AuditEvent._meta.concrete_fields:
        assert getattr(stored, field.attname) == getattr(written, field.attname), field.name
    assert stored.detail == {"count": 2, "ok": True, "code": "é<>", "none": None}
    assert stored.at.tzinfo is not None
    assert not written._state.adding
    assert verify_chain().intact


# Serialized like the other tests that commit: the flush after it then leaves the content types
# to the next such test's restore instead of recreating them.
@pytest.mark.skipif(connection.vendor != "postgresql", reason="writers at the same time")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_writers_at_the_same_time_extend_one_unbroken_chain() -> None:
    """Each writer takes the chain's lock before reading its last link (on PostgreSQL the two go
    to the server together): however they interleave, no link is read twice. (SQLite has one
    writer at a time by itself, and a test that commits could not be undone there: the log
    refuses the DELETE that would empty it.)"""
    from django.db import connections

    start = threading.Barrier(4)
    failures: list[BaseException] = []

    def write(n: int) -> None:
        try:
            start.wait()
            for k in range(15):
                record("test.concurrent", detail={"writer": n, "k": k})
        except BaseException as error:  # reported by the test below
            failures.append(error)
        finally:
            connections.close_all()

    writers = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join()
    assert not failures
    report = verify_chain()
    assert report.intact and report.checked == AuditEvent.objects.count() >= 60


@pytest.mark.skipif(connection.vendor != "postgresql", reason="an event on its own, PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_event_on_its_own_commits_whole_or_not_at_all(django_assert_num_queries) -> None:
    """Outside a transaction (a page that records after its reads) an event is written in a
    transaction of its own, committed before `record` returns. One that the database refuses
    leaves nothing behind, no transaction open, and the chain goes on."""
    from psycopg import pq

    assert not connection.in_atomic_block
    with django_assert_num_queries(5):  # BEGIN, lock, last link, insert, COMMIT
        first = record("test.alone", detail={"n": 1})
    with pytest.raises(DatabaseError):
        record("test.alone", object_type="x" * 81, detail={"n": 2})  # longer than the column
    assert connection.connection.pgconn.transaction_status == pq.TransactionStatus.IDLE
    third = record("test.alone", detail={"n": 3})
    assert third.seq == first.seq + 1 and third.prev_hash == first.hash
    stored = list(AuditEvent.objects.filter(action="test.alone").order_by("seq"))
    assert [e.detail["n"] for e in stored] == [1, 3]
    assert verify_chain().intact


@pytest.mark.skipif(connection.vendor != "postgresql", reason="an event on its own, PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_event_on_its_own_holds_the_chain_for_one_round_trip(tmp_path) -> None:
    """Every audited page waits for the chain's lock, so its holder makes one round trip
    under it: the lock and the last link leave together and come back with the lock held; the
    insert and the COMMIT, which lets it go, leave together (libpq's trace of the protocol,
    each round trip ending in the server's ReadyForQuery)."""
    from psycopg import pq

    connection.ensure_connection()
    pgconn = connection.connection.pgconn
    trace = tmp_path / "protocol"
    with trace.open("w") as out:
        pgconn.trace(out.fileno())
        pgconn.set_trace_flags(pq.Trace.SUPPRESS_TIMESTAMPS | pq.Trace.REGRESS_MODE)
        try:
            written = record("test.alone", detail={"n": 1})
        finally:
            pgconn.untrace()
    # What the server did in each round trip (its CommandComplete tags: the same whether a
    # statement was prepared on the connection before or not).
    done: list[list[str]] = [[]]
    for line in trace.read_text().splitlines():
        if line.startswith("B\t") and "\tCommandComplete\t" in line:
            done[-1].append(line.split('"')[1].split()[0])
        elif line.startswith("B\t") and "\tReadyForQuery\t" in line:
            done.append([])
    assert done == [["BEGIN", "SELECT", "SELECT"], ["INSERT", "COMMIT"], []]
    assert AuditEvent.objects.get(seq=written.seq).action == "test.alone"
    assert verify_chain().intact


class _Interrupted(BaseException):
    """What stops a thread anywhere (a worker's timeout, an interrupt): not an Exception."""


def _chain_lock_holders() -> int:
    """Sessions holding the chain's advisory lock in this database (another test run may hold
    its own in another), seen from a connection of its own."""
    import psycopg

    from kompas.audit.services import PG_CHAIN_LOCK

    params = connection.get_connection_params()
    with psycopg.connect(**params, autocommit=True) as other:
        row = other.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
            " AND classid = %s AND objid = %s"
            " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
            [PG_CHAIN_LOCK >> 32, PG_CHAIN_LOCK & 0xFFFFFFFF],
        ).fetchone()
    return int(row[0]) if row else 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="an event on its own, PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_event_stopped_while_it_holds_the_chain_leaves_no_lock_behind(monkeypatch) -> None:
    """The thread stops between the two round trips, the chain's lock held (an interrupt), or
    its connection is cut there: the event is not written, the lock is let go at once (not when
    the kept connection is next used: every audited page waits for it), and the next event
    extends the chain."""
    from psycopg import pq

    first = record("test.alone", detail={"n": 1})
    linked = services._linked

    def stopped(*args: Any, **kwargs: Any) -> AuditEvent:
        assert _chain_lock_holders() == 1  # held by this writer now
        raise _Interrupted

    monkeypatch.setattr(services, "_linked", stopped)
    with pytest.raises(_Interrupted):
        record("test.alone", detail={"n": 2})
    assert _chain_lock_holders() == 0
    assert connection.connection is None or (
        connection.connection.info.transaction_status == pq.TransactionStatus.IDLE
    )

    def cut(*args: Any, **kwargs: Any) -> AuditEvent:
        import psycopg

        pid = connection.connection.info.backend_pid
        with psycopg.connect(**connection.get_connection_params(), autocommit=True) as other:
            other.execute("SELECT pg_terminate_backend(%s)", [pid])
        return linked(*args, **kwargs)

    monkeypatch.setattr(services, "_linked", cut)
    with pytest.raises(DatabaseError):
        record("test.alone", detail={"n": 3})
    assert connection.connection is None  # closed: Django opens a new one
    monkeypatch.undo()
    assert _chain_lock_holders() == 0
    fourth = record("test.alone", detail={"n": 4})
    assert fourth.seq == first.seq + 1 and fourth.prev_hash == first.hash
    stored = AuditEvent.objects.filter(action="test.alone").order_by("seq")
    assert [e.detail["n"] for e in stored] == [1, 4]
    assert verify_chain().intact


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks of PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_writer_checks_its_references_before_it_holds_the_chain() -> None:
    """One transaction holds a zone's row as a delete would (FOR UPDATE) and then records;
    another has written a row that refers to that zone and records. The second's check of
    its reference waits for the first, but before it holds the chain's lock: both commit. (If
    it held the chain while its check waited, the first would wait for the chain: deadlock.)"""
    from kompas.accounts.models import Zone
    from kompas.reporting.models import ChannelSettings
    from kompas.testing import beside, make_zone

    zone = make_zone()
    locked, recorded = threading.Event(), threading.Event()

    def holds_the_zone() -> None:
        with transaction.atomic():
            list(Zone.objects.select_for_update().filter(pk=zone.pk))
            locked.set()
            recorded.wait(2)  # the other records first, if it can
            record("test.holder", zone_id=zone.pk)

    with beside(holds_the_zone, release=recorded):
        assert locked.wait(10)
        with transaction.atomic():
            ChannelSettings.objects.create(zone=zone)  # refers to the held zone
            record("test.referrer", zone_id=zone.pk)
            recorded.set()
    assert AuditEvent.objects.filter(action__in=["test.holder", "test.referrer"]).count() == 2
    assert verify_chain().intact
