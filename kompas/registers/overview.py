"""The integrity officer's overview of the registers: filters, and exports to CSV and XLSX."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from kompas.registers.models import GiftDeclaration

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
    found = base.select_related("person", "person__service", "decided_by")
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


def as_csv(declarations: QuerySet[GiftDeclaration]) -> bytes:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";")
    writer.writerow(header())
    for d in declarations.iterator(chunk_size=2000):
        writer.writerow(row(d))
    return out.getvalue().encode("utf-8")


def as_xlsx(declarations: QuerySet[GiftDeclaration]) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Gifts and invitations")[:31])
    sheet.append(header())
    for d in declarations.iterator(chunk_size=2000):
        sheet.append([_cell(v) for v in row(d)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(value: Any) -> Any:
    # A text starting with = + - @ would be read as a formula by a spreadsheet.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value
