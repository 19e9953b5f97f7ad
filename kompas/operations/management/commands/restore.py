from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kompas.audit.services import verify_chain
from kompas.lib.env import env_str
from kompas.operations.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Rebuild an empty installation from a backup: migrate, load the data, put back the "
        "attachments, check the audit chain. Run it with the installation's own secret key."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source")

    def handle(self, *args: Any, source: str, **options: Any) -> None:
        passphrase = env_str("KOMPAS_BACKUP_PASSPHRASE") or sys.stdin.readline().rstrip("\n")
        call_command("migrate", "--no-input", verbosity=0)
        try:
            summary = restore_backup(Path(source), passphrase)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        keys = summary["keys"]
        self.stdout.write(f"Restored, with {summary['files']} attachment files.")
        if keys["audit_key"] != settings.AUDIT_KEY:
            self.stdout.write(
                "The audit chain was made with another key. Start Kompas with the secret key of "
                "the backed-up installation (KOMPAS_SECRET_KEY, or KOMPAS_AUDIT_KEY), then run "
                "`kompas verify-audit`."
            )
            return
        report = verify_chain()
        if not report.intact:
            raise CommandError(f"The audit chain is broken at event #{report.broken_at}.")
        self.stdout.write(f"Audit chain intact: {report.checked} events.")
