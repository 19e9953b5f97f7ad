"""Yearly figures and the action plan's indicators (figures:read): counts only, never names.

Counts are written as the pages write them (`kompas.lib.small_counts`): a count of reports
below 3 reads "< 3" whatever it is, zero included, a total is told from the parts shown, and
reports are counted up to the end of the last complete month. The figures are the dashboard's
and the registers' own, counted at most once every few minutes (`kompas.lib.counted`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Path, Query, Router

from kompas.api.endpoints.common import count, gate
from kompas.api.models import ApiToken
from kompas.api.schemas import Indicators, RegistersPerService, YearFigures
from kompas.api.scopes import Scope
from kompas.lib.clock import today
from kompas.lib.counted import counted
from kompas.lib.ids import LARGEST_KEY
from kompas.lib.small_counts import year_up_to

router = Router(tags=["figures"])

SCOPE = Scope.READ_FIGURES
YearPath = Path(..., ge=2000, le=2100, description="A year from 2000 up to this one.")


def _zone(request: HttpRequest) -> int:
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    return token.zone_id


def _year(year: int) -> int:
    if year > today().year:
        raise Http404
    return year


def _year_figures(zone_id: int, year: int, up_to: date) -> dict[str, Any]:
    from kompas.insights import figures

    counted_figures = figures.year_figures(zone_id, year, up_to)
    reports, registers = counted_figures["reporting"], counted_figures["registers"]
    report_trend, register_trend, training_trend = counted_figures["trends"]
    gifts, sides, conflicts = register_trend.series
    trainings = figures.training_figures(zone_id, year)
    from kompas.registers.models import Decision
    from kompas.reporting.models import Outcome

    return {
        "year": year,
        "reports": {
            "up_to": reports["up_to"],
            "total": count(reports["total"]),
            "per_month": [count(c) for c in report_trend.series[0].counts],
            "kinds": {
                kind: count(c)
                for kind, (_label, c) in zip(figures.OWN_KINDS, reports["kinds"], strict=True)
            },
            "outcomes": {
                outcome: count(c)
                for outcome, (_label, c) in zip(Outcome.values, reports["outcomes"], strict=True)
            },
            "acknowledged_in_time": count(reports["acknowledged"]),
            "feedback_in_time": count(reports["feedback"]),
        },
        "registers": {
            "gifts": count(registers["gifts"]),
            "offered_only": count(registers["offered_only"]),
            "decisions": {
                decision: count(c)
                for decision, (_label, c) in zip(
                    Decision.values, registers["decisions"], strict=True
                )
            },
            "side_activities": count(registers["side_activities"]),
            "conflicts": count(registers["conflicts"]),
            "gifts_per_month": [count(c) for c in gifts.counts],
            "side_activities_per_month": [count(c) for c in sides.counts],
            "conflicts_per_month": [count(c) for c in conflicts.counts],
        },
        "trainings": {
            "sessions": count(trainings["sessions"]),
            "sessions_per_month": [count(c) for c in training_trend.series[0].counts],
            "services_with_sessions": trainings["services_with"],
            "services": trainings["services"],
        },
    }


@router.get("/figures/{year}", **gate(SCOPE, YearFigures, "A year's figures"))
def year_figures(request: HttpRequest, year: int = YearPath) -> dict[str, Any]:
    """The year's figures of the M-team dashboard: reports (up to the end of the last complete
    month), the registers and the dilemma trainings held."""
    zone_id, year = _zone(request), _year(year)
    up_to = year_up_to(year, today())
    found, counted_at = counted(
        "api-figures", zone_id, f"{year}:{up_to}", lambda: _year_figures(zone_id, year, up_to)
    )
    return {**found, "counted_at": counted_at.isoformat()}


@router.get(
    "/figures/{year}/registers-per-service",
    **gate(SCOPE, RegistersPerService, "The registers per service in a year"),
)
def registers_per_service(request: HttpRequest, year: int = YearPath) -> dict[str, Any]:
    """The registers per top-level service in a year, as the M-team's overview shows them: a
    count below 5 reads "< 5" (0 reads 0)."""
    from kompas.registers.yearly import yearly

    zone_id, year = _zone(request), _year(year)
    rows, counted_at = counted("registers-yearly", zone_id, year, lambda: yearly(zone_id, year))
    return {
        "year": year,
        "counted_at": counted_at.isoformat(),
        "services": [
            {
                "service": row["service"],
                **{
                    key: count(row[key])
                    for key in ("declared", "refused", "returned", "side_activities", "conflicts")
                },
            }
            for row in rows
        ],
    }


@router.get("/plan/indicators", **gate(SCOPE, Indicators, "The action plan's indicators"))
def plan_indicators(
    request: HttpRequest,
    period: int | None = Query(
        None, ge=1, le=LARGEST_KEY, description="A plan period's id; else the current one."
    ),
) -> dict[str, Any]:
    """The action plan's indicators with their latest value: filled in by Kompas (``auto``), as
    of today, or the latest entered by hand. The reports' share is left empty below 3 reports."""
    from kompas.plans.indicators import auto_value
    from kompas.plans.models import PlanPeriod

    zone_id, on = _zone(request), today()
    periods = PlanPeriod.objects.filter(zone_id=zone_id)
    if period is not None:
        chosen = periods.filter(pk=period).first()
        if chosen is None:
            raise Http404
    else:
        chosen = periods.filter(starts_on__lte=on, ends_on__gte=on).first() or periods.first()
    if chosen is None:
        return {"period": None, "indicators": []}
    rows = []
    value: Any
    measured_on: date | None
    for indicator in chosen.indicators.prefetch_related("values"):
        if indicator.auto:
            value, measured_on = auto_value(indicator.auto, zone_id, on), on
        else:
            latest = next(iter(indicator.values.all()), None)
            value, measured_on = (latest.value, latest.measured_on) if latest else (None, None)
        rows.append(
            {
                "id": indicator.pk,
                "name": indicator.label,
                "auto": indicator.auto or None,
                "target": float(indicator.target) if indicator.target is not None else None,
                "unit": indicator.unit,
                "value": float(value) if value is not None else None,
                "measured_on": measured_on,
            }
        )
    return {
        "period": {
            "id": chosen.pk,
            "name": chosen.name,
            "starts_on": chosen.starts_on,
            "ends_on": chosen.ends_on,
        },
        "indicators": rows,
    }
