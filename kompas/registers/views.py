"""The registers' pages: my declarations, declaring a gift, deciding, confirming."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kompas.audit.services import record
from kompas.lib.http import AuthenticatedHttpRequest
from kompas.lib.paging import Page, page_of
from kompas.lib.urls import addresses
from kompas.lib.views import attempt
from kompas.registers import services
from kompas.registers.forms import (
    ConflictForm,
    DecisionForm,
    GiftForm,
    MeasureForm,
    SideActivityForm,
    SideDecisionForm,
)
from kompas.registers.models import (
    CHECKS,
    ConflictSignal,
    GiftDeclaration,
    GiftStatus,
    Recommendation,
    SideActivity,
    authority_label,
)
from kompas.registers.people import Deciders
from kompas.registers.waiting import (
    gifts_to_decide,
    side_activities_to_decide,
    signals_to_measure,
)


def _wording(person) -> dict[str, str]:  # type: ignore[no-untyped-def]
    from django.utils.translation import get_language

    from kompas.registers.models import wordings

    return wordings(person.zone_id, (get_language() or "nl")[:2])


@login_required
def my_registers(request: AuthenticatedHttpRequest) -> HttpResponse:
    person = request.user
    if not person.has_perm("registers.declare"):
        raise PermissionDenied
    mine = list(
        GiftDeclaration.objects.filter(person=person)
        .only("given_on", "description", "giver_name", "status", "decision")
        .order_by("-declared_on", "-pk")[:100]
    )
    pending = _pending_for(person)
    signals = list(ConflictSignal.objects.filter(person=person)[:100])
    to_measure = list(signals_to_measure(person)[:100])
    activities = list(SideActivity.objects.filter(person=person)[:50])
    from kompas.accounts.models import Cadre
    from kompas.registers.models import SideActivityRules

    rules = SideActivityRules.current(person.zone_id)
    to_decide = list(side_activities_to_decide(person, rules)[:200])
    # Others' side activities and conflict signals were listed: audited like the gift list.
    for shown, object_type in ((to_decide, "sideactivity"), (to_measure, "conflictsignal")):
        if shown:
            record(
                "registers.pending_viewed",
                actor=person,
                object_type=f"registers.{object_type}",
                detail={"shown": len(shown), "page": 1},
            )
    must_declare = person.cadre == Cadre.OPERATIONAL or (
        person.cadre == Cadre.CALOG and rules.calog_must_declare
    )
    return render(
        request,
        "registers/mine.html",
        {
            "activities": activities,
            "side_to_decide": to_decide,
            "must_declare": must_declare,
            "declarations": mine,
            "pending_count": pending.count(),
            "signals": signals,
            "to_measure": to_measure,
            # Each row's address from one reversed URL (`addresses`), not reverse() per row.
            "gift_url": addresses("registers:gift"),
            "side_url": addresses("registers:side_activity"),
            "conflict_url": addresses("registers:conflict"),
        },
    )


def _pending_for(person: Any) -> Any:
    """The declarations waiting for this person's decision (the same query the home page
    counts)."""
    return gifts_to_decide(person)


@login_required
def gift_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    person = request.user
    if not person.has_perm("registers.declare"):
        raise PermissionDenied
    wording = _wording(person)
    form = GiftForm(request.POST or None, wording=wording)
    if request.method == "POST" and form.is_valid():
        declaration, _created = services.declare(
            person=person, data=form.declaration_data(), token=form.cleaned_data["token"]
        )
        return redirect("registers:gift", pk=declaration.pk)
    advice = _advice_so_far(person, form, wording) if form.is_bound else None
    return render(request, "registers/gift_form.html", {"form": form, **(advice or {})})


def _advice_so_far(person: Any, form: GiftForm, wording: dict[str, str]) -> dict[str, Any]:
    """What the zone's rules advise on the form as filled in so far, with what weighed (nothing
    is stored): an offer the member refused needs no advice."""
    form.is_valid()
    if form.cleaned_data.get("offered_only"):
        return {"advice_label": None, "offered_only": True}
    advice = services.recommend(zone_id=person.zone_id, person=person, **form.facts_so_far())
    return {
        "advice_label": Recommendation(advice.recommendation).label,
        "reasons": services.reasons_shown(advice.reasons, wording),
    }


@login_required
@require_POST
def gift_advice(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The advice on the gift form as the member fills it in (htmx): the declaring member sees
    what the rules advise, and which answers weighed, before sending it."""
    person = request.user
    if not person.has_perm("registers.declare"):
        raise PermissionDenied
    wording = _wording(person)
    advice = _advice_so_far(person, GiftForm(request.POST, wording=wording), wording)
    return render(request, "registers/_gift_advice.html", {**advice, "so_far": True})


