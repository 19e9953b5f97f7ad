"""Reminders of data-subject requests: a request still open a week before its deadline, or
late, is mailed once a day to the zone's data protection officers and integrity officers (who
answer it); one of a person concerned, or restricted, to the integrity officers only. A mail names the deadline and a link, never who asked nor what.

Run daily by ``kompas send-reminders``, beside the case deadlines (`kompas.reporting.reminders`).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from kompas.accounts.models import Person, RoleAssignment
from kompas.accounts.roles import Role
from kompas.audit.models import AuditEvent
from kompas.audit.services import record
from kompas.lib import mail
from kompas.lib.dates import shown_day
from kompas.privacy.models import OPEN_STATES, DataSubjectRequest

WARNING_DAYS = 7


def due_requests(today: date) -> list[DataSubjectRequest]:
    """Open requests due within `WARNING_DAYS` or late, the earliest first."""
    return list(
        DataSubjectRequest.objects.filter(
            state__in=OPEN_STATES, due_on__lte=today + timedelta(days=WARNING_DAYS)
        ).order_by("due_on", "pk")
    )


def answerers(zone_id: int, *, integrity_only: bool = False) -> list[Person]:
    """The zone's active data protection officers and integrity officers; the integrity
    officers only for a request only they handle (`DataSubjectRequest.integrity_only`)."""
    roles = [Role.INTEGRITY_OFFICER] if integrity_only else [Role.DPO, Role.INTEGRITY_OFFICER]
    holders = RoleAssignment.objects.filter(role__in=roles)
    return list(
        Person.objects.filter(zone_id=zone_id, is_active=True, pk__in=holders.values("person"))
    )


def send_request_reminders(today: date) -> int:
    """Mail each answerer of each request due soon or late, once a day per request (the mails
    enqueued with the request's audit event); returns the number of mails."""
    sent = 0
    for request in due_requests(today):
        with transaction.atomic():
            # Locked, so a second run waits for the first to commit its event and finds it.
            list(
                DataSubjectRequest.objects.select_for_update(no_key=True)
                .filter(pk=request.pk)
                .values_list("pk")
            )
            if AuditEvent.objects.filter(
                object_type="privacy.datasubjectrequest",
                object_id=str(request.pk),
                action="privacy.request_reminder_sent",
                detail__day=today.isoformat(),
            ).exists():
                continue
            late = today > request.due_on
            people = answerers(request.zone_id, integrity_only=request.integrity_only)
            link = settings.SITE_URL + reverse("privacy:request", args=[request.pk])
            for person in people:
                with translation.override(person.language):
                    body = _("A data-subject request is to be answered by %(due)s.") % {
                        "due": shown_day(request.due_on)
                    }
                    if late:
                        body += "\n" + _("This deadline has passed.")
                    body += "\n\n" + link
                    subject = _("Kompas: a data-subject request's deadline")
                mail.send(subject, body, person.email)
                sent += 1
            record(
                "privacy.request_reminder_sent",
                obj=request,
                zone_id=request.zone_id,
                detail={"late": late, "people": len(people), "day": today.isoformat()},
            )
    return sent
