"""Mail through the task queue: enqueued with its change, sent by the worker, tried again while
the mail server is down, never sent for a change that rolled back; the daily jobs on a schedule."""

from __future__ import annotations

import os
import re
import signal
import threading
from collections.abc import Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from kompas.lib import mail
from kompas.lib.tasks import (
    ATTEMPTS,
    DAILY,
    LONGEST_WAIT,
    STALLED_AFTER,
    enqueue_due,
    requeue_stalled,
)
from kompas.lib.tests.queue import run_ready_tasks, use_database_queue

pytestmark = pytest.mark.django_db

BRUSSELS = ZoneInfo("Europe/Brussels")


@pytest.fixture
def queue(settings) -> None:
    use_database_queue(settings)


def _mails() -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(task_path=mail.deliver.module_path))


def _waiting() -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(status=TaskResultStatus.READY))


def _a_while_later() -> None:
    """The waits of the queued attempts have passed."""
    DBTaskResult.objects.filter(status=TaskResultStatus.READY).update(run_after=timezone.now())


def test_a_mail_waits_in_the_queue_with_its_change_and_the_worker_sends_it(queue, mailbox) -> None:
    with transaction.atomic():
        mail.send("Kompas: een nieuw dossier", "Een nieuw dossier wacht op u.", "hr@pz.example")
    [queued] = _mails()
    assert queued.status == TaskResultStatus.READY and mailbox.messages == []
    assert run_ready_tasks() == 1
    [sent] = mailbox.wait_for(1)
    assert sent["To"] == "hr@pz.example" and sent["Subject"] == "Kompas: een nieuw dossier"
    assert re.fullmatch(r"<[0-9a-f]{32}@[^>]+>", sent["Message-ID"])
    queued.refresh_from_db()
    assert queued.status == TaskResultStatus.SUCCESSFUL
    # Sent, its text and address leave the database (a reset link is a key to an account).
    assert queued.args_kwargs == {"args": [], "kwargs": {}}
    assert run_ready_tasks() == 0 and len(mailbox.messages) == 1


def test_while_the_mail_server_is_down_mails_wait_longer_and_longer_and_none_is_lost(
    queue, mailbox, settings
) -> None:
    for n in range(3):
        mail.send(f"Onderwerp {n}", "Tekst", f"lid{n}@pz.example")
    settings.EMAIL_PORT = 1  # nothing listens there: the server is down
    started = timezone.now()
    assert run_ready_tasks() == 3
    failed = DBTaskResult.objects.filter(status=TaskResultStatus.FAILED)
    assert failed.count() == 3
    assert all(row.args_kwargs["kwargs"] == {} for row in failed)  # the next attempt holds them
    assert {row.args_kwargs["kwargs"]["attempt"] for row in _waiting()} == {2}
    assert all(
        timedelta(minutes=1) <= row.run_after - started < timedelta(minutes=2) for row in _waiting()
    )
    assert run_ready_tasks() == 0  # not before their time
    _a_while_later()
    started = timezone.now()
    assert run_ready_tasks() == 3  # still down: the wait doubles
    assert all(
        timedelta(minutes=2) <= row.run_after - started < timedelta(minutes=3) for row in _waiting()
    )
    settings.EMAIL_PORT = mailbox.port  # back
    _a_while_later()
    assert run_ready_tasks() == 3
    assert sorted(m["To"] for m in mailbox.wait_for(3)) == [f"lid{n}@pz.example" for n in range(3)]
    assert run_ready_tasks() == 0 and len(mailbox.messages) == 3  # each sent once


def test_the_first_wait_is_the_operators_kompas_task_retry_seconds(
    queue, mailbox, settings
) -> None:
    """The load drill waits seconds, not minutes, for its mail server to come back."""
    settings.TASK_RETRY_SECONDS = 2
    mail.send("Onderwerp", "Tekst", "lid@pz.example")
    settings.EMAIL_PORT = 1
    started = timezone.now()
    assert run_ready_tasks() == 1
    [waiting] = _waiting()
    assert timedelta(seconds=2) <= waiting.run_after - started < timedelta(seconds=3)


