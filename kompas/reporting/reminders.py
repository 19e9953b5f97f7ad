"""Deadline reminders by e-mail: before the 7-day acknowledgement, the 3-month feedback, and
the day a person concerned is to be informed by or the delay in informing them reviewed
(`PersonConcerned.due_on`; one reminder per case and day for all its persons concerned).

A case never closed on which nothing happened for nearly the zone's period
(`kompas.retention.models.RetentionSettings.open_case_months`) is warned of once per day it is
due to be destroyed (`inactivity_warnings`): its handlers may write a note, close it or have a
legal hold set; reading it does not count (`kompas.reporting.retention`).

``kompas send-reminders`` runs this once a day (cron or a systemd timer). A mail names only the
case number and the date due: never the kind of case, its content or anyone in it. A well-being
case's deadlines are the well-being route's (the confidential counsellors and the PAPS): its
reminders go to its handlers of that route, and to its other handlers only when it has none (a
substitute or the integrity officer handling it because the route is kept out). Whoever else
holds its key (a leader who recorded it orally) is not told it is due or late.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from kompas.accounts.models import Person
from kompas.audit.services import record
from kompas.lib import mail
from kompas.lib.dates import shown_day
from kompas.reporting.models import Grant, Kind, PersonConcerned, Report, Status
from kompas.reporting.services import ROUTES

ACKNOWLEDGE_WARNING_DAYS = 2
FEEDBACK_WARNING_DAYS = 14
CONCERNED_WARNING_DAYS = 7


@dataclass
class Due:
    report: Report
    what: str  # "acknowledge", "feedback", "concerned" or "inactive"
    due: date
    late: bool


def due_cases(today: date) -> list[Due]:
    """Cases whose acknowledgement or feedback is due soon or overdue."""
    found: list[Due] = []
    ack_soon = today + timedelta(days=ACKNOWLEDGE_WARNING_DAYS)
    for report in Report.objects.filter(
        status=Status.RECEIVED, acknowledge_by__lte=ack_soon, purged_on__isnull=True
    ):
        found.append(
            Due(report, "acknowledge", report.acknowledge_by, today > report.acknowledge_by)
        )
    feedback_soon = today + timedelta(days=FEEDBACK_WARNING_DAYS)
    pending = Report.objects.filter(
        feedback_on__isnull=True, feedback_by__lte=feedback_soon, purged_on__isnull=True
    ).filter(~Q(status__in=[Status.CLOSED, Status.FEEDBACK_GIVEN, Status.RECEIVED]))
    for report in pending:
        found.append(Due(report, "feedback", report.feedback_by, today > report.feedback_by))
    concerned_soon = today + timedelta(days=CONCERNED_WARNING_DAYS)
    first_due: dict[int, Due] = {}
    persons = (
        PersonConcerned.objects.filter(due_on__lte=concerned_soon)
        .exclude(report__status=Status.CLOSED)
        .select_related("report")
        .order_by("due_on")
    )
    for person in persons:
        assert person.due_on is not None
        if person.report_id not in first_due:  # the earliest of the case's persons concerned
            late = today > person.due_on
            first_due[person.report_id] = Due(person.report, "concerned", person.due_on, late)
    found.extend(first_due.values())
    return found


def inactivity_warnings(today: date) -> list[Due]:
    """Cases never closed that will be destroyed within the zone's warning days unless
    something happens on them; ``due`` is the day they would be."""
    from kompas.accounts.models import Zone
    from kompas.reporting.retention import destroyed_on, soon_inactive
    from kompas.retention.models import RetentionSettings

    found: list[Due] = []
    for zone_id in Zone.objects.values_list("pk", flat=True):
        periods = RetentionSettings.current(zone_id)
        for report in soon_inactive(
            zone_id=zone_id,
            months=periods.open_case_months,
            warning_days=periods.open_case_warning_days,
            today=today,
        ):
            found.append(
                Due(report, "inactive", destroyed_on(report, periods.open_case_months), False)
            )
    return found


def reminded(report: Report) -> list[Person]:
    """The handlers of a case whose deadlines they answer for (see the module's docstring)."""
    handlers = list(
        Person.objects.filter(
            pk__in=Grant.objects.filter(report=report, active=True).values("person")
        ).prefetch_related("roles_held")
    )
    if report.kind != Kind.WELLBEING:
        return handlers
    route = [h for h in handlers if h.has_any_role(*ROUTES[Kind.WELLBEING])]
    return route or handlers


def send_reminders(today: date) -> int:
    """Mail each handler of each case that is due, the mails enqueued with the case's audit
    event; returns the number of mails."""
    sent = 0
    for item in due_cases(today) + inactivity_warnings(today):
        with transaction.atomic():
            if _reminded_today(item, today):
                continue  # another run (cron and the worker's schedule both) sent it already
            handlers = reminded(item.report)
            for handler in handlers:
                with translation.override(handler.language):
                    if item.what == "acknowledge":
                        line = _("Case %(number)s: acknowledge receipt by %(due)s.")
                    elif item.what == "inactive":
                        line = _(
                            "Case %(number)s: nothing was written on this case for a long time. "
                            "Its content and keys will be destroyed on %(due)s, unless a note "
                            "is written on it, it is closed, or a legal hold is set."
                        )
                    elif item.what == "concerned":
                        line = _(
                            "Case %(number)s: inform a person concerned, or review why it is "
                            "delayed, by %(due)s."
                        )
                    else:
                        line = _("Case %(number)s: give the reporter feedback by %(due)s.")
                    body = line % {"number": item.report.number, "due": shown_day(item.due)}
                    if item.late:
                        body += "\n" + _("This deadline has passed.")
                    body += "\n\n" + f"{settings.SITE_URL}/cases/{item.report.number}/"
                    subject = _("Kompas: a case deadline")
                mail.send(subject, body, handler.email)
                sent += 1
            record(
                "reporting.reminder_sent",
                obj=item.report,
                detail={
                    "deadline": item.what,
                    "late": item.late,
                    "handlers": len(handlers),
                    "day": today.isoformat(),
                    **({"due": item.due.isoformat()} if item.what == "inactive" else {}),
                },
            )
    return sent


def _reminded_today(item: Due, today: date) -> bool:
    """Whether this deadline's reminder went out for ``today`` already, asked with the case's
    row locked (PostgreSQL; SQLite has one writer at a time): a second run waits for the first
    to commit its audit event and then finds it."""
    from kompas.audit.models import AuditEvent

    list(Report.objects.select_for_update(no_key=True).filter(pk=item.report.pk).values_list("pk"))
    sent = AuditEvent.objects.filter(
        object_type="reporting.report",
        object_id=str(item.report.pk),
        action="reporting.reminder_sent",
        detail__deadline=item.what,
    )
    if item.what == "inactive":
        # Once per day the case is due to go: activity moves the day, and a new warning comes.
        return sent.filter(detail__due=item.due.isoformat()).exists()
    return sent.filter(detail__day=today.isoformat()).exists()
