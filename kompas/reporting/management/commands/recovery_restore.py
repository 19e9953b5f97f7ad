from __future__ import annotations

import sys
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kompas.accounts.models import Person, Zone
from kompas.reporting.models import Report
from kompas.reporting.recovery import restore


class Command(BaseCommand):
    help = (
        "Give cases back to a handler with the recovery key. The share holders type their shares "
        "on standard input, one per line. Every use is audited. Before typing a share, confirm "
        "with the handler in person (not by mail or phone) that they made their new key "
        "themselves: a key replaced from a stolen session would give the cases to the thief."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--zone", required=True)
        parser.add_argument("--to", required=True, help="e-mail address of the handler")
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--case", help="a case number, e.g. 2026-0007")
        group.add_argument("--cases-of", help="every open case another handler held (e-mail)")

    def handle(self, *args: Any, **options: Any) -> None:
        zone = Zone.objects.filter(code=options["zone"]).first()
        to = Person.objects.filter(email__iexact=options["to"]).first()
        if zone is None or to is None:
            raise CommandError("Unknown zone or person.")
        if options["case"]:
            reports = list(Report.objects.filter(zone=zone, number=options["case"]))
        else:
            reports = list(
                Report.objects.filter(
                    zone=zone,
                    grants__person__email__iexact=options["cases_of"],
                    purged_on__isnull=True,
                ).distinct()
            )
        self.stderr.write(
            f"Confirm with {to.email} in person (not by mail or phone) that they made their new "
            "key themselves before typing a share: a key replaced from a stolen session would "
            "give the cases to the thief."
        )
        shares = [line for line in sys.stdin.read().splitlines() if line.strip()]
        try:
            count = restore(zone=zone, shares=shares, reports=reports, to=to)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(f"{count} case(s) given to {to.email}.")
