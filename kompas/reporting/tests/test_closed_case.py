"""A closed case is read-only on both sides and says so; it opens again only with a recorded
reason (issue 21, points 5 and 12). Feedback on every act: a message sent says it was sent."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from kompas.accounts.roles import Role
from kompas.audit.models import AuditEvent
from kompas.reporting.models import Message, Report, Status
from kompas.reporting.tests.conftest import receipt_of, report_form, signed_in_handler
from kompas.testing import end_of_day, sign_in

pytestmark = pytest.mark.django_db

STEPS = [
    {"step": "acknowledge"},
    {"step": "assess", "assessment": "admissible"},
    {"step": "investigate"},
    {"step": "outcome", "outcome": "informal"},
    {"step": "feedback"},
    {"step": "close"},
]


def filed_and_closed(personas) -> tuple[Report, dict, Client]:
    """A member reports (confidential), a handler takes the case through to its close."""
    member = sign_in(Client(), personas.member)
    data = report_form()
    member.post(reverse("reporting:new"), data)
    report = Report.objects.get()
    handler = signed_in_handler(personas[Role.OVERSIGHT])
    for step in STEPS:
        handler.post(reverse("reporting:case_step", args=[report.number]), step)
    report.refresh_from_db()
    assert report.status == Status.CLOSED
    return report, data, handler


def reporter_opens(data: dict) -> Client:
    reporter = Client()
    reporter.post(reverse("reporting:follow_up"), {"receipt": receipt_of(data)})
    return reporter


def test_the_handler_sees_a_closed_case_read_only_and_cannot_add_to_it(personas, handlers) -> None:
    report, _data, handler = filed_and_closed(personas)
    page = handler.get(reverse("reporting:case", args=[report.number])).content.decode()
    assert "Het dossier is afgesloten" in page and "Het dossier heropenen" in page
    for gone in ("case_write", "case_step_off"):
        assert reverse(f"reporting:{gone}", args=[report.number]) not in page, gone
    assert 'name="title"' not in page  # no task form
    # Sending anyway changes nothing, and says why.
    before = Message.objects.count()
    answer = handler.post(
        reverse("reporting:case_write", args=[report.number]),
        {"body": "Nog een vraag", "internal": "0"},
        follow=True,
    )
    assert Message.objects.count() == before
    assert "heropen het eerst" in answer.content.decode()


def test_reopening_needs_a_reason_and_is_recorded(personas, handlers) -> None:
    report, _data, handler = filed_and_closed(personas)
    url = reverse("reporting:case_reopen", args=[report.number])
    refused = handler.post(url, {"reason": "kort"}, follow=True)
    report.refresh_from_db()
    assert report.status == Status.CLOSED
    assert "waarom het dossier weer opengaat" in refused.content.decode()
    page = handler.post(url, {"reason": "De melder bracht nieuwe feiten aan."}, follow=True)
    report.refresh_from_db()
    assert report.status == Status.FEEDBACK_GIVEN and report.closed_on is None
    html = page.content.decode()
    assert "Het dossier is weer geopend." in html
    assert "Heropend: De melder bracht nieuwe feiten aan." in html  # the sealed internal note
    assert reverse("reporting:case_write", args=[report.number]) in html
    end_of_day()
    assert AuditEvent.objects.filter(
        action="reporting.case_reopened", actor_id=personas[Role.OVERSIGHT].pk
    ).exists()
    # The reason is sealed like every note: in no row in plain text.
    note = Message.objects.filter(report=report, internal=True).latest("position")
    assert b"nieuwe feiten" not in bytes(note.body_box)


def test_nobody_but_a_handler_of_the_case_can_reopen_it(personas, handlers) -> None:
    report, _data, _handler = filed_and_closed(personas)
    url = reverse("reporting:case_reopen", args=[report.number])
    assert Client().post(url, {"reason": "Zonder aanmelden geprobeerd."}).status_code == 302
    member = sign_in(Client(), personas.member)
    assert member.post(url, {"reason": "Als melder zelf geprobeerd."}).status_code in (403, 404)
    report.refresh_from_db()
    assert report.status == Status.CLOSED


def test_the_reporter_of_a_closed_case_is_told_how_to_reach_the_handlers_again(
    personas, handlers
) -> None:
    _report, data, _handler = filed_and_closed(personas)
    reporter = reporter_opens(data)
    page = reporter.get(reverse("reporting:follow_up_case")).content.decode()
    assert "Dit dossier is afgesloten" in page
    assert 'name="action" value="write"' not in page  # no message box
    assert f'href="{reverse("reporting:new")}"' in page  # a member of staff: the staff form
    assert 'value="retaliation"' in page  # and the retaliation report stays
    # Writing anyway stores nothing and says why.
    before = Message.objects.count()
    answer = reporter.post(
        reverse("reporting:follow_up_case"), {"action": "write", "body": "Nog iets"}, follow=True
    )
    assert Message.objects.count() == before
    assert "afgesloten" in answer.content.decode()


def test_a_reporter_s_message_shows_as_sent(personas, handlers) -> None:
    member = sign_in(Client(), personas.member)
    data = report_form()
    member.post(reverse("reporting:new"), data)
    reporter = reporter_opens(data)
    page = reporter.post(
        reverse("reporting:follow_up_case"),
        {"action": "write", "body": "Ik vergat te zeggen: het was 's avonds."},
        follow=True,
    )
    assert "Uw bericht is verstuurd." in page.content.decode()


def test_a_handler_s_message_and_note_each_say_what_happened(personas, handlers) -> None:
    member = sign_in(Client(), personas.member)
    member.post(reverse("reporting:new"), report_form())
    report = Report.objects.get()
    handler = signed_in_handler(personas[Role.OVERSIGHT])
    url = reverse("reporting:case_write", args=[report.number])
    sent = handler.post(url, {"body": "Wanneer precies?", "internal": "0"}, follow=True)
    assert "Het bericht is naar de melder gestuurd." in sent.content.decode()
    noted = handler.post(url, {"body": "Nagaan bij de dienst.", "internal": "1"}, follow=True)
    assert "De notitie is bewaard." in noted.content.decode()


def test_the_model_refuses_what_a_closed_case_cannot_take() -> None:
    report = Report(status=Status.CLOSED)
    with pytest.raises(ValidationError):
        report.require_open()
    report.reopen()
    assert report.status == Status.FEEDBACK_GIVEN
    with pytest.raises(ValidationError):
        report.reopen()  # only a closed case reopens
