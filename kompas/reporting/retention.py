"""Retention: after its period, a closed case's content and keys are destroyed (crypto-shredding).

What stays is the anonymous line of the legal register: number, kind, channel, dates, status,
outcome; the line itself goes after the register's period (`delete_register_lines`). A case
never closed is destroyed alike once nothing happened on it for the zone's period
(`purge_inactive`; its handlers are warned first by the reminders). A legal hold stops all of
it for a case. ``kompas purge-expired`` runs daily (`kompas.retention.purge`).

A case's *last activity* is the latest day written in its own data: received, acknowledged,
assessed, outcome, feedback, minutes approved; a message or internal note, a file, a handler
given the case, a task done, a meeting asked for or its minutes approved, a request to reveal
the identity asked, decided or told, a person concerned recorded. Looking at a case writes none
of these (its looks are in the audit log only), so reading a case never keeps it alive; a
handler who needs more time writes an internal note, or sets a legal hold.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import DateField, F, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest

from kompas.accounts.models import Person, Zone
from kompas.audit.services import record
from kompas.lib.clock import add_months
from kompas.lib.prepared import Prepared
from kompas.reporting.files import remove
from kompas.reporting.models import (
    DEFAULT_RETENTION_MONTHS,
    Attachment,
    Grant,
    Kind,
    Meeting,
    Message,
    PersonConcerned,
    Report,
    RetentionPeriod,
    RevealRequest,
    Status,
    Task,
)


def purge_due_on(report: Report) -> date | None:
    if report.closed_on is None:
        return None
    return add_months(report.closed_on, RetentionPeriod.months_for(report.zone_id, report.kind))


# The zone's own periods, read on every page of the register (compiled once,
# `kompas.lib.prepared`).
_PERIODS: Prepared[tuple[str, int]] = Prepared(
    lambda zone_id: RetentionPeriod.objects.filter(zone_id=zone_id).values_list("kind", "months")
)


def purge_dates(reports: list[Any], zone_id: int) -> dict[int, date | None]:
    """When each closed report's content goes (reports or rows with pk, kind and closed_on),
    with the zone's periods read once."""
    own = dict(_PERIODS(zone_id=zone_id))
    return {
        r.pk: add_months(r.closed_on, own.get(r.kind, DEFAULT_RETENTION_MONTHS[Kind(r.kind)]))
        if r.closed_on
        else None
        for r in reports
    }


def expired(today: date, zone_id: int | None = None) -> list[Report]:
    """The closed cases past their kind's period (of one zone, or all), each kind asked with
    its own cut-off, so that neither the cases nor the periods are read one by one. Never
    before `purge_due_on` (at a month's end up to three days after it: 31 January plus a month
    is 28 February, but 28 February less a month is 28 January)."""
    zones = [zone_id] if zone_id is not None else list(Zone.objects.values_list("pk", flat=True))
    found: list[Report] = []
    for zone in zones:
        own = dict(RetentionPeriod.objects.filter(zone_id=zone).values_list("kind", "months"))
        due = Q()
        for kind in Kind.values:
            months = own.get(kind, DEFAULT_RETENTION_MONTHS[Kind(kind)])
            due |= Q(kind=kind, closed_on__lte=add_months(today, -months))
        found += Report.objects.filter(
            due, zone_id=zone, status=Status.CLOSED, legal_hold=False, purged_on__isnull=True
        ).only("pk", "zone_id")
    return found


@transaction.atomic
def purge(report: Report, today: date) -> None:
    """Destroy every copy of the case key and everything encrypted with it."""
    report = Report.objects.select_for_update(no_key=True).get(pk=report.pk)
    if report.legal_hold or report.purged_on is not None or report.status != Status.CLOSED:
        return
    _destroy(report, today, inactive=False)


def _destroy(report: Report, today: date, *, inactive: bool) -> None:
    """Destroy the content and keys of a locked report, audited (the caller's transaction)."""
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
        detail={"files": len(stored), "inactive": inactive},
    )
    # Files go last, once the database no longer points at them.
    transaction.on_commit(lambda: _remove_all(stored))


def _remove_all(stored_names: list[str]) -> None:
    for name in stored_names:
        remove(name)


def purge_expired(today: date, zone_id: int | None = None) -> int:
    found = expired(today, zone_id)
    for report in found:
        purge(report, today)
    return len(found)


# --- Cases never closed -----------------------------------------------------------------------


def _latest(model: type, field: str, **where: object) -> Subquery:
    rows = model.objects.filter(report=OuterRef("pk"), **where).order_by()  # type: ignore[attr-defined]
    return Subquery(rows.values("report").annotate(latest=Max(field)).values("latest")[:1])


