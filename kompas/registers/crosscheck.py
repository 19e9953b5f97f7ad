"""Cross-register checks for the integrity officer: patterns to look at, never accusations.

- a giver who gives to several members, or often (recurring givers);
- a member whose declarations cluster around one giver;
- an organisation that appears both as a giver and as a member's side-activity employer;
- a supplier of the zone (kept by the integrity officer) that shows up as a giver, as a
  side-activity employer or in a conflict-of-interest signal.
All within the last twelve months; giver names are compared in their normalised form.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count

from kompas.registers.models import ConflictSignal, GiftDeclaration, SideActivity, Supplier
from kompas.registers.services import giver_key

RECURRING = 3
CLUSTER = 3


@dataclass
class Pattern:
    kind: str  # "recurring_giver", "member_cluster", "giver_and_employer", "supplier"
    name: str
    count: int
    declaration_ids: list[int] = field(default_factory=list)
    side_activity_ids: list[int] = field(default_factory=list)
    conflict_ids: list[int] = field(default_factory=list)


def patterns(zone_id: int, today: date) -> list[Pattern]:
    since = today - timedelta(days=365)
    gifts = GiftDeclaration.objects.filter(zone_id=zone_id, given_on__gte=since)
    found: list[Pattern] = []
    recurring = (
        gifts.values("giver_key")
        .annotate(n=Count("pk"), members=Count("person", distinct=True))
        .filter(n__gte=RECURRING)
        .order_by("-n")[:50]
    )
    names = dict(gifts.values_list("giver_key", "giver_name"))
    for row in recurring:
        ids = list(gifts.filter(giver_key=row["giver_key"]).values_list("pk", flat=True)[:20])
        found.append(
            Pattern("recurring_giver", names.get(row["giver_key"], row["giver_key"]), row["n"], ids)
        )
    clusters = (
        gifts.values("person", "person__first_name", "person__last_name", "giver_key")
        .annotate(n=Count("pk"))
        .filter(n__gte=CLUSTER)
        .order_by("-n")[:50]
    )
    for row in clusters:
        ids = list(
            gifts.filter(person_id=row["person"], giver_key=row["giver_key"]).values_list(
                "pk", flat=True
            )[:20]
        )
        who = f"{row['person__first_name']} {row['person__last_name']}"
        found.append(
            Pattern("member_cluster", f"{who} ← {names.get(row['giver_key'], '')}", row["n"], ids)
        )
    employers = set(
        SideActivity.objects.filter(zone_id=zone_id).values_list("organisation_key", flat=True)
    )
    for key in sorted(employers & set(names)):
        ids = list(gifts.filter(giver_key=key).values_list("pk", flat=True)[:20])
        found.append(Pattern("giver_and_employer", names[key], len(ids), ids))
    found.extend(_suppliers(zone_id, gifts, since))
    return found


def _suppliers(zone_id: int, gifts, since: date) -> list[Pattern]:  # type: ignore[no-untyped-def]
    suppliers = dict(Supplier.objects.filter(zone_id=zone_id).values_list("key", "name"))
    if not suppliers:
        return []
    by_key: dict[str, Pattern] = {}

    def pattern(key: str) -> Pattern:
        return by_key.setdefault(key, Pattern("supplier", suppliers[key], 0))

    for pk, key in gifts.filter(giver_key__in=suppliers).values_list("pk", "giver_key")[:500]:
        pattern(key).declaration_ids.append(pk)
    for pk, key in SideActivity.objects.filter(
        zone_id=zone_id, organisation_key__in=suppliers
    ).values_list("pk", "organisation_key")[:500]:
        pattern(key).side_activity_ids.append(pk)
    for pk, people, task in ConflictSignal.objects.filter(
        zone_id=zone_id, signalled_on__gte=since
    ).values_list("pk", "people", "task")[:5000]:
        text = giver_key(f"{people} {task}")
        for key in suppliers:
            if key in text:
                pattern(key).conflict_ids.append(pk)
    for p in by_key.values():
        p.count = len(p.declaration_ids) + len(p.side_activity_ids) + len(p.conflict_ids)
    return sorted(by_key.values(), key=lambda p: (-p.count, p.name))
