"""Directive art. 16(3): a confidential reporter is told, with the reason, before their
identity is shown to the handlers, unless the handler records why telling them would
jeopardise the investigation (issue 21, point 7)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from kompas.accounts.roles import Role
from kompas.audit.models import AuditEvent
from kompas.reporting.models import Report, RevealRequest
from kompas.reporting.tests.conftest import receipt_of, report_form, signed_in_handler
from kompas.testing import end_of_day, sign_in

pytestmark = pytest.mark.django_db

REASON = "Het parket vraagt de getuige formeel te horen."
TOLD = "Het parket wil u als getuige horen; daarom moeten de behandelaars weten wie u bent."
WITHHELD = "De betrokkene zou bewijs laten verdwijnen als de melder het nu zou weten."


def confidential_case(personas) -> tuple[Report, dict]:
    data = report_form(identity_mode="confidential")
    sign_in(Client(), personas.member).post(reverse("reporting:new"), data)
    return Report.objects.get(), data


def ask_and_approve(personas, report: Report, **notice: str) -> Client:
    """The request and its approval; returns the asking handler's browser."""
    handler = signed_in_handler(personas[Role.OVERSIGHT])
    officer = personas[Role.INTEGRITY_OFFICER]
    handler.post(
        reverse("reporting:case_reveal", args=[report.number]),
        {"approver": officer.pk, "reason": REASON, **notice},
    )
    request = RevealRequest.objects.get()
    signed_in_handler(officer).post(
        reverse("reporting:reveal_requests"), {"request": request.pk, "decision": "approve"}
    )
    return handler


def test_the_reporter_is_told_why_before_anyone_sees_who_they_are(personas, handlers) -> None:
    report, data = confidential_case(personas)
    reporter = Client()
    reporter.post(reverse("reporting:follow_up"), {"receipt": receipt_of(data)})
    handler = ask_and_approve(personas, report, for_reporter=TOLD)
    request = RevealRequest.objects.get()
    assert request.reporter_told_on is not None
    assert TOLD.encode() not in bytes(request.notice_box or b"")  # sealed
    page = reporter.get(reverse("reporting:follow_up_case")).content.decode()
    assert "zeggen we u waarom" in page and "getuige horen" in page
    case = handler.get(reverse("reporting:case", args=[report.number])).content.decode()
    assert personas.member.email in case  # shown once the reporter was told
    assert "de melder werd ingelicht op" in case
    end_of_day()
    approved = AuditEvent.objects.get(action="reporting.reveal_approved")
    assert approved.detail["reporter_told"] is True


def test_a_handler_may_record_why_the_reporter_is_not_told(personas, handlers) -> None:
    report, data = confidential_case(personas)
    handler = ask_and_approve(personas, report, withheld_because=WITHHELD)
    request = RevealRequest.objects.get()
    assert request.reporter_told_on is None and request.notice_box is None
    assert WITHHELD.encode() not in bytes(request.notice_withheld_box or b"")  # sealed
    reporter = Client()
    reporter.post(reverse("reporting:follow_up"), {"receipt": receipt_of(data)})
    page = reporter.get(reverse("reporting:follow_up_case")).content.decode()
    assert "zeggen we u waarom" not in page
    case = handler.get(reverse("reporting:case", args=[report.number])).content.decode()
    assert "de melder wordt niet ingelicht" in case


@pytest.mark.parametrize(
    "notice",
    [{}, {"for_reporter": TOLD, "withheld_because": WITHHELD}, {"for_reporter": "Te kort."}],
    ids=["neither", "both", "too short"],
)
def test_a_request_says_one_of_the_two_in_a_sentence(personas, handlers, notice) -> None:
    report, _data = confidential_case(personas)
    handler = signed_in_handler(personas[Role.OVERSIGHT])
    handler.post(
        reverse("reporting:case_reveal", args=[report.number]),
        {"approver": personas[Role.INTEGRITY_OFFICER].pk, "reason": REASON, **notice},
    )
    assert not RevealRequest.objects.exists()
