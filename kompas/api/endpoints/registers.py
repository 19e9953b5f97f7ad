"""The register of reports and the declarations overview (registers:read).

The register of reports holds what the register page shows, line by line: number, kind, dates,
status, outcome, legal hold and when the content goes. Never the content, the channel, the
reporter's identity mode or anyone's name. Like the integrity officer's register, it leaves out
the well-being route's lines (theirs alone, `kompas.reporting.register`). Every report is listed
from the day after it came in: the page lists a named one at once and an anonymous or
confidential one the next day (`ReportQuerySet.listed`), which a system polling every day would
read as the report's identity mode.

The declarations overview holds the integrity officer's overview of gifts, side activities and
conflict signals as its page shows them: not the weighing answers, the reasons, the context, the
people a conflict concerns, nor anything the member wrote beyond what the page shows.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from kompas.api.endpoints.common import PageNumber, gate, paged, window
from kompas.api.models import ApiToken
from kompas.api.schemas import ConflictPage, GiftPage, RegisterPage, SideActivityPage
from kompas.api.scopes import Scope
from kompas.lib import clock
from kompas.lib.ids import LARGEST_KEY
from kompas.registers.models import ConflictSignal, GiftDeclaration, SideActivity
from kompas.reporting.models import Kind, Report

router = Router(tags=["registers"])

LINES_PER_PAGE = 100
SCOPE = Scope.READ_REGISTERS
Year = Query(None, ge=2000, le=2100, description="Only the reports received in this year.")
Service = Query(None, ge=1, le=LARGEST_KEY, description="Only members of this service (its id).")
Start = Query(None, description="From this day on (the page's date column).")
End = Query(None, description="Up to and including this day.")


def _zone(request: HttpRequest) -> int:
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    return token.zone_id


# Kinds the register of the integrity officer and internal oversight holds.
REGISTER_KINDS = [kind for kind in Kind.values if kind != Kind.WELLBEING]


@router.get("/register", **gate(SCOPE, RegisterPage, "The register of reports"))
def register(
    request: HttpRequest, page: int = PageNumber, year: int | None = Year
) -> dict[str, Any]:
    """The register of reports, by day received and number. A report is listed from the day
    after it came in, whatever its kind of identity."""
    from kompas.reporting.retention import purge_dates

    zone_id = _zone(request)
    # Every report from the day after it came in, named ones too: a system reads the register
    # every day, and named reports listed on their first day and the others on their second
    # (`ReportQuerySet.listed`, the page's rule) would tell it each report's identity mode.
    lines = Report.objects.filter(
        zone_id=zone_id, kind__in=REGISTER_KINDS, received_on__lt=clock.today()
    )
    if year:
        lines = lines.filter(received_on__year=year)
    shown = lines.order_by("received_on", "number").only(
        "number", "kind", "status", "outcome", "legal_hold", "received_on", "acknowledge_by",
        "acknowledged_on", "feedback_by", "feedback_on", "closed_on", "purged_on",
    )  # fmt: skip
    rows = window(shown, page, LINES_PER_PAGE)
    purge_on = purge_dates(rows, zone_id)
    return paged(
        [
            {
                "number": r.number,
                "kind": r.kind,
                "received_on": r.received_on,
                "acknowledged_on": r.acknowledged_on,
                "acknowledged_late": bool(
                    r.acknowledged_on and r.acknowledged_on > r.acknowledge_by
                ),
                "feedback_on": r.feedback_on,
                "feedback_late": bool(r.feedback_on and r.feedback_on > r.feedback_by),
                "status": r.status,
                "legal_hold": r.legal_hold,
                "outcome": r.outcome or None,
                "content_destroyed_on": r.purged_on,
                "content_destroyed_from": None if r.purged_on else purge_on[r.pk],
            }
            for r in rows
        ],
        page,
        LINES_PER_PAGE,
    )


# What a line shows of its member: name and service.
_PEOPLE = ("person__first_name", "person__last_name", "person__service__name")


def _between(found: Any, field: str, start: date | None, end: date | None) -> Any:
    if start:
        found = found.filter(**{f"{field}__gte": start})
    if end:
        found = found.filter(**{f"{field}__lte": end})
    return found


def _member(person: Any) -> dict[str, Any]:
    return {"name": person.full_name, "service": person.service.name if person.service else None}


def _name(person: Any) -> str | None:
    return person.full_name if person is not None else None


def _declarations(
    request: HttpRequest,
    model: Any,
    *,
    day: str,
    decider: str,
    fields: tuple[str, ...],
    service: int | None,
    start: date | None,
    end: date | None,
    page: int,
) -> list[Any]:
    """A page of one register's lines in the token's zone, newest first by ``day`` (the
    overview's date column), with their member and whoever decided (``decider``): only
    ``fields`` and the names are read."""
    found = (
        model.objects.filter(zone_id=_zone(request))
        .select_related("person", "person__service", decider)
        .only(day, *fields, *_PEOPLE, f"{decider}__first_name", f"{decider}__last_name")
    )
    if service:
        found = found.filter(person__service_id=service)
    found = _between(found, day, start, end).order_by(f"-{day}", "-pk")
    return window(found, page, LINES_PER_PAGE)


@router.get("/declarations/gifts", **gate(SCOPE, GiftPage, "Gifts and invitations"))
def gifts(
    request: HttpRequest,
    page: int = PageNumber,
    service: int | None = Service,
    start: date | None = Start,
    end: date | None = End,
) -> dict[str, Any]:
    """Gifts and invitations, newest first (by the day given), as the overview shows them."""
    rows = _declarations(
        request,
        GiftDeclaration,
        day="given_on",
        decider="decided_by",
        fields=(
            "declared_on",
            "kind",
            "description",
            "giver_name",
            "value",
            "status",
            "decision",
            "decided_on",
        ),
        service=service,
        start=start,
        end=end,
        page=page,
    )
    return paged(
        [
            {
                "id": d.pk,
                "declared_on": d.declared_on,
                "member": _member(d.person),
                "kind": d.kind,
                "description": d.description,
                "giver": d.giver_name,
                "value": float(d.value) if d.value is not None else None,
                "status": d.status,
                "decision": d.decision or None,
                "decided_by": _name(d.decided_by),
                "decided_on": d.decided_on,
            }
            for d in rows
        ],
        page,
        LINES_PER_PAGE,
    )


@router.get("/declarations/side-activities", **gate(SCOPE, SideActivityPage, "Side activities"))
def side_activities(
    request: HttpRequest,
    page: int = PageNumber,
    service: int | None = Service,
    start: date | None = Start,
    end: date | None = End,
) -> dict[str, Any]:
    """Side activities, newest first (by the day declared), as the overview shows them."""
    rows = _declarations(
        request,
        SideActivity,
        day="declared_on",
        decider="decided_by",
        fields=(
            "activity",
            "organisation",
            "hours_per_week",
            "paid",
            "status",
            "valid_until",
        ),
        service=service,
        start=start,
        end=end,
        page=page,
    )
    return paged(
        [
            {
                "id": a.pk,
                "declared_on": a.declared_on,
                "member": _member(a.person),
                "activity": a.activity,
                "organisation": a.organisation,
                "hours_per_week": float(a.hours_per_week) if a.hours_per_week is not None else None,
                "paid": a.paid,
                "status": a.status,
                "decided_by": _name(a.decided_by),
                "valid_until": a.valid_until,
            }
            for a in rows
        ],
        page,
        LINES_PER_PAGE,
    )


@router.get("/declarations/conflicts", **gate(SCOPE, ConflictPage, "Conflict-of-interest signals"))
def conflicts(
    request: HttpRequest,
    page: int = PageNumber,
    service: int | None = Service,
    start: date | None = Start,
    end: date | None = End,
) -> dict[str, Any]:
    """Conflict-of-interest signals, newest first (by the day signalled), as the overview shows
    them: not the people the task concerns."""
    rows = _declarations(
        request,
        ConflictSignal,
        day="signalled_on",
        decider="measured_by",
        fields=(
            "task_kind",
            "task",
            "relation",
            "status",
            "measure",
            "measured_on",
        ),
        service=service,
        start=start,
        end=end,
        page=page,
    )
    return paged(
        [
            {
                "id": c.pk,
                "signalled_on": c.signalled_on,
                "member": _member(c.person),
                "task_kind": c.task_kind,
                "task": c.task,
                "relation": c.relation,
                "status": c.status,
                "measure": c.measure or None,
                "measured_by": _name(c.measured_by),
                "measured_on": c.measured_on,
            }
            for c in rows
        ],
        page,
        LINES_PER_PAGE,
    )
