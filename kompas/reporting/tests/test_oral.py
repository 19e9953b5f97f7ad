"""Oral reports: recorded by a handler or a leader, minutes approved by the reporter online."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from kompas.accounts.roles import Role
from kompas.reporting.models import Grant, Report
from kompas.reporting.tests.conftest import hidden_value, receipt_of, report_form, signed_in_handler

pytestmark = pytest.mark.django_db


def oral(**fields):
    data = report_form(
        what="Notulen: de melder zag dat een collega boetes liet vallen.", identity_mode="anonymous"
    )
    data.update(fields)
    return data


def test_a_handler_records_an_anonymous_oral_report_and_the_paper_receipt_changes_at_first_use(
    personas, handlers
) -> None:
    handler = signed_in_handler(personas[Role.OVERSIGHT])
    data = oral()
    response = handler.post(reverse("reporting:record_oral"), data)
    assert response.status_code == 200
    paper = receipt_of(data)
    assert paper in response.content.decode()
    report = Report.objects.get()
    assert report.channel == "oral" and report.receipt_must_change

    reporter = Client()
    reporter.post(reverse("reporting:follow_up"), {"receipt": paper})
    page = reporter.get(reverse("reporting:follow_up_case"), follow=True)
    new_page = page.content.decode()
    token = hidden_value(new_page, "token")
    new_receipt = new_page.split('<p class="receipt-code"><code>')[1].split("</code>")[0]
    assert new_receipt in new_page and new_receipt != paper
    reporter.post(reverse("reporting:new_receipt"), {"token": token})
    report.refresh_from_db()
    assert not report.receipt_must_change

    # The paper receipt no longer opens anything; the new one does.
    again = Client()
    assert again.post(reverse("reporting:follow_up"), {"receipt": paper}).status_code == 200
    assert again.post(reverse("reporting:follow_up"), {"receipt": new_receipt}).status_code == 302
    minutes = again.get(reverse("reporting:follow_up_case")).content.decode()
    assert "boetes liet vallen" in minutes
    again.post(reverse("reporting:follow_up_case"), {"action": "approve_minutes"})
    report.refresh_from_db()
    assert report.minutes_approved_on is not None


def test_a_named_oral_report_needs_the_reporters_details(personas, handlers) -> None:
    handler = signed_in_handler(personas[Role.OVERSIGHT])
    response = handler.post(reverse("reporting:record_oral"), oral(identity_mode="named"))
    assert response.status_code == 200
    assert not Report.objects.exists()


def test_a_breach_told_to_a_leader_also_reaches_the_disciplinary_authority(
    personas, handlers
) -> None:
    leader = signed_in_handler(personas[Role.HEAD_OF_SERVICE])
    leader.post(
        reverse("reporting:record_oral"),
        oral(kind="breach", identity_mode="named", contact_name="Mila"),
    )
    report = Report.objects.get()
    names = set(Grant.objects.filter(report=report).values_list("person__first_name", flat=True))
    assert {"Oversight", "Disciplinary", "Head Of Service"} <= names


def test_plain_members_cannot_record_oral_reports(client: Client, personas) -> None:
    from kompas.testing import sign_in

    sign_in(client, personas.member)
    assert client.get(reverse("reporting:record_oral")).status_code == 403
