"""A meeting on request (issue 21, point 9; directive 2019/1937 art. 9(2)): the reporter asks
for one on the follow-up page, a handler plans it or declines it, records its minutes after it
was held, and the reporter approves them or sends corrections. Everything written is sealed,
every step audited, the reporter's acts held to their day."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from kompas.accounts.roles import Role
from kompas.audit.models import AuditEvent, HeldEvent
from kompas.lib.clock import today
from kompas.reporting.models import Meeting, MeetingState, Message, Report, Status
from kompas.reporting.tests.conftest import receipt_of, report_form, signed_in_handler
from kompas.reporting.tests.test_privacy import everything_stored
from kompas.testing import end_of_day, sign_in

pytestmark = pytest.mark.django_db

WISH = "Liefst dinsdag na vieren, niet in het hoofdbureau"
PLACE = "Gemeentehuis Itegem, vergaderzaal 2"
MINUTES = "Verslag: de melder zag de agent Peeters de sigaretten in zijn tas steken."
CORRECTION = "Het was niet Peeters maar Vermeulen, en het was in de garage."
DECLINED = "De melder is al gehoord door de onderzoeksrechter."


def file(personas, **fields) -> tuple[Report, Client]:
    """A member reports (anonymously unless told otherwise) and opens the follow-up page."""
    before = set(Report.objects.values_list("pk", flat=True))
    data = report_form(**{"identity_mode": "anonymous", **fields})
    sign_in(Client(), personas.member).post(reverse("reporting:new"), data)
    return Report.objects.exclude(pk__in=before).get(), reporter_of(data)


def reporter_of(data: dict) -> Client:
    reporter = Client()
    opened = reporter.post(reverse("reporting:follow_up"), {"receipt": receipt_of(data)})
    assert opened.status_code == 302
    return reporter


def follow_up(reporter: Client) -> str:
    return reporter.get(reverse("reporting:follow_up_case")).content.decode()


def ask(reporter: Client, **fields) -> Any:
    data = {"action": "meeting", "preference": WISH, "consent": "on", **fields}
    return reporter.post(reverse("reporting:follow_up_case"), data)


def meeting_section(page: str) -> str:
    return page.split('id="meeting-title"')[1].split("</section>")[0]


def act(handler: Client, report: Report, action: str, **fields) -> Any:
    url = reverse("reporting:case_meeting", args=[report.number])
    return handler.post(url, {"action": action, **fields})


def plan(handler: Client, report: Report) -> Any:
    day = (today() + timedelta(days=3)).isoformat()
    return act(handler, report, "plan", day=day, time="16:30", place=PLACE)


def case_page(handler: Client, report: Report) -> str:
    return handler.get(reverse("reporting:case", args=[report.number])).content.decode()


@pytest.fixture
def oversight(personas, handlers) -> Client:
    return signed_in_handler(personas[Role.OVERSIGHT])


def test_an_anonymous_reporter_is_warned_and_asks_for_a_meeting_with_a_wish(
    personas, handlers, oversight
) -> None:
    report, reporter = file(personas)
    page = meeting_section(follow_up(reporter))
    assert "Wie u ontmoet, ziet wie u bent" in page  # coming reveals who they are
    assert "Een gesprek vragen" in page

    answer = ask(reporter)
    assert answer.status_code == 302 and answer["Location"].endswith("#meeting-title")
    meeting = Meeting.objects.get(report=report)
    assert meeting.state == MeetingState.REQUESTED and meeting.requested_on == today()
    page = follow_up(reporter)
    assert "U vroeg een gesprek" in page
    # The wish is a message of the reporter's in the conversation, as every answer.
    [message] = Message.objects.filter(report=report)
    assert message.author == "reporter" and message.handler_id is None
    assert WISH in page.split('class="conversation"')[1]
    assert 'name="action" value="meeting"' not in page  # one meeting at a time

    # The handler sees it on the case, how long it waits, and in their inbox (from the day
    # after an anonymous report came in, as every list).
    Report.objects.filter(pk=report.pk).update(received_on=today() - timedelta(days=1))
    Meeting.objects.filter(pk=meeting.pk).update(requested_on=today() - timedelta(days=4))
    case = meeting_section(case_page(oversight, report))
    assert "Gevraagd" in case and "wacht sinds 4 dagen" in case
    home = oversight.get(reverse("front:home")).content.decode()
    asked = home.split("Gevraagde gesprekken")[1].split("</ul>")[0]
    assert report.number in asked


def test_a_named_reporter_is_not_warned_and_the_minutes_need_consent(personas, handlers) -> None:
    report, reporter = file(personas, identity_mode="named")
    assert "Wie u ontmoet" not in meeting_section(follow_up(reporter))
    refused = ask(reporter, consent="")
    assert refused.status_code == 200
    assert "vink aan om akkoord te gaan" in refused.content.decode()
    assert not Meeting.objects.exists() and not Message.objects.exists()
    # Asked without a wish: the message says only that a meeting is asked for.
    assert ask(reporter, preference="").status_code == 302
    assert Meeting.objects.filter(report=report).count() == 1


def test_a_second_request_while_one_waits_is_refused(personas, handlers) -> None:
    report, reporter = file(personas)
    ask(reporter)
    again = ask(reporter, preference="Nog eens")
    assert again.status_code == 200
    assert "U vroeg al een gesprek" in again.content.decode()
    assert Meeting.objects.filter(report=report).count() == 1
    assert Message.objects.filter(report=report).count() == 1


def test_the_handler_plans_the_meeting_and_the_reporter_reads_when_and_where(
    personas, handlers, oversight
) -> None:
    report, reporter = file(personas)
    ask(reporter)
    assert plan(oversight, report).status_code == 302
    meeting = Meeting.objects.get(report=report)
    assert meeting.state == MeetingState.PLANNED
    page = meeting_section(follow_up(reporter))
    assert "Uw gesprek is gepland" in page and PLACE in page and "16:30" in page
    # A day gone by cannot be planned.
    yesterday = (today() - timedelta(days=1)).isoformat()
    act(oversight, report, "plan", day=yesterday, time="10:00", place="Elders")
    assert PLACE in meeting_section(follow_up(reporter))


def test_a_declined_meeting_says_why_and_the_reporter_may_ask_again(
    personas, handlers, oversight
) -> None:
    report, reporter = file(personas)
    ask(reporter)
    assert act(oversight, report, "decline", decline_reason=DECLINED).status_code == 302
    assert Meeting.objects.get(report=report).state == MeetingState.DECLINED
    page = meeting_section(follow_up(reporter))
    assert "gaat niet door" in page and DECLINED in page
    assert 'name="action" value="meeting"' in page
    assert ask(reporter, preference="Dan toch telefonisch?").status_code == 302
    assert Meeting.objects.filter(report=report).count() == 2


def test_minutes_are_corrected_by_the_reporter_written_again_and_approved_on_a_day(
    personas, handlers, oversight
) -> None:
    report, reporter = file(personas)
    ask(reporter)
    plan(oversight, report)
    assert act(oversight, report, "minutes", minutes=MINUTES).status_code == 302
    page = meeting_section(follow_up(reporter))
    assert MINUTES in page and "Ik keur dit verslag goed" in page

    # The reporter corrects: a message of theirs, new for the handler; the minutes wait.
    sent = reporter.post(
        reverse("reporting:follow_up_case"),
        {"action": "correct_minutes", "corrections": CORRECTION},
    )
    assert sent.status_code == 302
    meeting = Meeting.objects.get(report=report)
    assert meeting.state == MeetingState.CORRECTIONS_SENT
    case = case_page(oversight, report)
    assert "De melder stuurde verbeteringen" in meeting_section(case)
    assert CORRECTION in case and '<strong class="new">nieuw</strong>' in case
    assert "Ik keur dit verslag goed" not in meeting_section(follow_up(reporter))

    # Written again, approved: dated, and said on both sides.
    act(oversight, report, "minutes", minutes=MINUTES + " In de garage, Vermeulen.")
    reporter.post(
        reverse("reporting:follow_up_case"), {"action": "approve_minutes", "meeting": "1"}
    )
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.MINUTES_APPROVED
    assert meeting.minutes_approved_on == today()
    assert "U keurde dit verslag goed op" in meeting_section(follow_up(reporter))
    assert "De melder keurde dit verslag goed op" in meeting_section(case_page(oversight, report))
    # Approved once: approving again changes nothing.
    reporter.post(
        reverse("reporting:follow_up_case"), {"action": "approve_minutes", "meeting": "1"}
    )
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.MINUTES_APPROVED


def test_minutes_wait_for_a_planned_meeting(personas, handlers, oversight) -> None:
    report, reporter = file(personas)
    ask(reporter)
    act(oversight, report, "minutes", minutes=MINUTES)  # not planned yet
    assert Meeting.objects.get(report=report).minutes_box is None
    reporter.post(
        reverse("reporting:follow_up_case"), {"action": "approve_minutes", "meeting": "1"}
    )
    assert Meeting.objects.get(report=report).state == MeetingState.REQUESTED


def test_anonymous_visitors_wrong_roles_and_handlers_without_the_case_act_on_no_meeting(
    personas, handlers
) -> None:
    report, reporter = file(personas, kind="breach")
    ask(reporter)
    url = reverse("reporting:case_meeting", args=[report.number])
    plan_data = {"action": "plan", "day": today().isoformat(), "time": "09:00", "place": PLACE}
    anonymous = Client().post(url, plan_data)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("accounts:login"))
    member = sign_in(Client(), personas.member).post(url, plan_data)
    assert member.status_code == 404
    counsellor = signed_in_handler(personas[Role.COUNSELLOR])  # well-being only: no grant
    assert counsellor.post(url, plan_data).status_code == 404
    assert Client().get(reverse("reporting:follow_up_case")).status_code == 302  # no receipt
    assert Meeting.objects.get(report=report).state == MeetingState.REQUESTED
    # The handler of the case plans it.
    assert signed_in_handler(personas[Role.OVERSIGHT]).post(url, plan_data).status_code == 302
    assert Meeting.objects.get(report=report).state == MeetingState.PLANNED


def test_another_reports_follow_up_cannot_act_on_this_meeting(
    personas, handlers, oversight
) -> None:
    report, reporter = file(personas)
    ask(reporter)
    plan(oversight, report)
    act(oversight, report, "minutes", minutes=MINUTES)
    other, other_reporter = file(personas)
    assert MINUTES not in follow_up(other_reporter)
    other_reporter.post(
        reverse("reporting:follow_up_case"), {"action": "approve_minutes", "meeting": "1"}
    )
    other_reporter.post(
        reverse("reporting:follow_up_case"),
        {"action": "correct_minutes", "corrections": CORRECTION},
    )
    meeting = Meeting.objects.get(report=report)
    assert meeting.state == MeetingState.HELD and meeting.minutes_approved_on is None
    assert not Message.objects.filter(report=other).exists()


def test_a_closed_case_takes_no_new_request_and_no_plan(personas, handlers, oversight) -> None:
    report, reporter = file(personas)
    ask(reporter)
    Report.objects.filter(pk=report.pk).update(status=Status.CLOSED, closed_on=today())
    assert plan(oversight, report).status_code == 302
    assert Meeting.objects.get(report=report).state == MeetingState.REQUESTED
    assert reverse("reporting:case_meeting", args=[report.number]) not in case_page(
        oversight, report
    )
    Meeting.objects.filter(report=report).update(state=MeetingState.DECLINED)
    assert 'name="action" value="meeting"' not in follow_up(reporter)
    refused = ask(reporter)
    assert refused.status_code == 200
    assert Meeting.objects.filter(report=report).count() == 1


def test_what_is_written_about_a_meeting_is_sealed(personas, handlers, oversight) -> None:
    report, reporter = file(personas)
    ask(reporter)
    plan(oversight, report)
    act(oversight, report, "minutes", minutes=MINUTES)
    reporter.post(
        reverse("reporting:follow_up_case"),
        {"action": "correct_minutes", "corrections": CORRECTION},
    )
    report2, reporter2 = file(personas)
    ask(reporter2)
    act(oversight, report2, "decline", decline_reason=DECLINED)
    stored = everything_stored()
    for needle in (WISH, PLACE, MINUTES, CORRECTION, DECLINED, "Vermeulen"):
        assert not any(needle.encode() in value for value in stored), needle
    # The planned time as any column would hold it (text, a JSON or dict value, a time); not
    # any "16:30" at all, which the moment of every row of the run may hold ("03:16:30.123").
    assert not any(
        value == b"16:30" or b'"16:30"' in value or b"'16:30'" in value or b"16:30:00" in value
        for value in stored
    )
    # Random keys: the meetings' rows line up with nothing (kompas.lib.ids.random_key).
    assert all(pk > 2**40 for pk in Meeting.objects.values_list("pk", flat=True))


def test_the_reporters_acts_are_held_to_their_day_and_the_handlers_are_timed(
    personas, handlers, oversight
) -> None:
    report, reporter = file(personas)
    end_of_day()
    # From the report's second day on, a handler's acts are timed and named.
    Report.objects.filter(pk=report.pk).update(received_on=today() - timedelta(days=1))
    ask(reporter)
    plan(oversight, report)
    act(oversight, report, "minutes", minutes=MINUTES)
    reporter.post(
        reverse("reporting:follow_up_case"),
        {"action": "correct_minutes", "corrections": CORRECTION},
    )
    act(oversight, report, "minutes", minutes=MINUTES)
    reporter.post(
        reverse("reporting:follow_up_case"), {"action": "approve_minutes", "meeting": "1"}
    )

    held = HeldEvent.objects.filter(object_id=str(report.pk))
    assert sorted(held.values_list("action", flat=True)) == [
        "reporting.meeting_minutes_corrected",
        "reporting.meeting_requested",
        "reporting.minutes_approved",
    ]
    assert all(event.actor_id is None for event in held)
    timed = AuditEvent.objects.filter(object_id=str(report.pk), action__startswith="reporting.m")
    assert sorted(timed.values_list("action", flat=True)) == [
        "reporting.meeting_minutes_recorded",
        "reporting.meeting_minutes_recorded",
        "reporting.meeting_planned",
    ]
    assert {event.actor_id for event in timed} == {personas[Role.OVERSIGHT].pk}
    # After the day: in the chain, dated by the day alone, on the case's timeline.
    end_of_day()
    approved = AuditEvent.objects.get(object_id=str(report.pk), action="reporting.minutes_approved")
    assert approved.actor_id is None and approved.detail == {"meeting": True}
    timeline = case_page(oversight, report).split('id="timeline-title"')[1]
    assert "Gesprek gevraagd door de melder" in timeline and "Gesprek gepland" in timeline


def test_a_purged_case_keeps_no_meeting(personas, handlers, oversight) -> None:
    from kompas.reporting.retention import purge

    report, reporter = file(personas)
    ask(reporter)
    plan(oversight, report)
    Report.objects.filter(pk=report.pk).update(status=Status.CLOSED, closed_on=today())
    purge(report, today())
    assert not Meeting.objects.exists()
