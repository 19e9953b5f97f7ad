"""The figures of the M-team dashboard and the yearly report: counts only, never names. Every
count is shown as `kompas.lib.small_counts` shows it (0, 1 and 2 alike, totals told from their
parts), and figures about reports count up to the end of the last complete month only."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.utils.dates import MONTHS as MONTH_NAMES
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from kompas.lib.small_counts import MINIMUM, Count, Total
from kompas.reporting.models import Kind, Outcome, Report

__all__ = ["MINIMUM", "Chart", "Count", "Series", "Total"]

MONTHS = range(1, 13)


def month_labels() -> list[dict[str, str]]:
    """Each month's name in the reader's language: ``short`` (three or four letters, so that
    twelve fit side by side on a phone) under a chart's bars, ``name`` in full where a reader
    points at a bar."""
    short = [
        pgettext("month on a chart", "Jan"),
        pgettext("month on a chart", "Feb"),
        pgettext("month on a chart", "Mar"),
        pgettext("month on a chart", "Apr"),
        pgettext("month on a chart", "May"),
        pgettext("month on a chart", "Jun"),
        pgettext("month on a chart", "Jul"),
        pgettext("month on a chart", "Aug"),
        pgettext("month on a chart", "Sep"),
        pgettext("month on a chart", "Oct"),
        pgettext("month on a chart", "Nov"),
        pgettext("month on a chart", "Dec"),
    ]
    return [{"short": short[m - 1], "name": str(MONTH_NAMES[m])} for m in MONTHS]


def declared(n: int) -> Count:
    """A count of declarations or trainings: not about reports, so 0 is shown as 0."""
    return Count(n, zero_shown=True)


@dataclass
class Series:
    """A year's counts per month. ``told``: the total of a series of reports, told from its
    parts (declarations and trainings show their exact sum, as the registers do)."""

    label: str
    counts: list[Count]
    told: Total | None = None

    @property
    def total(self) -> Count | Total:
        return self.told or declared(sum(c.value for c in self.counts))


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
                        # Half a gap on either side: a month's bars stand over its label.
                        "x": (m * (len(self.series) + 1) + 0.5 + k) * width,
                        "width": width,
                        "height": count.safe / self.peak,
                        "count": count,
                    }
                )
        return found


COLOURS = ["#0b4f8a", "#1e6b33", "#ef6c00"]


# The SVG's own units: 30 a month, and month labels of 12 units (chart.html), at most four
# letters: on a phone the chart is drawn about 280 pixels wide, its labels at 9 pixels, none
# over its neighbour (e2e/test_charts.py measures them in Chromium).
SVG_WIDTH, SVG_BARS_HEIGHT = 360, 100


def svg_bars(
    chart: Chart, width: int = SVG_WIDTH, height: int = SVG_BARS_HEIGHT
) -> list[dict[str, Any]]:
    """Bars in SVG user units, bottom at ``height`` (computed here: pages allow no inline style).
    Numbers are strings with a decimal point, so no locale turns them into "12,5"."""
    names = month_labels()
    return [
        {
            "x": f"{bar['x'] * width:.1f}",
            "y": f"{height - bar['height'] * height:.1f}",
            "w": f"{bar['width'] * width * 0.9:.1f}",
            "h": f"{bar['height'] * height:.1f}" if bar["height"] else "",
            "colour": COLOURS[bar["series"] % len(COLOURS)],
            "month": names[bar["month"] - 1]["name"],
            "count": bar["count"],
        }
        for bar in chart.bars()
    ]


def svg_months(width: int = SVG_WIDTH) -> list[dict[str, str]]:
    """The month labels under a chart's bars, each centred on its month."""
    return [
        {**label, "x": f"{(m + 0.5) * width / 12:.1f}"} for m, label in enumerate(month_labels())
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
    return [declared(per.get(m, 0)) for m in MONTHS]


def year_figures(zone_id: int, year: int, up_to: date) -> dict[str, Any]:
    """The year's trends, reporting and register figures: one pass over the year's reports (up
    to ``up_to``, the end of the last complete month) and one over its gift declarations, each
    grouped by the database (a national zone's year holds hundreds of thousands of rows; reading
    them once instead of four times is what matters). Declarations and trainings count up to
    today: they are not about reports."""
    from kompas.compass.models import SessionStatus, TrainingSession
    from kompas.registers.models import ConflictSignal, SideActivity

    reports = _report_pass(zone_id, year, up_to)
    gifts = _gift_pass(zone_id, year)
    sides = SideActivity.objects.filter(zone_id=zone_id, declared_on__year=year)
    conflicts = ConflictSignal.objects.filter(zone_id=zone_id, signalled_on__year=year)
    sessions = TrainingSession.objects.filter(
        zone_id=zone_id, status=SessionStatus.CLOSED, held_on__year=year
    )
    side_months = _monthly(sides, "declared_on")
    conflict_months = _monthly(conflicts, "signalled_on")
    trends = [
        Chart(
            _("Reports received"),
            [Series(_("Reports"), reports.pop("monthly"), told=reports["total"])],
        ),
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
        "side_activities": declared(sum(c.value for c in side_months)),
        "conflicts": declared(sum(c.value for c in conflict_months)),
    }
    return {"trends": trends, "reporting": reports, "registers": registers}


# The kinds a report of its own can have (a protection case hangs under the report it protects).
OWN_KINDS = [kind for kind in Kind.values if kind != Kind.RETALIATION]


def _report_pass(zone_id: int, year: int, up_to: date) -> dict[str, Any]:
    """Reports of their own received from 1 January to ``up_to``, and what was known of them on
    that day: an acknowledgement, feedback or outcome given later does not count yet, so that no
    figure moves with a single case either."""
    from django.db.models import Count as Total_
    from django.db.models import DateField, ExpressionWrapper, F, Q
    from django.db.models.functions import ExtractMonth

    week_after = ExpressionWrapper(F("received_on") + timedelta(days=7), output_field=DateField())
    # Counts are of "*" or of zone (never empty): on PostgreSQL a covering index then answers
    # everything but the outcome's day.
    rows = (
        Report.objects.filter(
            zone_id=zone_id, received_on__range=(date(year, 1, 1), up_to), parent__isnull=True
        )
        .annotate(month=ExtractMonth("received_on"))
        .values("month", "kind", "outcome")
        .annotate(
            n=Total_("*"),
            acknowledged=Total_(
                "zone", filter=Q(acknowledged_on__lte=week_after) & Q(acknowledged_on__lte=up_to)
            ),
            feedback=Total_(
                "zone", filter=Q(feedback_on__lte=F("feedback_by")) & Q(feedback_on__lte=up_to)
            ),
            decided=Total_("zone", filter=Q(outcome_on__lte=up_to)),
        )
        .order_by()
    )
    monthly: Counter[int] = Counter()
    kinds: Counter[str] = Counter()
    outcomes: Counter[str] = Counter()
    acknowledged = feedback = 0
    for row in rows:
        monthly[row["month"]] += row["n"]
        kinds[row["kind"]] += row["n"]
        if row["outcome"]:
            outcomes[row["outcome"]] += row["decided"]
        acknowledged += row["acknowledged"]
        feedback += row["feedback"]
    complete = up_to.month if up_to.year == year else 0
    months = [Count(monthly.get(m, 0)) for m in MONTHS]
    by_kind = [(Kind(k).label, Count(kinds.get(k, 0))) for k in OWN_KINDS]
    return {
        "up_to": up_to if complete else None,
        "monthly": months,
        # Told from both breakdowns shown: the kinds and the complete months.
        "total": Total.of([c for _label, c in by_kind], months[:complete]),
        "kinds": by_kind,
        "outcomes": [(Outcome(o).label, Count(outcomes.get(o, 0))) for o in Outcome.values],
        "acknowledged": Count(acknowledged),
        "feedback": Count(feedback),
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
        "monthly": [declared(monthly.get(m, 0)) for m in MONTHS],
        "gifts": declared(sum(monthly.values())),
        "offered_only": declared(offered),
        "decisions": [(Decision(d).label, declared(decisions.get(d, 0))) for d in Decision.values],
    }


def training_figures(zone_id: int, year: int) -> dict[str, Any]:
    from kompas.compass.services import sessions_per_service

    rows = sessions_per_service(zone_id, year)
    with_sessions = [r for r in rows if r.count]
    return {
        "sessions": declared(sum(r.count for r in rows)),
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


def overdue(zone_id: int, on: date, up_to: date) -> dict[str, Any]:
    """What is late: gifts waiting today, and acknowledgements and feedback that were late on
    ``up_to`` (the end of the last complete month), counted from the dates alone so that a case
    acknowledged or closed since still counts as it stood that day."""
    from django.db.models import Count as Total_
    from django.db.models import Q

    from kompas.registers.models import GiftDeclaration, GiftStatus

    late = (
        Report.objects.filter(zone_id=zone_id, received_on__lte=up_to)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=up_to))
        .aggregate(
            acknowledgements=Total_(
                "zone",
                filter=Q(acknowledge_by__lt=up_to)
                & (Q(acknowledged_on__isnull=True) | Q(acknowledged_on__gt=up_to)),
            ),
            feedback=Total_(
                "zone",
                filter=Q(feedback_by__lt=up_to)
                & (Q(feedback_on__isnull=True) | Q(feedback_on__gt=up_to)),
            ),
        )
    )
    return {
        "up_to": up_to,
        "acknowledgements": Count(late["acknowledgements"]),
        "feedback": Count(late["feedback"]),
        "gifts": declared(
            GiftDeclaration.objects.filter(
                zone_id=zone_id, status=GiftStatus.PENDING, declared_on__lt=on - timedelta(days=7)
            ).count()
        ),
    }
