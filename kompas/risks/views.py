"""The risk pages: analyses as a workshop, anonymous scoring, the M-team's heat map, weighing and
multi-year plan, reviews, and the matrix."""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Iterator
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import localize
from django.utils.translation import gettext as _

from kompas.accounts.models import Service
from kompas.lib.clock import today
from kompas.lib.counted import counted
from kompas.lib.http import AuthenticatedHttpRequest
from kompas.lib.ids import whole_number
from kompas.lib.small_counts import complete_to
from kompas.lib.views import attempt, needs
from kompas.registers.people import services_led_by
from kompas.risks import services
from kompas.risks.catalogue import FACTORS
from kompas.risks.forms import (
    AnalysisForm,
    ControlForm,
    EstimateForm,
    MatrixForm,
    MeasureForm,
    ProcessForm,
    ProgressForm,
    ScenarioForm,
    WeighForm,
)
from kompas.risks.models import (
    AnalysisStatus,
    Measure,
    RiskAnalysis,
    RiskMatrix,
    Scenario,
)

DEVICE_COOKIE = "kompas_risk_device"


@needs("risks.view")
def analyses(request: AuthenticatedHttpRequest) -> HttpResponse:
    found = RiskAnalysis.objects.visible_to(request.user).select_related("service", "led_by")[:200]
    return render(
        request,
        "risks/analyses.html",
        {
            "analyses": found,
            "today": today(),
            "can_start": request.user.has_perm("risks.start_any_analysis"),
            "can_weigh": request.user.has_perm("risks.weigh"),
        },
    )


def _startable_services(request: AuthenticatedHttpRequest) -> Any:
    zone = Service.objects.filter(zone_id=request.user.zone_id)
    if request.user.has_perm("risks.configure"):
        return zone
    return zone.filter(pk__in=services_led_by(request.user))


@needs("risks.start_any_analysis")
def analysis_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = AnalysisForm(request.POST or None, services=_startable_services(request))
    if request.method == "POST" and form.is_valid():
        analysis, _created = services.start_analysis(
            by=request.user,
            service=form.cleaned_data["service"],
            title=form.cleaned_data["title"],
            light=form.cleaned_data["light"],
            token=form.cleaned_data["token"],
        )
        return redirect("risks:analysis", pk=analysis.pk)
    return render(request, "risks/analysis_new.html", {"form": form})


def _get_analysis(request: AuthenticatedHttpRequest, pk: int) -> RiskAnalysis:
    """An analysis the person may see, else a 404."""
    try:
        # get(), not first(): one row by its key needs no ORDER BY (a fifth of this query's
        # processor time went to compiling the model's ordering).
        found = RiskAnalysis.objects.select_related("service", "matrix", "led_by").get(
            zone_id=request.user.zone_id, pk=pk
        )
    except RiskAnalysis.DoesNotExist:
        raise Http404 from None
    if not found.is_visible_to(request.user):
        raise Http404
    return found


@needs("risks.view")
def analysis_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    analysis = _get_analysis(request, pk)
    can_lead = request.user.has_perm("risks.lead_analysis", analysis)
    editable = can_lead and analysis.status == AnalysisStatus.OPEN
    if request.method == "POST" and not editable:
        raise PermissionDenied
    # The processes with their scenarios and those with their controls (three queries, read
    # when the page writes them: not while an agreed analysis is kept written).
    processes = analysis.processes.prefetch_related("scenarios__controls")
    if request.method != "POST":
        return _analysis_page(request, analysis, processes, editable)
    action = request.POST.get("action")
    if action == "process":
        form = ProcessForm(request.POST)
        if not form.is_valid():
            return _analysis_page(request, analysis, processes, editable, process_form=form)
        with attempt(request):
            services.add_process(
                by=request.user,
                analysis=analysis,
                code=form.cleaned_data["code"],
                name=form.cleaned_data["name"],
                vulnerability=form.cleaned_data["vulnerability"],
                factors=form.factors(),
                notes=form.cleaned_data["notes"],
            )
    elif action == "scenario":
        process = next((p for p in processes if str(p.pk) == request.POST.get("process")), None)
        if process is None:
            raise Http404
        scenario_form = ScenarioForm(request.POST, matrix=analysis.matrix, process_id=process.pk)
        if not scenario_form.is_valid():
            return _analysis_page(
                request, analysis, processes, editable, scenario_form=(process.pk, scenario_form)
            )
        with attempt(request):
            services.add_scenario(by=request.user, process=process, **scenario_form.cleaned_data)
    elif action in ("open_scoring", "close_scoring"):
        with attempt(request):
            services.set_scoring(by=request.user, analysis=analysis, open_=action == "open_scoring")
    elif action == "agree":
        with attempt(request, done=_("The analysis is agreed.")):
            services.agree(by=request.user, analysis=analysis)
    return redirect("risks:analysis", pk=analysis.pk)


