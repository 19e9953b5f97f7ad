from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kompas.lib.clock import today
from kompas.reporting.endofday import close_days


class Command(BaseCommand):
    help = (
        "Daily, after midnight: the held audit events of the days before join the chain in "
        "random order, and the rows and files written for the last days' reports are "
        "rewritten, so that nothing places a report within its day."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        closed = close_days(today())
        self.stdout.write(
            f"{closed.events} held event(s) chained, {closed.rows} row(s) and "
            f"{closed.files} file(s) rewritten."
        )
