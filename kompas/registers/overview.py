"""The integrity officer's overview of the registers: filters, and exports to CSV and XLSX."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
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

# A register's rows as the page shows them, and as its exports write them with more columns: who
# decided (or took the measure) and when, and a gift's weighing answers, which the page leaves to
# the entry's own page (eleven columns and more were too wide to read, and most of the page's
# cost). Only what a row shows is read (`values`), as plain values: not every answer, reason and
# date of fifty declarations, nor three model instances a row (their making was a sixth of the
# page).
_GIFT_SHOWN = (
    "pk", "declared_on", "kind", "description", "giver_name", "value", "status", "decision",
    "person__first_name", "person__last_name", "person__service__name",
)  # fmt: skip
_GIFT_EXPORTED = (
    *_GIFT_SHOWN, "decided_by__first_name", "decided_by__last_name", "decided_on", "answers"
)  # fmt: skip


def filtered(
    base: QuerySet[GiftDeclaration],
    *,
    services: list[int] | None,
    start: date | None,
    end: date | None,
    giver: str,
    decision: str,
    minimum: Any,
    export: bool = False,
) -> QuerySet[Any]:
    """The declarations asked for, newest first, as the values their rows show (`gift_rows`)."""
    found = base
    if services is not None:
        found = found.filter(person__service_id__in=services)
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
    return found.order_by("-given_on", "-pk").values(*(_GIFT_EXPORTED if export else _GIFT_SHOWN))


def header(export: bool = False) -> list[str]:
    shown = [
        _("Declared on"),
        _("Member"),
        _("Service"),
        _("What"),
        _("Description"),
        _("From whom"),
        _("Estimated value (EUR)"),
        _("Status"),
        _("Decision"),
    ]
    if not export:
        return shown
    questions = (str(question) for question in QUESTIONS.values())
    return [*shown, _("Decided by"), _("Decided on"), *questions]


def _name(first: str | None, last: str | None) -> str:
    """A person's name as `Person.full_name` writes it ("" for nobody)."""
    return f"{first or ''} {last or ''}".strip()


def _tables(model: Any, *names: str) -> dict[str, TranslatedLabels]:
    """The labels of a model's choice fields, translated once per language and kept."""
    return {name: TranslatedLabels(model._meta.get_field(name).flatchoices) for name in names}


_GIFT_LABELS = _tables(GiftDeclaration, "kind", "status", "decision")
_SIDE_LABELS = _tables(SideActivity, "status")
_CONFLICT_LABELS = _tables(ConflictSignal, "task_kind", "relation", "status", "measure")


def _in_language(tables: dict[str, TranslatedLabels]) -> dict[str, dict[Any, str]]:
    """A register's label tables in the active language, looked up once for all of a page's or
    an export's rows (each lookup asks for the active language again)."""
    return {name: table() for name, table in tables.items()}


Row = Callable[[dict[str, Any]], list[Any]]


def gift_rows(export: bool = False) -> Row:
    """What writes a declaration's row from its values (`filtered`) in the active language; an
    export's with the answers in the reader's language, the member's own words as written."""
    labels = _in_language(_GIFT_LABELS)
    kinds, statuses, decisions = labels["kind"], labels["status"], labels["decision"]

    def row(d: dict[str, Any]) -> list[Any]:
        return [
            d["declared_on"],
            _name(d["person__first_name"], d["person__last_name"]),
            d["person__service__name"] or "",
            kinds.get(d["kind"], d["kind"]),
            d["description"],
            d["giver_name"],
            d["value"],
            statuses.get(d["status"], d["status"]),
            decisions.get(d["decision"], d["decision"]) if d["decision"] else "",
        ]

    def exported(d: dict[str, Any]) -> list[Any]:
        answers = d["answers"] or {}
        return [
            *row(d),
            _name(d["decided_by__first_name"], d["decided_by__last_name"]),
            d["decided_on"] or "",
            *(answer_shown(key, answers.get(key)) for key in QUESTIONS),
        ]

    return exported if export else row


# --- Side activities and conflict signals -------------------------------------------------------