def _analysis_page(
    request: AuthenticatedHttpRequest,
    analysis: RiskAnalysis,
    processes: Iterable[Any],
    editable: bool,
    process_form: ProcessForm | None = None,
    scenario_form: tuple[int, ScenarioForm] | None = None,
) -> HttpResponse:
    from kompas.compass.models import Dilemma

    def form_for(process_id: int) -> ScenarioForm | None:
        """The form to add a scenario, only for those who may (none is written else)."""
        if scenario_form and scenario_form[0] == process_id:
            return scenario_form[1]
        return ScenarioForm(matrix=analysis.matrix, process_id=process_id) if editable else None

    def rows() -> Iterator[tuple[Any, list[tuple[Any, int]], ScenarioForm | None]]:
        """The processes as the page writes them, read only then: an agreed analysis cannot
        change, its processes are kept written (the template's {% cache %}), not read again."""
        for p in processes:
            yield p, [(FACTORS[k], v) for k, v in p.factors.items() if k in FACTORS], form_for(p.pk)

    touched = {
        value
        for values in Scenario.objects.filter(process__analysis=analysis).values_list(
            "values", flat=True
        )
        for value in values
    }
    # The first five dilemmas that touch these values, with only the title the page shows.
    suggestions = (
        list(Dilemma.objects.library_for(request.user).touching(touched).only("title")[:5])
        if touched
        else []
    )
    signals, counted_at = counted(
        "risk-signals",
        analysis.zone_id,
        f"{analysis.service_id}:{today().isoformat()}",
        lambda: services.signals(analysis.service, analysis.zone_id),
    )
    return render(
        request,
        "risks/analysis.html",
        {
            "analysis": analysis,
            "processes": rows(),
            # Kept written only when nobody may change it: the kept part then holds no form.
            "kept": analysis.status == AnalysisStatus.AGREED and not editable,
            "editable": editable,
            "process_form": process_form or (ProcessForm() if editable else None),
            "signals": signals,
            "reports_up_to": complete_to(today()),
            "counted_at": counted_at,
            "is_current": analysis.is_current(today()),
            "suggested_dilemmas": suggestions,
        },
        status=400 if (process_form or scenario_form) else 200,
    )


def _get_scenario(request: AuthenticatedHttpRequest, pk: int) -> Scenario:
    scenario = get_object_or_404(
        Scenario.objects.select_related(
            "process__analysis__matrix", "process__analysis__service", "weighed_by"
        ),
        pk=pk,
        process__analysis__in=RiskAnalysis.objects.visible_to(request.user),
    )
    return scenario


@needs("risks.view")
def scenario_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    scenario = _get_scenario(request, pk)
    analysis = scenario.process.analysis
    matrix = analysis.matrix
    editable = (
        request.user.has_perm("risks.lead_analysis", analysis)
        and analysis.status == AnalysisStatus.OPEN
    )
    can_weigh = request.user.has_perm("risks.weigh")
    estimate_form = EstimateForm(
        initial={
            f: getattr(scenario, f)
            for f in ("likelihood", "impact", "residual_likelihood", "residual_impact")
        },
        matrix=matrix,
    )
    control_form = ControlForm()
    weigh_form = WeighForm(
        initial={
            "priority": scenario.priority,
            "treatment": scenario.treatment,
            "treatment_reason": scenario.treatment_reason,
            "accepted_until": scenario.accepted_until,
            "target_likelihood": scenario.target_likelihood,
            "target_impact": scenario.target_impact,
        },
        matrix=matrix,
    )
    measure_form = MeasureForm(zone_id=request.user.zone_id)
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        if action in ("estimate", "control") and not editable:
            raise PermissionDenied
        if action in ("weigh", "measure") and not can_weigh:
            raise PermissionDenied
        try:
            if action == "estimate":
                estimate_form = EstimateForm(request.POST, matrix=matrix)
                if estimate_form.is_valid():
                    services.estimate(
                        by=request.user, scenario=scenario, values=estimate_form.cleaned_data
                    )
                    return redirect("risks:scenario", pk=scenario.pk)
            elif action == "control":
                control_form = ControlForm(request.POST)
                if control_form.is_valid():
                    services.add_control(
                        by=request.user, scenario=scenario, **control_form.cleaned_data
                    )
                    return redirect("risks:scenario", pk=scenario.pk)
            elif action == "weigh":
                weigh_form = WeighForm(request.POST, matrix=matrix)
                if weigh_form.is_valid():
                    services.weigh(
                        by=request.user,
                        scenario=scenario,
                        priority=weigh_form.cleaned_data["priority"],
                        treatment=weigh_form.cleaned_data["treatment"],
                        reason=weigh_form.cleaned_data["treatment_reason"],
                        accepted_until=weigh_form.cleaned_data["accepted_until"],
                        target=(
                            weigh_form.cleaned_data["target_likelihood"],
                            weigh_form.cleaned_data["target_impact"],
                        ),
                    )
                    return redirect("risks:scenario", pk=scenario.pk)
            elif action == "measure":
                measure_form = MeasureForm(request.POST, zone_id=request.user.zone_id)
                if measure_form.is_valid():
                    services.add_measure(
                        by=request.user, scenario=scenario, data=measure_form.cleaned_data
                    )
                    return redirect("risks:scenario", pk=scenario.pk)
        except ValidationError as error:
            target = (
                weigh_form
                if action == "weigh"
                else (estimate_form if action == "estimate" else measure_form)
            )
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    target.add_error(field if field in target.fields else None, errors)
            else:
                target.add_error(None, error)
        status = 400
    scores = services.score_summary(scenario)
    return render(
        request,
        "risks/scenario.html",
        {
            "scenario": scenario,
            "analysis": analysis,
            "controls": scenario.controls.all(),
            "measures": scenario.measures.select_related("owner"),
            "editable": editable,
            "can_weigh": can_weigh,
            "estimate_form": estimate_form,
            "control_form": control_form,
            "weigh_form": weigh_form,
            "measure_form": measure_form,
            "scores": scores,
            # The averages as the reader's language writes a decimal (3,5 in Dutch): they go
            # into a translated text, which the environment's localising of values does not reach.
            "averages": (localize(scores.likelihood), localize(scores.impact)),
        },
        status=status,
    )


