from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kompas.lib.clock import today

# How the command names each count (kompas.retention.purge.KINDS).
SAID = {
    "closed_cases": "closed case(s) purged",
    "inactive_cases": "case(s) never closed purged after their inactivity period",
    "register_lines": "register line(s) deleted",
    "gifts": "gift declaration(s) purged",
    "conflicts": "conflict signal(s) purged",
    "side_activities": "side activity declaration(s) purged",
    "join_codes": "join code(s) cleared",
    "ballots": "who-voted mark(s) deleted",
    "training_sessions": "training session(s) deleted",
    "rejected_dilemmas": "rejected dilemma proposal(s) deleted",
    "audit_events": "audit event(s) pseudonymised",
    "leavers": "person(s) who left pseudonymised",
}


class Command(BaseCommand):
    help = (
        "Apply every retention period of every zone (kompas.retention.purge): destroy the "
        "content and keys of closed cases and of cases never closed past their inactivity "
        "period, delete register lines, declarations and trainings' data past their period, "
        "pseudonymise old audit events and people who left, and delete expired sign-in "
        "sessions (daily). Prints the counts per zone and kind."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        from django.contrib.sessions.models import Session
        from django.utils import timezone

        from kompas.retention.purge import KINDS, purge_all

        day = today()
        for zone_id, counts in purge_all(today=day).items():
            self.stdout.write(f"Zone {zone_id}:")
            for kind in KINDS:
                self.stdout.write(f"  {counts[kind]} {SAID[kind]}")
        expired, _by_model = Session.objects.filter(expire_date__lt=timezone.now()).delete()
        self.stdout.write(f"{expired} expired session(s) deleted.")
