"""Workflows of the risk analyses: the workshop (processes, scenarios, controls, anonymous
individual scores, agreement), the M-team's weighing and measures, reviews and expiries, and the
signals from the rest of Kompas. Every change is audited; individual scores never are."""

from __future__ import annotations

import hashlib
import hmac
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, Count, F, Q, When
from django.utils import translation
from django.utils.translation import gettext as _

from kompas.accounts.models import Person, Service
from kompas.audit.services import record
from kompas.lib import mail
from kompas.lib.clock import add_months, today
from kompas.lib.small_counts import Count as SmallCount
from kompas.lib.small_counts import complete_to
from kompas.registers.people import service_children, subtree
from kompas.risks.catalogue import FACTORS, PROCESSES
from kompas.risks.models import (
    AnalysedProcess,
    AnalysisStatus,
    Control,
    Measure,
    RiskAnalysis,
    RiskMatrix,
    Scenario,
    ScoreBallot,
    ScoreCount,
    Treatment,
)

MINIMUM_COUNT = 3  # scores: averages and spread show from this many


# --- The matrix ---------------------------------------------------------------------------------


@transaction.atomic
def change_matrix(
    *,
    by: Person,
    likelihood_steps: int,
    impact_steps: int,
    levels: list[dict[str, Any]],
    acceptable_level: str,
) -> RiskMatrix:
    if not by.has_perm("risks.configure"):
        raise PermissionDenied
    matrix = RiskMatrix(
        zone_id=by.zone_id,
        likelihood_steps=likelihood_steps,
        impact_steps=impact_steps,
        levels=levels,
        acceptable_level=acceptable_level,
        created_on=today(),
        created_by=by,
    )
    matrix.full_clean()
    matrix.save()
    record("risks.matrix_changed", actor=by, obj=matrix, zone_id=by.zone_id)
    return matrix


# --- The workshop -------------------------------------------------------------------------------


def start_analysis(
    *, by: Person, service: Service | None, title: str, light: bool, token: str
) -> tuple[RiskAnalysis, bool]:
    if not by.has_perm("risks.start_analysis", service):
        raise PermissionDenied
    existing = RiskAnalysis.objects.filter(submission_token=token, zone_id=by.zone_id).first()
    if existing:
        return existing, False
    matrix = RiskMatrix.current(by.zone_id)
    try:
        with transaction.atomic():
            if matrix.pk is None:
                matrix.save()  # the default matrix, made explicit so the analysis can keep it
            analysis = RiskAnalysis.objects.create(
                zone_id=by.zone_id,
                service=service,
                title=title,
                light=light,
                matrix=matrix,
                led_by=by,
                status=AnalysisStatus.OPEN,
                started_on=today(),
                submission_token=token,
            )
            record("risks.analysis_started", actor=by, obj=analysis, detail={"light": light})
    except IntegrityError:
        return RiskAnalysis.objects.get(submission_token=token), False
    return analysis, True


def _lead(by: Person, analysis: RiskAnalysis) -> None:
    if not by.has_perm("risks.lead_analysis", analysis):
        raise PermissionDenied
    if analysis.status != AnalysisStatus.OPEN:
        raise ValidationError(_("This analysis was agreed; start a new one to change it."))


@transaction.atomic
def add_process(
    *,
    by: Person,
    analysis: RiskAnalysis,
    code: str,
    name: str,
    vulnerability: int,
    factors: dict[str, int],
    notes: str = "",
) -> AnalysedProcess:
    _lead(by, analysis)
    if code and code not in PROCESSES:
        raise ValidationError(_("Unknown process."))
    name = name.strip() or (str(PROCESSES[code]) if code else "")
    if not name:
        raise ValidationError(_("Choose a process from the catalogue or name one."))
    same = analysis.processes.filter(code=code, name=name).first()
    if same is not None:
        return same  # a double submit or a retry
    process = AnalysedProcess.objects.create(
        analysis=analysis,
        code=code,
        name=name,
        vulnerability=vulnerability,
        factors={k: int(v) for k, v in factors.items() if k in FACTORS},
        notes=notes,
    )
    record("risks.process_added", actor=by, obj=analysis, detail={"process": process.pk})
    return process