@login_required
def score(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Team members score the scenarios on their own, before the group talks: no name is kept."""
    analysis = get_object_or_404(
        RiskAnalysis.objects.filter(zone_id=request.user.zone_id).select_related("matrix"), pk=pk
    )
    if not analysis.scoring_open:
        raise Http404
    scenarios = list(Scenario.objects.filter(process__analysis=analysis).select_related("process"))
    device = request.COOKIES.get(DEVICE_COOKIE, "")
    if not (20 <= len(device) <= 64):
        device = secrets.token_urlsafe(24)
    error, counted = "", None
    if request.method == "POST":
        chosen: dict[int, tuple[int, int]] = {}
        for scenario in scenarios:
            likelihood = request.POST.get(f"l_{scenario.pk}", "")
            impact = request.POST.get(f"i_{scenario.pk}", "")
            score = whole_number(likelihood), whole_number(impact)
            if score[0] is not None and score[1] is not None:
                chosen[scenario.pk] = (score[0], score[1])
        if not chosen:
            error = _("Give a likelihood and an impact for at least one scenario.")
        else:
            try:
                counted = services.cast_scores(analysis=analysis, device=device, scores=chosen)
            except ValidationError as refused:
                error = " ".join(refused.messages)
    matrix = analysis.matrix
    response = render(
        request,
        "risks/score.html",
        {
            "analysis": analysis,
            "scenarios": scenarios,
            "likelihoods": range(1, matrix.likelihood_steps + 1),
            "impacts": range(1, matrix.impact_steps + 1),
            "error": error,
            "counted": counted,
        },
        status=400 if error else 200,
    )
    response.set_cookie(
        DEVICE_COOKIE,
        device,
        max_age=12 * 3600,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response


@needs("risks.weigh")
def heat_map(request: AuthenticatedHttpRequest) -> HttpResponse:
    found = services.uncovered(request.user.zone_id)
    matrix, rows = services.heat_map(request.user.zone_id, found=found)
    return render(
        request,
        "risks/heat_map.html",
        {
            "matrix": matrix,
            "rows": rows,
            "levels": matrix.all_levels(),
            "uncovered": found,
            "cell": 56,
        },
    )


@needs("risks.view")
def plan(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "risks/plan.html",
        {"years": services.plan_by_year(request.user.zone_id), "today": today()},
    )


@needs("risks.weigh")
def reviews(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "risks/reviews.html",
        {"due": services.reviews_due(request.user.zone_id), "today": today()},
    )


@login_required
def measure_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    measure = get_object_or_404(
        Measure.objects.select_related("owner", "scenario__process__analysis"),
        pk=pk,
        scenario__process__analysis__zone_id=request.user.zone_id,
    )
    if not request.user.has_perm("risks.update_measure", measure):
        raise Http404
    form = ProgressForm(
        request.POST or None,
        initial={"progress": measure.progress, "status": measure.status, "notes": measure.notes},
    )
    if request.method == "POST" and form.is_valid():
        services.update_measure(by=request.user, measure=measure, data=form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect("risks:measure", pk=measure.pk)
    return render(request, "risks/measure.html", {"measure": measure, "form": form})


@needs("risks.configure")
def matrix_edit(request: AuthenticatedHttpRequest) -> HttpResponse:
    current = RiskMatrix.current(request.user.zone_id)
    form = MatrixForm(request.POST or None, matrix=current)
    if request.method == "POST" and form.is_valid():
        done = _("The new matrix is in force for new analyses.")
        with attempt(request, form=form, done=done) as outcome:
            services.change_matrix(
                by=request.user,
                likelihood_steps=form.cleaned_data["likelihood_steps"],
                impact_steps=form.cleaned_data["impact_steps"],
                levels=form.levels(),
                acceptable_level=form.cleaned_data["acceptable_level"],
            )
        if outcome.succeeded:
            return redirect("risks:matrix")
    return render(
        request,
        "risks/matrix.html",
        {
            "form": form,
            "matrix": current,
            "history": RiskMatrix.objects.filter(zone_id=request.user.zone_id).select_related(
                "created_by"
            )[:20],
        },
        status=400 if request.method == "POST" else 200,
    )
