from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kompas.lib.clock import today
from kompas.reporting.retention import purge_expired


class Command(BaseCommand):
    help = (
        "Destroy the content and keys of closed cases, and delete register declarations, past "
        "their retention period, and expired sign-in sessions (daily)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        from kompas.registers.configuration import purge_expired_declarations

        self.stdout.write(f"{purge_expired(today())} case(s) purged.")
        counts = purge_expired_declarations(on=today())
        self.stdout.write(
            "{gifts} gift declaration(s), {conflicts} conflict signal(s) and "
            "{side_activities} side activity declaration(s) purged.".format(**counts)
        )
        from django.contrib.sessions.models import Session
        from django.utils import timezone

        expired, _by_model = Session.objects.filter(expire_date__lt=timezone.now()).delete()
        self.stdout.write(f"{expired} expired session(s) deleted.")
