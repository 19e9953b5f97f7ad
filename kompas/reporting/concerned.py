"""Persons concerned by a case and the outcome of a disciplinary procedure (issue 24, point 6).

A person concerned (directive 2019/1937 art. 22: the person a report names as having committed
the breach, or associated with it) has the presumption of innocence, the rights of defence and
the right to be heard; under GDPR art. 14 they are told within a month that data about them is
processed, unless telling them would seriously impair the investigation (art. 14(5)(b)): then
the delay is recorded with its reason and a day to review it.

The handlers refer to each person concerned by a label of their own ("person concerned 1"),
never a name in the clear: the label, when and how the person was informed and heard, and why
informing them is delayed are sealed with the case key (`PersonConcerned.box`). Readable are
the state and the day next due (to inform by, or to review the delay on): the reminders and the
deadline lists read them without a handler's key. The disciplinary outcome (the sanction, the
days of hearing and decision, a note) is sealed whole in the report (`Report.discipline_box`):
no reminder needs its dates.

Every change is audited in its transaction on the case, with no content in the detail; held
until the day is over on a case's first day, as every event about it (`Report.audit_held`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kompas.accounts.models import Person
from kompas.audit.services import record
from kompas.lib.clock import add_months, today
from kompas.reporting import crypto
from kompas.reporting.models import (
    INFORM_MONTHS,
    Outcome,
    PersonConcerned,
    Report,
    Sanction,
)

LABEL_MAX = 60


@dataclass
class OpenConcerned:
    """A person concerned with what the handlers wrote about them opened with the case key."""

    person: PersonConcerned
    label: str = ""
    informed: dict[str, Any] = field(default_factory=dict)  # day, how
    heard: dict[str, Any] = field(default_factory=dict)  # day, how
    delay_reason: str = ""
    late: bool = False


def _opened(person: PersonConcerned, case_key: bytes, on: date) -> OpenConcerned:
    sealed = crypto.decrypt_json(case_key, bytes(person.box))
    shown = OpenConcerned(person, label=sealed.get("label", ""))
    for step in ("informed", "heard"):
        if sealed.get(step):
            opened = {"day": date.fromisoformat(sealed[step]["day"]), "how": sealed[step]["how"]}
            setattr(shown, step, opened)
    shown.delay_reason = sealed.get("delay_reason", "")
    shown.late = person.due_on is not None and person.due_on < on
    return shown


def concerned_of(
    report: Report, case_key: bytes, *, on: date, rows: list[PersonConcerned] | None = None
) -> list[OpenConcerned]:
    """The case's persons concerned (``rows``: read already), opened, by label (one query)."""
    if rows is None:
        rows = list(report.persons_concerned.all())
    opened = [_opened(p, case_key, on) for p in rows]
    return sorted(opened, key=lambda c: c.label.casefold())


def _locked(report: Report, pk: Any) -> PersonConcerned:
    found = (
        PersonConcerned.objects.select_for_update(no_key=True).filter(report=report, pk=pk).first()
    )
    if found is None:
        raise ValidationError(_("This person concerned is not on the case."))
    return found


def _seal(person: PersonConcerned, case_key: bytes, sealed: dict[str, Any]) -> None:
    person.box = crypto.encrypt_json(case_key, sealed)


@transaction.atomic
def add_concerned(*, report: Report, by: Person, case_key: bytes, label: str) -> PersonConcerned:
    """A person concerned, by a label of the handler's choosing; to be informed within a month."""
    report.require_open()
    label = label.strip()
    if not label:
        raise ValidationError({"label": _("Give the person concerned a label.")})
    on = today()
    person = PersonConcerned(report=report, added_on=on, due_on=add_months(on, INFORM_MONTHS))
    _seal(person, case_key, {"label": label[:LABEL_MAX]})
    person.save()
    record("reporting.concerned_added", actor=by, obj=report)
    return person


