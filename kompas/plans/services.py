"""Workflows of the action plan, the evaluation values and the question bank; all audited."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kompas.accounts.models import Person, Service
from kompas.audit.services import record
from kompas.compass.values import Value
from kompas.lib.clock import today
from kompas.plans.models import (
    Activity,
    EvaluationValues,
    Indicator,
    InterviewQuestion,
    ManualValue,
    OperationalObjective,
    PlanPeriod,
    ProgressNote,
    StrategicObjective,
)


def _editor(by: Person) -> None:
    if not by.has_perm("plans.edit"):
        raise PermissionDenied


@transaction.atomic
def add_period(*, by: Person, data: dict[str, Any]) -> PlanPeriod:
    _editor(by)
    same = PlanPeriod.objects.filter(zone_id=by.zone_id, name=data.get("name")).first()
    if same is not None:
        return same  # a double submit or a retry
    period = PlanPeriod(zone_id=by.zone_id, **data)
    period.full_clean()
    period.save()
    record("plans.period_added", actor=by, obj=period)
    return period


@transaction.atomic
def add_strategic(*, by: Person, period: PlanPeriod, code: str, title: str) -> StrategicObjective:
    _editor(by)
    if period.zone_id != by.zone_id:
        raise PermissionDenied
    same = period.objectives.filter(code=code).first()
    if same is not None:
        return same  # a double submit or a retry
    objective = StrategicObjective.objects.create(period=period, code=code, title=title)
    record("plans.objective_added", actor=by, obj=period, detail={"code": code})
    return objective


@transaction.atomic
def add_operational(
    *, by: Person, strategic: StrategicObjective, code: str, title: str, due_on: Any
) -> OperationalObjective:
    _editor(by)
    if strategic.period.zone_id != by.zone_id:
        raise PermissionDenied
    same = strategic.operational.filter(code=code).first()
    if same is not None:
        return same  # a double submit or a retry
    objective = OperationalObjective.objects.create(
        strategic=strategic, code=code, title=title, due_on=due_on
    )
    record("plans.objective_added", actor=by, obj=strategic.period, detail={"code": code})
    return objective


@transaction.atomic
def add_activity(*, by: Person, objective: OperationalObjective, data: dict[str, Any]) -> Activity:
    _editor(by)
    if objective.strategic.period.zone_id != by.zone_id:
        raise PermissionDenied
    people = data.pop("responsible_people", [])
    same = objective.activities.filter(title=data.get("title")).first()
    if same is not None:
        return same  # a double submit or a retry
    activity = Activity(objective=objective, **data)
    activity.full_clean()
    activity.save()
    activity.responsible_people.set([p for p in people if p.zone_id == by.zone_id])
    record("plans.activity_added", actor=by, obj=activity, zone_id=by.zone_id)
    return activity


@transaction.atomic
def change_activity(*, by: Person, activity: Activity, data: dict[str, Any]) -> Activity:
    _editor(by)
    if activity.zone_id != by.zone_id:
        raise PermissionDenied
    people = data.pop("responsible_people", None)
    for field, value in data.items():
        setattr(activity, field, value)
    activity.full_clean()
    activity.save()
    if people is not None:
        activity.responsible_people.set([p for p in people if p.zone_id == by.zone_id])
    record("plans.activity_changed", actor=by, obj=activity, zone_id=by.zone_id)
    return activity


@transaction.atomic
def note_progress(
    *, by: Person, activity: Activity, text: str, progress: int, status: str
) -> ProgressNote:
    if not by.has_perm("plans.note_progress", activity):
        raise PermissionDenied
    same = activity.notes.filter(written_on=today(), written_by=by, text=text).first()
    if same is not None:
        return same  # a double submit or a retry
    note = ProgressNote.objects.create(
        activity=activity,
        written_on=today(),
        written_by=by,
        text=text,
        progress=progress,
        status=status,
    )
    activity.progress, activity.status = progress, status
    activity.save(update_fields=["progress", "status"])
    record(
        "plans.progress_noted",
        actor=by,
        obj=activity,
        zone_id=by.zone_id,
        detail={"progress": progress, "status": status},
    )
    return note


@transaction.atomic
def enter_value(*, by: Person, indicator: Indicator, value: Any, on: Any) -> ManualValue:
    _editor(by)
    if indicator.period.zone_id != by.zone_id:
        raise PermissionDenied
    if indicator.auto:
        raise ValidationError(_("Kompas fills in this indicator itself."))
    same = indicator.values.filter(measured_on=on, value=value).first()
    if same is not None:
        return same  # a double submit or a retry
    entry = ManualValue.objects.create(
        indicator=indicator, measured_on=on, value=value, entered_by=by
    )
    record(
        "plans.indicator_value_entered",
        actor=by,
        obj=indicator.period,
        detail={"indicator": indicator.pk},
    )
    return entry


def current_evaluation_values(zone_id: int) -> dict[int, EvaluationValues]:
    found: dict[int, EvaluationValues] = {}
    for row in EvaluationValues.objects.filter(service__zone_id=zone_id).order_by("-pk"):
        found.setdefault(row.service_id, row)
    return found


@transaction.atomic
def set_evaluation_values(
    *, by: Person, service: Service, values: list[str], agreed_on: Any, note: str
) -> EvaluationValues:
    if not by.has_perm("plans.set_evaluation_values", service):
        raise PermissionDenied
    if not values or not set(values) <= set(Value.values):
        raise ValidationError(_("Choose at least one of the eight values."))
    row = EvaluationValues.objects.create(
        service=service,
        values=values,
        agreed_with_team_on=agreed_on,
        note=note,
        set_on=today(),
        set_by=by,
    )
    record("plans.evaluation_values_set", actor=by, obj=service, detail={"count": len(values)})
    return row


@transaction.atomic
def add_question(*, by: Person, data: dict[str, Any]) -> InterviewQuestion:
    if not by.has_perm("plans.edit_questions"):
        raise PermissionDenied
    same = InterviewQuestion.objects.filter(
        zone_id=by.zone_id, text=data["text"], active=True
    ).first()
    if same is not None:
        return same  # a double submit or a retry
    question = InterviewQuestion.objects.create(
        zone_id=by.zone_id, added_on=today(), added_by=by, **data
    )
    record("plans.question_added", actor=by, obj=question, zone_id=by.zone_id)
    return question


@transaction.atomic
def retire_question(*, by: Person, question: InterviewQuestion) -> None:
    if not by.has_perm("plans.edit_questions") or question.zone_id != by.zone_id:
        raise PermissionDenied
    question.active = False
    question.save(update_fields=["active"])
    record("plans.question_retired", actor=by, obj=question, zone_id=by.zone_id)