def with_last_activity(reports: QuerySet[Report]) -> QuerySet[Report]:
    """The reports with ``last_activity``: the latest day in their own data (the module's
    docstring says which; never a look)."""
    received = F("received_on")
    days = [
        Coalesce(F(name), received)
        for name in (
            "acknowledged_on",
            "assessed_on",
            "outcome_on",
            "feedback_on",
            "minutes_approved_on",
        )
    ] + [
        Coalesce(sub, received, output_field=DateField())
        for sub in (
            _latest(Message, "created_on"),
            _latest(Attachment, "created_on"),
            _latest(Grant, "granted_on"),
            _latest(Task, "done_on", done_on__isnull=False),
            _latest(Meeting, "requested_on"),
            _latest(Meeting, "minutes_approved_on", minutes_approved_on__isnull=False),
            _latest(RevealRequest, "requested_on"),
            _latest(RevealRequest, "decided_on", decided_on__isnull=False),
            _latest(RevealRequest, "reporter_told_on", reporter_told_on__isnull=False),
            _latest(PersonConcerned, "added_on"),
        )
    ]
    return reports.annotate(last_activity=Greatest(received, *days, output_field=DateField()))


def open_cases(zone_id: int) -> QuerySet[Report]:
    """The zone's cases not closed, not destroyed and not held: those an inactivity period
    runs for."""
    return Report.objects.filter(zone_id=zone_id, purged_on__isnull=True, legal_hold=False).exclude(
        status=Status.CLOSED
    )


def inactive_since(*, months: int, today: date) -> date:
    """The last activity on or before which a case never closed is destroyed today."""
    return add_months(today, -months)


def inactive_cases(*, zone_id: int, months: int, today: date) -> list[Report]:
    """The zone's open cases with no activity for ``months``: due for destruction today."""
    limit = inactive_since(months=months, today=today)
    return list(
        with_last_activity(open_cases(zone_id))
        .filter(Q(last_activity__lte=limit))
        .only("pk", "zone_id", "number")
    )


def soon_inactive(*, zone_id: int, months: int, warning_days: int, today: date) -> list[Report]:
    """The zone's open cases that will be destroyed within ``warning_days`` unless something
    happens on them, with ``last_activity`` (the reminders warn their handlers)."""
    from datetime import timedelta

    limit = inactive_since(months=months, today=today + timedelta(warning_days))
    return list(with_last_activity(open_cases(zone_id)).filter(Q(last_activity__lte=limit)))


def destroyed_on(report: Report, months: int) -> date:
    """The day an open case with ``last_activity`` is destroyed if nothing happens on it."""
    last: date = report.last_activity  # type: ignore[attr-defined]
    return add_months(last, months)


@transaction.atomic
def purge_inactive(report: Report, *, months: int, today: date) -> bool:
    """Destroy a case never closed whose last activity is ``months`` old, as a closed case's
    purge does; whether it was. Asked again with the case locked, so a note written meanwhile
    keeps the case."""
    locked = Report.objects.select_for_update(no_key=True).filter(pk=report.pk)
    list(locked.values_list("pk"))
    found = (
        with_last_activity(open_cases(report.zone_id).filter(pk=report.pk))
        .filter(Q(last_activity__lte=inactive_since(months=months, today=today)))
        .first()
    )
    if found is None:
        return False
    _destroy(found, today, inactive=True)
    return True


# --- Lines of the register --------------------------------------------------------------------


def register_lines_due(*, zone_id: int, years: int, today: date) -> QuerySet[Report]:
    """The zone's register lines past their period: cases destroyed, not held, closed (or, never
    closed, destroyed) ``years`` ago or more."""
    limit = add_months(today, -12 * years)
    return Report.objects.filter(zone_id=zone_id, purged_on__isnull=False, legal_hold=False).filter(
        Q(closed_on__lte=limit) | Q(closed_on__isnull=True, purged_on__lte=limit)
    )


@transaction.atomic
def delete_register_lines(*, zone_id: int, years: int, today: date) -> int:
    """Delete the zone's register lines past their period, audited by count; how many. A line
    whose protection case is still kept waits for it (they go together once both are due)."""
    deleted = 0
    while True:
        ids = list(
            register_lines_due(zone_id=zone_id, years=years, today=today)
            .filter(protection_cases__isnull=True)
            .values_list("pk", flat=True)[:1000]
        )
        if not ids:
            break
        Report.objects.filter(pk__in=ids).delete()
        deleted += len(ids)
    # Counted in the purge's `reporting.cases_purged` (the integrity officer's to read), not
    # in an event of its own that would exist only on the days a line went.
    return deleted


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
