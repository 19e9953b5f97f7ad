from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kompas.lib.clock import today
from kompas.reporting.retention import purge_expired


class Command(BaseCommand):
    help = "Destroy the content and keys of closed cases past their retention period (daily)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{purge_expired(today())} case(s) purged.")
