from __future__ import annotations

import getpass
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kompas.accounts.services import create_administrator


class Command(BaseCommand):
    help = "Create a functional administrator (and the zone, if it does not exist yet)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--zone-code", required=True, help="short code, e.g. pz-heist")
        parser.add_argument("--zone-name", default="", help="e.g. 'PZ Heist'")
        parser.add_argument("--email", required=True)
        parser.add_argument("--first-name", required=True)
        parser.add_argument("--last-name", required=True)
        parser.add_argument(
            "--password-stdin", action="store_true", help="read the password from standard input"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["password_stdin"]:
            import sys

            password = sys.stdin.readline().rstrip("\n")
        else:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The passwords differ.")
        try:
            validate_password(password)
            person = create_administrator(
                zone_name=options["zone_name"] or options["zone_code"],
                zone_code=options["zone_code"],
                email=options["email"],
                first_name=options["first_name"],
                last_name=options["last_name"],
                password=password,
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(
            self.style.SUCCESS(f"Administrator {person.email} created in zone {person.zone}.")
            + "\nTwo-step sign-in is set up at the first sign-in."
        )
