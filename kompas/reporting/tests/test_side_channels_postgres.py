"""The attacker with SQL access to PostgreSQL, the day after: system columns and physical order.

Every row version carries the transaction that wrote it (``xmin``) and the last one that deleted,
updated or locked it (``xmax``; a foreign key check locks the row it points to, and that stays
after the commit). Transaction numbers rise in the order transactions start: a row whose number
lies between two sign-ins' was written or locked between them. And rows lie in the table's
file, as ``ctid`` and a dump show them, in the order they were written. A day of the zone is
played with each request committing on its own, as in production; after ``kompas end-of-day`` the
attacker reads every tuple of every table, dead ones included (``pageinspect``, as a
superuser would), looking for a reporter's transaction. Threat model: reporting/README.md.
"""

from __future__ import annotations

import io
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from PIL import Image

from kompas.accounts.roles import Role
from kompas.lib import clock
from kompas.reporting import crypto
from kompas.reporting.forms import main_services
from kompas.reporting.models import Attachment, Grant, Message, Notice, Report, Task
from kompas.reporting.tests.conftest import (
    public_report_form,
    receipt_of,
    report_form,
    signed_in_handler,
)
from kompas.reporting.tests.test_side_channels import _signs_in
from kompas.testing import make_person

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="xmin, xmax, ctid: PostgreSQL's"),
    # Each request commits on its own, as in production.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

XIDS = 2**32  # xmin and xmax are transaction numbers modulo 2**32


def _query(sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall()) if cursor.description else []


def _next_xid() -> int:
    """The number the next transaction will get (every one finished so far has a lower one)."""
    return int(_query("SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint")[0][0])


@dataclass
class Day:
    """What the attacker looks for: the transactions of each reporter's (and each first-day
    handler's) request, and the order rows of the random-key tables were written in."""

    hidden: list[range] = field(default_factory=list)
    nights: list[range] = field(default_factory=list)
    before: dict[type[Any], set[int]] = field(default_factory=dict)
    written: dict[type[Any], list[int]] = field(default_factory=dict)

    def step(self, act: Callable[[], object]) -> None:
        """A reporter's request (or a first-day handler's): its transactions must not be found
        again."""
        before = _next_xid()
        act()
        self.hidden.append(range(before, _next_xid()))
        for model in RANDOM_KEYS:
            seen = self.written.setdefault(model, [])
            known = set(seen) | self.before.setdefault(model, set())
            seen.extend(pk for pk in _in_file_order(model) if pk not in known)

    def start(self) -> None:
        """The day begins: the rows there already are not the day's."""
        self.before = {model: set(_in_file_order(model)) for model in RANDOM_KEYS}

    def in_file_order(self, model: type[Any]) -> list[int]:
        """The day's rows of the table, in the order they lie in its file."""
        return [pk for pk in _in_file_order(model) if pk not in self.before[model]]

    def night_of(self, xid: int) -> int | None:
        """Which night's run wrote ``xid`` (0: the one before the day), if any."""
        return next((n for n, xids in enumerate(self.nights) if xid in _xids(xids)), None)

    def close(self) -> None:
        """`kompas end-of-day`, the night after."""
        before = _next_xid()
        call_command("end_of_day")
        self.nights.append(range(before, _next_xid()))

    def is_hidden(self, xid: int) -> bool:
        return any(xid in _xids(xids) for xids in self.hidden)


def _xids(numbers: range) -> set[int]:
    return {number % XIDS for number in numbers}


RANDOM_KEYS = (Report, Grant, Message, Attachment, Task, Notice)
# The rows about reports, and the rows that writing them locks.
REWRITTEN = (
    *(model._meta.db_table for model in RANDOM_KEYS),
    "reporting_report_services",
    "accounts_zone",
    "accounts_service",
    "accounts_person",
    "reporting_handlerkey",
)


def _in_file_order(model: type[Any]) -> list[int]:
    table = model._meta.db_table
    return [row[0] for row in _query(f"SELECT id FROM {table} ORDER BY ctid")]  # noqa: S608  # nosec B608


def _photo(n: int) -> io.BytesIO:
    photo = io.BytesIO()
    Image.new("RGB", (8, 8), (n * 20, 0, 0)).save(photo, "PNG")
    photo.seek(0)
    photo.name = f"foto{n}.png"
    return photo


def _answers(data: dict[str, Any], body: str) -> None:
    """The reporter follows up with their receipt and writes."""
    browser = Client()
    browser.post(reverse("reporting:follow_up"), {"receipt": receipt_of(data)})
    response = browser.post(reverse("reporting:follow_up_case"), {"body": body})
    assert response.status_code == 302  # written, then shown again


