"""The task queue in tests: the database backend, and a worker run in the test's own process."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def use_database_queue(settings: Any) -> None:
    """Tasks go to the database, as in production (the suite's default runs them on commit)."""
    settings.TASKS = DATABASE_QUEUE


def run_ready_tasks() -> int:
    """What `kompas worker` does with the tasks that are ready now: each is claimed and run by
    db_worker's own `run_task` (its loop would close the test's connection); returns how many."""
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    ran = 0
    while True:
        with transaction.atomic():
            ready = DBTaskResult.objects.ready().get_locked()
            if ready is None:
                return ran
            ready.claim(worker.worker_id)
        worker.run_task(ready)
        ran += 1
