"""What waits for a handler: the inbox on their home page.

Counts of the cases to acknowledge, late and due within a week, each the number of cases the case
list shows behind its link (`filing.case_list` with that filter: the same query, counted); and
the reporters' answers they have not read, the meetings reporters asked for that nobody planned
yet and their tasks due soon, listed. Everything among the cases they handle and a list may show
today (an anonymous or confidential report only from the day after it came in, as in the case
list: `listed`), so that a count says nothing of a case the handler does not see, nor of one
filed today.

Counting a national handler's open cases (tens of thousands) costs tenths of a second: each
count stops at `COUNT_UP_TO` (the page says "99+"; the list behind it has them all), and the
counts are kept `COUNTS_SECONDS` per handler and day in the shared cache, the page saying when
they were counted. Three queries for the lists, and three for the counts once a minute,
whatever the number of cases."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.core.cache import cache
from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone

from kompas.accounts.models import Person
from kompas.lib.prepared import Prepared
from kompas.reporting import filing
from kompas.reporting.models import (
    Author,
    Grant,
    Meeting,
    MeetingState,
    Message,
    Report,
    Status,
    Task,
)

TASKS_SOON = timedelta(days=7)
SHOWN = 10  # cases per list; the case list has them all
COUNTS_SECONDS = 60
COUNT_UP_TO = 100  # a count this high is shown as "99+"


@dataclass
class Inbox:
    to_acknowledge: int = 0
    late: int = 0
    due_soon: int = 0
    counted_at: datetime | None = None
    unread: list[Report] = field(default_factory=list)
    meetings_asked: list[Report] = field(default_factory=list)
    tasks_due: list[Task] = field(default_factory=list)

    @staticmethod
    def shown(count: int) -> str:
        """A count as the page writes it: "99+" once it reaches `COUNT_UP_TO`."""
        return f"{COUNT_UP_TO - 1}+" if count >= COUNT_UP_TO else str(count)

    @property
    def empty(self) -> bool:
        return not (
            self.to_acknowledge
            or self.late
            or self.due_soon
            or self.unread
            or self.meetings_asked
            or self.tasks_due
        )


def unread_for(person_id: int) -> Any:
    """Whether a case holds a reporter's message this handler has not read (an annotation)."""
    seen = Grant.objects.filter(report=OuterRef(OuterRef("pk")), person_id=person_id, active=True)
    return Exists(
        Message.objects.filter(
            report=OuterRef("pk"),
            author=Author.REPORTER,
            position__gt=Subquery(seen.values("seen_position")[:1]),
        )
    )


# The case list's filters behind the counts (its links: `?status=received`, `?deadline=late`...).
FILTERS = {
    "to_acknowledge": {"status": Status.RECEIVED},
    "late": {"deadline": filing.LATE},
    "due_soon": {"deadline": filing.DUE_SOON},
}


def counts_for(person: Person, day: date) -> dict[str, Any]:
    """The handler's cases to acknowledge, late and due within a week, and when they were
    counted: each the case list's own query with that filter, counted up to `COUNT_UP_TO`; kept
    `COUNTS_SECONDS` per handler and day."""

    def count() -> dict[str, Any]:
        found: dict[str, Any] = {"counted_at": timezone.now()}
        for name, filters in FILTERS.items():
            listed = filing.case_list(person, day, **filters)  # type: ignore[arg-type]
            found[name] = listed.order_by()[:COUNT_UP_TO].count()
        return found

    key = f"kompas:inbox-counts:{person.pk}:{day.isoformat()}"
    return cache.get_or_set(key, count, COUNTS_SECONDS)  # type: ignore[return-value]


def waiting_for(person: Person, day: date) -> Inbox:
    if not person.is_authenticated or not person.is_active:  # as `visible_to`: no case at all
        return Inbox(**counts_for(person, day))
    values: dict[str, Any] = {"zone_id": person.zone_id, "person_id": person.pk, "day": day}
    return Inbox(
        **counts_for(person, day),
        unread=_UNREAD(**values),
        meetings_asked=_MEETINGS_ASKED(**values),
        tasks_due=_TASKS_DUE(**values, soon=day + TASKS_SOON),
    )


# The three lists, read on every home page of a handler through SQL compiled once
# (`kompas.lib.prepared`): among the cases they handle (`Report.granted_to`, as `visible_to`
# asks it of an active member) that a list may show today.
def _open_cases(zone_id: int, person_id: int, day: date) -> Any:
    shown = Report.objects.granted_to(zone_id, person_id).listed(day)
    return shown.exclude(status=Status.CLOSED).only("number", "kind")


_UNREAD: Prepared[Report] = Prepared(
    lambda zone_id, person_id, day: (
        _open_cases(zone_id, person_id, day)
        .filter(unread_for(person_id))
        .order_by("-received_on")[:SHOWN]
    )
)
_MEETINGS_ASKED: Prepared[Report] = Prepared(
    lambda zone_id, person_id, day: (
        _open_cases(zone_id, person_id, day)
        .filter(Exists(Meeting.objects.filter(report=OuterRef("pk"), state=MeetingState.REQUESTED)))
        .order_by("received_on")[:SHOWN]
    )
)
_TASKS_DUE: Prepared[Task] = Prepared(
    lambda zone_id, person_id, day, soon: (
        Task.objects.filter(
            assigned_to_id=person_id,
            done_on__isnull=True,
            due_on__lte=soon,
            report__in=Report.objects.granted_to(zone_id, person_id).listed(day).values("pk"),
        )
        .select_related("report")
        .only("due_on", "report__number")
        .order_by("due_on")[:SHOWN]
    )
)