def _a_day(personas: Any, monkeypatch: Any) -> Day:
    """Ten days ago a citizen reported. Today members sign in (timed: the audit chain has them
    to the millisecond) between anonymous and confidential reports, some naming services, each
    with a photo, some followed up; the citizen of ten days ago answers; a handler takes up
    today's cases (what a handler does to a case on its first day would say it was filed
    before)."""
    services = list(main_services(personas.zone).values_list("pk", flat=True))
    real_now = clock.now
    monkeypatch.setattr(clock, "now", lambda: real_now() - timedelta(days=10))
    earlier = public_report_form(personas.zone, kind="complaint", identity_mode="anonymous")
    Client().post(reverse("reporting:public", args=[personas.zone.code]), earlier)
    day = Day()
    monkeypatch.setattr(clock, "now", lambda: real_now() - timedelta(days=9))
    day.close()
    monkeypatch.setattr(clock, "now", real_now)
    day.start()
    members = [
        make_person(personas.zone, service=personas.team, first_name=f"Lid{n}") for n in range(4)
    ]
    oversight = personas[Role.OVERSIGHT]
    handler = signed_in_handler(oversight)
    public = reverse("reporting:public", args=[personas.zone.code])

    for n in range(10):
        member = members[n % len(members)]
        if n % 3 == 0:
            _signs_in(personas.member)
        data = report_form(
            identity_mode=["anonymous", "confidential"][n % 2],
            kind=["breach", "complaint"][n % 2],
            services=services[: n % 3],
            attachments=_photo(n),
        )
        if n in (2, 3):  # long enough to be kept apart, in the TOAST table
            data["what"] = secrets.token_urlsafe(3000)
        if n % 2:
            data["receipt_token"] = public_report_form(personas.zone)["receipt_token"]
            _signs_in(member)
            day.step(partial(Client().post, public, data))
        else:
            browser = _signs_in(member)
            day.step(partial(browser.post, reverse("reporting:new"), data))
        assert Report.objects.filter(
            receipt_lookup=crypto.receipt_lookup(receipt_of(data))
        ).exists()
        if n % 4 == 1:
            day.step(partial(_answers, data, "Nog een detail."))
        if n == 5:
            day.step(partial(_answers, earlier, "Het gebeurde weer."))
    for number in Report.objects.filter(received_on=clock.today()).values_list("number", flat=True):
        write = {"body": "Dank u, we bekijken het.", "internal": "0"}
        day.step(partial(handler.post, reverse("reporting:case_write", args=[number]), write))
        task = {"title": "Feiten nagaan", "due_on": "2030-01-15", "assignee": oversight.pk}
        day.step(partial(handler.post, reverse("reporting:case_task", args=[number]), task))
    _signs_in(personas.member)  # the day goes on
    return day


def _tables() -> list[str]:
    """Every table of the database that is not PostgreSQL's own, with the TOAST table that
    holds its long values."""
    return [
        row[0]
        for row in _query(
            """
            SELECT c.oid::regclass::text FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
            UNION
            SELECT c.reltoastrelid::regclass::text FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'm') AND c.reltoastrelid <> 0
              AND n.nspname NOT IN ('pg_catalog', 'information_schema')
            """
        )
    ]


def _toast_of(table: str) -> list[str]:
    """The table that keeps the table's long values apart, if it has one."""
    sql = "SELECT reltoastrelid::regclass::text FROM pg_class WHERE relname = %s AND reltoastrelid <> 0"
    return [row[0] for row in _query(sql, [table])]


def _tuples(table: str) -> list[tuple[int, int, bool]]:
    """(xmin, xmax, xmax is a multixact) of every tuple in the table's pages, live or dead."""
    return [
        (row[0], row[1], row[2])
        for row in _query(
            """
            SELECT t_xmin::text::bigint, t_xmax::text::bigint, (t_infomask & 4096) <> 0
            FROM generate_series(
                0, (pg_relation_size(%s::regclass) / current_setting('block_size')::int)::int - 1
            ) AS page, LATERAL heap_page_items(get_raw_page(%s, page)) AS item
            WHERE item.lp_flags = 1
            """,
            [table, table],
        )
    ]


