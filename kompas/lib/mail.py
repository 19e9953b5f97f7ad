"""Mail as Kompas sends it: through the task queue, with headers that tell nothing.

`send()` enqueues one mail with the change that causes it (`kompas.lib.tasks.enqueue`): a change
that rolls back sends nothing, and a stored change's mail is sent by `kompas worker`, tried again
with growing waits while the mail server is down, never dropped. Once sent, its text and address
leave the task's row (a password-reset link is a key to an account).

Python's `email.utils.make_msgid`, which Django uses for every mail, writes the moment of sending
(to the hundredth of a second) and the worker's process id into the Message-ID. For a new-case
mail that is the time a report was filed, readable by anyone who sees the mail or the mail
server's logs. Every mail gets a random Message-ID instead (`SMTPBackend`).
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends.smtp import EmailBackend
from django_tasks import TaskContext, task

from kompas.lib.tasks import enqueue, forget_arguments, retry_later

log = logging.getLogger(__name__)


def send(subject: Any, body: Any, to: str) -> None:
    """Enqueue a mail to one address. Subject and body are made text here: translate them in
    the recipient's language before."""
    enqueue(deliver, subject=str(subject), body=str(body), to=to)


@task(takes_context=True)
def deliver(context: TaskContext, subject: str, body: str, to: str, attempt: int = 1) -> None:
    """Send one mail; while it cannot be sent, enqueue the next attempt and fail this one."""
    try:
        EmailMessage(subject, body, None, [to]).send()
    except OSError:  # smtplib's errors too
        if not retry_later(deliver, attempt, subject=subject, body=body, to=to):
            log.error("mail not sent after %d attempt(s)", attempt)
            raise
        forget_arguments(context.task_result)  # the next attempt holds them
        raise
    forget_arguments(context.task_result)


def random_message_id() -> str:
    domain = urlsplit(settings.SITE_URL).hostname or "kompas.invalid"
    return f"<{secrets.token_hex(16)}@{domain}>"


class SMTPBackend(EmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        for message in email_messages:
            message.extra_headers["Message-ID"] = random_message_id()
        return super().send_messages(email_messages)
