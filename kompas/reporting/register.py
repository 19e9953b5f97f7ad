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


def statistics(person: Person, year: int) -> dict[str, Any]:
    reports = list(register_of(person, year))
    by_kind = Counter(r.kind for r in reports)
    by_outcome = Counter(r.outcome for r in reports if r.outcome)
    by_value: Counter[str] = Counter(v for r in reports for v in r.values)
    by_service: Counter[str] = Counter(s.name for r in reports for s in r.services.all())
    acknowledged_in_time = sum(
        1 for r in reports if r.acknowledged_on and r.acknowledged_on <= r.acknowledge_by
    )
    feedback_in_time = sum(1 for r in reports if r.feedback_on and r.feedback_on <= r.feedback_by)
    return {
        "total": Cell(len(reports)),
        "kinds": [(Kind(k).label, Cell(by_kind[k])) for k in Kind.values],
        "outcomes": [(Outcome(o).label, Cell(by_outcome[o])) for o in Outcome.values],
        "values": [(Value(v).label, Cell(by_value[v])) for v in Value.values],
        "services": sorted((name, Cell(n)) for name, n in by_service.items()),
        "acknowledged_in_time": Cell(acknowledged_in_time),
        "feedback_in_time": Cell(feedback_in_time),
    }