@transaction.atomic
def add_scenario(
    *,
    by: Person,
    process: AnalysedProcess,
    description: str,
    values: list[str],
    likelihood: int | None,
    impact: int | None,
) -> Scenario:
    _lead(by, process.analysis)
    same = process.scenarios.filter(description=description).first()
    if same is not None:
        return same  # a double submit or a retry
    scenario = Scenario(
        process=process,
        description=description,
        values=values,
        likelihood=likelihood,
        impact=impact,
    )
    scenario.check_scale()
    scenario.save()
    make_score_counts([scenario], process.analysis.matrix)
    record("risks.scenario_added", actor=by, obj=process.analysis, detail={"scenario": scenario.pk})
    return scenario


@transaction.atomic
def estimate(*, by: Person, scenario: Scenario, values: dict[str, int | None]) -> Scenario:
    """The group's agreed estimates: inherent and residual likelihood x impact."""
    _lead(by, scenario.process.analysis)
    for field in ("likelihood", "impact", "residual_likelihood", "residual_impact"):
        if field in values:
            setattr(scenario, field, values[field])
    scenario.check_scale()
    scenario.save()
    record(
        "risks.scenario_estimated",
        actor=by,
        obj=scenario.process.analysis,
        detail={"scenario": scenario.pk},
    )
    return scenario


@transaction.atomic
def add_control(*, by: Person, scenario: Scenario, description: str, maturity: int) -> Control:
    _lead(by, scenario.process.analysis)
    same = scenario.controls.filter(description=description).first()
    if same is not None:
        return same  # a double submit or a retry
    control = Control.objects.create(scenario=scenario, description=description, maturity=maturity)
    record(
        "risks.control_added",
        actor=by,
        obj=scenario.process.analysis,
        detail={"scenario": scenario.pk},
    )
    return control


@transaction.atomic
def set_scoring(*, by: Person, analysis: RiskAnalysis, open_: bool) -> None:
    _lead(by, analysis)
    analysis.scoring_open = open_
    analysis.save(update_fields=["scoring_open"])
    if open_:  # scenarios from before the counts, as a rule they have theirs
        make_score_counts(
            Scenario.objects.filter(process__analysis=analysis, score_counts__isnull=True),
            analysis.matrix,
        )
    record("risks.scoring_opened" if open_ else "risks.scoring_closed", actor=by, obj=analysis)


def ballot_key(scenario: Scenario, device: str) -> str:
    return hmac.new(
        f"kompas-risk-ballot:{settings.SECRET_KEY}".encode(),
        f"{scenario.pk}:{device}".encode(),
        hashlib.sha256,
    ).hexdigest()


def cast_scores(*, analysis: RiskAnalysis, device: str, scores: dict[int, tuple[int, int]]) -> int:
    """A participant's own estimates, before the group talks: nobody sees who scored what, and
    each device scores a scenario once. Returns how many scores were counted. Per scenario, the
    ballot says only that the device scored it; the score goes into the scenario's counts in the
    same transaction, so both count or neither does."""
    if not analysis.scoring_open or analysis.status != AnalysisStatus.OPEN:
        raise ValidationError(_("Scoring is closed."))
    scenarios = {
        s.pk: s for s in Scenario.objects.filter(process__analysis=analysis, pk__in=list(scores))
    }
    matrix = analysis.matrix
    counted = 0
    for pk, (likelihood, impact) in scores.items():
        scenario = scenarios.get(pk)
        if scenario is None:
            continue
        if not (1 <= likelihood <= matrix.likelihood_steps and 1 <= impact <= matrix.impact_steps):
            raise ValidationError(_("Choose values within the matrix."))
        try:
            with transaction.atomic():
                ScoreBallot.objects.create(scenario=scenario, key=ballot_key(scenario, device))
                add_score(scenario, likelihood, impact, matrix)
                counted += 1
        except IntegrityError:
            continue
    return counted


