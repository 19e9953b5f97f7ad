"""What runs once a day is over (`kompas end-of-day`, daily after midnight): nothing written
while reports came in may still place them in time.

- The held audit events of the days before (reporters' acts, and everything that happened to a
  report on the day it was received) join the chain in random order, dated by their day
  (`kompas.audit.services.release_held`).
- The rows written for reports of the last days are rewritten in this one transaction: on
  PostgreSQL each row version carries the number of the transaction that wrote it (the system
  column ``xmin``), which would otherwise place a report between exactly timed events.
- Their encrypted files are rewritten to new inodes (`files.restamp`): a file's change time
  (ctime) cannot be set, so each becomes the night's.
A day missed is caught up: rows and files of the last ``DAYS_BACK`` days are rewritten each night.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.db.models import F

from kompas.audit.services import release_held
from kompas.reporting.files import restamp
from kompas.reporting.models import Attachment, Grant, Message, Report, RevealRequest, Task

DAYS_BACK = 7


@dataclass(frozen=True)
class DayClosed:
    events: int
    rows: int
    files: int


def close_days(today: date) -> DayClosed:
    since = today - timedelta(days=DAYS_BACK)
    with transaction.atomic():
        events = release_held(before=today)
        # A no-op update writes a new version of each row (its xmin: this transaction's).
        rows = Report.objects.filter(received_on__gte=since, received_on__lt=today).update(
            number=F("number")
        )
        rows += Grant.objects.filter(granted_on__gte=since, granted_on__lt=today).update(
            granted_on=F("granted_on")
        )
        rows += Message.objects.filter(created_on__gte=since, created_on__lt=today).update(
            created_on=F("created_on")
        )
        rows += Task.objects.filter(report__received_on__gte=since).update(due_on=F("due_on"))
        rows += RevealRequest.objects.filter(report__received_on__gte=since).update(
            requested_on=F("requested_on")
        )
        attachments = Attachment.objects.filter(created_on__gte=since, created_on__lt=today)
        rows += attachments.update(created_on=F("created_on"))
        stored = list(attachments.values_list("stored_name", flat=True))
    files = 0
    for stored_name in stored:
        try:
            restamp(stored_name)
        except FileNotFoundError:
            continue  # purged meanwhile
        files += 1
    return DayClosed(events, rows, files)
