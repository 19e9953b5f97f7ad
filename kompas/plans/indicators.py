"""Indicators Kompas fills in from its own data, for a year (or up to a day)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from kompas.plans.models import AutoIndicator


def staffed_services(zone_id: int) -> list[int]:
    from kompas.accounts.models import Person

    return sorted(
        set(
            Person.objects.filter(zone_id=zone_id, is_active=True, service__isnull=False)
            .order_by()
            .values_list("service_id", flat=True)
            .distinct()
        )
    )


def risk_analysis_share(zone_id: int, on: date) -> Decimal | None:
    """Share (%) of staffed services covered by a current analysis of themselves or a service
    above them."""
    from kompas.accounts.models import Service
    from kompas.risks.models import AnalysisStatus, RiskAnalysis

    services = staffed_services(zone_id)
    if not services:
        return None
    parents = dict(Service.objects.filter(zone_id=zone_id).values_list("pk", "parent_id"))
    covered_roots = set(
        RiskAnalysis.objects.filter(
            zone_id=zone_id,
            status=AnalysisStatus.AGREED,
            valid_until__gte=on,
            service__isnull=False,
        ).values_list("service_id", flat=True)
    )
    covered = 0
    for service in services:
        current: int | None = service
        while current is not None:
            if current in covered_roots:
                covered += 1
                break
            current = parents.get(current)
    return Decimal(f"{100 * covered / len(services):.1f}")


def dilemma_sessions_per_service(zone_id: int, year: int) -> Decimal | None:
    from kompas.compass.models import SessionStatus, TrainingSession

    services = staffed_services(zone_id)
    if not services:
        return None
    held = TrainingSession.objects.filter(
        zone_id=zone_id, status=SessionStatus.CLOSED, held_on__year=year
    ).count()
    return Decimal(f"{held / len(services):.2f}")


def reports_acknowledged_in_time(zone_id: int, on: date) -> Decimal | None:
    """Share (%) of the year's reports acknowledged within 7 days, as it stood at the end of the
    last complete month (kompas.lib.small_counts): every member sees it, and it must not move
    with a report filed today. None from fewer than 3 reports: a share of 0, 1 or 2 would tell
    them apart."""
    from kompas.lib.small_counts import MINIMUM, year_up_to
    from kompas.reporting.models import Report

    up_to = year_up_to(on.year, on)
    rows = list(
        Report.objects.filter(
            zone_id=zone_id, received_on__range=(date(on.year, 1, 1), up_to), parent__isnull=True
        ).values_list("received_on", "acknowledged_on")
    )
    if len(rows) < MINIMUM:
        return None
    on_time = sum(
        1 for received, ack in rows if ack and ack <= min(received + timedelta(days=7), up_to)
    )
    return Decimal(f"{100 * on_time / len(rows):.1f}")


def declarations_on_time(zone_id: int, year: int) -> Decimal | None:
    from kompas.registers.models import GiftDeclaration

    rows = list(
        GiftDeclaration.objects.filter(
            zone_id=zone_id, declared_on__year=year, offered_only=False
        ).values_list("declared_on", "decided_on")
    )
    if not rows:
        return None
    on_time = sum(
        1 for declared, decided in rows if decided and decided <= declared + timedelta(days=14)
    )
    return Decimal(f"{100 * on_time / len(rows):.1f}")


def auto_value(kind: str, zone_id: int, on: date) -> Decimal | None:
    if kind == AutoIndicator.RISK_ANALYSES:
        return risk_analysis_share(zone_id, on)
    if kind == AutoIndicator.DILEMMA_SESSIONS:
        return dilemma_sessions_per_service(zone_id, on.year)
    if kind == AutoIndicator.REPORTS_ACKNOWLEDGED:
        return reports_acknowledged_in_time(zone_id, on)
    if kind == AutoIndicator.DECLARATIONS_ON_TIME:
        return declarations_on_time(zone_id, on.year)
    return None
