from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kompas.accounts.demo import (
    DEMO_ACCOUNTS,
    DEMO_PASSWORD,
    build_demo_zone,
    demo_totp_base32,
)
from kompas.accounts.roles import SENSITIVE_ROLES, Role


class Command(BaseCommand):
    help = "Create the fictitious demo zone (once) and print its sign-ins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--people", type=int, default=150)
        parser.add_argument("--seed", type=int, default=2022)
        parser.add_argument("--quiet", action="store_true", help="do not print the sign-ins")

    def handle(self, *args: Any, people: int, seed: int, quiet: bool, **options: Any) -> None:
        from django.utils import translation

        with translation.override("en"):
            self._load(people, seed, quiet)

    def _load(self, people: int, seed: int, quiet: bool) -> None:
        from kompas.reporting.demo import demo_reports

        zone, created = build_demo_zone(people=people, seed=seed)
        state = "created" if created else "already there, left as it was"
        self.stdout.write(f"Demo zone {zone.name}: {state}.")
        reports = demo_reports(zone)
        from kompas.registers.demo import demo_gifts, demo_rules, demo_year

        demo_gifts(zone)
        demo_year(zone)
        demo_rules(zone)
        from kompas.compass.demo import demo_trainings

        demo_trainings(zone)
        from kompas.risks.demo import demo_risks

        demo_risks(zone)
        from kompas.plans.demo import demo_plans

        demo_plans(zone)
        from kompas.privacy.demo import demo_privacy

        demo_privacy(zone)
        if quiet:
            return
        self.stdout.write("\nDemo reports (follow them up at /follow-up/ with the receipt):")
        for report, receipt in reports:
            self.stdout.write(f"  {report.number}  {report.get_kind_display():<40} {receipt}")
        self.stdout.write(f"\nDemo sign-ins (password for all: {DEMO_PASSWORD})\n")
        for account in DEMO_ACCOUNTS:
            roles = ", ".join(str(Role(role).label) for role, _s in account.roles) or "staff"
            line = f"  {account.email:<42} {roles} [{account.language}]"
            if any(role in SENSITIVE_ROLES for role, _s in account.roles):
                line += f"\n      two-step key: {demo_totp_base32(account)}"
            self.stdout.write(line)
        self.stdout.write(
            "\nAccounts with a two-step key need a code: add the key to an authenticator app,"
            "\nor print the current code with: .venv/bin/kompas demo-code EMAIL\n"
        )
