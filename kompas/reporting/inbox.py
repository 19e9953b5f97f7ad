"""What waits for a handler: the inbox on their home page.

Cases to acknowledge, reporters' answers they have not read, meetings reporters asked for
and nobody planned yet, their tasks due soon, and deadlines near, each among the cases they
handle and a list may show today (an anonymous or confidential report only from the day after
it came in, as in the case list: `listed`). Five queries, whatever the number of cases."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Exists, OuterRef, Q, Subquery

from kompas.accounts.models import Person
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

# How far ahead a deadline or a task counts as near.
ACKNOWLEDGE_SOON = timedelta(days=2)
FEEDBACK_SOON = timedelta(days=14)
TASKS_SOON = timedelta(days=7)
SHOWN = 10  # cases per list; the case list has them all


@dataclass
class Inbox:
    to_acknowledge: list[Report] = field(default_factory=list)
    unread: list[Report] = field(default_factory=list)
    meetings_asked: list[Report] = field(default_factory=list)
    tasks_due: list[Task] = field(default_factory=list)
    deadlines_near: list[Report] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (
            self.to_acknowledge
            or self.unread
            or self.meetings_asked
            or self.tasks_due
            or self.deadlines_near
        )


def unread_for(person: Person) -> Any:
    """Whether a case holds a reporter's message this handler has not read (an annotation)."""
    seen = Grant.objects.filter(report=OuterRef(OuterRef("pk")), person=person, active=True)
    return Exists(
        Message.objects.filter(
            report=OuterRef("pk"),
            author=Author.REPORTER,
            position__gt=Subquery(seen.values("seen_position")[:1]),
        )
    )


def waiting_for(person: Person, day: date) -> Inbox:
    cases = Report.objects.visible_to(person).listed(day).exclude(status=Status.CLOSED)
    cases = cases.only("number", "kind", "received_on", "acknowledge_by", "feedback_by", "status")
    soon = Q(acknowledged_on__isnull=True, acknowledge_by__lte=day + ACKNOWLEDGE_SOON) | Q(
        feedback_on__isnull=True, feedback_by__lte=day + FEEDBACK_SOON
    )
    tasks = (
        Task.objects.filter(
            assigned_to=person,
            done_on__isnull=True,
            due_on__lte=day + TASKS_SOON,
            report__in=Report.objects.visible_to(person).listed(day).values("pk"),
        )
        .select_related("report")
        .only("due_on", "report__number")
        .order_by("due_on")
    )
    asked = Meeting.objects.filter(report=OuterRef("pk"), state=MeetingState.REQUESTED)
    return Inbox(
        to_acknowledge=list(
            cases.filter(status=Status.RECEIVED).order_by("acknowledge_by")[:SHOWN]
        ),
        unread=list(cases.filter(unread_for(person)).order_by("-received_on")[:SHOWN]),
        meetings_asked=list(cases.filter(Exists(asked)).order_by("received_on")[:SHOWN]),
        tasks_due=list(tasks[:SHOWN]),
        # Oldest deadlines first: a case's feedback is due a fixed time after its
        # acknowledgement's, so ordering by the acknowledgement's deadline walks the open
        # cases' deadline index (by the feedback's, PostgreSQL sorted every open case first).
        deadlines_near=list(cases.filter(soon).order_by("acknowledge_by", "feedback_by")[:SHOWN]),
    )
