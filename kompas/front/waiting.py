"""What waits for a person, for their home page: each part asked only of those whose roles have
it, each read through the owning app's scoped query (the same query as the list a count links
to), in a number of queries that depends on the person's roles, never on the data.

- Live, with every view: the state of their own declarations and the conflict signals sent to
  them as a member's leader, counted as columns of the one query that reads the person with
  their place (`own_counts`); for handlers their inbox's lists (`kompas.reporting.inbox`).
- Kept a minute per person and day in the shared cache, the page saying when (`kept_for`):
  decisions and reviews, counted up to 99+ (heads of service and the chief: gifts to decide; the
  cadres' authorities: side activities to decide, `kompas.registers.waiting`; the integrity
  officer: requests to reveal an identity; the integrity officer and the data protection
  officer: data-subject requests to answer; reviewers: proposed dilemmas; the M-team: risk
  reviews due), and what is coming up, listed (facilitators: their planned and running sessions;
  whoever reads risk analyses: those they lead still open or whose three years end soon;
  everyone: their plan activities and risk measures ending within a month). Counting a
  national zone's pending gifts costs tens of milliseconds, and each of these reads a
  millisecond of a page every member opens; their lists are up to date behind each link.
- Handlers' counts of cases are kept likewise by `kompas.reporting.inbox`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from django.core.cache import cache
from django.db.models import Exists, F, Func, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from kompas.accounts.models import Person
from kompas.accounts.roles import Role

SHOWN = 5  # items per list on the home page; the item's own page has the rest
COUNTS_SECONDS = 60  # decisions waiting and what is coming up are kept a minute per person
COUNT_UP_TO = 100  # a count this high is shown as "99+"
SOON = timedelta(days=30)  # plan activities and risk measures ending within a month
RENEW_SOON = timedelta(days=90)  # risk analyses whose three years end within three months


def counted(queryset: QuerySet[Any]) -> Any:
    """The number of rows of ``queryset`` (filtered on ``OuterRef``) as a column of the outer
    query: a count per person read with the person, not a query of its own."""
    rows = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


@functools.cache
def own_counts() -> dict[str, Any]:
    """A person's own declarations by state and the conflict signals waiting for their measure,
    as annotations of a query on people (see `counted`). Made once: an annotation is copied
    when a query uses it, and building six subqueries took a millisecond of every home page."""
    from kompas.registers.models import (
        ConflictSignal,
        ConflictStatus,
        GiftDeclaration,
        GiftStatus,
        SideActivity,
        SideActivityStatus,
    )

    me = OuterRef("pk")
    return {
        "gifts_pending": counted(
            GiftDeclaration.objects.filter(person=me, status=GiftStatus.PENDING)
        ),
        "gifts_to_confirm": counted(
            GiftDeclaration.objects.filter(person=me, status=GiftStatus.DECIDED)
        ),
        "side_pending": counted(
            SideActivity.objects.filter(person=me, status=SideActivityStatus.PENDING)
        ),
        "side_to_renew": counted(
            SideActivity.objects.filter(person=me, renewal_requested_on__isnull=False)
        ),
        "signals_open": counted(
            ConflictSignal.objects.filter(person=me, status=ConflictStatus.OPEN)
        ),
        # Sent to them as the member's leader (the query of `registers.waiting`).
        "signals_to_measure": counted(
            ConflictSignal.objects.filter(
                zone_id=OuterRef("zone_id"), leader=me, status=ConflictStatus.OPEN
            )
        ),
    }


class Entry(NamedTuple):
    """An item of a list coming up: kept as plain values in the cache, not as a model."""

    pk: int
    title: str
    status: str
    day: date | None


@dataclass
class Waiting:
    """What the home page shows of what waits; None: not part of this person's work."""

    gifts_to_decide: int | None = None
    side_to_decide: int | None = None
    reveals: int | None = None
    proposals: int | None = None
    reviews: int | None = None
    data_requests: int | None = None
    sessions: list[Entry] | None = None
    analyses: list[Entry] | None = None
    activities: list[Entry] = field(default_factory=list)
    measures: list[Entry] = field(default_factory=list)
    counted_at: datetime | None = None
    inbox: Any = None

    @staticmethod
    def shown(count: int) -> str:
        """A count as the page writes it: "99+" once it reaches `COUNT_UP_TO`."""
        return f"{COUNT_UP_TO - 1}+" if count >= COUNT_UP_TO else str(count)

    @property
    def decides(self) -> bool:
        """Whether others' matters wait for this person's decision or review."""
        return any(
            value is not None
            for value in (
                self.gifts_to_decide,
                self.side_to_decide,
                self.reveals,
                self.proposals,
                self.reviews,
                self.data_requests,
            )
        )


def waiting_for(person: Person, day: date) -> Waiting:
    """What waits for ``person`` beyond their own declarations and the conflict signals sent to
    them (`own_counts`, read with the person)."""
    found = Waiting(**kept_for(person, day))
    if person.has_perm("reporting.handle_cases"):
        from kompas.reporting.inbox import waiting_for as inbox

        found.inbox = inbox(person, day)
    return found


