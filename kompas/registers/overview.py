"""The integrity officer's overview of the registers: filters, and exports to CSV and XLSX."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from kompas.lib.export import cell
from kompas.registers.models import (
    QUESTIONS,
    ConflictSignal,
    GiftDeclaration,
    SideActivity,
    answer_shown,
)

COLUMNS = (
    "declared_on",
    "person",
    "service",
    "kind",
    "description",
    "giver",
    "value",
    "status",
    "decision",
    "decided_by",
    "decided_on",
)


_SHOWN = (
    "declared_on", "kind", "description", "giver_name", "value", "status", "decision",
    "decided_on", "person__first_name", "person__last_name", "person__service__name",
    "decided_by__first_name", "decided_by__last_name", "answers",
)  # fmt: skip


def filtered(
    base: QuerySet[GiftDeclaration],
    *,
    service: int | None,
    start: date | None,
    end: date | None,
    giver: str,
    decision: str,
    minimum: Any,
) -> QuerySet[GiftDeclaration]:
    # Only what a row shows (`row`): not every answer, reason and date of fifty declarations
    # and the whole rows of their members and deciders.
    found = base.select_related("person", "person__service", "decided_by").only(*_SHOWN)
    if service:
        found = found.filter(person__service_id=service)
    if start:
        found = found.filter(given_on__gte=start)
    if end:
        found = found.filter(given_on__lte=end)
    if giver:
        found = found.filter(Q(giver_name__icontains=giver) | Q(giver_key__icontains=giver))
    if decision:
        found = found.filter(decision=decision)
    if minimum is not None:
        found = found.filter(value__gte=minimum)
    return found.order_by("-given_on", "-pk")


def header() -> list[str]:
    return [
        _("Declared on"),
        _("Member"),
        _("Service"),
        _("What"),
        _("Description"),
        _("From whom"),
        _("Estimated value (EUR)"),
        _("Status"),
        _("Decision"),
        _("Decided by"),
        _("Decided on"),
    ]


def row(d: GiftDeclaration) -> list[Any]:
    return [
        d.declared_on,
        d.person.full_name,
        str(d.person.service or ""),
        d.get_kind_display(),
        d.description,
        d.giver_name,
        d.value,
        d.get_status_display(),
        d.get_decision_display() if d.decision else "",
        d.decided_by.full_name if d.decided_by else "",
        d.decided_on or "",
    ]


# The exports carry the weighing answers too (the page leaves them to the declaration's page).
def export_header() -> list[str]:
    return [*header(), *(str(question) for question in QUESTIONS.values())]


def export_row(d: GiftDeclaration) -> list[Any]:
    """A row with the answers in the reader's language, the member's own words as written."""
    return [*row(d), *(answer_shown(key, d.answers.get(key)) for key in QUESTIONS)]


# --- Side activities and conflict signals -------------------------------------------------------


def filtered_side(
    base: QuerySet[SideActivity],
    *,
    service: int | None,
    start: date | None,
    end: date | None,
    giver: str,
    status: str,
) -> QuerySet[SideActivity]:
    found = base.select_related("person", "person__service", "decided_by")
    if service:
        found = found.filter(person__service_id=service)
    if start:
        found = found.filter(declared_on__gte=start)
    if end:
        found = found.filter(declared_on__lte=end)
    if giver:
        found = found.filter(
            Q(organisation__icontains=giver) | Q(organisation_key__icontains=giver)
        )
    if status:
        found = found.filter(status=status)
    return found.order_by("-declared_on", "-pk")


def side_header() -> list[str]:
    return [
        _("Declared on"),
        _("Member"),
        _("Service"),
        _("Activity"),
        _("Employer or organisation"),
        _("Hours per week"),
        _("Paid"),
        _("Status"),
        _("Decided by"),
        _("Valid until"),
    ]


def side_row(a: SideActivity) -> list[Any]:
    return [
        a.declared_on,
        a.person.full_name,
        str(a.person.service or ""),
        a.activity,
        a.organisation,
        a.hours_per_week,
        _("Yes") if a.paid else _("No"),
        a.get_status_display(),
        a.decided_by.full_name if a.decided_by else "",
        a.valid_until or "",
    ]


def filtered_conflicts(
    base: QuerySet[ConflictSignal],
    *,
    service: int | None,
    start: date | None,
    end: date | None,
    giver: str,
    status: str,
) -> QuerySet[ConflictSignal]:
    found = base.select_related("person", "person__service", "measured_by")
    if service:
        found = found.filter(person__service_id=service)
    if start:
        found = found.filter(signalled_on__gte=start)
    if end:
        found = found.filter(signalled_on__lte=end)
    if giver:
        found = found.filter(people__icontains=giver)
    if status:
        found = found.filter(status=status)
    return found.order_by("-signalled_on", "-pk")


def conflict_header() -> list[str]:
    return [
        _("Signalled on"),
        _("Member"),
        _("Service"),
        _("Task"),
        _("Relation"),
        _("Status"),
        _("Measure"),
        _("Measure taken by"),
        _("Measure taken on"),
    ]


def conflict_row(c: ConflictSignal) -> list[Any]:
    return [
        c.signalled_on,
        c.person.full_name,
        str(c.person.service or ""),
        f"{c.get_task_kind_display()}: {c.task}",
        c.get_relation_display(),
        c.get_status_display(),
        c.get_measure_display() if c.measure else "",
        c.measured_by.full_name if c.measured_by else "",
        c.measured_on or "",
    ]


def as_csv(items: QuerySet[Any], head: list[str] | None = None, make: Any = None) -> bytes:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";")
    writer.writerow(head or header())
    for item in items.iterator(chunk_size=2000):
        writer.writerow([cell(v) for v in (make or row)(item)])
    return out.getvalue().encode("utf-8")


def as_xlsx(
    items: QuerySet[Any], head: list[str] | None = None, make: Any = None, title: str = ""
) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet((title or _("Gifts and invitations"))[:31])
    sheet.append(head or header())
    for item in items.iterator(chunk_size=2000):
        sheet.append([cell(v) for v in (make or row)(item)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
