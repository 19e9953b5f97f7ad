from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kompas.accounts.models import Zone
from kompas.reporting.recovery import set_up


class Command(BaseCommand):
    help = (
        "Create the zone's recovery key and print its word shares, one per holder, once. "
        "Write each on paper for its holder; they are never stored."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--zone", required=True, help="zone code")
        parser.add_argument(
            "--holders",
            required=True,
            help="comma-separated, e.g. 'Chief of police,Integrity officer,Mayor'",
        )
        parser.add_argument("--threshold", type=int, default=2)

    def handle(self, *args: Any, zone: str, holders: str, threshold: int, **options: Any) -> None:
        found = Zone.objects.filter(code=zone).first()
        if found is None:
            raise CommandError(f"No zone {zone}.")
        names = [name.strip() for name in holders.split(",") if name.strip()]
        try:
            shares = set_up(zone=found, holders=names, threshold=threshold)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(
            f"Recovery key for {found.name}: any {threshold} of these {len(names)} shares "
            "restore access. Hand each to its holder; this is the only time they are shown.\n"
        )
        for holder, share in shares:
            self.stdout.write(f"{holder}:\n  {share}\n")
