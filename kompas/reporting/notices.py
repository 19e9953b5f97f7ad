"""Telling handlers that new cases await them, without telling anyone when a report was filed.

A named report is told at once. An anonymous or confidential one is kept as a `Notice` and told in
the daily digest (`send_digests`, run with the daily reminders): one mail per handler with every
case of the complete days before, none of today's. The digest's time and headers (a random
Message-ID, `kompas.lib.mail`) then say nothing about the moment any report came in.
``KOMPAS_NEW_CASE_NOTICES=at-once`` tells every report at once instead.
Reporters' answers a handler has not read are told the same way, in the daily digest only,
of the days before (`send_answer_digests`): a mail at the moment a reporter writes would date
the answer, and a reporter's page enqueues nothing.
Mails hold case numbers and links only, never a kind or content.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from kompas.accounts.models import Person
from kompas.lib import mail
from kompas.reporting.models import IdentityMode, Notice, Report


def notify_new_case(report: Report, recipients: list[Person]) -> None:
    """Inside the transaction that stores the report: tell its handlers at once (a named report,
    or at-once notices: mails enqueued with the report); else keep a notice for the next digest."""
    told_at_once = (
        report.identity_mode == IdentityMode.NAMED or settings.NEW_CASE_NOTICES == "at-once"
    )
    if not told_at_once:
        Notice.objects.bulk_create(
            [Notice(report=report, person=person) for person in recipients if person.email]
        )
        return
    for person in recipients:
        if person.email:
            _mail(person, [report.number])


def send_digests(today: date) -> int:
    """One mail per handler with the cases of the days before ``today`` not told yet, enqueued
    as its notices are deleted; returns the number of mails."""
    pending = Notice.objects.filter(report__received_on__lt=today).select_related(
        "person", "report"
    )
    by_person: dict[Person, list[Notice]] = defaultdict(list)
    for notice in pending:
        by_person[notice.person].append(notice)
    sent = 0
    for person, notices in by_person.items():
        numbers = sorted({notice.report.number for notice in notices})
        with transaction.atomic():
            _mail(person, numbers)
            Notice.objects.filter(pk__in=[notice.pk for notice in notices]).delete()
        sent += 1
    return sent


def send_answer_digests(today: date) -> int:
    """One mail per handler with the cases where a reporter answered before ``today`` and the
    handler has neither read it nor been told yet; returns the number of mails."""
    from django.db.models import OuterRef, Subquery
    from django.db.models.functions import Greatest

    from kompas.reporting.models import Author, Grant, Message

    last = (
        Message.objects.filter(
            report=OuterRef("report"), author=Author.REPORTER, created_on__lt=today
        )
        .order_by("-position")
        .values("position")[:1]
    )
    grants = (
        Grant.objects.filter(active=True, person__is_active=True)
        .annotate(last=Subquery(last))
        .filter(last__gt=Greatest("seen_position", "told_position"))
        .select_related("person", "report")
    )
    by_person: dict[Person, list[Any]] = defaultdict(list)
    for grant in grants:
        if grant.person.email:
            by_person[grant.person].append(grant)
    for person, told in by_person.items():
        with transaction.atomic():
            _mail(person, sorted({g.report.number for g in told}), answers=True)
            for grant in told:
                Grant.objects.filter(pk=grant.pk).update(told_position=grant.last)
    return len(by_person)


def _mail(person: Person, numbers: list[str], *, answers: bool = False) -> None:
    links = [f"{settings.SITE_URL}/cases/{number}/" for number in numbers]
    with translation.override(person.language):
        if answers and len(numbers) == 1:
            subject = _("Kompas: a reporter answered")
            intro = _("A reporter answered on case %(number)s.") % {"number": numbers[0]}
        elif answers:
            subject = _("Kompas: reporters answered on %(count)s cases") % {"count": len(numbers)}
            intro = _("Reporters answered on %(count)s cases:") % {"count": len(numbers)}
        elif len(numbers) == 1:
            subject = _("Kompas: a new case")
            intro = _("A new case awaits you: %(number)s.") % {"number": numbers[0]}
        else:
            subject = _("Kompas: %(count)s new cases") % {"count": len(numbers)}
            intro = _("%(count)s new cases await you:") % {"count": len(numbers)}
    mail.send(subject, "\n\n".join([intro, "\n".join(links)]), person.email)
