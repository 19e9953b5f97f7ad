"""The figures of the M-team dashboard and the yearly report: counts only, never names, and every
count small enough to point at a person suppressed."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.utils.translation import gettext as _

MINIMUM = 3  # a count from 1 to MINIMUM - 1 is shown as "< 3"
MONTHS = range(1, 13)


@dataclass
class Count:
    value: int

    @property
    def suppressed(self) -> bool:
        return 0 < self.value < MINIMUM

    @property
    def shown(self) -> str:
        return f"< {MINIMUM}" if self.suppressed else str(self.value)

    @property
    def safe(self) -> int:
        """The value a chart may draw: a suppressed count draws nothing."""
        return 0 if self.suppressed else self.value


@dataclass
class Series:
    label: str
    counts: list[Count]

    @property
    def total(self) -> Count:
        return Count(sum(c.value for c in self.counts))


@dataclass
class Chart:
    """A bar chart of monthly series, laid out for SVG and PDF alike (heights in 0..1)."""

    title: str
    series: list[Series]
    peak: int = field(init=False)

    def __post_init__(self) -> None:
        self.peak = max([c.safe for s in self.series for c in s.counts] + [1])

    def bars(self) -> list[dict[str, Any]]:
        found = []
        width = 1 / (12 * (len(self.series) + 1))
        for m in range(12):
            for k, series in enumerate(self.series):
                count = series.counts[m]
                found.append(
                    {
                        "month": m + 1,
                        "series": k,
                        "x": (m * (len(self.series) + 1) + k) * width,
                        "width": width,
                        "height": count.safe / self.peak,
                        "count": count,
                    }
                )
        return found


COLOURS = ["#0b4f8a", "#1e6b33", "#ef6c00"]


def svg_bars(chart: Chart, width: int = 600, height: int = 130) -> list[dict[str, Any]]:
    """Bars in SVG user units, bottom at ``height`` (computed here: pages allow no inline style).
    Numbers are strings with a decimal point, so no locale turns them into "12,5"."""
    return [
        {
            "x": f"{bar['x'] * width:.1f}",
            "y": f"{height - bar['height'] * height:.1f}",
            "w": f"{bar['width'] * width * 0.9:.1f}",
            "h": f"{bar['height'] * height:.1f}" if bar["height"] else "",
            "colour": COLOURS[bar["series"] % len(COLOURS)],
            "month": bar["month"],
            "count": bar["count"],
        }
        for bar in chart.bars()
    ]


def _monthly(queryset: Any, field: str) -> list[Count]:
    """Counts per month, grouped by the database (a year holds tens of thousands of rows)."""
    from django.db.models import Count as Total
    from django.db.models.functions import ExtractMonth

    per = dict(
        queryset.annotate(month=ExtractMonth(field))
        .values("month")
        .annotate(n=Total("*"))
        .values_list("month", "n")
    )
    return [Count(per.get(m, 0)) for m in MONTHS]


def year_figures(zone_id: int, year: int) -> dict[str, Any]:
    """The year's trends, reporting and register figures: one pass over the year's reports and
    one over its gift declarations, each grouped by the database (a national zone's year holds
    hundreds of thousands of rows; reading them once instead of four times is what matters)."""
    from kompas.compass.models import SessionStatus, TrainingSession
    from kompas.registers.models import ConflictSignal, SideActivity

    reports = _report_pass(zone_id, year)
    gifts = _gift_pass(zone_id, year)
    sides = SideActivity.objects.filter(zone_id=zone_id, declared_on__year=year)
    conflicts = ConflictSignal.objects.filter(zone_id=zone_id, signalled_on__year=year)
    sessions = TrainingSession.objects.filter(
        zone_id=zone_id, status=SessionStatus.CLOSED, held_on__year=year
    )
    side_months = _monthly(sides, "declared_on")
    conflict_months = _monthly(conflicts, "signalled_on")
    trends = [
        Chart(_("Reports received"), [Series(_("Reports"), reports.pop("monthly"))]),
        Chart(
            _("Declarations in the registers"),
            [
                Series(_("Gifts and invitations"), gifts.pop("monthly")),
                Series(_("Side activities"), side_months),
                Series(_("Conflicts of interest"), conflict_months),
            ],
        ),
        Chart(_("Dilemma trainings held"), [Series(_("Sessions"), _monthly(sessions, "held_on"))]),
    ]
    registers = {
        **gifts,
        "side_activities": Count(sum(c.value for c in side_months)),
        "conflicts": Count(sum(c.value for c in conflict_months)),
    }
    return {"trends": trends, "reporting": reports, "registers": registers}


def _report_pass(zone_id: int, year: int) -> dict[str, Any]:
    from django.db.models import Count as Total
    from django.db.models import DateField, ExpressionWrapper, F, Q
    from django.db.models.functions import ExtractMonth

    from kompas.reporting.models import Kind, Outcome, Report

    week_after = ExpressionWrapper(F("received_on") + timedelta(days=7), output_field=DateField())
    # Counts are of "*" or of zone (never empty): on PostgreSQL a covering index then answers
    # without reading the rows themselves.
    rows = (
        Report.objects.filter(zone_id=zone_id, received_on__year=year)
        .annotate(month=ExtractMonth("received_on"))
        .values("month", "kind", "outcome", "parent_id")
        .annotate(
            n=Total("*"),
            acknowledged=Total("zone", filter=Q(acknowledged_on__lte=week_after)),
            feedback=Total("zone", filter=Q(feedback_on__lte=F("feedback_by"))),
        )
        .order_by()
    )
    monthly: Counter[int] = Counter()
    kinds: Counter[str] = Counter()
    outcomes: Counter[str] = Counter()
    total = acknowledged = feedback = 0
    for row in rows:
        monthly[row["month"]] += row["n"]  # the chart counts follow-up reports too
        if row["parent_id"] is not None:
            continue
        total += row["n"]
        kinds[row["kind"]] += row["n"]
        if row["outcome"]:
            outcomes[row["outcome"]] += row["n"]
        acknowledged += row["acknowledged"]
        feedback += row["feedback"]
    return {
        "monthly": [Count(monthly.get(m, 0)) for m in MONTHS],
        "total": Count(total),
        "kinds": [(Kind(k).label, Count(kinds.get(k, 0))) for k in Kind.values],
        "outcomes": [(Outcome(o).label, Count(outcomes.get(o, 0))) for o in Outcome.values],
        "acknowledged_share": round(100 * acknowledged / total) if total else None,
        "feedback_share": round(100 * feedback / total) if total else None,
    }


def _gift_pass(zone_id: int, year: int) -> dict[str, Any]:
    from django.db.models import Count as Total
    from django.db.models import Q
    from django.db.models.functions import ExtractMonth

    from kompas.registers.models import Decision, GiftDeclaration

    rows = (
        GiftDeclaration.objects.filter(zone_id=zone_id, declared_on__year=year)
        .annotate(month=ExtractMonth("declared_on"))
        .values("month", "decision")
        .annotate(n=Total("*"), offered=Total("zone", filter=Q(offered_only=True)))
        .order_by()
    )
    monthly: Counter[int] = Counter()
    decisions: Counter[str] = Counter()
    offered = 0
    for row in rows:
        monthly[row["month"]] += row["n"]
        offered += row["offered"]
        if row["decision"]:
            decisions[row["decision"]] += row["n"]
    return {
        "monthly": [Count(monthly.get(m, 0)) for m in MONTHS],
        "gifts": Count(sum(monthly.values())),
        "offered_only": Count(offered),
        "decisions": [(Decision(d).label, Count(decisions.get(d, 0))) for d in Decision.values],
    }


def training_figures(zone_id: int, year: int) -> dict[str, Any]:
    from kompas.compass.services import sessions_per_service

    rows = sessions_per_service(zone_id, year)
    with_sessions = [r for r in rows if r.count]
    return {
        "sessions": Count(sum(r.count for r in rows)),
        "services_with": len(with_sessions),
        "services": len(rows),
    }


def risk_figures(zone_id: int, on: date) -> dict[str, Any]:
    from kompas.plans.indicators import risk_analysis_share
    from kompas.risks.models import Measure, MeasureStatus, RiskMatrix
    from kompas.risks.services import reviews_due, uncovered

    found = uncovered(zone_id, on)
    matrix = RiskMatrix.current(zone_id)
    levels = Counter(s.residual_level.key for s in found if s.residual_level)
    measures = Measure.objects.filter(scenario__process__analysis__zone_id=zone_id)
    open_measures = measures.exclude(status__in=[MeasureStatus.DONE, MeasureStatus.DROPPED])
    return {
        "coverage": risk_analysis_share(zone_id, on),
        "uncovered": len(found),
        "by_level": [
            (level.label, level.colour, levels.get(level.key, 0)) for level in matrix.all_levels()
        ],
        "to_weigh": sum(1 for s in found if not s.treatment),
        "measures": measures.count(),
        "measures_done": measures.filter(status=MeasureStatus.DONE).count(),
        "measures_overdue": open_measures.filter(due_on__lt=on).count(),
        "reviews_due": len(reviews_due(zone_id, on)),
    }


def plan_figures(zone_id: int, on: date) -> dict[str, Any]:
    from kompas.plans.models import Activity, ActivityStatus, PlanPeriod

    period = (
        PlanPeriod.objects.filter(zone_id=zone_id, starts_on__lte=on, ends_on__gte=on).first()
        or PlanPeriod.objects.filter(zone_id=zone_id, ends_on__lt=on).order_by("-ends_on").first()
    )
    if period is None:
        return {"period": None}
    activities = list(
        Activity.objects.filter(objective__strategic__period=period).select_related(
            "objective__strategic"
        )
    )
    per_objective: dict[Any, list[Activity]] = {}
    for activity in activities:
        per_objective.setdefault(activity.objective.strategic, []).append(activity)
    late = [a for a in activities if a.is_late(on)]
    return {
        "period": period,
        "activities": len(activities),
        "done": sum(1 for a in activities if a.status == ActivityStatus.DONE),
        "late": late,
        "progress": round(sum(a.progress for a in activities) / len(activities))
        if activities
        else 0,
        "objectives": [
            (objective, round(sum(a.progress for a in items) / len(items)), len(items))
            for objective, items in sorted(per_objective.items(), key=lambda kv: kv[0].code)
        ],
    }


def overdue(zone_id: int, on: date) -> dict[str, Count]:
    from kompas.registers.models import GiftDeclaration, GiftStatus
    from kompas.reporting.models import Report, Status

    open_reports = Report.objects.filter(zone_id=zone_id).exclude(status=Status.CLOSED)
    return {
        "acknowledgements": Count(
            open_reports.filter(acknowledged_on__isnull=True, acknowledge_by__lt=on).count()
        ),
        "feedback": Count(
            open_reports.filter(feedback_on__isnull=True, feedback_by__lt=on).count()
        ),
        "gifts": Count(
            GiftDeclaration.objects.filter(
                zone_id=zone_id, status=GiftStatus.PENDING, declared_on__lt=on - timedelta(days=7)
            ).count()
        ),
    }
