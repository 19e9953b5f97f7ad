"""The legal register of reports and its statistics: metadata only, never content.

Well-being reports belong to the well-being route alone (the confidential counsellors and the
PAPS, ``ROUTES`` in services): their register lines and late list are theirs, and the integrity
officer and internal oversight keep the register of every other kind. Statistics count up to the
end of the last complete month and show small counts as ``kompas.lib.small_counts`` does.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from kompas.accounts.models import Person
from kompas.accounts.roles import Role
from kompas.compass.values import Value
from kompas.lib import clock
from kompas.lib.models import TranslatedLabels
from kompas.lib.paging import Page, prepared_page
from kompas.lib.prepared import Prepared
from kompas.lib.prepared import Value as Sent
from kompas.lib.small_counts import Count, Total
from kompas.reporting.models import Grant, Kind, Outcome, Report, ReportQuerySet, Status

# A count below this is shown as "< 5", zero included, so that nobody can be recognised by it.
MINIMUM_COUNT = 5


@dataclass(frozen=True)
class Cell(Count):
    """A count of declarations per service and year (``registers.yearly``): not about reports,
    so 0 is shown as 0."""

    minimum: int = MINIMUM_COUNT
    zero_shown: bool = True


# Who keeps the register of the kinds that are not the well-being route's.
KEEPERS = (Role.INTEGRITY_OFFICER, Role.OVERSIGHT)


def register_kinds(person: Person) -> list[str]:
    """The kinds of report whose register lines a person sees."""
    from kompas.reporting.services import ROUTES

    kinds = []
    if person.has_any_role(*KEEPERS):
        kinds += [kind for kind in Kind.values if kind != Kind.WELLBEING]
    if person.has_any_role(*ROUTES[Kind.WELLBEING]):
        kinds.append(Kind.WELLBEING)
    return kinds


# A person's register is read through SQL compiled once (`kompas.lib.prepared`; the register
# missed its throughput in `make bench` without it, docs/performance.md): the kinds they see and
# the kinds they handle go as values, one per kind, those left over empty (no report's kind).
_KINDS = len(Kind.values)


def _values(person: Person, today: date) -> dict[str, Sent]:
    """What a person's register lines are read with (`_lines`)."""
    from kompas.reporting.services import ROUTES

    kinds = [str(kind) for kind in register_kinds(person)]  # as text, not Kind members
    handled = [kind for kind in kinds if person.has_any_role(*ROUTES[kind])]
    values: dict[str, Sent] = {"zone_id": person.zone_id, "person_id": person.pk, "today": today}
    for n in range(_KINDS):
        values[f"kind{n}"] = kinds[n] if n < len(kinds) else ""
        values[f"handled{n}"] = handled[n] if n < len(handled) else ""
    return values


def _lines(zone_id: int, person_id: int, today: date, **kinds: str) -> ReportQuerySet:
    """The register lines a person sees (`lines_of`), by the values `_values` gives."""
    seen = [kinds[f"kind{n}"] for n in range(_KINDS)]
    handled = [kinds[f"handled{n}"] for n in range(_KINDS)]
    given = Grant.objects.filter(person_id=person_id).values("report_id")
    return (
        Report.objects.filter(zone_id=zone_id, kind__in=seen)
        .exclude(Q(kind__in=handled) & ~Q(pk__in=given))
        .listed(today)
    )


def lines_of(person: Person) -> ReportQuerySet:
    """The register lines a person sees, as they stand today (`Report.objects.listed`). Of the
    kinds a person usually handles (oversight: breaches, advice, complaints; the well-being
    route: well-being), only the reports they were given: a keeper named as involved in a report
    is kept out of its case, and a line in the register without a case in their list would tell
    them so (and that a report about them exists)."""
    return _lines(**_values(person, clock.today()))  # type: ignore[arg-type]


def _in_year(lines: ReportQuerySet, first: date | None, last: date | None) -> ReportQuerySet:
    return lines if first is None else lines.filter(received_on__range=(first, last))


def register_of(person: Person, year: int | None = None) -> QuerySet[Report]:
    """The register's lines of ``year`` (or of every year), oldest first, with their services
    (the CSV)."""
    found = lines_of(person).prefetch_related("services")
    if year:
        found = found.filter(received_on__year=year)
    return found.order_by("received_on", "number")