@transaction.atomic
def record_informed(
    *, report: Report, by: Person, case_key: bytes, pk: Any, day: date, how: str
) -> PersonConcerned:
    """When and how the person concerned was informed; the deadline (or the delay) ends."""
    report.require_open()
    _not_ahead(day)
    person = _locked(report, pk)
    person.inform()
    sealed = crypto.decrypt_json(case_key, bytes(person.box))
    sealed["informed"] = {"day": day.isoformat(), "how": how.strip()}
    _seal(person, case_key, sealed)
    person.save(update_fields=["state", "due_on", "box"])
    record("reporting.concerned_informed", actor=by, obj=report)
    return person


@transaction.atomic
def record_heard(
    *, report: Report, by: Person, case_key: bytes, pk: Any, day: date, how: str
) -> PersonConcerned:
    """When and how the person concerned was heard (written again, it replaces the earlier)."""
    report.require_open()
    _not_ahead(day)
    person = _locked(report, pk)
    sealed = crypto.decrypt_json(case_key, bytes(person.box))
    sealed["heard"] = {"day": day.isoformat(), "how": how.strip()}
    _seal(person, case_key, sealed)
    person.save(update_fields=["box"])
    record("reporting.concerned_heard", actor=by, obj=report)
    return person


@transaction.atomic
def delay_informing(
    *, report: Report, by: Person, case_key: bytes, pk: Any, reason: str, review_on: date
) -> PersonConcerned:
    """Informing the person is delayed (GDPR art. 14(5)(b)): why, sealed, and the day the delay
    is reviewed, readable for the reminders. Delayed again, the new reason and day replace the
    earlier ones (the audit log keeps that it happened)."""
    report.require_open()
    if not reason.strip():
        raise ValidationError({"reason": _("Say why informing them now would harm the case.")})
    person = _locked(report, pk)
    person.delay(review_on=review_on, today=today())
    sealed = crypto.decrypt_json(case_key, bytes(person.box))
    sealed["delay_reason"] = reason.strip()
    _seal(person, case_key, sealed)
    person.save(update_fields=["state", "due_on", "box"])
    record("reporting.concerned_delayed", actor=by, obj=report)
    return person


def _not_ahead(day: date) -> None:
    if day > today():
        raise ValidationError({"day": _("A day in the future cannot be recorded as done.")})


# --- The outcome of a disciplinary procedure ------------------------------------------------


def discipline_of(report: Report, case_key: bytes) -> dict[str, Any] | None:
    """The disciplinary outcome recorded on the case, opened (no query: it is in the report)."""
    if report.discipline_box is None:
        return None
    sealed = crypto.decrypt_json(case_key, bytes(report.discipline_box))
    return {
        "sanction": sealed["sanction"],
        "sanction_label": Sanction(sealed["sanction"]).label,
        "heard_on": date.fromisoformat(sealed["heard_on"]),
        "decided_on": date.fromisoformat(sealed["decided_on"]),
        "note": sealed.get("note", ""),
    }


@transaction.atomic
def record_discipline(
    *,
    report: Report,
    by: Person,
    case_key: bytes,
    sanction: str,
    heard_on: date,
    decided_on: date,
    note: str = "",
) -> None:
    """The disciplinary procedure's outcome, on a case whose outcome is that procedure: the
    sanction, the days of the hearing and of the decision, sealed (recorded again, it replaces
    the earlier one; the audit log keeps that it changed)."""
    report = Report.objects.select_for_update(no_key=True).get(pk=report.pk)
    report.require_open()
    if report.outcome != Outcome.DISCIPLINARY:
        raise ValidationError(
            _("A disciplinary outcome is recorded once the case's outcome is that procedure.")
        )
    if sanction not in Sanction.values:
        raise ValidationError({"sanction": _("Choose the sanction.")})
    if decided_on > today():
        raise ValidationError({"decided_on": _("A day in the future cannot be recorded as done.")})
    if heard_on > decided_on:
        raise ValidationError({"heard_on": _("The hearing comes before the decision.")})
    sealed = {
        "sanction": sanction,
        "heard_on": heard_on.isoformat(),
        "decided_on": decided_on.isoformat(),
        "note": note.strip(),
    }
    again = report.discipline_box is not None
    report.discipline_box = crypto.encrypt_json(case_key, sealed)
    report.save(update_fields=["discipline_box"])
    record("reporting.discipline_recorded", actor=by, obj=report, detail={"again": again})
