from __future__ import annotations

import logging
import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import CommandError
from django.db import close_old_connections
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand
from django_tasks_db.management.commands.db_worker import Worker

from kompas.lib.mail import deliver
from kompas.lib.tasks import enqueue_due, requeue_stalled

SCHEDULE_LOOK_SECONDS = 60


class Command(DatabaseWorkerCommand):
    help = (
        "Run the queued tasks (mails above all): django-tasks' db_worker. With --with-schedule "
        "it also enqueues the daily jobs (end-of-day, purge-expired, send-reminders) at their "
        "time and puts back the mails of a worker that died while sending them."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--with-schedule",
            action="store_true",
            help="Also run the daily jobs (kompas.lib.tasks.DAILY); not beside them in cron.",
        )

    def handle(self, **options: Any) -> None:
        if not options.pop("with_schedule"):
            super().handle(**options)
            return
        if options["batch"] or options["max_tasks"] or options["exclude_queues"]:
            raise CommandError("--with-schedule runs until stopped, on the queues named")
        self.configure_logging(options["verbosity"])
        worker = Worker(
            queue_names=options["queue_name"].split(","),
            interval=options["interval"],
            batch=True,  # each run returns when no task is ready: then the schedule's turn
            backend_name=options["backend_name"],
            startup_delay=False,
            max_tasks=None,
            worker_id=options["worker_id"],
            excluded_queue_names=[],
        )
        # Each round would say that it starts and that no task is left.
        logging.getLogger("django_tasks_db").setLevel(logging.WARNING)
        self.stdout.write(f"Worker {worker.worker_id} runs the tasks and the daily jobs.")
        worker.configure_signals()  # a stop asked during a task ends the loop after it
        next_look = time.monotonic()
        while worker.running:
            if time.monotonic() >= next_look:  # once a minute
                close_old_connections()
                requeue_stalled(deliver, timezone.now())
                enqueue_due(timezone.now())
                next_look = time.monotonic() + SCHEDULE_LOOK_SECONDS
            worker.run()
            if worker.running:
                time.sleep(worker.interval)
