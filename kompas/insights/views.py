"""The M-team dashboard and the yearly integrity report (HTML and PDF)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render

from kompas.audit.services import record
from kompas.insights import figures
from kompas.lib.clock import today
from kompas.lib.counted import counted
from kompas.lib.http import AuthenticatedHttpRequest
from kompas.lib.ids import whole_number
from kompas.lib.small_counts import complete_to, year_up_to


def _allowed(request: AuthenticatedHttpRequest) -> None:
    if not request.user.has_perm("insights.view_dashboard"):
        raise PermissionDenied


def _year(value: int | None) -> int:
    year = value or today().year
    if not 2000 <= year <= today().year:
        raise Http404
    return year


def context(zone_id: int, year: int) -> dict[str, Any]:
    """The year's figures, counted at most once every few minutes (kompas.lib.counted); those
    about reports up to the end of the last complete month (kompas.lib.small_counts)."""
    up_to = year_up_to(year, today())
    figures_of_year, counted_at = counted(
        "dashboard", zone_id, f"{year}:{up_to}", lambda: count(zone_id, year, up_to)
    )
    return {**figures_of_year, "counted_at": counted_at}


def count(zone_id: int, year: int, up_to: date) -> dict[str, Any]:
    from kompas.risks.services import heat_map

    on = today() if year == today().year else today().replace(year=year, month=12, day=31)
    matrix, rows = heat_map(zone_id)
    year_figures = figures.year_figures(zone_id, year, up_to)
    trends = year_figures["trends"]
    return {
        "charts": [(chart, figures.svg_bars(chart)) for chart in trends],
        "months": figures.svg_months(),
        "year": year,
        "on": on,
        "trends": trends,
        "reporting": year_figures["reporting"],
        "registers": year_figures["registers"],
        "trainings": figures.training_figures(zone_id, year),
        "risks": figures.risk_figures(zone_id, on),
        "plan": figures.plan_figures(zone_id, on),
        "overdue": figures.overdue(zone_id, today(), complete_to(today())),
        "matrix": matrix,
        "heat_rows": rows,
        "cell": 40,
        "minimum": figures.MINIMUM,
    }


@login_required
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    _allowed(request)
    year = _year(whole_number(request.GET.get("year", "")))
    record(
        "insights.dashboard_viewed",
        actor=request.user,
        object_type="insights",
        zone_id=request.user.zone_id,
    )
    return render(
        request,
        "insights/dashboard.html",
        {**context(request.user.zone_id, year), "years": range(today().year, today().year - 5, -1)},
    )


@login_required
def report(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    _allowed(request)
    year = _year(year)
    data = {**context(request.user.zone_id, year), "zone": request.user.zone}
    if request.GET.get("format") == "pdf":
        from kompas.insights.report import yearly_pdf

        pdf = yearly_pdf(data)
        record(
            "insights.report_exported",
            actor=request.user,
            object_type="insights",
            zone_id=request.user.zone_id,
            detail={"year": year},
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="integrity-report-{year}.pdf"'
        return response
    return render(request, "insights/report.html", data)
