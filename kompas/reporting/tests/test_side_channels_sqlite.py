"""The attacker with a copy of the SQLite file: the order rows were written in, and rows deleted.

SQLite keeps a hidden rowid, numbered 1, 2, 3 in the order rows were written, for every table
whose key is not declared INTEGER; rows lie in the file in rowid order. And a deleted row stays in
a free page until that page is used again. Threat model: reporting/README.md, "Side channels".
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from kompas.audit.models import HeldEvent
from kompas.audit.services import record
from kompas.reporting.models import Notice
from kompas.reporting.tests.conftest import public_report_form

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's rowid and free pages"),
]


def _rowids_and_keys(table: str) -> list[tuple[int, int]]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT rowid, id FROM {table} ORDER BY rowid")  # noqa: S608  # nosec B608
        return [(row[0], row[1]) for row in cursor.fetchall()]


def test_rows_about_reports_lie_in_the_file_in_the_order_of_their_random_keys(
    personas, handlers
) -> None:
    for n in range(8):
        record("test.reporter_act", zone_id=personas.zone.pk, held=True, detail={"n": n})
    for _ in range(3):
        data = public_report_form(personas.zone, kind="complaint", identity_mode="anonymous")
        Client().post(reverse("reporting:public", args=[personas.zone.code]), data)
    assert HeldEvent.objects.count() >= 8 and Notice.objects.exists()
    tables = (
        "audit_heldevent",
        "reporting_notice",
        "reporting_report",
        "reporting_grant",
    )
    for table in tables:
        rows = _rowids_and_keys(table)
        assert rows, table
        # The rowid is the key itself: nothing numbers the rows in the order they came.
        assert all(rowid == key for rowid, key in rows), table
    acts = HeldEvent.objects.filter(action="test.reporter_act").order_by("pk")
    written = [event.detail["n"] for event in acts]
    assert written != list(range(8))  # one chance in 40,320 to fail by luck


def test_the_connection_overwrites_what_is_deleted() -> None:
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA secure_delete")
        assert cursor.fetchone()[0] == 1


# A server process on SQLite: it holds an event, deletes it as end-of-day does once the event is
# chained, and hands the file back to SQLite's main database file (a checkpoint of the WAL).
_SERVER = """
import django
django.setup()
from django.core.management import call_command
from django.db import connection
call_command("migrate", "audit", verbosity=0)
from kompas.audit.models import HeldEvent
HeldEvent.objects.create(day="2026-12-07", action="test.marker-7Q4ZK", detail={"x": "y" * 3000})
HeldEvent.objects.all().delete()
with connection.cursor() as cursor:
    cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
"""


def test_a_deleted_held_event_leaves_nothing_in_the_file(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "KOMPAS_DATA_DIR": str(tmp_path),
        "KOMPAS_DATABASE_URL": f"sqlite:///{tmp_path / 'kompas.sqlite3'}",
        "KOMPAS_HTTPS": "false",
        "DJANGO_SETTINGS_MODULE": "kompas.settings",
    }
    subprocess.run([sys.executable, "-c", _SERVER], env=env, check=True, capture_output=True)
    written = b"".join(path.read_bytes() for path in tmp_path.glob("kompas.sqlite3*"))
    assert b"audit_heldevent" in written  # the table is there
    assert b"marker-7Q4ZK" not in written and b"y" * 100 not in written