def make_score_counts(scenarios: Iterable[Scenario], matrix: RiskMatrix) -> None:
    """Every cell of these scenarios' grids at zero, scenario by scenario, likelihood then impact:
    made when a scenario is added or scoring opens, before anyone scores it, so that when and in
    which order a cell was made says nothing about a score."""
    ScoreCount.objects.bulk_create(
        (
            ScoreCount(scenario=scenario, likelihood=likelihood, impact=impact)
            for scenario in scenarios
            for likelihood in range(1, matrix.likelihood_steps + 1)
            for impact in range(1, matrix.impact_steps + 1)
        ),
        ignore_conflicts=True,
    )


def add_score(scenario: Scenario, likelihood: int, impact: int, matrix: RiskMatrix) -> None:
    """Add one score to its cell and nothing to the others, in one statement that rewrites all
    the scenario's cells alike: no row's version or transaction tells which one moved. The cells
    are locked first, always in the same order, so that scores at the same moment wait instead
    of deadlocking."""
    cells = ScoreCount.objects.filter(scenario=scenario)
    held = set(
        cells.select_for_update(no_key=True).order_by("pk").values_list("likelihood", "impact")
    )
    if (likelihood, impact) not in held:
        make_score_counts([scenario], matrix)  # a scenario from before the counts
    chosen = Q(likelihood=likelihood, impact=impact)
    cells.update(count=F("count") + Case(When(chosen, then=1), default=0))


@dataclass
class ScoreSummary:
    count: int
    shown: bool
    likelihood: float | None = None
    impact: float | None = None
    spread: int | None = None  # how far apart the estimates of the score lie


def score_summary(scenario: Scenario) -> ScoreSummary:
    """The scores given alone on a scenario, from its counts (one query)."""
    cells = ScoreCount.objects.filter(scenario=scenario, count__gt=0)
    return summarise(
        Counter({(li, im): n for li, im, n in cells.values_list("likelihood", "impact", "count")})
    )


def summarise(cells: Counter[tuple[int, int]]) -> ScoreSummary:
    """Averages and spread (the highest likelihood x impact given minus the lowest) of the scores
    counted per (likelihood, impact); hidden below ``MINIMUM_COUNT`` scores."""
    count = sum(cells.values())
    if count < MINIMUM_COUNT:
        return ScoreSummary(count=count, shown=False)
    products = [likelihood * impact for (likelihood, impact), n in cells.items() if n]
    return ScoreSummary(
        count=count,
        shown=True,
        likelihood=round(sum(likelihood * n for (likelihood, _i), n in cells.items()) / count, 1),
        impact=round(sum(impact * n for (_l, impact), n in cells.items()) / count, 1),
        spread=max(products) - min(products),
    )


@transaction.atomic
def agree(*, by: Person, analysis: RiskAnalysis) -> RiskAnalysis:
    _lead(by, analysis)
    analysis.agree(on=today())
    analysis.save()
    for scenario in Scenario.objects.filter(process__analysis=analysis).select_related(
        "process__analysis__matrix"
    ):
        scenario.schedule_review(on=today())
        scenario.save(update_fields=["next_review_on"])
    record("risks.analysis_agreed", actor=by, obj=analysis)
    return analysis


# --- The M-team: weighing, measures, reviews -----------------------------------------------------


