"""Mail as Kompas sends it: Django's SMTP backend with headers that tell nothing.

Python's `email.utils.make_msgid`, which Django uses for every mail, writes the moment of sending
(to the hundredth of a second) and the worker's process id into the Message-ID. For a new-case
mail that is the time a report was filed, readable by anyone who sees the mail or the mail
server's logs. Every mail gets a random Message-ID instead.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends.smtp import EmailBackend


def random_message_id() -> str:
    domain = urlsplit(settings.SITE_URL).hostname or "kompas.invalid"
    return f"<{secrets.token_hex(16)}@{domain}>"


class SMTPBackend(EmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        for message in email_messages:
            message.extra_headers["Message-ID"] = random_message_id()
        return super().send_messages(email_messages)