def kept_for(person: Person, day: date) -> dict[str, Any]:
    """The counts of what waits for this person's decision or review, each the query of the list
    it links to counted up to `COUNT_UP_TO` (None for what is not theirs to decide), and the
    lists of what is coming up, with when they were read; kept `COUNTS_SECONDS` per person and
    day in the shared cache."""
    from kompas.registers.waiting import gifts_to_decide, side_activities_to_decide

    counters: dict[str, Callable[[], QuerySet[Any] | None]] = {}
    if person.has_any_role(Role.HEAD_OF_SERVICE, Role.CHIEF):
        counters["gifts_to_decide"] = lambda: gifts_to_decide(person)
    if person.roles:  # an authority for side activities holds a role (the zone's rules say which)
        counters["side_to_decide"] = lambda: _unless_empty(side_activities_to_decide(person))
    if person.has_perm("reporting.approve_reveals"):
        from kompas.reporting.models import RevealRequest, RevealState

        counters["reveals"] = lambda: RevealRequest.objects.filter(
            approver=person, state=RevealState.PENDING, report__zone_id=person.zone_id
        )
    if person.has_perm("compass.review_dilemmas"):
        from kompas.compass.models import Dilemma

        counters["proposals"] = lambda: Dilemma.objects.proposals_for(person)
    if person.has_perm("risks.weigh"):
        from kompas.risks.services import current_scenarios

        counters["reviews"] = lambda: current_scenarios(person.zone_id, day).filter(
            next_review_on__lte=day
        )
    if person.has_perm("privacy.handle_requests"):
        from kompas.privacy.models import OPEN_STATES, DataSubjectRequest

        counters["data_requests"] = lambda: DataSubjectRequest.objects.visible_to(person).filter(
            state__in=OPEN_STATES
        )
    facilitates = person.has_perm("compass.facilitate")
    reads_risks = person.has_perm("risks.view")

    def read() -> dict[str, Any]:
        found: dict[str, Any] = {"counted_at": timezone.now()}
        for name, make in counters.items():
            listed = make()
            found[name] = None if listed is None else listed.order_by()[:COUNT_UP_TO].count()
        found["activities"] = plan_activities_due(person, day)
        found["measures"] = measures_due(person, day)
        if facilitates:
            found["sessions"] = sessions_planned(person)
        if reads_risks:
            found["analyses"] = analyses_due(person, day)
        return found

    key = f"kompas:home-waiting:{person.pk}:{day.isoformat()}"
    return cache.get_or_set(key, read, COUNTS_SECONDS)  # type: ignore[return-value]


def _unless_empty(listed: QuerySet[Any]) -> QuerySet[Any] | None:
    """None for the empty query set a list gives someone it is not for."""
    return None if listed.query.is_empty() else listed


def sessions_planned(person: Person) -> list[Entry]:
    """The dilemma sessions this facilitator has planned or running, the nearest first."""
    from kompas.compass.models import SessionStatus, TrainingSession

    found = (
        TrainingSession.objects.run_by(person)
        .filter(status__in=[SessionStatus.OPEN, SessionStatus.PLANNED])
        .order_by(F("planned_for").asc(nulls_last=True), "pk")
        .values_list("pk", "title", "status", "planned_for")
    )
    return [Entry(*row) for row in found[: SHOWN + 1]]


def analyses_due(person: Person, day: date) -> list[Entry]:
    """The risk analyses this person leads that wait for them: open ones, and agreed ones whose
    three years end within three months (or ended) with no newer analysis of the service. Read
    by who leads them (an analysis one leads is one one sees: `RiskAnalysis.objects.visible_to`),
    not through the services one heads, which costs a reading of the zone's service tree."""
    from kompas.risks.models import AnalysisStatus, RiskAnalysis

    newer = RiskAnalysis.objects.filter(
        zone_id=OuterRef("zone_id"), service_id=OuterRef("service_id"), pk__gt=OuterRef("pk")
    )
    due = Q(status=AnalysisStatus.OPEN) | Q(
        status=AnalysisStatus.AGREED, valid_until__lte=day + RENEW_SOON, service__isnull=False
    ) & ~Exists(newer)
    found = (
        RiskAnalysis.objects.filter(zone_id=person.zone_id, led_by=person)
        .filter(due)
        .order_by("status", "valid_until", "pk")
        .values_list("pk", "title", "status", "valid_until")
    )
    return [Entry(*row) for row in found[: SHOWN + 1]]


def plan_activities_due(person: Person, day: date) -> list[Entry]:
    """The action plan's activities the person is responsible for that end within a month (or
    ended) and are not done (a plan names only people of its own zone: no join up to the zone)."""
    from kompas.plans.models import Activity, ActivityStatus

    found = (
        Activity.objects.filter(responsible_people=person, ends_on__lte=day + SOON)
        .exclude(status__in=[ActivityStatus.DONE, ActivityStatus.DROPPED])
        .order_by("ends_on", "pk")
        .values_list("pk", "title", "status", "ends_on")
    )
    return [Entry(*row) for row in found[: SHOWN + 1]]


def measures_due(person: Person, day: date) -> list[Entry]:
    """The risk measures the person owns that are due within a month (or overdue) and not done
    (an owner is chosen among the zone's people)."""
    from kompas.risks.models import Measure, MeasureStatus

    found = (
        Measure.objects.filter(owner=person, due_on__lte=day + SOON)
        .exclude(status__in=[MeasureStatus.DONE, MeasureStatus.DROPPED])
        .order_by("due_on", "pk")
        .values_list("pk", "title", "status", "due_on")
    )
    return [Entry(*row) for row in found[: SHOWN + 1]]
