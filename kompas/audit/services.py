"""Writing to and checking the audit log.

``record`` is called by every service that changes something or reveals sensitive data, inside the
same transaction as the change, so that a change without its audit event cannot be committed.
"""

from __future__ import annotations

import bisect
import contextlib
import hashlib
import hmac
import json
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any, Protocol, TypedDict, Unpack, runtime_checkable

import psycopg
from django.conf import settings
from django.db import connection, transaction
from django.db.backends.utils import debug_transaction  # type: ignore[attr-defined]  # not in the stubs
from django.db.models import Model
from django.utils import timezone
from psycopg import pq

from kompas.audit.models import AuditEvent, HeldEvent
from kompas.lib import clock

GENESIS = "0" * 64
# Any constant will do; it only has to be the same for every writer. Code that must take the
# chain's lock before its own (the organisation stamp's trigger) takes this one.
PG_CHAIN_LOCK = 0x4B6F6D706173


DetailValue = str | int | bool | None


def _at_text(at: datetime) -> str:
    at_utc = at.astimezone(UTC) if timezone.is_aware(at) else at
    return at_utc.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _json(values: list[Any]) -> bytes:
    return json.dumps(values, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def _canonical(event: AuditEvent) -> bytes:
    """What an event's HMAC covers: its fields with the commitment to its actor, never the
    actor's id (so that the id can go and the event still verify)."""
    return _json(
        [
            "v2",
            event.seq,
            _at_text(event.at),
            event.zone_id,
            event.actor_digest,
            event.actor_role,
            event.action,
            event.object_type,
            event.object_id,
            event.detail,
        ]
    )


def _canonical_v1(event: AuditEvent) -> bytes:
    """What the HMAC of an event written before migration 0006 covers: the actor's id itself."""
    return _json(
        [
            event.seq,
            _at_text(event.at),
            event.zone_id,
            event.actor_id,
            event.actor_role,
            event.action,
            event.object_type,
            event.object_id,
            event.detail,
        ]
    )


def _mac(*parts: bytes) -> str:
    return hmac.new(settings.AUDIT_KEY.encode(), b"|".join(parts), hashlib.sha256).hexdigest()


def _link(prev_hash: str, payload: bytes) -> str:
    return _mac(prev_hash.encode(), payload)


def actor_commitment(salt: str, actor_id: int) -> str:
    """The keyed commitment to an event's actor. Without the key nobody can make one for
    another actor (or un-pseudonymise an event by guessing ids); without the salt, which goes
    with the id, nobody can tell whose it is, not even with the key."""
    return _mac(b"kompas.audit.actor", salt.encode(), str(actor_id).encode())


def legacy_seal(event: AuditEvent) -> str:
    """The seal of an event written before migration 0006: its hash (which the next event
    links to) bound to its fields with the actor's commitment instead of the id."""
    return _mac(b"kompas.audit.seal", event.hash.encode(), _canonical(event))


def _committed(fields: dict[str, Any]) -> dict[str, Any]:
    """An event's fields with a fresh salt and the commitment to its actor (none: both empty)."""
    actor_id = fields.get("actor_id")
    if actor_id is None:
        return {**fields, "actor_salt": "", "actor_digest": ""}
    salt = secrets.token_hex(16)
    return {**fields, "actor_salt": salt, "actor_digest": actor_commitment(salt, actor_id)}


def _now_to_the_millisecond() -> datetime:
    """Milliseconds are what JSON dumps keep, so that a restored backup still verifies."""
    now = clock.now()
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


def _day_start(day: date) -> datetime:
    """Midnight at the start of ``day`` in the zone's time zone, to the millisecond as stored."""
    return timezone.make_aware(datetime.combine(day, time.min))


def _lock_chain() -> None:
    """Let one writer at a time extend the chain (SQLite: every transaction is IMMEDIATE)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [PG_CHAIN_LOCK])


class EventArgs(TypedDict, total=False):
    """What an event says besides its action (`record`'s keyword arguments)."""

    actor: Any
    role: str
    obj: Model | None
    object_type: str
    object_id: str | int
    zone_id: int | None
    detail: dict[str, DetailValue] | None
    held: bool


@runtime_checkable
class Held(Protocol):
    """An object that says whether events about it are held now (a report on the day it was
    received: what happens to it that day must not place its filing in time)."""

    def audit_held(self) -> bool: ...


def _is_held(event: EventArgs) -> bool:
    obj = event.get("obj")
    return bool(event.get("held")) or (isinstance(obj, Held) and obj.audit_held())


def _hold(action: str, **event: Unpack[EventArgs]) -> HeldEvent:
    fields = _fields(action, **event)
    return HeldEvent.objects.create(day=clock.today(), **fields)


def release_held(*, before: date) -> int:
    """Append every event held on a day before ``before`` to the chain: day after day, each
    day's events in random order, dated by the day's start; then delete them. One transaction:
    an event is either still held or in the chain, never both or neither."""
    shuffle = secrets.SystemRandom().shuffle
    released = 0
    with transaction.atomic():
        last = _lock_and_read_last_link()
        held = list(HeldEvent.objects.filter(day__lt=before).order_by("day"))
        days = sorted({event.day for event in held})
        for day in days:
            of_day = [event for event in held if event.day == day]
            shuffle(of_day)
            for event in of_day:
                appended = _linked(
                    last,
                    _day_start(day),
                    _committed(
                        {
                            "zone_id": event.zone_id,
                            "actor_id": event.actor_id,
                            "actor_role": event.actor_role,
                            "action": event.action,
                            "object_type": event.object_type,
                            "object_id": event.object_id,
                            "detail": event.detail,
                        }
                    ),
                )
                _insert(appended)
                last = (appended.seq, appended.hash)
                released += 1
        # Every held event of those days is in `held` (new ones are today's): deleted by day, in
        # one statement whatever their number.
        HeldEvent.objects.filter(day__lt=before).delete()
    return released


def record(action: str, **event: Unpack[EventArgs]) -> AuditEvent | HeldEvent:
    """Append one event, in the caller's transaction (or in one of its own, committed before
    this returns, when there is none). ``detail`` holds small facts (counts, codes, field
    names), never content.

    A held event (``held=True``: a reporter's act; or an event about an object that says events
    about it are held now, `Held`) is kept with its day only and joins the chain when the day is
    over (`release_held`), so that its place among timed events cannot tell when it happened.
    """
    if _is_held(event):
        return _hold(action, **event)
    # The actor's commitment (a salt and an HMAC) does not depend on the chain: made before its
    # lock is taken.
    fields = _committed(_fields(action, **event))
    if connection.vendor == "postgresql" and connection.get_autocommit():
        return _append_alone(fields)
    # No savepoint in a caller's transaction: an event that fails fails the whole transaction,
    # so that no change can be committed without its event.
    with transaction.atomic(savepoint=False):
        appended = _linked(_lock_and_read_last_link(), _now_to_the_millisecond(), fields)
        _insert(appended)
    return appended


def _append_alone(fields: dict[str, Any]) -> AuditEvent:
    """An event outside any transaction (a look recorded after the page's reads), on PostgreSQL:
    in a transaction of its own, committed before this returns. The chain's lock is held from
    the moment the last link is read until the COMMIT, and every writer of an audited page
    waits for it, so what happens under it is kept short: the lock and the last link go to the
    server in one round trip, the insert and the COMMIT in the next (psycopg's pipeline), with
    only the event's time and link computed between them (its actor's commitment is made before
    the lock). Through Django's transaction block that would be three round trips, two of them
    under the lock (the insert's, then the COMMIT's), with the thread rescheduled after each:
    under 8 clients on two cores the lock was held in 83 % of samples of gifts to decide at 166
    req/s that way, in 73 % at 192 req/s this way (docs/performance.md, session 24). BEGIN and
    COMMIT are logged as Django's own block logs them (`debug_transaction`: in
    `connection.queries`, not seen by execute wrappers)."""
    connection.ensure_connection()
    raw = connection.connection
    with connection.wrap_database_errors:
        try:
            with connection.cursor() as cursor:
                with raw.pipeline():
                    with debug_transaction(connection, "BEGIN"):
                        raw.execute(b"BEGIN", prepare=False)
                    _lock_chain()
                    cursor.execute(_LAST_LINK)
                row = cursor.fetchone()
                appended = _linked(
                    (row[0], row[1]) if row else None, _now_to_the_millisecond(), fields
                )
                with raw.pipeline():
                    cursor.execute(*_insert_statement(appended))
                    with debug_transaction(connection, "COMMIT"):
                        raw.execute(b"COMMIT", prepare=False)
        except BaseException:
            # Whatever failed (a statement, the connection, the thread), no transaction is left
            # open, holding the chain's lock that every audited page waits for, on a connection
            # Django believes is in autocommit and keeps for the next request: rolled back, or,
            # when even that fails, closed (which lets the lock go). The first error is raised.
            _leave_nothing_open(raw)
            raise
    _written(appended)
    return appended


def _fields(
    action: str,
    *,
    actor: Any = None,
    role: str = "",
    obj: Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    zone_id: int | None = None,
    detail: dict[str, DetailValue] | None = None,
    held: bool = False,
) -> dict[str, Any]:
    """An event's fields, as `record` is given them."""
    detail = dict(detail or {})
    for key, value in detail.items():
        if not isinstance(value, str | int | bool | type(None)) or isinstance(value, float):
            raise TypeError(f"audit detail {key!r} must be a string, number, boolean or None")
    actor_id = actor.pk if actor is not None and getattr(actor, "is_authenticated", False) else None
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = obj.pk
    if zone_id is None:
        zone_id = getattr(actor, "zone_id", None) if actor_id else None
        if zone_id is None and obj is not None:
            zone_id = getattr(obj, "zone_id", None)
    return {
        "zone_id": zone_id,
        "actor_id": actor_id,
        "actor_role": role,
        "action": action,
        "object_type": object_type,
        "object_id": str(object_id) if object_id != "" else "",
        "detail": detail,
    }


def _linked(last: tuple[int, str] | None, at: datetime, fields: dict[str, Any]) -> AuditEvent:
    """The next event of the chain after ``last`` (its seq and hash; None: the first), at
    ``at`` (read once the chain is locked, so that times follow the chain's order)."""
    seq, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS)
    event = AuditEvent(seq=seq, prev_hash=prev_hash, at=at, **fields)
    event.hash = _link(prev_hash, _canonical(event))
    return event


# Reading pages audit every look (a case, a person, a list of people), so the two statements
# that extend the chain are written once instead of compiled by Django on every request. The
# values go in as Django's own insert prepares them (field.get_db_prep_save).
_TABLE = AuditEvent._meta.db_table
_FIELDS = AuditEvent._meta.concrete_fields


def _lock_and_read_last_link() -> tuple[int, str] | None:
    """The chain's lock, then its last link (inside the caller's transaction). On PostgreSQL
    the lock and the read go to the server together (psycopg's pipeline): one round trip. The
    read still runs after the lock is held: the server runs them in order, and each statement
    sees what was committed before it started.

    First, in the same round trip, the references the transaction wrote so far are checked
    (its deferred foreign keys, which PostgreSQL would check at COMMIT): a check that must
    wait for another transaction then waits before this one holds the chain's lock, never
    while holding it (which, with the other waiting for the chain, is a deadlock)."""
    if connection.vendor != "postgresql":
        _lock_chain()
        return _last_link()
    connection.ensure_connection()
    raw = connection.connection
    with connection.cursor() as cursor:
        with connection.wrap_database_errors, raw.pipeline():
            raw.execute(b"SET CONSTRAINTS ALL IMMEDIATE", prepare=False)
            raw.execute(b"SET CONSTRAINTS ALL DEFERRED", prepare=False)
            _lock_chain()
            cursor.execute(_LAST_LINK)
        # Leaving the pipeline sent both and read their results (fetching inside it would
        # cost a round trip more).
        row = cursor.fetchone()
    return (row[0], row[1]) if row else None


# The table name comes from the model.
_LAST_LINK = (
    f"SELECT seq, hash FROM {connection.ops.quote_name(_TABLE)} "  # noqa: S608  # nosec B608
    "ORDER BY seq DESC LIMIT 1"
)


def _last_link() -> tuple[int, str] | None:
    with connection.cursor() as cursor:
        cursor.execute(_LAST_LINK)
        row = cursor.fetchone()
    return (row[0], row[1]) if row else None


def _leave_nothing_open(raw: psycopg.Connection[Any]) -> None:
    if not raw.closed:
        with contextlib.suppress(psycopg.Error):
            if raw.info.transaction_status != pq.TransactionStatus.IDLE:
                raw.rollback()
    if (
        raw.closed
        or raw.info.transaction_status != pq.TransactionStatus.IDLE
        or raw.pgconn.pipeline_status != pq.PipelineStatus.OFF
    ):
        connection.close()  # Django opens a new one when it is next asked


def _insert_statement(event: AuditEvent) -> tuple[str, list[Any]]:
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in _FIELDS)
    values = [field.get_db_prep_save(field.pre_save(event, True), connection) for field in _FIELDS]
    marks = ", ".join(["%s"] * len(values))
    # Names come from the model; every value is a parameter.
    sql = f"INSERT INTO {quote(_TABLE)} ({columns}) VALUES ({marks})"  # noqa: S608  # nosec B608
    return sql, values


