from __future__ import annotations

import os
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kompas.lib.env import env_int, env_str


class Command(BaseCommand):
    help = "Serve Kompas with gunicorn (static files through whitenoise)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default=env_str("KOMPAS_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=env_int("KOMPAS_WORKERS", 3, minimum=1))

    def handle(self, *args: Any, bind: str, workers: int, **options: Any) -> None:
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "kompas.wsgi:application",
            "--bind",
            bind,
            "--workers",
            str(workers),
            "--threads",
            str(env_int("KOMPAS_THREADS", 4, minimum=1)),
            "--timeout",
            "60",
            "--graceful-timeout",
            "30",
            # No access log: it would hold the addresses of anonymous reporters.
            "--error-logfile",
            "-",
        ]
        self.stdout.write(f"Kompas is served on http://{bind}/ (Ctrl+C stops it)")
        sys.stdout.flush()
        os.execv(sys.executable, argv)
