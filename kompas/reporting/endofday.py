"""What runs once a day is over (`kompas end-of-day`, daily after midnight): nothing written
while reports came in may still place them in time.

- The held audit events of the days before (reporters' acts, and everything that happened to a
  report on the day it was received) join the chain in random order, dated by their day
  (`kompas.audit.services.release_held`).
- On PostgreSQL, in the same transaction, the rows about reports are rewritten, and the rows
  that writing them locks. Each row version carries the number of the transaction that wrote it
  (the system column ``xmin``) and of the last one that locked it (``xmax``: a foreign key check
  locks the row it points to, and the lock stays in the row after the commit). These numbers
  rise with time: a row written or locked between two sign-ins has a number between theirs.
  Rewritten, each row has the batch's number and no lock; long values kept apart (TOAST) are
  written anew too. Every row written or locked since the last run is rewritten, whatever its
  date (a follow-up locks a report received months ago): the run records its transaction in
  the audit chain (``reporting.days_closed``), and the next one rewrites what is newer or
  locked. The first run, or one that cannot trust the record (a restore into another
  cluster), rewrites every row.
- Before that transaction the tables with random keys are put in the order of their keys
  (``CLUSTER``): rows lie in a table's file, as ``ctid`` and a dump show them, in the order they
  were written. The rewrite then goes through them in that random order. After it, ``VACUUM``
  removes the old versions, which still carry the old numbers.
- The encrypted files of the last ``DAYS_BACK`` days are rewritten to new inodes
  (`files.restamp`): a file's change time (ctime) cannot be set, so each becomes the night's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import OperationalError, connection, models, transaction
from psycopg.errors import LockNotAvailable

from kompas.accounts.models import Person, Service, Zone
from kompas.audit.models import AuditEvent, HeldEvent
from kompas.audit.services import DetailValue, record, release_held
from kompas.lib.ids import random_key
from kompas.reporting.files import restamp
from kompas.reporting.models import (
    Attachment,
    CaseLink,
    CaseTag,
    CaseTagging,
    Grant,
    HandlerKey,
    Meeting,
    Message,
    Notice,
    PersonConcerned,
    Report,
    RevealRequest,
    Task,
)

DAYS_BACK = 7
# The rows about reports.
ABOUT_REPORTS: tuple[type[models.Model], ...] = (
    Report,
    Report.services.through,
    Grant,
    Message,
    Attachment,
    Task,
    RevealRequest,
    Meeting,
    PersonConcerned,
    Notice,
    # The handlers' filing: a tag or a link put on a case on its first day dates the case.
    CaseTag,
    CaseTagging,
    CaseLink,
)
# The rows that writing about a report locks (its foreign keys). Services come last: rewriting
# them changes the organisation stamp, whose trigger takes the audit chain's lock, which every
# writer takes after its own rows (so the batch and a request cannot wait on each other).
LOCKED_BY_REPORTS: tuple[type[models.Model], ...] = (Zone, Person, HandlerKey, Service)
# How long CLUSTER may wait for a table that a long request is reading; it then leaves the
# table as it is until the next night (waiting longer would hold every request behind it).
LOCK_WAIT = "10s"
CLOSED = "reporting.days_closed"
XIDS = 2**32  # xmin and xmax hold transaction numbers modulo 2**32


@dataclass(frozen=True)
class Since:
    """The last run: its transaction, and the oldest transaction that was still open when it
    started (every older one had ended, and the run saw what it wrote)."""

    xid: int
    oldest_open: int


@dataclass(frozen=True)
class DayClosed:
    events: int
    rows: int
    files: int
    # PostgreSQL: the tables whose rows were not put in random order tonight, and whether the
    # old row versions were left unvacuumed (both, inside a caller's transaction).
    not_reordered: tuple[str, ...] = ()
    not_vacuumed: bool = False


def close_days(today: date) -> DayClosed:
    """Close every day before ``today``. On PostgreSQL CLUSTER and VACUUM run in no transaction:
    called inside one (a test's), the rows are rewritten but neither reordered nor vacuumed."""
    on_postgresql = connection.vendor == "postgresql"
    alone = on_postgresql and not connection.in_atomic_block
    not_reordered: tuple[str, ...] = ()
    if alone:
        not_reordered = _put_in_key_order()
    elif on_postgresql:
        not_reordered = _random_key_tables()
    files_since = today - timedelta(days=DAYS_BACK)
    with transaction.atomic():
        rows, run = _rewrite_all() if on_postgresql else (0, {})
        # After the rows: the audit chain's lock comes last, as in every writer.
        events = release_held(before=today)
        record(CLOSED, detail={"events": events, "rows": rows, **run})
        attachments = Attachment.objects.filter(created_on__gte=files_since, created_on__lt=today)
        stored = list(attachments.values_list("stored_name", flat=True))
    if alone:
        _vacuum()
    files = 0
    for stored_name in stored:
        try:
            restamp(stored_name)
        except FileNotFoundError:
            continue  # purged meanwhile
        files += 1
    return DayClosed(events, rows, files, not_reordered, not_vacuumed=on_postgresql and not alone)


def commit_times_kept() -> bool:
    """Whether PostgreSQL keeps the moment each transaction committed (``track_commit_timestamp``):
    it would give the moment of every row written during the day until end-of-day rewrites it,
    and of every transaction for as long as it keeps them. It must stay off."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SHOW track_commit_timestamp")
        row = cursor.fetchone()
    return row is not None and row[0] == "on"


def _rewrite_all() -> tuple[int, dict[str, DetailValue]]:
    """Rewrite what was written or locked since the last run (every row the first time); says
    how many, and what the next run needs to know of this one (`Since`)."""
    last = _last_run()
    oldest_open = _value("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint")
    rows = sum(_rewrite(model, last) for model in ABOUT_REPORTS + LOCKED_BY_REPORTS)
    xid = _value("SELECT pg_current_xact_id()::text::bigint")
    return rows, {"cluster": _cluster(), "xid": xid, "oldest_open": oldest_open}


def _last_run() -> Since | None:
    """The last run as it recorded itself, if it ran on this cluster (a restore into another
    one brings a record whose numbers mean nothing there)."""
    detail = (
        AuditEvent.objects.filter(action=CLOSED)
        .order_by("-seq")
        .values_list("detail", flat=True)
        .first()
    )
    if not detail or detail.get("cluster") != _cluster():
        return None
    next_xid = _value("SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint")
    if not detail["oldest_open"] <= detail["xid"] < next_xid:
        return None
    return Since(xid=detail["xid"], oldest_open=detail["oldest_open"])


def _cluster() -> str:
    """The PostgreSQL cluster's own identifier, made when it was created."""
    return str(_value("SELECT system_identifier FROM pg_control_system()"))


def _value(query: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(query)
        row = cursor.fetchone()
    assert row is not None
    return int(row[0])


def _rewrite(model: type[models.Model], since: Since | None) -> int:
    """A new version of the rows of the model's table (PostgreSQL): all of them, or, after a
    run, those locked since (``xmax`` set) or written since (``xmin`` neither that run's nor
    older than every transaction open when it started). Binary columns are set to a copy of
    themselves: a long value kept apart in the TOAST table is otherwise carried over as the
    first version wrote it; a table without them has its key set to itself."""
    meta = model._meta
    quote = connection.ops.quote_name
    binary = [f.column for f in meta.concrete_fields if isinstance(f, models.BinaryField)]
    assert meta.pk is not None
    assignments = [f"{quote(column)} = {quote(column)} || ''::bytea" for column in binary] or [
        f"{quote(meta.pk.column)} = {quote(meta.pk.column)}"
    ]
    # Only names from the models go into the statement.
    statement = f"UPDATE {quote(meta.db_table)} SET {', '.join(assignments)}"  # noqa: S608  # nosec B608
    params: list[str] = []
    if since is not None:
        # age() counts back from now, across the wrap-around of the 32-bit numbers.
        statement += (
            " WHERE xmax <> '0'::xid OR (xmin <> %s::text::xid AND age(xmin) <= age(%s::text::xid))"
        )
        params = [str(since.xid % XIDS), str(since.oldest_open % XIDS)]
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.rowcount


def _random_key_tables() -> tuple[str, ...]:
    return tuple(
        model._meta.db_table
        for model in ABOUT_REPORTS
        if model._meta.pk is not None and model._meta.pk.default is random_key
    )


def _put_in_key_order() -> tuple[str, ...]:
    """CLUSTER every table about reports whose keys are random on its primary key; returns the
    tables whose lock did not come within LOCK_WAIT."""
    left = []
    _run_alone(f"SET lock_timeout = '{LOCK_WAIT}'")
    try:
        for table in _random_key_tables():
            index = _primary_key_index(table)
            try:
                _run_alone(f"CLUSTER {_quoted(table)} USING {_quoted(index)}")
            except OperationalError as error:
                if not isinstance(error.__cause__, LockNotAvailable):
                    raise
                left.append(table)
    finally:
        _run_alone("RESET lock_timeout")
    return tuple(left)


def _vacuum() -> None:
    vacuumed: tuple[type[models.Model], ...] = (*ABOUT_REPORTS, *LOCKED_BY_REPORTS, HeldEvent)
    tables = [model._meta.db_table for model in vacuumed]
    _run_alone(f"VACUUM {', '.join(_quoted(table) for table in tables)}")


def _primary_key_index(table: str) -> str:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return next(name for name, info in constraints.items() if info["primary_key"])


def _quoted(name: str) -> str:
    return connection.ops.quote_name(name)


def _run_alone(statement: str) -> None:
    """A statement that PostgreSQL runs outside any transaction (CLUSTER, VACUUM), never
    prepared (psycopg prepares a statement run often enough on one connection)."""
    connection.ensure_connection()
    with connection.wrap_database_errors:
        connection.connection.execute(statement.encode(), prepare=False)
