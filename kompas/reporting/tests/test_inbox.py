"""A handler's home says what waits for them (issue 21, point 10; issue 22, point 1): counts of
the cases to acknowledge, late and due within a week, each linking to the case list filtered the
same way; reporters' answers not read yet (also marked in the case list and on the case) and
their tasks due soon; only their own cases, and what a list may show today."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape

import pytest
from django.core.cache import cache
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
    cache.clear()  # the counts are kept a minute: here counted afresh each time
    page = client.get(reverse("front:home")).content.decode()
    assert 'id="inbox-title"' in page
    return page.split('id="inbox-title"')[1].split("</section>")[0]


def counts_in(inbox: str) -> dict[str, tuple[str, str]]:
    """The inbox's counts: {label: (count as shown, link)}."""
    found = re.findall(
        r'<li><a href="([^"]*)"><span class="count">([^<]*)</span> ([^<]*)</a></li>', inbox
    )
    return {unescape(label): (count, unescape(href)) for href, count, label in found}


def listed_cases(client: Client, link: str) -> list[str]:
    """The case numbers the case list shows behind a link."""
    page = client.get(link).content.decode()
    return re.findall(r'<a href="/cases/(\d{4}-\d+)/"', page.split("<tbody>")[1])


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
    to_acknowledge = "dossier te bevestigen"
    count, link = counts_in(inbox_of(handler))[to_acknowledge]
    assert (count, link) == ("1", reverse("reporting:cases") + "?status=received")
    assert listed_cases(handler, link) == [named.number]
    anonymous, _ = file(personas, identity_mode="anonymous")
    # As the case list: not on its first day, not even as a count.
    assert counts_in(inbox_of(handler))[to_acknowledge][0] == "1"
    Report.objects.filter(pk=anonymous.pk).update(received_on=today() - timedelta(days=1))
    assert counts_in(inbox_of(handler))["dossiers te bevestigen"][0] == "2"
    assert sorted(listed_cases(handler, link)) == sorted([named.number, anonymous.number])


def test_the_counts_are_what_the_case_list_shows_behind_them(personas, handlers) -> None:
    """Each count links to the case list with the same filter, and counts its rows: never a
    case the handler does not hold."""
    for _ in range(3):
        file(personas, identity_mode="named")
    acknowledged, _ = file(personas, identity_mode="named")
    handler_person = personas[Role.OVERSIGHT]
    handler = signed_in_handler(handler_person)
    handler.post(
        reverse("reporting:case_step", args=[acknowledged.number]), {"step": "acknowledge"}
    )
    Report.objects.filter(pk=acknowledged.pk).update(feedback_by=today() + timedelta(days=2))
    late = Report.objects.exclude(pk=acknowledged.pk).order_by("pk")[0]
    Report.objects.filter(pk=late.pk).update(acknowledge_by=today() - timedelta(days=1))
    # A case whose key the handler never had: it counts nowhere for them.
    from kompas.reporting.models import Grant

    hidden, _ = file(personas, identity_mode="named")
    Grant.objects.filter(report=hidden, person=handler_person).update(active=False)
    counts = counts_in(inbox_of(handler))
    # To acknowledge: the three received; late: one of them; within 7 days: the other two
    # received (acknowledged within a week) and the acknowledged one's feedback.
    assert [count for count, _link in counts.values()] == ["3", "1", "3"]
    for count, link in counts.values():
        shown = listed_cases(handler, link)
        assert int(count) == len(shown) and hidden.number not in shown
    assert listed_cases(
        handler, counts["dossier te laat (ontvangstbevestiging of terugkoppeling)"][1]
    ) == [late.number]


def test_a_count_stops_at_ninety_nine_plus(personas, handlers, monkeypatch) -> None:
    from kompas.reporting import inbox

    monkeypatch.setattr(inbox, "COUNT_UP_TO", 3)
    for _ in range(4):
        file(personas, identity_mode="named")
    handler = signed_in_handler(personas[Role.OVERSIGHT])
    count, link = counts_in(inbox_of(handler))["dossiers te bevestigen"]
    assert count == "2+" and len(listed_cases(handler, link)) == 4


def test_the_counts_are_kept_a_minute_and_say_when_they_were_counted(personas, handlers) -> None:
    file(personas, identity_mode="named")
    handler = signed_in_handler(personas[Role.OVERSIGHT])
    waiting = inbox_of(handler)
    assert "Geteld om " in waiting and counts_in(waiting)["dossier te bevestigen"][0] == "1"
    file(personas, identity_mode="named")
    page = handler.get(reverse("front:home")).content.decode()  # within the minute: kept
    assert counts_in(page.split('id="inbox-title"')[1])["dossier te bevestigen"][0] == "1"
    assert counts_in(inbox_of(handler))["dossiers te bevestigen"][0] == "2"  # counted again


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
    due_soon = "dossier met een termijn binnen 7 dagen"
    assert due_soon not in counts_in(waiting)  # feedback is three months away
    Report.objects.filter(pk=report.pk).update(feedback_by=today() + timedelta(days=5))
    assert counts_in(inbox_of(handler))[due_soon] == (
        "1",
        reverse("reporting:cases") + "?deadline=due_soon",
    )
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
    # Three counts, then three lists; the counts are kept a minute.
    with django_assert_num_queries(6):
        waiting_for(handler, today())
    with django_assert_num_queries(3):
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
