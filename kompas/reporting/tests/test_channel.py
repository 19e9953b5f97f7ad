"""Channel settings, mails about new cases, signing out, and the cost of the case pages."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kompas.accounts.roles import Role
from kompas.reporting import crypto, keys
from kompas.reporting.models import ChannelSettings, Report, Status
from kompas.reporting.services import NewReport, submit_report
from kompas.reporting.tests.conftest import receipt_of, report_form, signed_in_handler
from kompas.testing import sign_in

pytestmark = pytest.mark.django_db


def file(personas) -> Report:
    report, _ = submit_report(
        zone=personas.zone,
        data=NewReport(
            kind="breach",
            channel="public",
            identity_mode="anonymous",
            what="Inhoud die in geen enkele mail mag staan.",
        ),
        receipt=crypto.new_receipt(),
    )
    return report


def test_handlers_get_a_mail_about_a_new_case_without_its_content(
    personas, handlers, mailbox, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        report = file(personas)
    [mail] = mailbox.wait_for(1)
    body = mail.get_payload(decode=True).decode()
    assert mail["To"] == personas[Role.OVERSIGHT].email
    assert report.number in body
    assert "Inhoud" not in body


def test_the_integrity_officer_turns_on_automatic_acknowledgement(
    client: Client, personas, handlers
) -> None:
    sign_in(client, personas[Role.INTEGRITY_OFFICER])
    client.post(reverse("reporting:channel_settings"), {"auto_acknowledge": "1"})
    assert ChannelSettings.of(personas.zone.pk).auto_acknowledge
    citizen = Client()
    data = report_form(kind="complaint")
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
