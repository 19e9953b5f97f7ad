from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kompas.lib.clock import today
from kompas.reporting.reminders import send_reminders


class Command(BaseCommand):
    help = "Mail handlers about acknowledgements and feedback that are due soon or late (daily)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = send_reminders(today())
        self.stdout.write(f"{count} reminder(s) sent.")