def _insert(event: AuditEvent) -> None:
    with connection.cursor() as cursor:
        cursor.execute(*_insert_statement(event))
    _written(event)


def _written(event: AuditEvent) -> None:
    event._state.adding = False
    event._state.db = connection.alias


def record_bulk(events: list[dict[str, Any]]) -> int:
    """Append many events at once (bulk data such as a benchmark dataset), chained as ``record``
    would chain them one by one. Each dict holds AuditEvent fields except seq and the hashes."""
    with transaction.atomic():
        _lock_chain()
        last = AuditEvent.objects.order_by("-seq").values_list("seq", "hash").first()
        seq, prev_hash = (last[0], last[1]) if last else (0, GENESIS)
        rows = []
        for fields in events:
            seq += 1
            event = AuditEvent(seq=seq, prev_hash=prev_hash, **_committed(fields))
            event.hash = _link(prev_hash, _canonical(event))
            prev_hash = event.hash
            rows.append(event)
        AuditEvent.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_at: int | None = None
    reason: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def _in_order(batch_size: int = 2000) -> Iterator[AuditEvent]:
    after = 0
    while True:
        batch = list(AuditEvent.objects.filter(seq__gt=after).order_by("seq")[:batch_size])
        if not batch:
            return
        yield from batch
        after = batch[-1].seq