def current_scenarios(zone_id: int, on: date | None = None) -> Any:
    """Scenarios of the agreed analyses still in force, newest analysis per service only."""
    on = on or today()
    analyses = RiskAnalysis.objects.filter(
        zone_id=zone_id, status=AnalysisStatus.AGREED, valid_until__gte=on
    ).order_by("service_id", "-agreed_on", "-pk")
    newest: dict[Any, int] = {}
    for pk, service_id in analyses.values_list("pk", "service_id"):
        newest.setdefault(service_id or f"process-{pk}", pk)
    return (
        Scenario.objects.filter(process__analysis_id__in=newest.values())
        .select_related("process__analysis__matrix", "process__analysis__service")
        .prefetch_related("controls")
    )


def uncovered(zone_id: int, on: date | None = None) -> list[Scenario]:
    found = [s for s in current_scenarios(zone_id, on) if s.uncovered]
    return sorted(
        found,
        key=lambda s: (
            s.priority or 99,
            -(s.residual_level.rank if s.residual_level else 0),
            s.process.analysis.service.name if s.process.analysis.service else "",
        ),
    )


@dataclass
class HeatCell:
    likelihood: int
    impact: int
    count: int
    colour: str


def heat_map(
    zone_id: int, on: date | None = None, found: list[Scenario] | None = None
) -> tuple[RiskMatrix, list[list[HeatCell]]]:
    """Uncovered residual risks across services on the zone's current matrix (rows: impact,
    highest first; columns: likelihood). ``found``: the uncovered scenarios, when the caller
    has them already."""
    matrix = RiskMatrix.current(zone_id)
    counts: Counter[tuple[int, int]] = Counter()
    for scenario in uncovered(zone_id, on) if found is None else found:
        likelihood = min(
            scenario.residual_likelihood or scenario.computed_residual_likelihood or 1,
            matrix.likelihood_steps,
        )
        impact = min(scenario.residual_impact or scenario.impact or 1, matrix.impact_steps)
        counts[(likelihood, impact)] += 1
    rows = []
    for impact in range(matrix.impact_steps, 0, -1):
        row = []
        for likelihood in range(1, matrix.likelihood_steps + 1):
            level = matrix.level(likelihood, impact)
            row.append(
                HeatCell(
                    likelihood,
                    impact,
                    counts[(likelihood, impact)],
                    level.colour if level else "#eeeeee",
                )
            )
        rows.append(row)
    return matrix, rows


@transaction.atomic
def weigh(
    *,
    by: Person,
    scenario: Scenario,
    priority: int | None,
    treatment: str,
    reason: str,
    accepted_until: date | None,
    target: tuple[int | None, int | None] = (None, None),
) -> Scenario:
    if not by.has_perm("risks.weigh") or scenario.process.analysis.zone_id != by.zone_id:
        raise PermissionDenied
    scenario.weigh(
        by=by,
        on=today(),
        priority=priority,
        treatment=treatment,
        reason=reason,
        accepted_until=accepted_until,
        target=target,
    )
    scenario.save()
    record(
        "risks.scenario_weighed",
        actor=by,
        obj=scenario.process.analysis,
        detail={"scenario": scenario.pk, "treatment": treatment},
    )
    return scenario


@transaction.atomic
def add_measure(*, by: Person, scenario: Scenario, data: dict[str, Any]) -> Measure:
    if not by.has_perm("risks.weigh") or scenario.process.analysis.zone_id != by.zone_id:
        raise PermissionDenied
    owner = data["owner"]
    if owner.zone_id != by.zone_id:
        raise ValidationError(_("Choose an owner of your zone."))
    same = scenario.measures.filter(title=data["title"], owner=owner).first()
    if same is not None:
        return same  # a double submit or a retry
    measure = Measure(scenario=scenario, **data)
    measure.full_clean()
    measure.save()
    record("risks.measure_added", actor=by, obj=measure, zone_id=by.zone_id)
    return measure


@transaction.atomic
def update_measure(*, by: Person, measure: Measure, data: dict[str, Any]) -> Measure:
    if not by.has_perm("risks.update_measure", measure):
        raise PermissionDenied
    for field, value in data.items():
        setattr(measure, field, value)
    measure.full_clean()
    measure.save()
    record(
        "risks.measure_updated",
        actor=by,
        obj=measure,
        zone_id=by.zone_id,
        detail={"progress": measure.progress, "status": measure.status},
    )
    return measure


