"""The integrity officer's overview of the registers: filters, and exports to CSV and XLSX."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from kompas.lib.export import cell
from kompas.lib.models import TranslatedLabels
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


# Only what a row shows (`row`), as plain values: not every answer, reason and date of fifty
# declarations, nor three model instances a row (their making was a sixth of the page).
_SHOWN = (
    "pk", "declared_on", "kind", "description", "giver_name", "value", "status", "decision",
    "decided_on", "person__first_name", "person__last_name", "person__service__name",
    "decided_by__first_name", "decided_by__last_name",
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
) -> QuerySet[Any]:
    """The declarations asked for, newest first, as the values their rows show (`row`)."""
    found = base
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
    return found.order_by("-given_on", "-pk").values(*_SHOWN)


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


def _name(first: str | None, last: str | None) -> str:
    """A person's name as `Person.full_name` writes it ("" for nobody)."""
    return f"{first or ''} {last or ''}".strip()


def _tables(model: Any, *names: str) -> dict[str, TranslatedLabels]:
    """The labels of a model's choice fields, translated once per language and kept."""
    return {name: TranslatedLabels(model._meta.get_field(name).flatchoices) for name in names}


_GIFT_LABELS = _tables(GiftDeclaration, "kind", "status", "decision")
_SIDE_LABELS = _tables(SideActivity, "status")
_CONFLICT_LABELS = _tables(ConflictSignal, "task_kind", "relation", "status", "measure")


def _label(tables: dict[str, TranslatedLabels], name: str, value: Any) -> Any:
    """What `get_FOO_display()` writes for a value: its label, else the value itself."""
    return tables[name]().get(value, value)


def row(d: dict[str, Any]) -> list[Any]:
    """A declaration's row from its values (`filtered`)."""
    return [
        d["declared_on"],
        _name(d["person__first_name"], d["person__last_name"]),
        d["person__service__name"] or "",
        _label(_GIFT_LABELS, "kind", d["kind"]),
        d["description"],
        d["giver_name"],
        d["value"],
        _label(_GIFT_LABELS, "status", d["status"]),
        _label(_GIFT_LABELS, "decision", d["decision"]) if d["decision"] else "",
        _name(d["decided_by__first_name"], d["decided_by__last_name"]),
        d["decided_on"] or "",
    ]


# The exports carry the weighing answers too (the page leaves them to the declaration's page).
def export_header() -> list[str]:
    return [*header(), *(str(question) for question in QUESTIONS.values())]


def with_answers(found: QuerySet[Any]) -> QuerySet[Any]:
    """The declarations of ``filtered`` with their weighing answers, for the exports."""
    return found.values(*_SHOWN, "answers")


def export_row(d: dict[str, Any]) -> list[Any]:
    """A row with the answers in the reader's language, the member's own words as written."""
    answers = d["answers"] or {}
    return [*row(d), *(answer_shown(key, answers.get(key)) for key in QUESTIONS)]


# --- Side activities and conflict signals -------------------------------------------------------

_PEOPLE = ("pk", "person__first_name", "person__last_name", "person__service__name")
_SIDE_SHOWN = (
    *_PEOPLE, "declared_on", "activity", "organisation", "hours_per_week", "paid", "status",
    "decided_by__first_name", "decided_by__last_name", "valid_until",
)  # fmt: skip
_CONFLICT_SHOWN = (
    *_PEOPLE, "signalled_on", "task_kind", "task", "relation", "status", "measure",
    "measured_by__first_name", "measured_by__last_name", "measured_on",
)  # fmt: skip


def filtered_side(
    base: QuerySet[SideActivity],
    *,
    service: int | None,
    start: date | None,
    end: date | None,
    giver: str,
    status: str,
) -> QuerySet[Any]:
    found = base
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
    return found.order_by("-declared_on", "-pk").values(*_SIDE_SHOWN)


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


def side_row(a: dict[str, Any]) -> list[Any]:
    return [
        a["declared_on"],
        _name(a["person__first_name"], a["person__last_name"]),
        a["person__service__name"] or "",
        a["activity"],
        a["organisation"],
        a["hours_per_week"],
        _("Yes") if a["paid"] else _("No"),
        _label(_SIDE_LABELS, "status", a["status"]),
        _name(a["decided_by__first_name"], a["decided_by__last_name"]),
        a["valid_until"] or "",
    ]


def filtered_conflicts(
    base: QuerySet[ConflictSignal],
    *,
    service: int | None,
    start: date | None,
    end: date | None,
    giver: str,
    status: str,
) -> QuerySet[Any]:
    found = base
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
    return found.order_by("-signalled_on", "-pk").values(*_CONFLICT_SHOWN)


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


def conflict_row(c: dict[str, Any]) -> list[Any]:
    return [
        c["signalled_on"],
        _name(c["person__first_name"], c["person__last_name"]),
        c["person__service__name"] or "",
        f"{_label(_CONFLICT_LABELS, 'task_kind', c['task_kind'])}: {c['task']}",
        _label(_CONFLICT_LABELS, "relation", c["relation"]),
        _label(_CONFLICT_LABELS, "status", c["status"]),
        _label(_CONFLICT_LABELS, "measure", c["measure"]) if c["measure"] else "",
        _name(c["measured_by__first_name"], c["measured_by__last_name"]),
        c["measured_on"] or "",
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