def _get_entry(
    request: AuthenticatedHttpRequest, model: Any, pk: int, event: str, *related: str
) -> Any:
    """A register entry the person may see (the model's ``visible_to``: to others it is a 404);
    anyone but the member who declared it is audited as ``event`` for reading it."""
    entry = get_object_or_404(
        model.objects.visible_to(request.user).select_related("person", *related), pk=pk
    )
    if entry.person_id != request.user.pk:
        record(event, actor=request.user, obj=entry)
    return entry


def _get_declaration(request: AuthenticatedHttpRequest, pk: int) -> GiftDeclaration:
    return _get_entry(request, GiftDeclaration, pk, "registers.gift_viewed", "decided_by")


@login_required
def gift_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    declaration = _get_declaration(request, pk)
    can_decide = services.may_decide(declaration, request.user) and not declaration.offered_only
    wording = _wording(request.user)
    answers = declaration.weighing(wording)
    return render(
        request,
        "registers/gift.html",
        {
            "declaration": declaration,
            "value": declaration.value,
            "answers": answers,
            "advice_label": declaration.get_recommendation_display(),
            "reasons": services.reasons_shown(declaration.recommendation_reasons, wording),
            "history": declaration.decision_history.select_related("decided_by"),
            "decision_form": DecisionForm(declaration=declaration) if can_decide else None,
            "can_confirm": declaration.person_id == request.user.pk
            and declaration.status == GiftStatus.DECIDED,
        },
    )