_PEOPLE = ("pk", "person__first_name", "person__last_name", "person__service__name")
_SIDE_SHOWN = (
    *_PEOPLE, "declared_on", "activity", "organisation", "hours_per_week", "paid", "status",
    "valid_until",
)  # fmt: skip
_SIDE_EXPORTED = (*_SIDE_SHOWN, "decided_by__first_name", "decided_by__last_name")
_CONFLICT_SHOWN = (
    *_PEOPLE, "signalled_on", "task_kind", "task", "relation", "status", "measure",
)  # fmt: skip
_CONFLICT_EXPORTED = (
    *_CONFLICT_SHOWN, "measured_by__first_name", "measured_by__last_name", "measured_on"
)  # fmt: skip


def filtered_side(
    base: QuerySet[SideActivity],
    *,
    services: list[int] | None,
    start: date | None,
    end: date | None,
    giver: str,
    status: str,
    export: bool = False,
) -> QuerySet[Any]:
    found = base
    if services is not None:
        found = found.filter(person__service_id__in=services)
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
    shown = _SIDE_EXPORTED if export else _SIDE_SHOWN
    return found.order_by("-declared_on", "-pk").values(*shown)


def side_header(export: bool = False) -> list[str]:
    shown = [
        _("Declared on"),
        _("Member"),
        _("Service"),
        _("Activity"),
        _("Employer or organisation"),
        _("Hours per week"),
        _("Paid"),
        _("Status"),
        _("Valid until"),
    ]
    return [*shown, _("Decided by")] if export else shown


def side_rows(export: bool = False) -> Row:
    statuses = _in_language(_SIDE_LABELS)["status"]
    yes, no = _("Yes"), _("No")

    def row(a: dict[str, Any]) -> list[Any]:
        return [
            a["declared_on"],
            _name(a["person__first_name"], a["person__last_name"]),
            a["person__service__name"] or "",
            a["activity"],
            a["organisation"],
            a["hours_per_week"],
            yes if a["paid"] else no,
            statuses.get(a["status"], a["status"]),
            a["valid_until"] or "",
        ]

    def exported(a: dict[str, Any]) -> list[Any]:
        return [*row(a), _name(a["decided_by__first_name"], a["decided_by__last_name"])]

    return exported if export else row


def filtered_conflicts(
    base: QuerySet[ConflictSignal],
    *,
    services: list[int] | None,
    start: date | None,
    end: date | None,
    giver: str,
    status: str,
    export: bool = False,
) -> QuerySet[Any]:
    found = base
    if services is not None:
        found = found.filter(person__service_id__in=services)
    if start:
        found = found.filter(signalled_on__gte=start)
    if end:
        found = found.filter(signalled_on__lte=end)
    if giver:
        found = found.filter(people__icontains=giver)
    if status:
        found = found.filter(status=status)
    shown = _CONFLICT_EXPORTED if export else _CONFLICT_SHOWN
    return found.order_by("-signalled_on", "-pk").values(*shown)


def conflict_header(export: bool = False) -> list[str]:
    shown = [
        _("Signalled on"),
        _("Member"),
        _("Service"),
        _("Task"),
        _("Relation"),
        _("Status"),
        _("Measure"),
    ]
    return [*shown, _("Measure taken by"), _("Measure taken on")] if export else shown


def conflict_rows(export: bool = False) -> Row:
    labels = _in_language(_CONFLICT_LABELS)
    kinds, relations, statuses = labels["task_kind"], labels["relation"], labels["status"]
    measures = labels["measure"]

    def row(c: dict[str, Any]) -> list[Any]:
        return [
            c["signalled_on"],
            _name(c["person__first_name"], c["person__last_name"]),
            c["person__service__name"] or "",
            f"{kinds.get(c['task_kind'], c['task_kind'])}: {c['task']}",
            relations.get(c["relation"], c["relation"]),
            statuses.get(c["status"], c["status"]),
            measures.get(c["measure"], c["measure"]) if c["measure"] else "",
        ]

    def exported(c: dict[str, Any]) -> list[Any]:
        measured_by = _name(c["measured_by__first_name"], c["measured_by__last_name"])
        return [*row(c), measured_by, c["measured_on"] or ""]

    return exported if export else row


def as_csv(items: QuerySet[Any], head: list[str], make: Callable[[Any], list[Any]]) -> bytes:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";")
    writer.writerow(head)
    for item in items.iterator(chunk_size=2000):
        writer.writerow([cell(v) for v in make(item)])
    return out.getvalue().encode("utf-8")


def as_xlsx(
    items: QuerySet[Any], head: list[str], make: Callable[[Any], list[Any]], title: str
) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    sheet.append(head)
    for item in items.iterator(chunk_size=2000):
        sheet.append([cell(v) for v in make(item)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
