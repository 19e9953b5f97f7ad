from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from kompas.accounts.models import Person


class Command(BaseCommand):
    help = "Print the current two-step code of a demo account (demo zone only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")

    def handle(self, *args: Any, email: str, **options: Any) -> None:
        person = Person.objects.filter(email__iexact=email, zone__is_demo=True).first()
        if person is None:
            raise CommandError("No demo account with that address.")
        device = TOTPDevice.objects.filter(user=person, confirmed=True).first()
        if device is None:
            raise CommandError("That demo account has no two-step key.")
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        self.stdout.write(f"{totp.token():0{device.digits}d}")
