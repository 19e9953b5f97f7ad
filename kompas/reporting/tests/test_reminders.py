"""Reminders before the legal deadlines, by real mail, without case content."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command

from kompas.accounts.roles import Role
from kompas.reporting import crypto
from kompas.reporting.reminders import due_cases, send_reminders
from kompas.reporting.services import NewReport, submit_report

pytestmark = pytest.mark.django_db


def file_on(personas, day: date, monkeypatch) -> None:
    monkeypatch.setattr("kompas.reporting.services.today", lambda: day)
    submit_report(
        zone=personas.zone,
        data=NewReport(
            kind="breach",
            channel="public",
            identity_mode="anonymous",
            what="Geheime inhoud die nooit in een mail mag staan.",
        ),
        receipt=crypto.new_receipt(),
    )


def test_a_reminder_goes_out_two_days_before_the_acknowledgement_deadline(
    personas, handlers, mailbox, monkeypatch
) -> None:
    file_on(personas, date(2026, 11, 2), monkeypatch)
    assert send_reminders(date(2026, 11, 6)) == 0
    assert send_reminders(date(2026, 11, 7)) == 1
    [mail] = mailbox.wait_for(1)
    body = mail.get_payload(decode=True).decode()
    assert mail["To"] == personas[Role.OVERSIGHT].email
    assert "2026-0001" in body and "09/11/2026" in body
    assert "Geheime inhoud" not in body
    assert "breach" not in body.lower() and "schending" not in body.lower()


def test_late_cases_are_flagged(personas, handlers, monkeypatch) -> None:
    file_on(personas, date(2026, 11, 2), monkeypatch)
    [due] = due_cases(date(2026, 11, 12))
    assert due.late and due.what == "acknowledge"


def test_the_command_runs_daily(personas, handlers, capsys) -> None:
    call_command("send_reminders")
    assert "reminder(s) sent" in capsys.readouterr().out
