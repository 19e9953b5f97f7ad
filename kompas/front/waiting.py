"""What waits for a person, for their home page: each part asked only of those whose roles have
it, each read through the owning app's scoped query (the same query as the list a count links
to), in a number of queries that depends on the person's roles, never on the data.

- Everyone: the state of their own declarations and the conflict signals sent to them as a
  member's leader, counted as columns of the one query that reads the person with their place;
  the plan activities they are responsible for and the risk measures they own that end soon.
- Heads of service and the chief: gifts to decide; the cadres' authorities: side activities to
  decide (`kompas.registers.waiting`).
- Handlers: their inbox (`kompas.reporting.inbox`: counts kept a minute in the cache).
- The integrity officer: requests to reveal an identity; reviewers: proposed dilemmas; the
  M-team: risk reviews due; facilitators: their planned and running sessions; whoever reads risk
  analyses: the analyses they lead still open and those whose validity ends soon.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Exists, F, Func, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from kompas.accounts.models import Person
from kompas.accounts.roles import Role

SHOWN = 5  # items per list on the home page; the item's own page has the rest
SOON = timedelta(days=30)  # plan activities and risk measures ending within a month
RENEW_SOON = timedelta(days=90)  # risk analyses whose three years end within three months


def counted(queryset: QuerySet[Any]) -> Any:
    """The number of rows of ``queryset`` (filtered on ``OuterRef``) as a column of the outer
    query: a count per person read with the person, not a query of its own."""
    rows = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def own_counts() -> dict[str, Any]:
    """A person's own declarations by state and the conflict signals waiting for their measure,
    as annotations of a query on people (see `counted`)."""
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


@dataclass
class Waiting:
    """What the home page shows of what waits; None: not part of this person's work."""

    gifts_to_decide: int | None = None
    side_to_decide: int | None = None
    inbox: Any = None
    reveals: int | None = None
    proposals: int | None = None
    reviews: int | None = None
    sessions: list[Any] | None = None
    analyses: list[Any] | None = None
    activities: list[Any] = field(default_factory=list)
    measures: list[Any] = field(default_factory=list)

    @property
    def leads(self) -> bool:
        """Whether anything of others waits for this person (a decision, a case, a review)."""
        return any(
            value is not None
            for value in (
                self.gifts_to_decide,
                self.side_to_decide,
                self.inbox,
                self.reveals,
                self.proposals,
                self.reviews,
            )
        )


def waiting_for(person: Person, day: date) -> Waiting:
    """What waits for ``person`` beyond their own declarations and the conflict signals sent to
    them (`own_counts`, read with the person)."""
    from kompas.registers.waiting import gifts_to_decide, side_activities_to_decide

    found = Waiting(activities=plan_activities_due(person, day), measures=measures_due(person, day))
    if person.has_any_role(Role.HEAD_OF_SERVICE, Role.CHIEF):
        found.gifts_to_decide = gifts_to_decide(person).count()
    if person.roles:  # an authority for side activities holds a role (the zone's rules say which)
        deciding = side_activities_to_decide(person)
        if not deciding.query.is_empty():  # none: not an authority under the zone's rules
            found.side_to_decide = deciding.count()
    if person.has_perm("reporting.handle_cases"):
        from kompas.reporting.inbox import waiting_for as inbox

        found.inbox = inbox(person, day)
    if person.has_perm("reporting.approve_reveals"):
        from kompas.reporting.models import RevealRequest, RevealState

        found.reveals = RevealRequest.objects.filter(
            approver=person, state=RevealState.PENDING, report__zone_id=person.zone_id
        ).count()
    if person.has_perm("compass.review_dilemmas"):
        from kompas.compass.models import Dilemma

        found.proposals = Dilemma.objects.proposals_for(person).count()
    if person.has_perm("risks.weigh"):
        from kompas.risks.services import current_scenarios

        found.reviews = (
            current_scenarios(person.zone_id, day).filter(next_review_on__lte=day).count()
        )
    if person.has_perm("compass.facilitate"):
        found.sessions = sessions_planned(person)
    if person.has_perm("risks.view"):
        found.analyses = analyses_due(person, day)
    return found


def sessions_planned(person: Person) -> list[Any]:
    """The dilemma sessions this facilitator has planned or running, the nearest first."""
    from kompas.compass.models import SessionStatus, TrainingSession

    return list(
        TrainingSession.objects.run_by(person)
        .filter(status__in=[SessionStatus.OPEN, SessionStatus.PLANNED])
        .only("title", "status", "planned_for", "created_on")
        .order_by(F("planned_for").asc(nulls_last=True), "pk")[: SHOWN + 1]
    )


def analyses_due(person: Person, day: date) -> list[Any]:
    """The risk analyses the person sees that wait for them: open ones they lead, and agreed ones
    whose three years end within three months (or ended) with no newer analysis of the service."""
    from kompas.risks.models import AnalysisStatus, RiskAnalysis

    newer = RiskAnalysis.objects.filter(
        zone_id=OuterRef("zone_id"), service_id=OuterRef("service_id"), pk__gt=OuterRef("pk")
    )
    due = Q(status=AnalysisStatus.OPEN, led_by=person) | Q(
        status=AnalysisStatus.AGREED, valid_until__lte=day + RENEW_SOON, service__isnull=False
    ) & ~Exists(newer)
    return list(
        RiskAnalysis.objects.visible_to(person)
        .filter(due)
        .only("title", "status", "valid_until", "started_on")
        .order_by("status", "valid_until", "pk")[: SHOWN + 1]
    )


def plan_activities_due(person: Person, day: date) -> list[Any]:
    """The action plan's activities the person is responsible for that end within a month (or
    ended) and are not done."""
    from kompas.plans.models import Activity, ActivityStatus

    return list(
        Activity.objects.filter(
            responsible_people=person,
            objective__strategic__period__zone_id=person.zone_id,
            ends_on__lte=day + SOON,
        )
        .exclude(status__in=[ActivityStatus.DONE, ActivityStatus.DROPPED])
        .only("title", "ends_on", "status")
        .order_by("ends_on", "pk")[: SHOWN + 1]
    )


def measures_due(person: Person, day: date) -> list[Any]:
    """The risk measures the person owns that are due within a month (or overdue) and not done."""
    from kompas.risks.models import Measure, MeasureStatus

    return list(
        Measure.objects.filter(
            owner=person,
            scenario__process__analysis__zone_id=person.zone_id,
            due_on__lte=day + SOON,
        )
        .exclude(status__in=[MeasureStatus.DONE, MeasureStatus.DROPPED])
        .only("title", "due_on", "status")
        .order_by("due_on", "pk")[: SHOWN + 1]
    )