# The page's lines: the register's columns as plain rows (named tuples; no services, no sealed
# boxes; their labels: `labels`), oldest first.
_COLUMNS = (
    "pk", "number", "kind", "status", "outcome", "legal_hold", "received_on", "acknowledge_by",
    "acknowledged_on", "feedback_by", "feedback_on", "closed_on", "purged_on",
)  # fmt: skip
_PAGE: Prepared[Any] = Prepared(
    lambda first=None, last=None, **values: (
        _in_year(_lines(**values), first, last)
        .values_list(*_COLUMNS, named=True)
        .order_by("received_on", "number")
    )
)
# The late cases, earliest deadline first, the first LATE_SHOWN.
LATE_SHOWN = 50
_OVERDUE: Prepared[Any] = Prepared(
    lambda **values: (
        _lines(**values)
        .overdue(values["today"])
        .values_list(
            "number", "status", "acknowledge_by", "acknowledged_on", "feedback_by", named=True
        )
        .order_by("acknowledge_by")[:LATE_SHOWN]
    )
)
# The first and the last day a report in the register was received on, each read along the
# index on the day (an aggregate compiled once would be grouped, and PostgreSQL would read every
# line of the zone to group them).
_FIRST_DAY: Prepared[date] = Prepared(
    lambda **values: (
        _lines(**values).order_by("received_on").values_list("received_on", flat=True)[:1]
    )
)
_LAST_DAY: Prepared[date] = Prepared(
    lambda **values: (
        _lines(**values).order_by("-received_on").values_list("received_on", flat=True)[:1]
    )
)


def page_of_register(person: Person, year: int | None, number: Any, per_page: int) -> Page[Any]:
    """A page of the register's lines of ``year`` (or of every year) as plain rows."""
    values = _values(person, clock.today())
    if year:
        values |= {"first": date(year, 1, 1), "last": date(year, 12, 31)}
    return prepared_page(_PAGE, number, per_page, **values)


def overdue_of(person: Person, today: date) -> list[Any]:
    """The late cases of the register a person sees, earliest deadline first, the first
    LATE_SHOWN, as plain rows (named tuples; their labels: `labels`)."""
    return _OVERDUE("default", **_values(person, today))


def years_of(person: Person) -> list[int]:
    """From the latest year with reports in the person's register back to the first."""
    values = _values(person, clock.today())
    first, last = (
        _FIRST_DAY("default", **values),
        _LAST_DAY("default", **values),
    )  # both, whatever the first says
    if not first or not last:
        return []
    return list(range(last[0].year, first[0].year - 1, -1))


_LABELS = {
    "kind": TranslatedLabels(Kind.choices),
    "status": TranslatedLabels(Status.choices),
    "outcome": TranslatedLabels(Outcome.choices),
}


def labels() -> dict[str, dict[Any, str]]:
    """The labels of the register's kinds, statuses and outcomes in the active language, for
    rows read as plain values (a model's `get_FOO_display` per cell costs a call each)."""
    return {name: table() for name, table in _LABELS.items()}


def statistics(zone_id: int, year: int, up_to: date) -> dict[str, Any]:
    """Counts for the reports received from 1 January of ``year`` to ``up_to`` (the end of the
    last complete month), as they stood on that day; computed by the database (a few queries,
    whatever the volume). Services are listed only from MINIMUM_COUNT reports: a service listed
    with "< 5" would tell one report from none."""
    from django.db.models import Count as Total_
    from django.db.models import F, Q

    # Counts are of "*" or of zone (never empty): on PostgreSQL a covering index then answers
    # without reading the rows themselves (but for the outcome's day).
    reports = Report.objects.filter(zone_id=zone_id, received_on__range=(date(year, 1, 1), up_to))
    by_kind = dict(reports.values_list("kind").annotate(n=Total_("*")))
    by_outcome = dict(
        reports.exclude(outcome="")
        .filter(outcome_on__lte=up_to)
        .values_list("outcome")
        .annotate(n=Total_("*"))
    )
    by_service = dict(
        reports.filter(services__isnull=False)
        .values_list("services__name")
        .annotate(n=Total_("pk"))
    )
    by_value: Counter[str] = Counter()
    for values in reports.exclude(values=[]).values_list("values", flat=True).iterator(2000):
        by_value.update(values)
    timely = reports.aggregate(
        acknowledged=Total_(
            "zone",
            filter=Q(acknowledged_on__lte=F("acknowledge_by")) & Q(acknowledged_on__lte=up_to),
        ),
        feedback=Total_(
            "zone", filter=Q(feedback_on__lte=F("feedback_by")) & Q(feedback_on__lte=up_to)
        ),
    )

    def count(n: int) -> Count:
        return Count(n, MINIMUM_COUNT)

    kinds = [(Kind(k).label, count(by_kind.get(k, 0))) for k in Kind.values]
    return {
        "up_to": up_to if up_to.year == year else None,
        "total": Total.of([c for _label, c in kinds]),
        "kinds": kinds,
        "outcomes": [(Outcome(o).label, count(by_outcome.get(o, 0))) for o in Outcome.values],
        "values": [(Value(v).label, count(by_value[v])) for v in Value.values],
        "services": sorted(
            (name, count(n)) for name, n in by_service.items() if not count(n).hidden
        ),
        "acknowledged_in_time": count(timely["acknowledged"]),
        "feedback_in_time": count(timely["feedback"]),
    }