def test_after_end_of_day_no_tuple_of_any_table_carries_a_reporters_transaction(
    personas, handlers, monkeypatch
) -> None:
    day = _a_day(personas, monkeypatch)
    _query("CREATE EXTENSION IF NOT EXISTS pageinspect")
    # During the day the rows are as written: the channel is there to close.
    assert any(
        day.is_hidden(xmin) or (day.is_hidden(xmax) and not multi)
        for table in _tables()
        for xmin, xmax, multi in _tuples(table)
    )
    tomorrow = clock.now() + timedelta(days=1)
    monkeypatch.setattr(clock, "now", lambda: tomorrow)
    day.close()

    found = {
        (table, xid)
        for table in _tables()
        for xmin, xmax, multi in _tuples(table)
        for xid in ((xmin, xmax) if not multi else (xmin,))
        if day.is_hidden(xid)
    }
    assert not found, sorted({table for table, _ in found})
    # Every row about a report, and every row its writing locked, is a night's: written by
    # end-of-day, locked by nothing. Long values kept apart too.
    (long_values,) = _toast_of("reporting_report")
    assert _query(f"SELECT count(*) FROM {long_values}")[0][0] > 0  # noqa: S608  # nosec B608
    toasts = [toast for table in REWRITTEN for toast in _toast_of(table)]
    for table in (*REWRITTEN, *toasts):
        for xmin, xmax in _query(
            f"SELECT xmin::text::bigint, xmax::text::bigint FROM {table}"  # noqa: S608  # nosec B608
        ):
            assert day.night_of(xmin) is not None and xmax == 0, table
    # Tonight's run rewrote what was written or locked since the last one, whatever its day,
    # and left alone what was not (a person who did nothing).
    (outsider,) = _query(
        "SELECT xmin::text::bigint FROM accounts_person WHERE id = %s", [personas.outsider.pk]
    )
    assert day.night_of(outsider[0]) == 0


def test_after_end_of_day_rows_no_longer_lie_in_the_order_they_were_written(
    personas, handlers, monkeypatch
) -> None:
    day = _a_day(personas, monkeypatch)
    for model in RANDOM_KEYS:
        # As written: the file's order is the order of creation.
        assert len(day.written[model]) >= 8, model
        assert day.in_file_order(model) == day.written[model], model
    tomorrow = clock.now() + timedelta(days=1)
    monkeypatch.setattr(clock, "now", lambda: tomorrow)
    day.close()
    for model in RANDOM_KEYS:
        in_file = day.in_file_order(model)
        assert sorted(in_file) == sorted(day.written[model]), model
        # At least 8 rows each: one chance in 40,320 that a table keeps its order by luck.
        assert in_file != day.written[model], model


def test_each_night_rewrites_only_what_changed_unless_the_record_is_from_another_cluster(
    personas, handlers, capsys
) -> None:
    from kompas.audit.services import record

    Client().post(
        reverse("reporting:public", args=[personas.zone.code]),
        public_report_form(personas.zone, kind="complaint"),
    )
    every_row = sum(
        _query(f"SELECT count(*) FROM {table}")[0][0]  # noqa: S608  # nosec B608
        for table in REWRITTEN
    )

    def rewritten() -> int:
        call_command("end_of_day")
        return int(capsys.readouterr().out.split(" row(s)")[0].split()[-1])

    assert rewritten() == every_row  # the first night
    assert rewritten() == 0  # nothing was written or locked since
    # A restore into another cluster brings the last record along, whose numbers would tell it
    # that nothing changed: they mean nothing there.
    elsewhere = _next_xid() - 1
    record(
        "reporting.days_closed",
        detail={"cluster": "1", "xid": elsewhere, "oldest_open": elsewhere},
    )
    assert rewritten() == every_row


def test_a_table_held_by_a_long_request_is_left_for_the_next_night(
    personas, handlers, capsys, monkeypatch
) -> None:
    import psycopg

    from kompas.reporting import endofday

    monkeypatch.setattr(endofday, "LOCK_WAIT", "200ms")
    Client().post(
        reverse("reporting:public", args=[personas.zone.code]),
        public_report_form(personas.zone, kind="complaint"),
    )
    db = connection.settings_dict
    with psycopg.connect(
        host=db["HOST"], port=db["PORT"], user=db["USER"], dbname=db["NAME"]
    ) as reader:
        reader.execute("SELECT count(*) FROM reporting_grant")  # its transaction stays open
        call_command("end_of_day")
    captured = capsys.readouterr()
    assert "left in the order they were written: reporting_grant " in captured.err
    assert "reporting_message" not in captured.err
    assert "held event(s) chained" in captured.out
