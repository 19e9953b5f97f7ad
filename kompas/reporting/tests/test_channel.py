"""Channel settings, mails about new cases, signing out, and the cost of the case pages."""

from __future__ import annotations

import os
import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kompas.accounts.roles import Role
from kompas.reporting import crypto, keys
from kompas.reporting.models import ChannelSettings, Report, Status
from kompas.reporting.notices import send_digests
from kompas.reporting.services import NewReport, submit_report
from kompas.reporting.tests.conftest import (
    public_report_form,
    receipt_of,
    signed_in_handler,
)
from kompas.testing import sign_in

pytestmark = pytest.mark.django_db


def file(personas, mode: str = "anonymous") -> Report:
    report, _ = submit_report(
        zone=personas.zone,
        data=NewReport(
            kind="breach",
            channel="staff" if mode == "named" else "public",
            identity_mode=mode,
            what="Inhoud die in geen enkele mail mag staan.",
        ),
        receipt=crypto.new_receipt(),
        signed_in=personas.member if mode == "named" else None,
    )
    return report


def _the_next_day(monkeypatch) -> date:
    from kompas.lib import clock
    from kompas.reporting import services

    tomorrow = clock.today() + timedelta(days=1)
    monkeypatch.setattr(clock, "today", lambda: tomorrow)
    monkeypatch.setattr(services, "today", lambda: tomorrow)
    return tomorrow


def test_handlers_hear_of_a_named_report_at_once_without_its_content(
    personas, handlers, mailbox, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        report = file(personas, "named")
    [mail] = mailbox.wait_for(1)
    body = mail.get_payload(decode=True).decode()
    assert mail["To"] == personas[Role.OVERSIGHT].email
    assert report.number in body
    assert "Inhoud" not in body


@pytest.mark.parametrize("mode", ["anonymous", "confidential"])
def test_anonymous_and_confidential_reports_are_told_in_the_next_days_digest_only(
    personas, handlers, mailbox, django_capture_on_commit_callbacks, monkeypatch, mode
) -> None:
    """A mail sent when the report came in would carry its filing time (its Date, and Python's
    Message-ID holds the moment and the worker's process id). The digest of the next day lists
    the cases of the days before it, none of the day it is sent."""
    with django_capture_on_commit_callbacks(execute=True):
        first, second = file(personas, mode), file(personas, mode)
    assert send_digests(date.today()) == 0  # today's reports wait for the day to end
    assert mailbox.messages == []
    tomorrow = _the_next_day(monkeypatch)
    with django_capture_on_commit_callbacks(execute=True):
        third = file(personas, mode)  # filed on the day of the digest: in the next one
        assert send_digests(tomorrow) == 1
    [mail] = mailbox.wait_for(1)
    body = mail.get_payload(decode=True).decode()
    assert mail["To"] == personas[Role.OVERSIGHT].email
    assert first.number in body and second.number in body and third.number not in body
    assert "Inhoud" not in body
    message_id = mail["Message-ID"]
    assert re.fullmatch(r"<[0-9a-f]{32}@[^>]+>", message_id), message_id
    assert str(os.getpid()) not in message_id
    assert send_digests(tomorrow) == 0  # told once


def test_a_zone_can_choose_to_tell_every_report_at_once(
    personas, handlers, mailbox, settings, django_capture_on_commit_callbacks
) -> None:
    settings.NEW_CASE_NOTICES = "at-once"
    with django_capture_on_commit_callbacks(execute=True):
        report = file(personas)
    [mail] = mailbox.wait_for(1)
    assert report.number in mail.get_payload(decode=True).decode()
    assert re.fullmatch(r"<[0-9a-f]{32}@[^>]+>", mail["Message-ID"])


def test_the_daily_mail_run_sends_the_digest(
    personas, handlers, mailbox, django_capture_on_commit_callbacks
) -> None:
    from django.core.management import call_command

    report = file(personas)
    # Filed yesterday (the command reads the clock it imported, whatever a test moves).
    Report.objects.filter(pk=report.pk).update(received_on=report.received_on - timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders")
    assert any(report.number in m.get_payload(decode=True).decode() for m in mailbox.wait_for(1))


def test_the_integrity_officer_turns_on_automatic_acknowledgement(
    client: Client, personas, handlers
) -> None:
    sign_in(client, personas[Role.INTEGRITY_OFFICER])
    client.post(reverse("reporting:channel_settings"), {"auto_acknowledge": "1"})
    assert ChannelSettings.of(personas.zone.pk).auto_acknowledge
    citizen = Client()
    data = public_report_form(personas.zone, kind="complaint")
    citizen.post(reverse("reporting:public", args=[personas.zone.code]), data)
    report = Report.objects.get()
    assert report.status == Status.ACKNOWLEDGED and report.acknowledged_on == report.received_on
    citizen.post(reverse("reporting:follow_up"), {"receipt": receipt_of(data)})
    assert (
        "We ontvingen uw melding"
        in citizen.get(reverse("reporting:follow_up_case")).content.decode()
    )


def test_only_the_integrity_officer_changes_the_channel(client: Client, personas) -> None:
    sign_in(client, personas[Role.OVERSIGHT])
    assert (
        client.post(reverse("reporting:channel_settings"), {"auto_acknowledge": "1"}).status_code
        == 403
    )


def test_signing_out_forgets_the_key_in_the_browser(personas, handlers) -> None:
    browser = signed_in_handler(personas[Role.OVERSIGHT])
    assert browser.cookies[keys.cookie_name()].value
    browser.post(reverse("accounts:logout"))
    assert browser.cookies[keys.cookie_name()].value == ""


def test_the_case_pages_cost_the_same_queries_for_one_case_or_many(personas, handlers) -> None:
    browser = signed_in_handler(personas[Role.OVERSIGHT])
    report = file(personas)
    browser.get(reverse("reporting:cases"))
    with CaptureQueriesContext(connection) as one_list:
        browser.get(reverse("reporting:cases"))
    with CaptureQueriesContext(connection) as one_case:
        browser.get(reverse("reporting:case", args=[report.number]))
    for _ in range(15):
        file(personas)
    with CaptureQueriesContext(connection) as many_list:
        browser.get(reverse("reporting:cases"))
    with CaptureQueriesContext(connection) as again_case:
        browser.get(reverse("reporting:case", args=[report.number]))
    assert len(many_list) == len(one_list)
    assert len(again_case) == len(one_case)
    assert len(one_list) <= 15
