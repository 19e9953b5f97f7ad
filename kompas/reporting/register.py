"""The legal register of reports and its statistics: metadata only, never content."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from kompas.accounts.models import Person
from kompas.compass.values import Value
from kompas.reporting.models import Kind, Outcome, Report

# A count below this is shown as "fewer than" so that nobody can be recognised by it.
MINIMUM_COUNT = 5


def register_of(person: Person, year: int | None = None) -> QuerySet[Report]:
    found = Report.objects.filter(zone_id=person.zone_id).prefetch_related("services")
    if year:
        found = found.filter(received_on__year=year)
    return found.order_by("received_on", "number")


@dataclass(frozen=True)
class Cell:
    count: int

    @property
    def shown(self) -> str:
        return f"< {MINIMUM_COUNT}" if 0 < self.count < MINIMUM_COUNT else str(self.count)


def statistics(zone_id: int, year: int) -> dict[str, Any]:
    """Counts for one year, computed by the database (a few queries, whatever the volume)."""
    from django.db.models import Count, F, Q

    # Counts are of "*" or of zone (never empty): on PostgreSQL a covering index then answers
    # without reading the rows themselves.
    reports = Report.objects.filter(zone_id=zone_id, received_on__year=year)
    by_kind = dict(reports.values_list("kind").annotate(n=Count("*")))
    by_outcome = dict(reports.exclude(outcome="").values_list("outcome").annotate(n=Count("*")))
    by_service = dict(
        reports.filter(services__isnull=False).values_list("services__name").annotate(n=Count("pk"))
    )
    by_value: Counter[str] = Counter()
    for values in reports.exclude(values=[]).values_list("values", flat=True).iterator(2000):
        by_value.update(values)
    timely = reports.aggregate(
        total=Count("*"),
        acknowledged=Count("zone", filter=Q(acknowledged_on__lte=F("acknowledge_by"))),
        feedback=Count("zone", filter=Q(feedback_on__lte=F("feedback_by"))),
    )
    return {
        "total": Cell(timely["total"]),
        "kinds": [(Kind(k).label, Cell(by_kind.get(k, 0))) for k in Kind.values],
        "outcomes": [(Outcome(o).label, Cell(by_outcome.get(o, 0))) for o in Outcome.values],
        "values": [(Value(v).label, Cell(by_value[v])) for v in Value.values],
        "services": sorted((name, Cell(n)) for name, n in by_service.items()),
        "acknowledged_in_time": Cell(timely["acknowledged"]),
        "feedback_in_time": Cell(timely["feedback"]),
    }
