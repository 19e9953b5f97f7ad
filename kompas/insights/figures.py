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
        .annotate(n=Total("pk"))
        .values_list("month", "n")
    )
    return [Count(per.get(m, 0)) for m in MONTHS]


def trends(zone_id: int, year: int) -> list[Chart]:
    from kompas.compass.models import SessionStatus, TrainingSession
    from kompas.registers.models import ConflictSignal, GiftDeclaration, SideActivity
    from kompas.reporting.models import Report

    reports = Report.objects.filter(zone_id=zone_id, received_on__year=year)
    gifts = GiftDeclaration.objects.filter(zone_id=zone_id, declared_on__year=year)
    sides = SideActivity.objects.filter(zone_id=zone_id, declared_on__year=year)
    conflicts = ConflictSignal.objects.filter(zone_id=zone_id, signalled_on__year=year)
    sessions = TrainingSession.objects.filter(
        zone_id=zone_id, status=SessionStatus.CLOSED, held_on__year=year
    )
    return [
        Chart(_("Reports received"), [Series(_("Reports"), _monthly(reports, "received_on"))]),
        Chart(
            _("Declarations in the registers"),
            [
                Series(_("Gifts and invitations"), _monthly(gifts, "declared_on")),
                Series(_("Side activities"), _monthly(sides, "declared_on")),
                Series(_("Conflicts of interest"), _monthly(conflicts, "signalled_on")),
            ],
        ),
        Chart(_("Dilemma trainings held"), [Series(_("Sessions"), _monthly(sessions, "held_on"))]),
    ]


def reporting_figures(zone_id: int, year: int) -> dict[str, Any]:
    from kompas.reporting.models import Kind, Outcome, Report

    rows = list(
        Report.objects.filter(
            zone_id=zone_id, received_on__year=year, parent__isnull=True
        ).values_list(
            "kind", "outcome", "received_on", "acknowledged_on", "feedback_by", "feedback_on"
        )
    )
    kinds = Counter(r[0] for r in rows)
    outcomes = Counter(r[1] for r in rows if r[1])
    acknowledged = sum(1 for r in rows if r[3] and r[3] <= r[2] + timedelta(days=7))
    feedback = sum(1 for r in rows if r[5] and r[5] <= r[4])
    return {
        "total": Count(len(rows)),
        "kinds": [(Kind(k).label, Count(kinds.get(k, 0))) for k in Kind.values],
        "outcomes": [(Outcome(o).label, Count(outcomes.get(o, 0))) for o in Outcome.values],
        "acknowledged_share": round(100 * acknowledged / len(rows)) if rows else None,
        "feedback_share": round(100 * feedback / len(rows)) if rows else None,
    }


def register_figures(zone_id: int, year: int) -> dict[str, Any]:
    from django.db.models import Count as Total

    from kompas.registers.models import ConflictSignal, Decision, GiftDeclaration, SideActivity

    gifts = GiftDeclaration.objects.filter(zone_id=zone_id, declared_on__year=year)
    decisions = dict(
        gifts.exclude(decision="")
        .order_by()
        .values("decision")
        .annotate(n=Total("pk"))
        .values_list("decision", "n")
    )
    return {
        "gifts": Count(gifts.count()),
        "offered_only": Count(gifts.filter(offered_only=True).count()),
        "decisions": [(Decision(d).label, Count(decisions.get(d, 0))) for d in Decision.values],
        "side_activities": Count(
            SideActivity.objects.filter(zone_id=zone_id, declared_on__year=year).count()
        ),
        "conflicts": Count(
            ConflictSignal.objects.filter(zone_id=zone_id, signalled_on__year=year).count()
        ),
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
