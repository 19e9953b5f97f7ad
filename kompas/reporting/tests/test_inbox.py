"""A handler's home says what waits for them (issue 21, point 10): cases to acknowledge,
reporters' answers not read yet (also marked in the case list and on the case), their tasks
due soon and deadlines near; only their own cases, and what a list may show today."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from kompas.accounts.roles import Role
from kompas.lib.clock import today
from kompas.reporting.inbox import waiting_for
from kompas.reporting.models import Report, Task
from kompas.reporting.tests.conftest import receipt_of, report_form, signed_in_handler
from kompas.testing import PageCounts, sign_in

pytestmark = pytest.mark.django_db


def inbox_of(client: Client) -> str:
    page = client.get(reverse("front:home")).content.decode()
    assert 'id="inbox-title"' in page
    return page.split('id="inbox-title"')[1].split("</section>")[0]


def file(personas, **fields) -> tuple[Report, dict]:
    before = set(Report.objects.values_list("pk", flat=True))
    data = report_form(**fields)
    sign_in(Client(), personas.member).post(reverse("reporting:new"), data)
    return Report.objects.exclude(pk__in=before).get(), data


def test_a_new_case_waits_to_be_acknowledged_and_anonymous_ones_from_the_next_day(
    personas, handlers
) -> None:
    named, _ = file(personas, identity_mode="named")
    handler = signed_in_handler(personas[Role.OVERSIGHT])
    waiting = inbox_of(handler)
    assert "Te bevestigen" in waiting and named.number in waiting
    anonymous, _ = file(personas, identity_mode="anonymous")
    assert anonymous.number not in inbox_of(handler)  # as the case list: not on its first day
    Report.objects.filter(pk=anonymous.pk).update(received_on=today() - timedelta(days=1))
    assert anonymous.number in inbox_of(handler)


def test_a_reporter_s_answer_is_new_until_the_handler_reads_it(personas, handlers) -> None:
    report, data = file(personas, identity_mode="named")
    handler = signed_in_handler(personas[Role.OVERSIGHT])
    case = reverse("reporting:case", args=[report.number])
    handler.get(case)
    assert "Nieuwe antwoorden" not in inbox_of(handler)
    reporter = Client()
    reporter.post(reverse("reporting:follow_up"), {"receipt": receipt_of(data)})
    reporter.post(
        reverse("reporting:follow_up_case"), {"action": "write", "body": "Nog een detail."}
    )
    waiting = inbox_of(handler)
    assert "Nieuwe antwoorden van melders" in waiting and report.number in waiting
    listed = handler.get(reverse("reporting:cases")).content.decode()
    assert "nieuw antwoord" in listed
    page = handler.get(case).content.decode()
    assert '<strong class="new">nieuw</strong>' in page  # the answer, marked on the case
    # Read now: no longer new anywhere.
    assert "Nieuwe antwoorden" not in inbox_of(handler)
    assert "nieuw antwoord" not in handler.get(reverse("reporting:cases")).content.decode()
    assert '<strong class="new">' not in handler.get(case).content.decode()
    # Another handler of the case has not read it yet.
    other = signed_in_handler(personas[Role.INTEGRITY_OFFICER])
    if Report.objects.visible_to(personas[Role.INTEGRITY_OFFICER]).filter(pk=report.pk):
        assert report.number in inbox_of(other)


def test_tasks_due_soon_and_deadlines_near_wait_too(personas, handlers) -> None:
    report, _ = file(personas, identity_mode="named")
    handler_person = personas[Role.OVERSIGHT]
    handler = signed_in_handler(handler_person)
    handler.post(reverse("reporting:case_step", args=[report.number]), {"step": "acknowledge"})
    Task.objects.create(
        report=report,
        title_box=b"x",
        due_on=today() + timedelta(days=3),
        assigned_to=handler_person,
    )
    waiting = inbox_of(handler)
    assert "Uw taken die binnenkort vervallen" in waiting
    assert "Termijnen die naderen" not in waiting  # feedback is three months away
    Report.objects.filter(pk=report.pk).update(feedback_by=today() + timedelta(days=5))
    assert "Termijnen die naderen" in inbox_of(handler)
    Task.objects.update(due_on=today() + timedelta(days=30))
    assert "Uw taken" not in inbox_of(handler)


def test_only_handlers_have_an_inbox_and_each_sees_their_own_cases(personas, handlers) -> None:
    report, _ = file(personas, identity_mode="named")
    member_home = sign_in(Client(), personas.member).get(reverse("front:home")).content.decode()
    assert 'id="inbox-title"' not in member_home
    counsellor = signed_in_handler(personas[Role.COUNSELLOR])  # well-being only: not this case
    waiting = inbox_of(counsellor)
    assert report.number not in waiting and "Er wacht nu geen dossier op u." in waiting


def test_the_inbox_costs_the_same_queries_whatever_the_cases(
    personas, handlers, django_assert_num_queries
) -> None:
    file(personas, identity_mode="named")
    handler = personas[Role.OVERSIGHT]
    with django_assert_num_queries(5):
        waiting_for(handler, today())
    counts = PageCounts()
    small = counts([(handler, reverse("front:home"))])
    for _ in range(4):
        file(personas, identity_mode="named")
    assert counts([(handler, reverse("front:home"))]) == small


def test_an_answer_is_told_in_the_next_days_digest_once_unless_read(
    personas, handlers, mailbox, django_capture_on_commit_callbacks
) -> None:
    """A mail the moment a reporter writes would date the answer: handlers hear of it in the
    daily digest of the days before, once, and not when they read it already."""
    from kompas.reporting.models import Grant
    from kompas.reporting.notices import send_answer_digests

    report, data = file(personas, identity_mode="anonymous")
    reporter = Client()
    reporter.post(reverse("reporting:follow_up"), {"receipt": receipt_of(data)})
    reporter.post(
        reverse("reporting:follow_up_case"), {"action": "write", "body": "Het was om 22 uur."}
    )
    assert send_answer_digests(today()) == 0  # today's answers wait for the day to end
    tomorrow = today() + timedelta(days=1)
    handler = personas[Role.OVERSIGHT]
    assert Grant.objects.filter(report=report, person=handler, active=True).exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_answer_digests(tomorrow) == 1
    [mail] = mailbox.wait_for(1)
    body = mail.get_payload(decode=True).decode()
    assert mail["To"] == handler.email and report.number in body and "22 uur" not in body
    assert send_answer_digests(tomorrow) == 0  # told once
    # Another answer, read before the next digest: nobody is told of it.
    reporter.post(reverse("reporting:follow_up_case"), {"action": "write", "body": "Nog iets."})
    signed_in_handler(handler).get(reverse("reporting:case", args=[report.number]))
    assert send_answer_digests(tomorrow + timedelta(days=1)) == 0
