"""Retention: after its period, a closed case's content and keys are destroyed (crypto-shredding).

What stays is the anonymous line of the legal register: number, kind, channel, dates, status,
outcome. A legal hold stops the purge for a case. ``kompas purge-expired`` runs daily.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

from kompas.accounts.models import Person
from kompas.audit.services import record
from kompas.lib.clock import add_months
from kompas.reporting.files import remove
from kompas.reporting.models import (
    DEFAULT_RETENTION_MONTHS,
    Kind,
    Meeting,
    PersonConcerned,
    Report,
    RetentionPeriod,
    RevealRequest,
    Status,
)


def purge_due_on(report: Report) -> date | None:
    if report.closed_on is None:
        return None
    return add_months(report.closed_on, RetentionPeriod.months_for(report.zone_id, report.kind))


def purge_dates(reports: list[Report], zone_id: int) -> dict[int, date | None]:
    """When each closed report's content goes, with the zone's periods read once."""
    own = dict(RetentionPeriod.objects.filter(zone_id=zone_id).values_list("kind", "months"))
    return {
        r.pk: add_months(r.closed_on, own.get(r.kind, DEFAULT_RETENTION_MONTHS[Kind(r.kind)]))
        if r.closed_on
        else None
        for r in reports
    }


def expired(today: date) -> list[Report]:
    candidates = Report.objects.filter(
        status=Status.CLOSED, legal_hold=False, purged_on__isnull=True
    )
    return [r for r in candidates if (due := purge_due_on(r)) is not None and due <= today]


@transaction.atomic
def purge(report: Report, today: date) -> None:
    """Destroy every copy of the case key and everything encrypted with it."""
    report = Report.objects.select_for_update(no_key=True).get(pk=report.pk)
    if report.legal_hold or report.purged_on is not None or report.status != Status.CLOSED:
        return
    stored = list(report.attachments.values_list("stored_name", flat=True))
    report.attachments.all().delete()
    report.messages.all().delete()
    report.tasks.all().delete()
    RevealRequest.objects.filter(report=report).delete()
    Meeting.objects.filter(report=report).delete()
    PersonConcerned.objects.filter(report=report).delete()
    report.grants.all().delete()
    report.content_box = b""
    report.identity_box = report.discipline_box = None
    report.receipt_box = report.receipt_salt = report.recovery_box = report.parent_box = None
    report.receipt_lookup = None
    report.purged_on = today
    report.save()
    record(
        "reporting.case_purged",
        obj=report,
        zone_id=report.zone_id,
        detail={"files": len(stored)},
    )
    # Files go last, once the database no longer points at them.
    transaction.on_commit(lambda: _remove_all(stored))


def _remove_all(stored_names: list[str]) -> None:
    for name in stored_names:
        remove(name)


def purge_expired(today: date) -> int:
    found = expired(today)
    for report in found:
        purge(report, today)
    return len(found)


@transaction.atomic
def set_legal_hold(*, report: Report, by: Person, hold: bool) -> None:
    report = Report.objects.select_for_update(no_key=True).get(pk=report.pk)
    report.legal_hold = hold
    report.save(update_fields=["legal_hold"])
    record(
        "reporting.legal_hold_set" if hold else "reporting.legal_hold_lifted",
        actor=by,
        obj=report,
    )
