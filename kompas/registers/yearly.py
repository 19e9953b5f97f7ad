"""The M-team's yearly overview of the registers per service: counts only, never names, and a
count small enough to point at someone is shown as "fewer than"."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q

from kompas.accounts.models import Service
from kompas.registers.models import ConflictSignal, GiftDeclaration, SideActivity
from kompas.reporting.register import Cell


def yearly(zone_id: int, year: int) -> list[dict[str, Any]]:
    """One row per top-level service (its teams included)."""
    parents = dict(Service.objects.filter(zone_id=zone_id).values_list("pk", "parent_id"))
    names = dict(Service.objects.filter(zone_id=zone_id).values_list("pk", "name"))

    def top(service_id: int | None) -> int | None:
        seen: set[int] = set()
        while service_id is not None and parents.get(service_id) is not None:
            if service_id in seen:
                break
            seen.add(service_id)
            service_id = parents[service_id]
        return service_id

    def counts(rows: Any) -> dict[int | None, int]:
        result: dict[int | None, int] = {}
        for service_id, n in rows:
            key = top(service_id)
            result[key] = result.get(key, 0) + n
        return result

    # Counts are of "*" or of zone (never empty): on PostgreSQL a covering index then answers
    # without reading the rows themselves.
    # One pass over the year's gifts, with the refused and returned ones counted alongside.
    per_service = list(
        GiftDeclaration.objects.filter(zone_id=zone_id, given_on__year=year)
        .values_list("person__service")
        .annotate(
            n=Count("*"),
            refused=Count("zone", filter=Q(offered_only=True)),
            returned=Count("zone", filter=Q(decision__in=["return", "donate"])),
        )
    )
    declared = counts((service, n) for service, n, _r, _t in per_service)
    refused = counts((service, r) for service, _n, r, _t in per_service)
    returned = counts((service, t) for service, _n, _r, t in per_service)
    sides = counts(
        SideActivity.objects.filter(zone_id=zone_id, starts_on__year__lte=year)
        .values_list("person__service")
        .annotate(n=Count("pk"))
    )
    conflicts = counts(
        ConflictSignal.objects.filter(zone_id=zone_id, signalled_on__year=year)
        .values_list("person__service")
        .annotate(n=Count("pk"))
    )
    keys = sorted(
        {k for d in (declared, sides, conflicts) for k in d if k is not None},
        key=lambda k: names.get(k, ""),
    )
    return [
        {
            "service": names.get(key, ""),
            "declared": Cell(declared.get(key, 0)),
            "refused": Cell(refused.get(key, 0)),
            "returned": Cell(returned.get(key, 0)),
            "side_activities": Cell(sides.get(key, 0)),
            "conflicts": Cell(conflicts.get(key, 0)),
        }
        for key in keys
    ]