def plan_by_year(zone_id: int) -> list[tuple[int, list[Measure]]]:
    """The multi-year plan: every measure in each year it runs."""
    measures = list(
        Measure.objects.filter(scenario__process__analysis__zone_id=zone_id).select_related(
            "owner", "scenario__process__analysis__service"
        )
    )
    years: dict[int, list[Measure]] = defaultdict(list)
    for measure in measures:
        for year in range(measure.starts_on.year, measure.due_on.year + 1):
            years[year].append(measure)
    return sorted(years.items())


def reviews_due(zone_id: int, on: date | None = None) -> list[Scenario]:
    on = on or today()
    return [
        s
        for s in current_scenarios(zone_id, on)
        .filter(next_review_on__lte=on)
        .order_by("next_review_on")
    ]


def expire_acceptances(on: date | None = None) -> int:
    """Daily: acceptances whose expiry passed come back to the M-team (and mail the M-team)."""
    on = on or today()
    expired = list(
        Scenario.objects.filter(treatment=Treatment.ACCEPT, accepted_until__lt=on).select_related(
            "process__analysis"
        )
    )
    zones: set[int] = set()
    with transaction.atomic():
        for scenario in expired:
            scenario.expire_acceptance()
            scenario.next_review_on = on
            scenario.save(
                update_fields=["treatment", "accepted_until", "weighed_on", "next_review_on"]
            )
            record(
                "risks.acceptance_expired",
                obj=scenario.process.analysis,
                detail={"scenario": scenario.pk},
            )
            zones.add(scenario.process.analysis.zone_id)
    for zone_id in zones:
        _mail_mteam(zone_id)
    return len(expired)


def remind_reviews(on: date | None = None) -> int:
    """Daily: one mail per zone to the M-team on the day a review falls due and every week after
    while it stays overdue (never the risks' content)."""
    on = on or today()
    zones = {
        zone_id
        for zone_id, due in Scenario.objects.filter(next_review_on__lte=on).values_list(
            "process__analysis__zone_id", "next_review_on"
        )
        if due is not None and (on - due).days % 7 == 0
    }
    for zone_id in zones:
        _mail_mteam(zone_id)
    return len(zones)


def _mail_mteam(zone_id: int) -> None:
    from kompas.accounts.roles import Role

    for person in Person.objects.filter(
        zone_id=zone_id, is_active=True, roles_held__role__in=[Role.MTEAM, Role.CHIEF]
    ).distinct():
        with translation.override(person.language or "nl"):
            subject = _("Kompas: integrity risks to review")
            body = _("Some integrity risks are due for review, or their acceptance has expired.")
        mail.send(subject, f"{body}\n\n{settings.SITE_URL}/risks/reviews/", person.email)


# --- Signals from the rest of Kompas --------------------------------------------------------------


@dataclass
class Signal:
    """A count beside an analysis; ``about_reports``: counted up to the end of the last complete
    month (kompas.lib.small_counts), the others up to today."""

    label: str
    count: int
    about_reports: bool = False

    @property
    def shown(self) -> str:
        # Declarations and trainings are not about reports: their 0 is shown as 0. A hidden
        # count keeps "< 3" together (a non-breaking space): the panel is narrow, and a "<"
        # at the end of a line and a "3" on the next read as two figures.
        return SmallCount(self.count, zero_shown=not self.about_reports).shown.replace(
            "< ", "<\u00a0"
        )


def service_subtree(service: Service) -> set[int]:
    return subtree(service_children(service.zone_id), [service.pk])


