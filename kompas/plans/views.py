"""The action plan, its indicators, the evaluation values per service and the question bank."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kompas.accounts.models import Service
from kompas.compass.values import Value
from kompas.lib.clock import today
from kompas.lib.http import AuthenticatedHttpRequest
from kompas.lib.ids import as_id, whole_number
from kompas.lib.views import attempt, needs
from kompas.plans import indicators, services
from kompas.plans.forms import (
    ActivityForm,
    EvaluationForm,
    NoteForm,
    OperationalForm,
    PeriodForm,
    QuestionFilter,
    QuestionForm,
    StrategicForm,
    ValueEntryForm,
)
from kompas.plans.models import Activity, Indicator, InterviewQuestion, PlanPeriod
from kompas.registers.people import services_led_by


def _period(request: AuthenticatedHttpRequest) -> PlanPeriod | None:
    """The period asked for, else the current one: the period containing today (the latest
    begun, should two overlap), else the latest."""
    periods = PlanPeriod.objects.filter(zone_id=request.user.zone_id)
    chosen = request.GET.get("period") or request.POST.get("period")
    if chosen and whole_number(chosen) is not None:
        return get_object_or_404(periods, pk=as_id(chosen) or 0)
    on = today()
    return periods.filter(starts_on__lte=on, ends_on__gte=on).first() or periods.first()


def indicator_rows(period: PlanPeriod) -> list[dict[str, Any]]:
    rows = []
    value: Any
    when: Any
    for indicator in period.indicators.prefetch_related("values"):
        if indicator.auto:
            value, when = indicators.auto_value(indicator.auto, period.zone_id, today()), today()
        else:
            latest = next(iter(indicator.values.all()), None)
            value, when = (latest.value, latest.measured_on) if latest else (None, None)
        rows.append({"indicator": indicator, "value": value, "on": when})
    return rows


@needs("plans.view")
def plan(request: AuthenticatedHttpRequest) -> HttpResponse:
    period = _period(request)
    structure = []
    if period is not None:
        for strategic in period.objectives.prefetch_related("operational__activities"):
            structure.append(
                (strategic, [(op, list(op.activities.all())) for op in strategic.operational.all()])
            )
    can_edit = request.user.has_perm("plans.edit")
    return render(
        request,
        "plans/plan.html",
        {
            "period": period,
            "periods": PlanPeriod.objects.filter(zone_id=request.user.zone_id),
            "structure": structure,
            "indicators": indicator_rows(period) if period else [],
            "today": today(),
            "can_edit": can_edit,
            "value_form": ValueEntryForm(initial={"measured_on": today()}) if can_edit else None,
        },
    )


@needs("plans.edit")
def plan_edit(request: AuthenticatedHttpRequest) -> HttpResponse:
    period = _period(request)
    which = request.POST.get("which", "")
    # Four forms on one page, each with its own prefix: their fields (a code, a title, dates)
    # would otherwise share ids, and a label would name another form's field.
    forms: dict[str, Any] = {
        "period": PeriodForm(request.POST if which == "period" else None, prefix="period"),
        "strategic": StrategicForm(
            request.POST if which == "strategic" else None, prefix="strategic"
        ),
        "operational": OperationalForm(
            request.POST if which == "operational" else None, period=period, prefix="operational"
        ),
        "activity": ActivityForm(
            request.POST if which == "activity" else None,
            period=period,
            zone_id=request.user.zone_id,
            prefix="activity",
        ),
    }
    if request.method == "POST" and which in forms and forms[which].is_valid():
        data = dict(forms[which].cleaned_data)
        with attempt(request, form=forms[which], done=_("Added to the plan.")) as outcome:
            if which == "period":
                period = services.add_period(by=request.user, data=data)
            elif period is None:
                raise ValidationError(_("Add a plan period first."))
            elif which == "strategic":
                services.add_strategic(by=request.user, period=period, **data)
            elif which == "operational":
                services.add_operational(by=request.user, **data)
            else:
                services.add_activity(by=request.user, objective=data.pop("objective"), data=data)
        if outcome.succeeded and period is not None:
            return redirect(f"{request.path}?period={period.pk}")
    return render(
        request,
        "plans/plan_edit.html",
        {"period": period, "forms": forms},
        status=400 if request.method == "POST" else 200,
    )


@needs("plans.view")
def activity_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    activity = get_object_or_404(
        Activity.objects.select_related("objective__strategic__period").prefetch_related(
            "responsible_people"
        ),
        pk=pk,
        objective__strategic__period__zone_id=request.user.zone_id,
    )
    can_note = request.user.has_perm("plans.note_progress", activity)
    form = NoteForm(
        request.POST or None, initial={"progress": activity.progress, "status": activity.status}
    )
    if request.method == "POST":
        if not can_note:
            raise PermissionDenied
        if form.is_valid():
            services.note_progress(by=request.user, activity=activity, **form.cleaned_data)
            messages.success(request, _("Saved."))
            return redirect("plans:activity", pk=activity.pk)
    from kompas.accounts.roles import Role

    return render(
        request,
        "plans/activity.html",
        {
            "activity": activity,
            "roles": [Role(r).label for r in activity.responsible_roles if r in Role.values],
            "notes": activity.notes.select_related("written_by"),
            "form": form if can_note else None,
            "late": activity.is_late(today()),
        },
        status=400 if request.method == "POST" else 200,
    )


@needs("plans.edit")
def activity_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    activity = get_object_or_404(
        Activity.objects.select_related("objective__strategic__period"),
        pk=pk,
        objective__strategic__period__zone_id=request.user.zone_id,
    )
    period = activity.objective.strategic.period
    initial = {
        f: getattr(activity, f)
        for f in (
            "objective",
            "title",
            "responsible_roles",
            "starts_on",
            "ends_on",
            "frequency",
            "preconditions",
            "means",
        )
    }
    initial["responsible_people"] = list(activity.responsible_people.all())
    form = ActivityForm(
        request.POST or None, period=period, zone_id=request.user.zone_id, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        with attempt(request, form=form, done=_("Saved.")) as outcome:
            services.change_activity(
                by=request.user, activity=activity, data=dict(form.cleaned_data)
            )
        if outcome.succeeded:
            return redirect("plans:activity", pk=activity.pk)
    return render(
        request,
        "plans/activity_edit.html",
        {"form": form, "activity": activity},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@needs("plans.edit")
def indicator_value(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    indicator = get_object_or_404(Indicator, pk=pk, period__zone_id=request.user.zone_id)
    form = ValueEntryForm(request.POST)
    if form.is_valid():
        with attempt(request, done=_("Saved.")):
            services.enter_value(
                by=request.user,
                indicator=indicator,
                value=form.cleaned_data["value"],
                on=form.cleaned_data["measured_on"],
            )
    else:
        messages.error(request, _("Enter a number and a date."))
    return redirect(f"/plans/?period={indicator.period_id}")


@login_required
def evaluation(request: AuthenticatedHttpRequest) -> HttpResponse:
    from kompas.accounts.roles import Role

    person = request.user
    zone_services = Service.objects.filter(zone_id=person.zone_id)
    if person.has_role(Role.INTEGRITY_OFFICER):
        editable = zone_services
    else:
        editable = zone_services.filter(pk__in=services_led_by(person))
    if not (person.has_perm("plans.edit") or editable.exists()):
        raise PermissionDenied
    form = EvaluationForm(request.POST or None, services=editable)
    if request.method == "POST" and form.is_valid():
        services.set_evaluation_values(
            by=person,
            service=form.cleaned_data["service"],
            values=form.cleaned_data["values"],
            agreed_on=form.cleaned_data["agreed_on"],
            note=form.cleaned_data["note"],
        )
        messages.success(request, _("Saved."))
        return redirect("plans:evaluation")
    current = services.current_evaluation_values(person.zone_id)
    names = dict(
        Service.objects.filter(zone_id=person.zone_id, pk__in=list(current)).values_list(
            "pk", "name"
        )
    )
    rows = [
        (names.get(sid, ""), [Value(v).label for v in row.values if v in Value.values], row)
        for sid, row in current.items()
    ]
    return render(
        request,
        "plans/evaluation.html",
        {"form": form if editable.exists() else None, "rows": sorted(rows, key=lambda r: r[0])},
        status=400 if request.method == "POST" else 200,
    )


@needs("plans.view_questions")
def questions(request: AuthenticatedHttpRequest) -> HttpResponse:
    can_edit = request.user.has_perm("plans.edit_questions")
    form = QuestionForm(request.POST or None) if can_edit else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            services.add_question(by=request.user, data=form.cleaned_data)
            messages.success(request, _("Added to the bank."))
            return redirect("plans:questions")
    filters = QuestionFilter(request.GET or None)
    found = list(InterviewQuestion.objects.filter(zone_id=request.user.zone_id, active=True))
    if filters.is_valid():
        value, function, purpose = (
            filters.cleaned_data[k] for k in ("value", "function", "purpose")
        )
        found = [
            q
            for q in found
            if (not value or value in q.values)
            and (not function or function in q.functions)
            and (not purpose or purpose in q.purposes)
        ]
    return render(
        request,
        "plans/questions.html",
        {
            "questions": [
                (q, [Value(v).label for v in q.values if v in Value.values]) for q in found
            ],
            "filters": filters,
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@needs("plans.edit_questions")
def question_retire(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(InterviewQuestion, pk=pk, zone_id=request.user.zone_id)
    services.retire_question(by=request.user, question=question)
    return redirect("plans:questions")
