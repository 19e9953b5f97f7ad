from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kompas.lib.env import env_str
from kompas.operations.backup import BackupError, write_backup


class Command(BaseCommand):
    help = (
        "Write an encrypted backup of the database and the attachments while Kompas runs. "
        "The passphrase comes from KOMPAS_BACKUP_PASSPHRASE(_FILE) or standard input."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "destination", help="file to write, e.g. /backups/kompas-2026-11-29.kbk"
        )

    def handle(self, *args: Any, destination: str, **options: Any) -> None:
        passphrase = env_str("KOMPAS_BACKUP_PASSPHRASE") or sys.stdin.readline().rstrip("\n")
        try:
            summary = write_backup(Path(destination), passphrase)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Backup written to {destination}: {summary['objects']} records, "
            f"{summary['files']} attachment files."
        )