PSEUDONYMISED = "audit.events_pseudonymised"


class _Cutoffs:
    """Where each zone's events were pseudonymised, and up to when (the events of that action,
    themselves in the chain): an event may have lost its actor only if a later one of them, of
    its zone, covers its moment. Whoever could null an actor in the database (the one change
    the guard lets through) cannot hide who acted yesterday without the chain saying so."""

    def __init__(self) -> None:
        self._load()

    def _load(self) -> None:
        self.seqs: dict[int | None, list[int]] = {}
        self.latest: dict[int | None, list[datetime]] = {}
        found = AuditEvent.objects.filter(action=PSEUDONYMISED).order_by("seq")
        for seq, zone_id, detail in found.values_list("seq", "zone_id", "detail"):
            try:
                before = datetime.fromisoformat(str(detail.get("before")))
            except (AttributeError, TypeError, ValueError):
                continue
            self.seqs.setdefault(zone_id, []).append(seq)
            self.latest.setdefault(zone_id, []).append(before)
        for befores in self.latest.values():
            # From each record on, the latest moment any record from there covers.
            for i in range(len(befores) - 2, -1, -1):
                befores[i] = max(befores[i], befores[i + 1])

    def cover(self, event: AuditEvent) -> bool:
        if self._covered(event):
            return True
        # The chain is read in batches, not in one snapshot: a pseudonymisation committed since
        # the cut-offs were read is read now.
        self._load()
        return self._covered(event)

    def _covered(self, event: AuditEvent) -> bool:
        seqs = self.seqs.get(event.zone_id, [])
        later = bisect.bisect_right(seqs, event.seq)
        return later < len(seqs) and event.at < self.latest[event.zone_id][later]


