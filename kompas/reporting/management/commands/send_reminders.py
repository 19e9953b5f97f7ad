from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kompas.lib.clock import today
from kompas.reporting.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "Daily: mail handlers the digest of new anonymous and confidential cases of the days "
        "before and of reporters' answers they have not read, and about acknowledgements and feedback due soon or late, leaders "
        "about gifts and conflict signals waiting for them, and the M-team about integrity "
        "risks due for review (expired acceptances come back to them)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        from django.db import transaction

        from kompas.registers.reminders import send_register_reminders
        from kompas.reporting.notices import send_answer_digests, send_digests

        count = send_digests(today())
        count += send_answer_digests(today())
        count += send_reminders(today())
        from kompas.privacy.reminders import send_request_reminders

        count += send_request_reminders(today())
        from kompas.risks.services import expire_acceptances, remind_reviews

        with transaction.atomic():  # register mails go out when their audit events are stored
            count += send_register_reminders(today())
        expire_acceptances(today())
        with transaction.atomic():
            count += remind_reviews(today())
        self.stdout.write(f"{count} reminder(s) sent.")
