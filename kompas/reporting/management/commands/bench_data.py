from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kompas.accounts.models import Zone
from kompas.reporting.benchdata import generate_reports


class Command(BaseCommand):
    help = "Add generated reports to the demo zone, for `make bench` (never in production)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--reports", type=int, default=200_000)
        parser.add_argument("--register-entries", type=int, default=1_000_000)
        parser.add_argument("--sessions", type=int, default=20_000)

    def handle(
        self, *args: Any, reports: int, register_entries: int, sessions: int, **options: Any
    ) -> None:
        from kompas.compass.benchdata import generate_sessions
        from kompas.registers.benchdata import generate_register_entries

        zone = Zone.objects.filter(code="demo", is_demo=True).first()
        if zone is None:
            raise CommandError("Load the demo zone first (kompas load-demo).")
        start = time.perf_counter()
        made = generate_reports(zone, reports)
        self.stdout.write(f"{made} reports generated in {time.perf_counter() - start:.1f} s")
        start = time.perf_counter()
        made = generate_register_entries(zone, register_entries)
        self.stdout.write(
            f"{made} register entries generated in {time.perf_counter() - start:.1f} s"
        )
        start = time.perf_counter()
        made = generate_sessions(zone, sessions)
        self.stdout.write(
            f"{made} dilemma sessions generated in {time.perf_counter() - start:.1f} s"
        )
        from django.db import connection

        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # As autovacuum would after such a bulk load: statistics for the planner, and a
                # visibility map so that counts can be read from indexes alone.
                cursor.execute("VACUUM ANALYZE")
