from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from kompas.audit.services import verify_chain


class Command(BaseCommand):
    help = "Recompute the audit log's hash chain and report the first broken link."

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_chain()
        if not report.intact:
            raise CommandError(
                f"Audit chain broken at event #{report.broken_at}: {report.reason} "
                f"({report.checked} events before it are intact)."
            )
        self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {report.checked} events."))
