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
    return sum(send_digest(person, notices) for person, notices in by_person.items())


def send_digest(person: Person, notices: list[Notice]) -> bool:
    """The digest of ``notices`` to ``person``, for the notices no other run sent meanwhile: a
    notice is claimed by deleting it (PostgreSQL's second delete waits for the first and then
    finds nothing; SQLite has one writer at a time), so two runs at once (cron and the worker)
    mail once. Returns whether a mail went out."""
    with transaction.atomic():
        claimed = [n for n in notices if Notice.objects.filter(pk=n.pk).delete()[0]]
        if claimed:
            _mail(person, sorted({notice.report.number for notice in claimed}))
    return bool(claimed)


def answers_due(today: date) -> dict[Person, list[Any]]:
    """Per handler, their grants on cases where a reporter answered before ``today`` that they
    have neither read nor been told of yet (each grant with its ``last`` answer's position)."""
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
    return by_person


def send_answer_digests(today: date) -> int:
    """One mail per handler with the cases where a reporter answered before ``today`` and the
    handler has neither read it nor been told yet; returns the number of mails."""
    return sum(send_answer_digest(person, due) for person, due in answers_due(today).items())


def send_answer_digest(person: Person, due: list[Any]) -> bool:
    """The digest of ``due`` (grants read with their ``last`` answer) to ``person``, for the
    grants no other run told them of meanwhile: each grant is claimed by a conditional update
    (PostgreSQL re-checks the condition after waiting for another run's row lock; SQLite has
    one writer at a time), so two runs at once (cron and the worker) mail once. Returns
    whether a mail went out."""
    from kompas.reporting.models import Grant

    with transaction.atomic():
        claimed = [
            grant
            for grant in due
            if Grant.objects.filter(pk=grant.pk, told_position__lt=grant.last).update(
                told_position=grant.last
            )
        ]
        if claimed:
            _mail(person, sorted({g.report.number for g in claimed}), answers=True)
    return bool(claimed)


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
