"""Reminders before the legal deadlines, by real mail, without case content."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command

from kompas.accounts.roles import Role
from kompas.reporting import crypto
from kompas.reporting.models import Report
from kompas.reporting.reminders import due_cases, send_reminders
from kompas.reporting.services import NewReport, submit_report

pytestmark = pytest.mark.django_db


def file_on(personas, day: date, monkeypatch) -> Report:
    monkeypatch.setattr("kompas.reporting.services.today", lambda: day)
    report, _created = submit_report(
        zone=personas.zone,
        data=NewReport(
            kind="breach",
            channel="public",
            identity_mode="anonymous",
            what="Geheime inhoud die nooit in een mail mag staan.",
        ),
        receipt=crypto.new_receipt(),
    )
    return report


def test_a_reminder_goes_out_two_days_before_the_acknowledgement_deadline(
    personas, handlers, mailbox, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    report = file_on(personas, date(2026, 11, 2), monkeypatch)
    assert send_reminders(date(2026, 11, 6)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders(date(2026, 11, 7)) == 1
    [mail] = mailbox.wait_for(1)
    body = mail.get_payload(decode=True).decode()
    assert mail["To"] == personas[Role.OVERSIGHT].email
    assert report.number in body and "09/11/2026" in body
    assert "Geheime inhoud" not in body
    assert "breach" not in body.lower() and "schending" not in body.lower()


def test_a_second_run_on_the_same_day_sends_nothing_again(
    personas, handlers, mailbox, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    """Cron and the worker's schedule both run the reminders: the second run of the day finds
    each reminder sent (its audit event, read with the case locked) and mails nobody; the next
    day's reminder still goes out."""
    file_on(personas, date(2026, 11, 2), monkeypatch)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders(date(2026, 11, 7)) == 1
        assert send_reminders(date(2026, 11, 7)) == 0
        assert send_reminders(date(2026, 11, 8)) == 1
    assert len(mailbox.wait_for(2)) == 2


def test_late_cases_are_flagged(personas, handlers, monkeypatch) -> None:
    file_on(personas, date(2026, 11, 2), monkeypatch)
    [due] = due_cases(date(2026, 11, 12))
    assert due.late and due.what == "acknowledge"


def test_the_command_runs_daily(personas, handlers, capsys) -> None:
    call_command("send_reminders")
    assert "reminder(s) sent" in capsys.readouterr().out


def wellbeing_on(day: date, monkeypatch, **fields) -> NewReport:
    monkeypatch.setattr("kompas.reporting.services.today", lambda: day)
    return NewReport(
        kind="wellbeing",
        channel="public",
        identity_mode="anonymous",
        what="Pesterijen in de ploeg.",
        **fields,
    )


def test_a_well_being_case_is_due_to_its_route_not_to_oversight_who_recorded_it(
    personas, handlers, mailbox, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    from kompas.reporting.models import Grant
    from kompas.reporting.services import record_oral_report

    oversight = personas[Role.OVERSIGHT]
    report, _ = record_oral_report(
        zone=personas.zone,
        data=wellbeing_on(date(2026, 11, 2), monkeypatch),
        receipt=crypto.new_receipt(),
        recorder=oversight,
    )
    assert Grant.objects.filter(report=report, person=oversight, active=True).exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders(date(2026, 11, 12)) == 2  # late: the counsellor and the PAPS
    mails = mailbox.wait_for(2)
    assert sorted(m["To"] for m in mails) == sorted(
        [personas[Role.COUNSELLOR].email, personas[Role.PAPS].email]
    )


def test_a_well_being_case_handled_in_the_route_s_place_still_reminds_its_handlers(
    personas, handlers, mailbox, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    route = [personas[Role.COUNSELLOR], personas[Role.PAPS]]
    submit_report(
        zone=personas.zone,
        data=wellbeing_on(date(2026, 11, 2), monkeypatch, involved=route),
        receipt=crypto.new_receipt(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders(date(2026, 11, 12)) == 1
    [mail] = mailbox.wait_for(1)
    assert mail["To"] == personas[Role.INTEGRITY_OFFICER].email  # the policy's fallback
