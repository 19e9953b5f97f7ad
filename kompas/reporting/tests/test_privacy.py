"""What a thief of the database learns, and what an anonymous reporter leaves behind: nothing."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kompas.accounts.roles import Role
from kompas.reporting.tests.conftest import (
    public_report_form,
    receipt_of,
    report_form,
    signed_in_handler,
)
from kompas.testing import end_of_day, sign_in

pytestmark = pytest.mark.django_db

SECRET_TEXT = "Brigadier X verkocht bewijsstukken uit de kluis aan een garagist"
SECRET_ANSWER = "De garagist heet Zwartmans en woont in de Kerkstraat"
SECRET_NOTE = "Interne notitie: tuchtoverheid inlichten"


def everything_stored() -> list[bytes]:
    """Every value in every table, as bytes, the way a dump of the database would show it."""
    values: list[bytes] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                for value in row:
                    if value is None:
                        continue
                    if isinstance(value, memoryview | bytes | bytearray):
                        values.append(bytes(value))
                    else:
                        values.append(str(value).encode())
    return values


def sqlite_dump(tmp_path: Path) -> bytes | None:
    """On SQLite, a full SQL dump of the database (blobs appear as hex)."""
    if connection.vendor != "sqlite":
        return None
    connection.ensure_connection()
    target = tmp_path / "dump.sql"
    target.write_text("\n".join(connection.connection.iterdump()), encoding="utf-8")
    return target.read_bytes()


def test_a_stolen_database_reveals_no_report_text_and_no_reporter(
    personas, handlers, tmp_path
) -> None:
    member = personas.member
    staff = Client()
    sign_in(staff, member)
    staff.post(reverse("reporting:new"), report_form(what=SECRET_TEXT, identity_mode="named"))
    citizen = Client()
    citizen_data = public_report_form(
        personas.zone,
        kind="complaint",
        what=SECRET_TEXT + " (burger)",
        contact_email="getuige.burger@example.test",
    )
    citizen.post(reverse("reporting:public", args=[personas.zone.code]), citizen_data)

    from kompas.reporting.models import Report

    handler = signed_in_handler(personas[Role.OVERSIGHT])
    for report in Report.objects.all():
        write = reverse("reporting:case_write", args=[report.number])
        handler.post(write, {"body": SECRET_NOTE, "internal": "1"})
        handler.post(write, {"body": "Vraag aan de melder", "internal": "0"})
    reporter = Client()
    reporter.post(reverse("reporting:follow_up"), {"receipt": receipt_of(citizen_data)})
    reporter.post(reverse("reporting:follow_up_case"), {"body": SECRET_ANSWER})
    assert Report.objects.count() == 2

    needles = [
        SECRET_TEXT.encode(),
        SECRET_ANSWER.encode(),
        SECRET_NOTE.encode(),
        b"getuige.burger@example.test",
        b"Zwartmans",
        receipt_of(citizen_data).encode(),
    ]
    stored = everything_stored()
    for needle in needles:
        assert not any(needle in value for value in stored), needle
    dump = sqlite_dump(tmp_path)
    if dump is not None:
        for needle in needles:
            assert needle not in dump, needle
            assert needle.hex().upper().encode() not in dump.upper(), needle
    # A named reporter's identity is in no readable column either, even linked to a report.
    from kompas.audit.models import AuditEvent

    end_of_day()
    intake = AuditEvent.objects.filter(action="reporting.report_received")
    assert intake.exists()
    assert all(event.actor_id is None for event in intake)


def test_an_anonymous_reporter_leaves_no_address_and_no_browser_anywhere(
    personas, handlers, caplog
) -> None:
    address, agent = "203.0.113.77", "ReporterBrowser/9.9 (Unique)"
    caplog.set_level(logging.DEBUG)
    citizen = Client(REMOTE_ADDR=address, HTTP_USER_AGENT=agent, HTTP_X_FORWARDED_FOR=address)
    url = reverse("reporting:public", args=[personas.zone.code])
    citizen.get(url)
    data = public_report_form(personas.zone, kind="complaint")
    citizen.post(url, data)
    citizen.post(url, data)  # and a retry
    citizen.post(reverse("reporting:follow_up"), {"receipt": "WRON-GREC-EIPT-0000-0000"})
    citizen.post(reverse("reporting:follow_up"), {"receipt": receipt_of(data)})
    citizen.post(reverse("reporting:follow_up_case"), {"body": "Nog iets."})
    citizen.get(reverse("reporting:follow_up_case"))

    stored = everything_stored()
    for needle in (address.encode(), b"ReporterBrowser"):
        assert not any(needle in value for value in stored), needle
    assert address not in caplog.text
    assert "ReporterBrowser" not in caplog.text
    from django.conf import settings
    from django.contrib.sessions.models import Session

    # No server-side session for the reporter: no row, and no key to keep anything in the cache.
    assert Session.objects.count() == 0
    assert settings.SESSION_COOKIE_NAME not in citizen.cookies


def test_reporter_acts_are_recorded_by_the_day_only(personas, handlers) -> None:
    from kompas.audit.models import AuditEvent
    from kompas.reporting.models import Message

    citizen = Client()
    data = public_report_form(personas.zone, kind="complaint")
    citizen.post(reverse("reporting:public", args=[personas.zone.code]), data)
    citizen.post(reverse("reporting:follow_up"), {"receipt": receipt_of(data)})
    citizen.post(reverse("reporting:follow_up_case"), {"body": "Aanvulling."})
    end_of_day()
    events = AuditEvent.objects.filter(
        action__in=["reporting.report_received", "reporting.reporter_wrote"]
    )
    assert events.count() == 2
    for event in events:
        at = timezone.localtime(event.at)
        assert (at.hour, at.minute, at.second, at.microsecond) == (
            0,
            0,
            0,
            0,
        )
    assert Message.objects.get().created_on is not None