def test_the_waits_grow_to_an_hour_and_the_last_attempt_keeps_the_mail_for_the_operator(
    queue, mailbox, settings, caplog
) -> None:
    settings.EMAIL_PORT = 1
    mail.deliver.enqueue(subject="Onderwerp", body="Tekst", to="lid@pz.example", attempt=12)
    started = timezone.now()
    run_ready_tasks()
    [waiting] = _waiting()
    assert LONGEST_WAIT <= waiting.run_after - started < LONGEST_WAIT + timedelta(minutes=1)
    waiting.delete()
    mail.deliver.enqueue(subject="Onderwerp", body="Tekst", to="lid@pz.example", attempt=ATTEMPTS)
    run_ready_tasks()
    assert _waiting() == []
    last = DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).latest("enqueued_at")
    assert last.args_kwargs["kwargs"]["to"] == "lid@pz.example"  # not sent: kept, and said
    assert f"mail not sent after {ATTEMPTS} attempt(s)" in caplog.text
    assert "lid@pz.example" not in caplog.text


def test_a_mail_left_running_by_a_worker_that_died_is_put_back_and_sent(queue, mailbox) -> None:
    mail.send("Onderwerp", "Tekst", "lid@pz.example")
    [row] = _mails()
    row.claim("a-worker-that-died")
    assert run_ready_tasks() == 0
    assert requeue_stalled(mail.deliver, timezone.now()) == 0  # it may still be sending
    DBTaskResult.objects.filter(pk=row.pk).update(started_at=row.started_at - STALLED_AFTER)
    assert requeue_stalled(mail.deliver, timezone.now()) == 1
    assert run_ready_tasks() == 1
    assert [m["To"] for m in mailbox.wait_for(1)] == ["lid@pz.example"]


def test_with_the_suites_backend_a_mail_goes_when_its_change_commits(
    mailbox, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        mail.send("Onderwerp", "Tekst", "lid@pz.example")
        assert mailbox.messages == []
    assert len(callbacks) == 1
    assert [m["To"] for m in mailbox.wait_for(1)] == ["lid@pz.example"]


def test_each_daily_job_is_enqueued_once_a_day_from_its_time(queue) -> None:
    def enqueued_on(day: int) -> set[str]:
        return set(
            DBTaskResult.objects.filter(args_kwargs__kwargs__day=f"2026-12-{day:02d}").values_list(
                "args_kwargs__kwargs__command", flat=True
            )
        )

    morning = datetime(2026, 12, 7, 6, 59, tzinfo=BRUSSELS)
    assert enqueue_due(morning) == ["end_of_day", "purge_expired", "prune_db_task_results"]
    assert enqueue_due(morning) == []  # a second scheduling worker, or the next minute
    assert enqueue_due(morning + timedelta(minutes=1)) == ["send_reminders"]
    assert enqueued_on(7) == {command for command, _at in DAILY}
    assert enqueue_due(datetime(2026, 12, 8, 0, 5, tzinfo=BRUSSELS)) == ["end_of_day"]
    # A worker started late in the day catches up on the day's jobs.
    assert len(enqueue_due(datetime(2026, 12, 9, 15, 0, tzinfo=BRUSSELS))) == len(DAILY)


@pytest.fixture
def _signals_restored() -> Iterator[None]:
    """`kompas worker` answers SIGINT and SIGTERM itself; the test process gets its own back."""
    kept = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
    kept[signal.SIGQUIT] = signal.getsignal(signal.SIGQUIT)
    yield
    for number, handler in kept.items():
        signal.signal(number, handler)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # commits, as the worker does
def test_kompas_worker_sends_what_was_committed(settings, mailbox, _signals_restored) -> None:
    use_database_queue(settings)
    mail.send("Onderwerp", "Tekst", "lid@pz.example")  # committed at once: no transaction
    call_command("worker", "--batch", "--no-startup-delay", verbosity=0)
    assert [m["To"] for m in mailbox.wait_for(1)] == ["lid@pz.example"]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite's audit log refuses the flush"
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # commits, as the worker does
def test_kompas_worker_with_schedule_runs_the_days_jobs_until_it_is_stopped(
    settings, mailbox, _signals_restored
) -> None:
    use_database_queue(settings)
    mail.send("Onderwerp", "Tekst", "lid@pz.example")
    stop = threading.Timer(3, os.kill, (os.getpid(), signal.SIGTERM))
    stop.start()
    try:
        with pytest.raises(SystemExit) as stopped:
            call_command("worker", "--with-schedule", "--interval", "0.05", verbosity=0)
    finally:
        stop.cancel()
    assert stopped.value.code == 0
    assert [m["To"] for m in mailbox.wait_for(1)] == ["lid@pz.example"]
    now = timezone.localtime()
    due = {command for command, at in DAILY if now.time() >= at}
    jobs = DBTaskResult.objects.exclude(task_path=mail.deliver.module_path)
    assert {job.args_kwargs["kwargs"]["command"] for job in jobs} == due
    assert {job.status for job in jobs} <= {TaskResultStatus.SUCCESSFUL}
