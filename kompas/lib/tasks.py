"""Work beside the requests: django-tasks (the API of Django 6's `django.tasks`) with its database
backend, run by `kompas worker`.

`enqueue` hands a task over with the change that causes it. The database backend writes the
task's row in the current transaction: the row commits or rolls back with the change, so a worker
never runs a task for a change that was undone, and none is lost once the change is stored.
Another backend (the immediate one of the test suite) is handed the task when the transaction
commits.

`retry_later`: a task whose work may fail for a while (a mail server that is down) is tried again
in a new row, after 1, 2, 4 ... minutes (`KOMPAS_TASK_RETRY_SECONDS`, 60 by default, doubled
each time) and then every hour, for about three days (`ATTEMPTS`); a worker that died while
running a mail leaves it to be put back (`requeue_stalled`).

The daily jobs (`DAILY`) are management commands, run by cron or by
`kompas worker --with-schedule`, which enqueues each once a day from its time on
(`enqueue_due`): a worker started late in the day catches up on the day's jobs; several
scheduling workers enqueue each job once.
"""

from __future__ import annotations

import io
from datetime import datetime, time, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone
from django_tasks import TaskResult, TaskResultStatus, task
from django_tasks.base import Task
from django_tasks_db import DatabaseBackend
from django_tasks_db.backend import TaskResult as StoredResult
from django_tasks_db.models import DBTaskResult

ATTEMPTS = 80  # 1 + 2 + 4 + ... + 32 minutes, then every hour: about three days (by default)
LONGEST_WAIT = timedelta(hours=1)
STALLED_AFTER = timedelta(minutes=10)  # a mail takes seconds (EMAIL_TIMEOUT is 15)

# (command, local time from which it runs that day). end-of-day just after midnight (not while
# `kompas backup` runs: it rewrites the last week's attachment files); the digest and the
# reminders in the morning, for the day's work; finished tasks are kept 14 days.
DAILY: tuple[tuple[str, time], ...] = (
    ("end_of_day", time(0, 5)),
    ("purge_expired", time(1, 0)),
    ("prune_db_task_results", time(1, 30)),
    ("send_reminders", time(7, 0)),
)
_SCHEDULE_LOCK = 0x4B6F6D7053636864  # PostgreSQL: one scheduling worker at a time


def enqueue(task: Task[..., Any], *args: Any, **kwargs: Any) -> None:
    """Enqueue `task` with the change the current transaction makes (see the module's docstring)."""
    if isinstance(task.get_backend(), DatabaseBackend):
        task.enqueue(*args, **kwargs)
    else:
        transaction.on_commit(partial(task.enqueue, *args, **kwargs))


def retry_later(task: Task[..., Any], attempt: int, **kwargs: Any) -> bool:
    """Enqueue attempt `attempt + 1` of `task` after its wait; False when it was the last one or
    the backend cannot wait (the immediate one)."""
    if attempt >= ATTEMPTS or not task.get_backend().supports_defer:
        return False
    doubled = settings.TASK_RETRY_SECONDS * 2 ** min(attempt - 1, 20)  # past an hour anyway
    wait = min(timedelta(seconds=doubled), LONGEST_WAIT)
    task.using(run_after=timezone.now() + wait).enqueue(attempt=attempt + 1, **kwargs)
    return True


def forget_arguments(result: TaskResult[Any]) -> None:
    """Empty the stored arguments of a task that ran (a mail's text and address)."""
    if isinstance(result, StoredResult):
        DBTaskResult.objects.filter(pk=result.db_result.pk).update(
            args_kwargs={"args": [], "kwargs": {}}
        )


def requeue_stalled(task: Task[..., Any], now: datetime) -> int:
    """Put back the runs of `task` that a worker left running (it died while running them)."""
    return DBTaskResult.objects.filter(
        task_path=task.module_path,
        status=TaskResultStatus.RUNNING,
        started_at__lt=now - STALLED_AFTER,
    ).update(status=TaskResultStatus.READY, run_after=now)


@task()
def run_daily(command: str, day: str) -> str:
    """One daily job for `day` (the day it was enqueued for); returns what the command wrote."""
    written = io.StringIO()
    call_command(command, stdout=written)
    return written.getvalue()


def enqueue_due(now: datetime, jobs: tuple[tuple[str, time], ...] = DAILY) -> list[str]:
    """Enqueue the daily jobs whose time has come today and that are not enqueued for today;
    returns their commands."""
    local = timezone.localtime(now)
    day = local.date().isoformat()
    due = [command for command, at in jobs if local.time() >= at]
    enqueued = []
    with transaction.atomic():  # SQLite: one writer at a time already
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_SCHEDULE_LOCK])
        done = set(
            DBTaskResult.objects.filter(
                task_path=run_daily.module_path, args_kwargs__kwargs__day=day
            ).values_list("args_kwargs__kwargs__command", flat=True)
        )
        for command in due:
            if command not in done:
                run_daily.enqueue(command=command, day=day)
                enqueued.append(command)
    return enqueued