def signals(service: Service | None, zone_id: int, on: date | None = None) -> list[Signal]:
    """Counts of the last twelve months for the service and the services below it, as evidence
    for the "history" and "personnel" factors. Never names; 0, 1 and 2 shown alike. Reports
    count over the twelve complete months before ``on`` (``complete_to``): a report filed today
    changes nothing the service's leaders see, today or until its month has ended."""
    from kompas.compass.models import SessionStatus, TrainingSession
    from kompas.registers.models import ConflictSignal, GiftDeclaration, SideActivity
    from kompas.reporting.models import Kind, Outcome, Report

    on = on or today()
    since = on - timedelta(days=365)
    services = service_subtree(service) if service else None
    people = Q(person__service_id__in=services) if services else Q()
    gifts = GiftDeclaration.objects.filter(
        people, zone_id=zone_id, declared_on__gte=since
    ).aggregate(  # of zone, never empty: a covering index answers on PostgreSQL
        all=Count("zone"), refused=Count("zone", filter=Q(decision__in=["return", "refuse"]))
    )
    up_to = complete_to(on)
    reports_since = add_months(up_to + timedelta(days=1), -12)
    reports = Report.objects.filter(zone_id=zone_id, received_on__range=(reports_since, up_to))
    if services:
        reports = reports.filter(services__in=services)
    rows = list(reports.order_by().values_list("pk", "kind", "outcome", "outcome_on").distinct())
    by_kind = Counter(kind for _pk, kind, _outcome, _on in rows)
    # An outcome counts once it was decided within the same complete months.
    by_outcome = Counter(
        outcome for _pk, _kind, outcome, decided in rows if outcome and decided and decided <= up_to
    )
    trainings = TrainingSession.objects.filter(
        zone_id=zone_id, status=SessionStatus.CLOSED, held_on__gte=since
    )
    if services:
        trainings = trainings.filter(service_id__in=services)
    found = [
        Signal(_("Gifts and invitations declared"), gifts["all"]),
        Signal(_("Of which refused or returned"), gifts["refused"]),
        Signal(
            _("Side activities declared"),
            SideActivity.objects.filter(people, zone_id=zone_id, declared_on__gte=since).count(),
        ),
        Signal(
            _("Conflicts of interest signalled"),
            ConflictSignal.objects.filter(people, zone_id=zone_id, signalled_on__gte=since).count(),
        ),
        Signal(_("Dilemma trainings held"), trainings.count()),
    ]
    for kind in (Kind.BREACH, Kind.COMPLAINT, Kind.WELLBEING):
        found.append(
            Signal(
                _("Reports: %(kind)s") % {"kind": Kind(kind).label},
                by_kind.get(kind, 0),
                about_reports=True,
            )
        )
    found.append(
        Signal(
            _("Prevention recommendations from cases"),
            by_outcome.get(Outcome.PREVENTION, 0),
            about_reports=True,
        )
    )
    return found


def top_risk_values(service: Service | None, limit: int = 3) -> list[str]:
    """The compass values at stake in the highest residual risks of the current analysis that
    covers a service (its own, or that of a service above it)."""
    if service is None:
        return []
    on = today()
    parents = dict(Service.objects.filter(zone_id=service.zone_id).values_list("pk", "parent_id"))
    chain: list[int] = []
    current: int | None = service.pk
    while current is not None and current not in chain:
        chain.append(current)
        current = parents.get(current)
    analyses = {
        a.service_id: a
        for a in RiskAnalysis.objects.filter(
            service_id__in=chain, status=AnalysisStatus.AGREED, valid_until__gte=on
        ).order_by("agreed_on", "pk")
    }
    analysis = next((analyses[s] for s in chain if s in analyses), None)
    if analysis is None:
        return []
    scenarios = sorted(
        Scenario.objects.filter(process__analysis=analysis).select_related(
            "process__analysis__matrix"
        ),
        key=lambda s: -(s.residual_level.rank if s.residual_level else -1),
    )[:limit]
    found: list[str] = []
    for scenario in scenarios:
        for value in scenario.values:
            if value not in found:
                found.append(value)
    return found
