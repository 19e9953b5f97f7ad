"""The daily digests (new cases, reporters' answers) are run by cron and by the worker's
schedule: two runs at once, each reading what is due before the other sent it, still mail every
handler once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from kompas.accounts.roles import Role
from kompas.lib.clock import today
from kompas.reporting import notices
from kompas.reporting.models import Notice, Report
from kompas.reporting.tests.conftest import receipt_of, report_form
from kompas.testing import sign_in

pytestmark = pytest.mark.django_db


def file(personas, **fields) -> tuple[Report, dict]:
    before = set(Report.objects.values_list("pk", flat=True))
    data = report_form(**fields)
    sign_in(Client(), personas.member).post(reverse("reporting:new"), data)
    return Report.objects.exclude(pk__in=before).get(), data


def test_two_digest_runs_at_once_mail_each_case_once(
    personas, handlers, mailbox, django_capture_on_commit_callbacks
) -> None:
    """Cron and the worker's schedule both run the daily mails: each reads the notices before
    the other has sent them, and still every handler gets one digest."""
    report, _data = file(personas, identity_mode="anonymous")
    Report.objects.filter(pk=report.pk).update(received_on=report.received_on - timedelta(days=1))
    pending = list(Notice.objects.select_related("person", "report"))
    by_person = {n.person: [m for m in pending if m.person == n.person] for n in pending}
    first_run = dict(by_person)
    second_run = {person: list(due) for person, due in by_person.items()}  # read at the same time
    with django_capture_on_commit_callbacks(execute=True):
        assert all(notices.send_digest(person, due) for person, due in first_run.items())
        assert not any(notices.send_digest(person, due) for person, due in second_run.items())
    assert len(mailbox.wait_for(len(first_run))) == len(first_run)
    assert not Notice.objects.exists()


def test_two_answer_digest_runs_at_once_tell_a_handler_once(
    personas, handlers, mailbox, django_capture_on_commit_callbacks
) -> None:
    """Both runs read the unread answers before either told the handler: one mail."""
    report, data = file(personas, identity_mode="anonymous")
    reporter = Client()
    reporter.post(reverse("reporting:follow_up"), {"receipt": receipt_of(data)})
    reporter.post(reverse("reporting:follow_up_case"), {"action": "write", "body": "Nog dit."})
    tomorrow = today() + timedelta(days=1)
    handler = personas[Role.OVERSIGHT]
    first, second = notices.answers_due(tomorrow), notices.answers_due(tomorrow)
    assert handler in first and first.keys() == second.keys()
    with django_capture_on_commit_callbacks(execute=True):
        assert all(notices.send_answer_digest(p, due) for p, due in first.items())
        assert not any(notices.send_answer_digest(p, due) for p, due in second.items())
    mails = mailbox.wait_for(len(first))
    [to_handler] = [m for m in mails if m["To"] == handler.email]
    assert report.number in to_handler.get_payload(decode=True).decode()
