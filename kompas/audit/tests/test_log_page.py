"""The audit log page: the zone's events, newest first, for those who may read it."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kompas.accounts.roles import Role
from kompas.audit.models import AuditEvent
from kompas.audit.services import record
from kompas.testing import assert_written, sign_in

pytestmark = pytest.mark.django_db


def stored(at: datetime, action: str, zone_id: int) -> None:
    """An event as the chain stores it (its links are not what this page shows)."""
    last = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    AuditEvent.objects.create(
        seq=last + 1, at=at, zone_id=zone_id, action=action, prev_hash="0" * 64, hash="0" * 64
    )


def shown_when(html: str, action: str) -> str:
    row = re.search(rf"<tr><td>\d+</td><td>([^<]*)</td>.*?<code>{re.escape(action)}</code>", html)
    assert row is not None, action
    return row.group(1)


def test_an_event_recorded_with_its_day_only_shows_no_time(client: Client, personas) -> None:
    zone_id = personas.zone.pk
    # Midnight in UTC (01:00 in Brussels in March), and the zone's own midnight.
    stored(datetime(2026, 3, 14, tzinfo=UTC), "reporting.report_received", zone_id)
    stored(timezone.make_aware(datetime(2026, 3, 15)), "reporting.follow_up_read", zone_id)
    # A timed event keeps its time, at one in the morning too.
    stored(timezone.make_aware(datetime(2026, 3, 16, 1, 0, 0, 1000)), "test.timed", zone_id)
    sign_in(client, personas[Role.INTEGRITY_OFFICER])
    html = client.get(reverse("audit:log")).content.decode()
    assert shown_when(html, "reporting.report_received") == "14/03/2026"
    assert shown_when(html, "reporting.follow_up_read") == "15/03/2026"
    assert shown_when(html, "test.timed") == "16/03/2026 01:00"


def test_an_event_recorded_now_shows_its_moment(client: Client, personas) -> None:
    record("test.now", actor=personas.member)
    sign_in(client, personas[Role.ADMIN])
    html = client.get(reverse("audit:log")).content.decode()
    assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", shown_when(html, "test.now"))


@pytest.mark.parametrize("role", [Role.HR, Role.CHIEF, "member"])
def test_nobody_else_reads_the_log(client: Client, personas, role) -> None:
    sign_in(client, personas.member if role == "member" else personas[role])
    assert client.get(reverse("audit:log")).status_code == 403


def test_an_anonymous_visitor_is_sent_to_sign_in(client: Client, personas) -> None:
    response = client.get(reverse("audit:log"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_the_log_without_case_events_is_read_by_its_own_index_on_postgresql(personas) -> None:
    """On a busy channel most events are about cases: the log as everyone but the integrity
    officer reads it then walks its own partial index instead of the whole table (measured on
    the national bench: 33 ms by a scan, 0.5 ms by the index)."""
    from django.db import connection

    from kompas.audit.models import CASE_EVENTS
    from kompas.audit.views import _shown

    if connection.vendor != "postgresql":
        pytest.skip("the planner's choice is PostgreSQL's")
    zone_id = personas.zone.pk
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a test table is too small to tell
        events = AuditEvent.objects.filter(zone_id=zone_id).exclude(object_type__in=CASE_EVENTS)
        plan = _shown(events, zone_id)[:51].explain()
    assert "audit_zone_seq_no_cases" in plan


def test_htmx_gets_the_events_table_alone(client: Client, personas) -> None:
    """A filter or page asked by htmx gets the table (and its pages), not the whole page."""
    record("test.filtered", actor=personas.member)
    record("other.kept_out", actor=personas.member)
    sign_in(client, personas[Role.INTEGRITY_OFFICER])
    url = reverse("audit:log")
    answer = client.get(url, {"action": "test."}, HTTP_HX_REQUEST="true").content.decode()
    assert answer.lstrip().startswith('<table id="events">') and "<html" not in answer
    assert "<code>test.filtered</code>" in answer and "other.kept_out" not in answer
    page = client.get(url).content.decode()
    assert '<table id="events">' in page and "<code>other.kept_out</code>" in page
    assert_written(answer, "htmx")
    assert_written(page, "page")