def _broken(event: AuditEvent, prev_hash: str, cutoffs: _Cutoffs) -> str:
    """Why ``event`` does not hold, or "" when it does."""
    if event.prev_hash != prev_hash:
        return "it does not point at the event before it"
    pseudonymised = event.actor_id is None and bool(event.actor_digest)
    if event.seal:  # written before migration 0006: its hash covers the actor's id
        if not hmac.compare_digest(event.seal, legacy_seal(event)):
            return "its content does not match its seal"
        if not pseudonymised and not hmac.compare_digest(
            event.hash, _link(prev_hash, _canonical_v1(event))
        ):
            return "its content does not match its hash"
    elif not hmac.compare_digest(event.hash, _link(prev_hash, _canonical(event))):
        return "its content does not match its hash"
    if event.actor_id is not None:
        if not event.actor_salt or not hmac.compare_digest(
            event.actor_digest, actor_commitment(event.actor_salt, event.actor_id)
        ):
            return "its actor does not match the actor it was written with"
    elif event.actor_salt:
        return "its actor was removed without its salt"
    elif pseudonymised and not cutoffs.cover(event):
        return "its actor was removed before any pseudonymisation of its period"
    return ""


def verify_chain() -> ChainReport:
    """Recompute the whole chain and name the first event that does not link up."""
    cutoffs = _Cutoffs()
    expected_seq, prev_hash, checked = 1, GENESIS, 0
    for event in _in_order():
        if event.seq != expected_seq:
            return ChainReport(checked, expected_seq, f"event #{expected_seq} is missing")
        reason = _broken(event, prev_hash, cutoffs)
        if reason:
            return ChainReport(checked, event.seq, reason)
        checked += 1
        expected_seq, prev_hash = event.seq + 1, event.hash
    return ChainReport(checked)