@login_required
@require_POST
def gift_decide(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    declaration = _get_declaration(request, pk)
    form = DecisionForm(request.POST, declaration=declaration)
    if form.is_valid():
        with attempt(request, done=_("The decision is recorded and the member is told.")):
            services.decide(
                declaration=declaration,
                by=request.user,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
            )
    else:
        for field_errors in form.errors.values():
            for field_error in field_errors:
                messages.error(request, str(field_error))
    return redirect("registers:gift", pk=declaration.pk)


@login_required
@require_POST
def gift_confirm(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    declaration = _get_declaration(request, pk)
    with attempt(request, done=_("Thank you: it is recorded as done.")):
        services.confirm(declaration=declaration, by=request.user)
    return redirect("registers:gift", pk=declaration.pk)


def _pending_page(person: Any, number: Any) -> Page[dict[str, Any]]:
    """A page of the declarations waiting for this person's decision, as plain rows: only what
    a row shows (not every answer and reason of 50 declarations and their people)."""
    listed = _pending_for(person).values(
        "pk", "description", "declared_on", "person__first_name", "person__last_name"
    )
    page = page_of(listed, number, 50)
    url_of = addresses("registers:gift")
    for row in page:  # as Person.full_name writes it
        row["person_name"] = f"{row['person__first_name']} {row['person__last_name']}".strip()
        row["address"] = url_of(row["pk"])
    return page


@login_required
def gift_pending(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = _pending_page(request.user, request.GET.get("page"))
    if page:  # others' declarations were shown: like the overview, that is audited
        record(
            "registers.pending_viewed",
            actor=request.user,
            object_type="registers.giftdeclaration",
            detail={"shown": len(page), "page": page.number},
        )
    return render(request, "registers/pending.html", {"pending": page, "page": page})


# --- Conflict-of-interest signals --------------------------------------------------------------


@login_required
def conflict_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    person = request.user
    if not person.has_perm("registers.declare"):
        raise PermissionDenied
    form = ConflictForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        signal, _created = services.signal_conflict(person=person, data=data, token=data["token"])
        messages.success(request, _("Your leader is told and will take a measure."))
        return redirect("registers:conflict", pk=signal.pk)
    return render(request, "registers/conflict_form.html", {"form": form})


@login_required
def conflict_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    signal: ConflictSignal = _get_entry(
        request,
        ConflictSignal,
        pk,
        "registers.conflict_viewed",
        "leader",
        "supervisor",
        "measured_by",
    )
    can_measure = services.may_take_measure(signal, request.user)
    form = None
    if can_measure:
        form = MeasureForm(request.POST or None, zone_id=signal.zone_id)
        if request.method == "POST" and form.is_valid():
            done = _("The measure is recorded and the member is told.")
            with attempt(request, form=form, done=done) as outcome:
                services.take_measure(
                    signal=signal,
                    by=request.user,
                    measure=form.cleaned_data["measure"],
                    supervisor=form.cleaned_data["supervisor"],
                    instructions=form.cleaned_data["instructions"],
                )
            if outcome.succeeded:
                return redirect("registers:conflict", pk=signal.pk)
    elif request.method == "POST":
        raise PermissionDenied
    return render(request, "registers/conflict.html", {"signal": signal, "form": form})


# --- Side activities -----------------------------------------------------------------------------


@login_required
def side_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    person = request.user
    if not person.has_perm("registers.declare"):
        raise PermissionDenied
    form = SideActivityForm(request.POST or None, wording=_wording(request.user))
    if request.method == "POST" and form.is_valid():
        with attempt(request, form=form) as outcome:
            activity, _created = services.declare_side_activity(
                person=person, data=form.declaration_data(), token=form.cleaned_data["token"]
            )
        if outcome.succeeded:
            return redirect("registers:side_activity", pk=activity.pk)
    return render(request, "registers/side_form.html", {"form": form})


@login_required
def side_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    activity: SideActivity = _get_entry(
        request, SideActivity, pk, "registers.side_activity_viewed", "decided_by"
    )
    # Who decides, as the zone's rules say (the page shows it; only they get the form).
    authorities = services.SideAuthorities(
        activity.zone_id, deciders=Deciders.kept_for(request.user)
    )
    authority = authorities.for_member(activity.person)
    form = None
    if authority is not None and authority.pk == request.user.pk:
        form = SideDecisionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            done = _("The decision is recorded and the member is told.")
            with attempt(request, form=form, done=done) as outcome:
                services.decide_side_activity(
                    activity=activity,
                    by=request.user,
                    approve=form.cleaned_data["approve"] == "yes",
                    reason=form.cleaned_data["reason"],
                )
            if outcome.succeeded:
                return redirect("registers:side_activity", pk=activity.pk)
    elif request.method == "POST":
        raise PermissionDenied
    wording = _wording(request.user)
    checks = [(wording[f"check:{k}"], v) for k, v in activity.checks.items() if k in CHECKS]
    return render(
        request,
        "registers/side_activity.html",
        {
            "activity": activity,
            "hours_per_week": activity.hours_per_week,
            "form": form,
            "checks": checks,
            "authority_kind": authority_label(authorities.kind_for(activity.person)),
            "authority": authority,
            "decided_as": authority_label(activity.decided_as) if activity.decided_as else "",
            "advice_label": activity.get_advice_display() if activity.advice else "",
            "reasons": services.reasons_shown(activity.advice_reasons, wording, side=True),
        },
    )
