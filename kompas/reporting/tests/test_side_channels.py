"""The attacker with a copy of the database: nothing around a report places it within its day.

Each test plays someone who cannot read a report but has the tables (and the files): they try to
tell who filed an anonymous or confidential report from the order of the audit chain, from ids
that line up across tables, from the reporter's session row, or from PostgreSQL's own row
versions. Threat model: reporting/README.md, "Side channels".
"""

from __future__ import annotations

import os
import time
from datetime import datetime, timedelta
from datetime import time as dt_time
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kompas.accounts.roles import Role
from kompas.audit.models import AuditEvent, HeldEvent
from kompas.audit.services import release_held, verify_chain
from kompas.lib import clock
from kompas.reporting.models import Attachment, Grant, Message, Report, RevealRequest, Task
from kompas.reporting.tests.conftest import (
    audit_page,
    public_report_form,
    receipt_of,
    register_page,
    report_form,
    signed_in_handler,
)
from kompas.testing import PASSWORD, end_of_day, make_person, session_row, sign_in

pytestmark = pytest.mark.django_db

REPORT = "reporting.report"


def _signs_in(person: Any) -> Client:
    """A member signs in through the real form (the chain records it, to the millisecond)."""
    browser = Client()
    response = browser.post(
        reverse("accounts:login"), {"username": person.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    return browser


def _gift(browser: Client, n: int) -> None:
    response = browser.post(
        reverse("registers:gift_new"),
        {
            "token": f"declaration-token-{n:04d}",
            "kind": "gift",
            "description": "Doos pralines",
            "giver_name": "Garage Janssens",
            "giver_type": "organisation",
            "value": "15",
            "given_on": "2026-11-20",
            "return_favour": "no",
            "normal": "yes",
            "perishable": "on",
        },
    )
    assert response.status_code == 302


def _at_midnight(event: AuditEvent) -> bool:
    local = timezone.localtime(event.at)
    return (local.hour, local.minute, local.second, local.microsecond) == (0, 0, 0, 0)


def _a_day_of_the_zone(personas: Any) -> dict[int, int]:
    """Members sign in, declare gifts and report (anonymously or confidentially, each signing
    in just before), citizens report, a handler opens and answers the cases, a reporter answers
    back. Returns each report's id with the member who filed it (0: a citizen)."""
    reporters = [
        make_person(personas.zone, service=personas.team, first_name=f"Lid{n}") for n in range(4)
    ]
    filed: dict[int, int] = {}
    modes = ["anonymous", "confidential", "anonymous", "confidential"]
    for n, (member, mode) in enumerate(zip(reporters, modes, strict=True)):
        _gift(_signs_in(personas.member), n)  # somebody else's timed act
        browser = _signs_in(member)
        data = report_form(identity_mode=mode, kind=["breach", "advice"][n % 2])
        assert browser.post(reverse("reporting:new"), data).status_code == 200
        filed[Report.objects.get(receipt_lookup=_lookup(data)).pk] = member.pk
    for n in range(2):
        data = public_report_form(personas.zone, kind="complaint", identity_mode="anonymous")
        Client().post(reverse("reporting:public", args=[personas.zone.code]), data)
        filed[Report.objects.get(receipt_lookup=_lookup(data)).pk] = 0
        if n == 0:
            follow_up = Client()
            follow_up.post(reverse("reporting:follow_up"), {"receipt": receipt_of(data)})
            follow_up.post(reverse("reporting:follow_up_case"), {"body": "Nog een detail."})
    handler = signed_in_handler(personas[Role.OVERSIGHT])
    for report in Report.objects.filter(kind__in=["breach", "complaint", "advice"]):
        handler.get(reverse("reporting:case", args=[report.number]))
        handler.post(
            reverse("reporting:case_write", args=[report.number]),
            {"body": "Dank u, we bekijken het.", "internal": "0"},
        )
        handler.post(
            reverse("reporting:case_task", args=[report.number]),
            {
                "title": "Feiten nagaan",
                "due_on": "2030-01-15",
                "assignee": personas[Role.OVERSIGHT].pk,
            },
        )
    _gift(_signs_in(personas.member), 99)  # the day goes on after the last report
    return filed


def _lookup(data: dict[str, Any]) -> str:
    from kompas.reporting import crypto

    return crypto.receipt_lookup(receipt_of(data))


def _guess(events: list[AuditEvent], report_id: int) -> int | None:
    """The attacker's best guess: whoever acted, at a known moment, just before the first event
    about the report (a member signing in, then a report received)."""
    first = next(e for e in events if e.object_type == REPORT and e.object_id == str(report_id))
    before = [e for e in events if e.seq < first.seq and e.actor_id and not _at_midnight(e)]
    return before[-1].actor_id if before else None


def test_after_a_day_of_sign_ins_gifts_and_reports_no_report_can_be_pinned_to_its_reporter(
    personas, handlers
) -> None:
    filed = _a_day_of_the_zone(personas)
    # During the day, nothing about the day's reports is in the chain at all.
    assert not AuditEvent.objects.filter(object_type=REPORT, object_id__in=map(str, filed))
    assert HeldEvent.objects.count() >= 3 * len(filed)
    end_of_day()
    assert verify_chain().intact

    events = list(AuditEvent.objects.order_by("seq"))
    about_reports = [
        e for e in events if e.object_type == REPORT and e.object_id in map(str, filed)
    ]
    timed = [e for e in events if not _at_midnight(e)]
    # Every event about the day's reports carries the day only, and all of them come after the
    # last timed event of the day, in one block: their place says "that day", nothing more.
    assert all(_at_midnight(e) for e in about_reports)
    assert min(e.seq for e in about_reports) > max(e.seq for e in timed)
    # The attacker's guess is the same for every report: it tells nothing about any of them.
    guesses = {_guess(events, report_id) for report_id in filed}
    assert len(guesses) == 1
    assert guesses <= {None, personas.member.pk, personas[Role.OVERSIGHT].pk}
    # The block is in random order, not in the order the reports came in.
    received = [int(e.object_id) for e in about_reports if e.action == "reporting.report_received"]
    assert sorted(received) == sorted(filed)


def test_rows_written_around_reports_have_random_keys_that_line_up_with_nothing(
    personas, handlers
) -> None:
    _a_day_of_the_zone(personas)
    for model in (Grant, Message, Task, Attachment, RevealRequest):
        keys = list(model.objects.values_list("pk", flat=True))
        # A sequence numbers rows 1, 2, 3... in the order they were written; these are drawn
        # from 2**63 (the chance of any below 2**40 is about one in eight million).
        assert all(key > 2**40 for key in keys), model
    assert Grant.objects.exists() and Message.objects.exists() and Task.objects.exists()


def test_the_conversation_keeps_its_order_with_random_keys(personas, handlers) -> None:
    citizen = Client()
    data = public_report_form(personas.zone, kind="complaint", identity_mode="anonymous")
    citizen.post(reverse("reporting:public", args=[personas.zone.code]), data)
    report = Report.objects.get()
    handler = signed_in_handler(personas[Role.OVERSIGHT])
    reporter = Client()
    reporter.post(reverse("reporting:follow_up"), {"receipt": receipt_of(data)})
    for n in range(6):
        if n % 2:
            reporter.post(reverse("reporting:follow_up_case"), {"body": f"Bericht {n}"})
        else:
            handler.post(
                reverse("reporting:case_write", args=[report.number]),
                {"body": f"Bericht {n}", "internal": "0"},
            )
    page = reporter.get(reverse("reporting:follow_up_case")).content.decode()
    places = [page.index(f"Bericht {n}") for n in range(6)]
    assert places == sorted(places)
    assert list(Message.objects.values_list("position", flat=True)) == list(range(1, 7))


def test_filing_leaves_the_reporters_session_row_as_it_was(personas, handlers, monkeypatch) -> None:
    """HR has a sensitive role: its session's idle timeout slides forward once a minute. Filing
    an anonymous report must not move it (nor anything else in the row or in the session's entry
    in the cache)."""
    member = personas[Role.HR]
    browser = sign_in(Client(), member)
    browser.get(reverse("front:home"))
    before = session_row()
    later = time.time() + 120  # past the minute after which the timeout would slide
    monkeypatch.setattr(time, "time", lambda: later)
    assert browser.get(reverse("reporting:new")).status_code == 200
    data = report_form(identity_mode="anonymous")
    assert browser.post(reverse("reporting:new"), data).status_code == 200
    browser.post(reverse("reporting:proof"), {"receipt_token": data["receipt_token"]})
    assert Report.objects.count() == 1
    assert session_row() == before
    # Any other page slides it as before: the member stays signed in.
    browser.get(reverse("front:home"))
    after = session_row()
    assert after[1] != before[1] and after[3] != before[3]


def test_opening_and_filing_the_report_form_writes_nothing_to_the_shared_cache(
    personas, handlers, django_capture_on_commit_callbacks
) -> None:
    """The shared cache's entries carry times (a file's, a Redis key's idle time and expiry):
    a member opening and filing the report form must leave none of them behind, not even
    after a change of the organisation that makes kept values be worked out afresh."""
    from django.core.cache import caches

    from kompas.testing import make_service

    browser = sign_in(Client(), personas.member)
    browser.get(reverse("front:home"))
    make_service(personas.zone, "Onthaal")  # a new stamp: nothing kept under it yet
    cache = caches["default"]

    def entries() -> dict:
        return {key: (value, cache._expire_info.get(key)) for key, value in cache._cache.items()}  # type: ignore[attr-defined]

    before = entries()
    with django_capture_on_commit_callbacks(execute=True):
        assert browser.get(reverse("reporting:new")).status_code == 200
        data = report_form(identity_mode="anonymous")
        assert browser.post(reverse("reporting:new"), data).status_code == 200
    assert Report.objects.count() == 1
    assert entries() == before


def test_a_handlers_looks_on_the_first_day_are_held_and_later_ones_are_timed(
    personas, handlers, monkeypatch
) -> None:
    citizen = Client()
    citizen.post(
        reverse("reporting:public", args=[personas.zone.code]),
        public_report_form(personas.zone, kind="complaint"),
    )
    report = Report.objects.get()
    handler = signed_in_handler(personas[Role.OVERSIGHT])
    handler.get(reverse("reporting:case", args=[report.number]))
    looks = AuditEvent.objects.filter(action="reporting.case_opened")
    assert not looks.exists()
    assert HeldEvent.objects.filter(action="reporting.case_opened").count() == 1
    tomorrow = clock.today() + timedelta(days=1)
    monkeypatch.setattr(clock, "today", lambda: tomorrow)
    handler.get(reverse("reporting:case", args=[report.number]))
    assert looks.count() == 1 and not _at_midnight(looks.get())  # the next day: to the moment


def test_held_events_join_the_chain_in_random_order_once_their_day_is_over(personas) -> None:
    from kompas.audit.services import record

    for n in range(12):
        record("test.reporter_act", zone_id=personas.zone.pk, held=True, detail={"n": n})
    # Today's stay held until the day is over.
    assert release_held(before=clock.today()) == 0
    assert HeldEvent.objects.count() == 12
    assert release_held(before=clock.today() + timedelta(days=1)) == 12
    assert not HeldEvent.objects.exists()
    chained = AuditEvent.objects.filter(action="test.reporter_act").order_by("seq")
    order = [event.detail["n"] for event in chained]
    assert sorted(order) == list(range(12))
    assert order != list(range(12))  # one chance in 479,001,600 to fail by luck
    assert all(_at_midnight(event) for event in chained)
    assert verify_chain().intact


def test_end_of_day_chains_yesterdays_events_and_rewrites_the_files(
    personas, handlers, monkeypatch, capsys, tmp_path
) -> None:
    import io

    from PIL import Image

    photo = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(photo, "PNG")
    photo.seek(0)
    photo.name = "foto.png"
    data = public_report_form(personas.zone, kind="complaint")
    data["attachments"] = photo
    Client().post(reverse("reporting:public", args=[personas.zone.code]), data)
    attachment = Attachment.objects.get()
    from kompas.reporting.files import media_dir

    path = media_dir() / attachment.stored_name
    inode, content = path.stat().st_ino, path.read_bytes()
    tomorrow = clock.today() + timedelta(days=1)
    monkeypatch.setattr(clock, "today", lambda: tomorrow)
    call_command("end_of_day")
    out = capsys.readouterr().out
    assert "held event(s) chained" in out and "1 file(s) rewritten" in out
    assert not HeldEvent.objects.exists()
    assert AuditEvent.objects.filter(action="reporting.report_received").count() == 1
    assert path.read_bytes() == content and path.stat().st_ino != inode
    midnight = timezone.make_aware(datetime.combine(attachment.created_on, dt_time.min)).timestamp()
    assert os.stat(path).st_mtime == midnight


@pytest.mark.skipif(connection.vendor != "postgresql", reason="xmin is PostgreSQL's")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # commits as in production
def test_postgresql_row_versions_no_longer_place_a_report_after_end_of_day(
    personas, handlers, monkeypatch
) -> None:
    """Each row version carries the number of the transaction that wrote it (xmin): a report
    written between two timed events would have an xmin between theirs."""
    _a_day_of_the_zone(personas)

    def xmins(table: str) -> list[int]:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT xmin::text::bigint FROM {table}")  # noqa: S608  # nosec B608
            return [row[0] for row in cursor.fetchall()]

    tomorrow = clock.today() + timedelta(days=1)
    monkeypatch.setattr(clock, "today", lambda: tomorrow)
    timed_before = max(xmins("audit_auditevent"))
    call_command("end_of_day")
    for table in ("reporting_report", "reporting_grant", "reporting_message", "reporting_task"):
        assert min(xmins(table)) > timed_before, table
        assert len(set(xmins(table))) == 1, table


def test_a_kept_out_handler_who_opens_the_case_is_refused_and_recorded_for_the_officer(
    client: Client, personas, handlers
) -> None:
    """Tine of oversight is named as involved: the case does not exist for her (404, the same
    as a number nobody has), and her attempt is recorded for the integrity officer alone."""
    tine = personas[Role.OVERSIGHT]
    sign_in(client, personas.member)
    client.post(reverse("reporting:new"), report_form(involved=[tine.pk]))
    report = Report.objects.get()
    snoop = signed_in_handler(tine)
    for number in (report.number, "2026-9999", "x" * 200, str(report.pk)):
        response = snoop.get(reverse("reporting:case", args=[number]))
        assert response.status_code == 404
    snoop.post(reverse("reporting:case_write", args=[report.number]), {"body": "x"})
    # Held with the day only: a timed refusal would say the number existed (or not) by then;
    # once per person, number and day.
    assert HeldEvent.objects.filter(action="reporting.case_refused").count() == 4
    end_of_day()
    refused = AuditEvent.objects.filter(action="reporting.case_refused", actor_id=tine.pk)
    assert sorted(e.object_id for e in refused) == sorted(
        [report.number, "2026-9999", "x" * 20, str(report.pk)]
    )
    # A refused number that happens to be a case's key is not an event of that case.
    assert {e.object_type for e in refused} == {"reporting.case_number"}
    handler_page = signed_in_handler(personas[Role.INTEGRITY_OFFICER]).get(
        reverse("reporting:case", args=[report.number])
    )
    assert "case_refused" not in handler_page.content.decode()

    def shown(browser: Client, **query: str) -> list[str]:
        response = browser.get(reverse("audit:log"), query)
        return [action for action, _type in audit_page(response.content.decode())]

    officer = sign_in(Client(), personas[Role.INTEGRITY_OFFICER])
    assert "reporting.case_refused" in shown(officer)
    admin = sign_in(Client(), personas[Role.ADMIN])
    assert "reporting.case_refused" not in shown(admin)
    assert shown(admin, action="reporting.case_refused") == []


def test_the_public_form_leaves_no_lasting_cookie_on_the_reporters_device(personas) -> None:
    citizen = Client()
    response = citizen.get(reverse("reporting:public", args=[personas.zone.code]))
    assert response.status_code == 200
    assert response.cookies, "the form sets its CSRF cookie"
    for morsel in response.cookies.values():
        # A session cookie: no expiry date, no maximum age; gone when the browser closes.
        assert morsel["expires"] == "" and morsel["max-age"] == "", morsel.OutputString()


def test_the_public_form_says_what_really_happens_to_contact_details(personas) -> None:
    page = Client().get(reverse("reporting:public", args=[personas.zone.code])).content.decode()
    assert "verzegeld" in page and "tweede persoon" in page
    assert "dan kunnen alleen de behandelaars ze lezen" not in page


def _tomorrow(monkeypatch) -> None:
    from kompas.reporting import views

    tomorrow = clock.today() + timedelta(days=1)
    monkeypatch.setattr(clock, "today", lambda: tomorrow)
    monkeypatch.setattr(views, "today", lambda: tomorrow)


def _register_numbers(browser: Client) -> list[str]:
    return register_page(browser.get(reverse("reporting:register")).content.decode())["rows"]


def test_an_unnamed_report_is_listed_from_the_day_after_it_came_in(
    client: Client, personas, handlers, monkeypatch
) -> None:
    """Listed the moment it comes in, a report is pinned to that moment by whoever also reads
    the exact times of the day's sign-ins (the integrity officer keeps the register and reads
    the audit page). Its case opens by number on its first day all the same."""
    sign_in(client, personas.member)
    client.post(reverse("reporting:new"), report_form(identity_mode="anonymous"))
    report = Report.objects.get()
    handler = signed_in_handler(personas[Role.OVERSIGHT])
    officer = sign_in(Client(), personas[Role.INTEGRITY_OFFICER])
    assert report.number not in handler.get(reverse("reporting:cases")).content.decode()
    assert _register_numbers(officer) == []
    assert handler.get(reverse("reporting:case", args=[report.number])).status_code == 200
    _tomorrow(monkeypatch)
    assert report.number in handler.get(reverse("reporting:cases")).content.decode()
    assert _register_numbers(officer) == [report.number]


def test_a_keeper_named_in_a_report_finds_no_line_of_it_in_the_register(
    client: Client, personas, handlers, monkeypatch
) -> None:
    """Tine of oversight keeps the register of breaches and handles them: a line without a case
    in her list would tell her that a report about her exists."""
    from kompas.reporting import keys

    tine = personas[Role.OVERSIGHT]
    colleague = make_person(personas.zone, roles=(Role.OVERSIGHT,), first_name="Tom")
    keys.create_key(colleague, PASSWORD)
    sign_in(client, personas.member)
    client.post(reverse("reporting:new"), report_form(involved=[tine.pk]))
    client.post(reverse("reporting:new"), report_form())
    about_tine, other = Report.objects.order_by("pk")
    if other.grants.filter(person=tine).count() == 0:
        about_tine, other = other, about_tine
    _tomorrow(monkeypatch)
    assert _register_numbers(signed_in_handler(tine)) == [other.number]
    assert sorted(_register_numbers(signed_in_handler(colleague))) == sorted(
        [about_tine.number, other.number]
    )
    officer = sign_in(Client(), personas[Role.INTEGRITY_OFFICER])
    assert len(_register_numbers(officer)) == 2


def test_refusals_are_kept_once_per_number_and_at_most_fifty_a_day(personas) -> None:
    from kompas.reporting.services import REFUSALS_KEPT, record_refused_case

    for n in range(REFUSALS_KEPT + 30):
        record_refused_case(person=personas.member, number=f"2026-{n % 70:05d}")
    assert HeldEvent.objects.filter(action="reporting.case_refused").count() == REFUSALS_KEPT


def test_a_handler_who_reports_anonymously_is_not_the_one_missing_from_the_case(
    personas, handlers
) -> None:
    """Oversight's member files anonymously: kept out, she would be the one oversight member
    without a grant (and who never opens it). A named report still does not reach its reporter."""
    from kompas.reporting import keys

    tine = personas[Role.OVERSIGHT]
    colleague = make_person(personas.zone, roles=(Role.OVERSIGHT,), first_name="Tom")
    keys.create_key(colleague, PASSWORD)
    browser = sign_in(Client(), tine)
    for mode in ("anonymous", "confidential", "named"):
        browser.post(reverse("reporting:new"), report_form(identity_mode=mode))
        report = Report.objects.get(identity_mode=mode)
        grantees = set(report.grants.values_list("person_id", flat=True))
        expected = {colleague.pk} if mode == "named" else {tine.pk, colleague.pk}
        assert grantees == expected, mode


def test_the_administrator_reads_no_event_about_cases_on_the_audit_page(personas, handlers) -> None:
    citizen = Client()
    citizen.post(
        reverse("reporting:public", args=[personas.zone.code]), public_report_form(personas.zone)
    )
    report = Report.objects.get()
    signed_in_handler(personas[Role.OVERSIGHT]).get(reverse("reporting:case", args=[report.number]))
    end_of_day()
    admin = sign_in(Client(), personas[Role.ADMIN])

    def shown(browser: Client) -> list[str]:
        page = browser.get(reverse("audit:log")).content.decode()
        return [object_type for _action, object_type in audit_page(page)]

    seen_by_admin = shown(admin)
    assert seen_by_admin and "reporting.report" not in seen_by_admin
    officer = sign_in(Client(), personas[Role.INTEGRITY_OFFICER])
    assert "reporting.report" in shown(officer)


def test_a_damaged_pdf_leaves_no_timed_line_in_the_logs(personas, handlers, capfd) -> None:
    """pypdf warns about a PDF whose cross-reference table is off: on the server's error output
    that is a timed line at the moment the anonymous report with that file came in."""
    import io
    import logging

    from kompas.reporting.tests.pdfs import one_page

    good = one_page(b"")
    damaged = good.replace(b"startxref\n", b"startxref\n1", 1)  # a wrong offset
    assert damaged != good
    upload = io.BytesIO(damaged)
    upload.name = "verslag.pdf"
    data = public_report_form(personas.zone, kind="complaint")
    data["attachments"] = upload
    root = logging.getLogger()
    seen: list[logging.LogRecord] = []

    class Catcher(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            seen.append(record)

    catcher = Catcher()
    root.addHandler(catcher)
    try:
        Client().post(reverse("reporting:public", args=[personas.zone.code]), data)
    finally:
        root.removeHandler(catcher)
    assert Report.objects.count() == 1
    assert not [r for r in seen if r.name.startswith(("pypdf", "PIL"))]
    assert "startxref" not in capfd.readouterr().err


def test_a_protection_case_is_told_to_its_handlers_like_any_new_case(
    personas, handlers, mailbox, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    from kompas.reporting import services
    from kompas.reporting.notices import send_digests

    citizen = Client()
    data = public_report_form(personas.zone, kind="complaint")
    citizen.post(reverse("reporting:public", args=[personas.zone.code]), data)
    citizen.post(reverse("reporting:follow_up"), {"receipt": receipt_of(data)})
    parent = Report.objects.get()
    opened = services.open_with_receipt(receipt_of(data))
    assert opened is not None
    child = services.report_retaliation(parent=parent, parent_key=opened[1], what="Ik word gepest.")
    tomorrow = clock.today() + timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_digests(tomorrow) == 1
    body = mailbox.wait_for(1)[0].get_payload(decode=True).decode()
    assert child.number in body and parent.number in body
