"""Every page of the reporting channel, written with data, leaves nothing of its template behind:
no tag or value Jinja2 did not understand, no method written instead of called."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from kompas.accounts.roles import Role
from kompas.reporting.models import Report
from kompas.reporting.tests.conftest import (
    hidden_value,
    public_report_form,
    receipt_of,
    report_form,
    signed_in_handler,
)
from kompas.testing import assert_written, sign_in

pytestmark = pytest.mark.django_db


def written(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return assert_written(response.content.decode(), response.request["PATH_INFO"], "None</")


def test_every_reporting_page_is_written_whole(personas, handlers) -> None:
    member = sign_in(Client(), personas.member)
    written(member.get(reverse("reporting:new")))
    page = written(member.post(reverse("reporting:new"), report_form()))
    assert 'name="receipt_token"' in page
    written(member.post(reverse("reporting:new"), report_form(what="")))  # shown again

    citizen = Client()
    written(citizen.get(reverse("reporting:public", args=[personas.zone.code])))
    public = public_report_form(personas.zone, identity_mode="anonymous", contact_name="")
    written(citizen.post(reverse("reporting:public", args=[personas.zone.code]), public))
    written(citizen.get(reverse("reporting:follow_up")))

    report = Report.objects.filter(identity_mode="confidential").get()
    handler = signed_in_handler(personas[Role.OVERSIGHT])
    case = reverse("reporting:case", args=[report.number])
    written(handler.get(case))
    handler.post(
        reverse("reporting:case_task", args=[report.number]),
        {"title": "Bellen", "due_on": "2030-01-15", "assignee": personas[Role.OVERSIGHT].pk},
    )
    handler.post(reverse("reporting:case_write", args=[report.number]), {"body": "Een vraag."})
    handler.post(reverse("reporting:case_step", args=[report.number]), {"step": "acknowledge"})
    page = written(handler.get(case))
    assert "Bellen" in page and "Een vraag." in page
    written(handler.get(reverse("reporting:cases")))
    written(handler.get(reverse("reporting:cases"), {"late": "1"}))
    written(handler.get(reverse("reporting:case_export", args=[report.number])))
    written(handler.get(reverse("reporting:unlock")))

    officer = signed_in_handler(personas[Role.INTEGRITY_OFFICER])
    written(officer.get(reverse("reporting:register")))
    written(officer.get(reverse("reporting:statistics")))
    written(officer.get(reverse("reporting:routing")))
    written(officer.get(reverse("reporting:reveal_requests")))

    data = report_form(identity_mode="anonymous", what="Notulen van een gesprek.")
    written(handler.get(reverse("reporting:record_oral")))
    written(handler.post(reverse("reporting:record_oral"), data))
    reporter = Client()
    reporter.post(reverse("reporting:follow_up"), {"receipt": receipt_of(data)})
    page = written(reporter.get(reverse("reporting:follow_up_case"), follow=True))
    reporter.post(reverse("reporting:new_receipt"), {"token": hidden_value(page, "token")})
    page = written(reporter.get(reverse("reporting:follow_up_case")))
    assert "Notulen van een gesprek." in page and "Een vraag." not in page
