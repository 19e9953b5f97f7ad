"""Mails of the channel through the task queue: nothing from a reporter's request, a named
report's notice with its report, the daily digest through the worker, never lost."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from kompas.accounts.roles import Role
from kompas.lib import clock, mail
from kompas.lib.tasks import enqueue_due
from kompas.lib.tests.queue import run_ready_tasks, use_database_queue
from kompas.reporting.models import Message, Report
from kompas.reporting.notices import send_digests
from kompas.reporting.tests.conftest import public_report_form, receipt_of, report_form
from kompas.reporting.tests.test_channel import _the_next_day, file
from kompas.testing import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _queue(settings) -> None:
    use_database_queue(settings)


def _mails() -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(task_path=mail.deliver.module_path))


def test_reporters_pages_enqueue_no_task(personas, handlers) -> None:
    """A task's row holds the moment it was enqueued: one written by a reporter's request would
    time an anonymous or confidential report (or the reporter's message) to the microsecond."""
    member = sign_in(Client(), personas.member)
    assert member.get(reverse("reporting:new")).status_code == 200
    data = report_form(identity_mode="anonymous")
    assert member.post(reverse("reporting:new"), data).status_code == 200
    member.post(reverse("reporting:proof"), {"receipt_token": data["receipt_token"]})
    citizen = Client()
    public = reverse("reporting:public", args=[personas.zone.code])
    assert citizen.get(public).status_code == 200
    data = public_report_form(personas.zone, kind="complaint", identity_mode="confidential")
    citizen.post(public, data)
    assert Report.objects.count() == 2
    citizen.post(reverse("reporting:follow_up"), {"receipt": receipt_of(data)})
    assert citizen.get(reverse("reporting:follow_up_case")).status_code == 200
    citizen.post(reverse("reporting:follow_up_case"), {"body": "Nog een detail."})
    assert Message.objects.count() == 1
    citizen.post(reverse("reporting:follow_up_leave"))
    assert DBTaskResult.objects.count() == 0
    # A named report's handlers are told at once: the reporter gave their name.
    member.post(reverse("reporting:new"), report_form(identity_mode="named"))
    assert len(_mails()) == 1


def test_a_named_report_that_rolls_back_sends_no_mail(personas, handlers, mailbox) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        file(personas, "named")  # its handlers are told at once...
        assert len(_mails()) == 1  # ...by a mail enqueued in the transaction...
        raise RuntimeError("the transaction fails after all")
    assert not Report.objects.exists()
    assert _mails() == []  # ...and gone with it
    assert run_ready_tasks() == 0
    assert mailbox.messages == []


def test_a_digest_enqueued_while_the_mail_server_is_down_goes_out_when_it_is_back(
    personas, handlers, mailbox, monkeypatch, settings
) -> None:
    report = file(personas)
    tomorrow = _the_next_day(monkeypatch)
    settings.EMAIL_PORT = 1  # nothing listens there
    assert send_digests(tomorrow) == 1
    assert run_ready_tasks() == 1 and mailbox.messages == []
    assert send_digests(tomorrow) == 0  # told once: the digest waits in the queue
    DBTaskResult.objects.filter(status=TaskResultStatus.READY).update(run_after=timezone.now())
    settings.EMAIL_PORT = mailbox.port
    assert run_ready_tasks() == 1
    [digest] = mailbox.wait_for(1)
    assert digest["To"] == personas[Role.OVERSIGHT].email
    assert report.number in digest.get_payload(decode=True).decode()


def test_the_daily_run_on_the_workers_schedule_is_the_command_cron_runs(
    personas, handlers, mailbox
) -> None:
    report = file(personas)
    # Filed yesterday (the command reads the clock it imported, whatever a test moves).
    Report.objects.filter(pk=report.pk).update(received_on=clock.today() - timedelta(days=1))
    morning = datetime.combine(clock.today(), time(7), tzinfo=timezone.get_current_timezone())
    assert enqueue_due(morning, (("send_reminders", time(7)),)) == ["send_reminders"]
    assert run_ready_tasks() == 2  # the job, then the digest it enqueued
    job = DBTaskResult.objects.get(args_kwargs__kwargs__command="send_reminders")
    assert job.status == TaskResultStatus.SUCCESSFUL
    assert job.return_value == "1 reminder(s) sent.\n"
    [digest] = mailbox.wait_for(1)
    assert report.number in digest.get_payload(decode=True).decode()
