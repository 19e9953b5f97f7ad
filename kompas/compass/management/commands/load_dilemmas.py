from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Insert or update the starter dilemma library (after an upgrade of Kompas)."

    def handle(self, *args: Any, **options: Any) -> None:
        from kompas.compass.services import load_starter

        self.stdout.write(f"{load_starter()} starter dilemmas loaded.")
