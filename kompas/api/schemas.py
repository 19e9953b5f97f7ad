"""What the API reads and writes, as pydantic models (django-ninja's `Schema`).

Every model that a client sends refuses fields it does not know (``extra="forbid"``): a typo
is an error naming the field, never a value silently dropped. Models that the API answers with
name every field they hold, so that the schema is the whole truth of what leaves Kompas.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from ninja import Schema
from pydantic import AfterValidator, ConfigDict, Field, StringConstraints

from kompas.accounts.models import Cadre, EmploymentStatus, Language
from kompas.registers.models import (
    ConflictStatus,
    Decision,
    GiftKind,
    GiftStatus,
    Measure,
    Relation,
    SideActivityStatus,
    TaskKind,
)
from kompas.reporting.models import Kind, Outcome, Status


def _no_nul(text: str) -> str:
    # No form of ours sends one, and PostgreSQL can neither store nor compare one.
    if "\x00" in text:
        raise ValueError("NUL")
    return text


StaffNumber = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=40),
    AfterValidator(_no_nul),
]
OptionalStaffNumber = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=40), AfterValidator(_no_nul)
]
Name = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=100),
    AfterValidator(_no_nul),
]
Email = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=3, max_length=254),
    AfterValidator(_no_nul),
]


class In(Schema):
    """What a client sends: unknown fields are refused."""

    model_config = ConfigDict(extra="forbid")


# --- Errors -------------------------------------------------------------------------------------


class FieldError(Schema):
    field: str = Field(description="Where: `people[3].email`, a query field's name, ...")
    message: str


class Error(Schema):
    detail: str
    errors: list[FieldError] = Field(
        default_factory=list, description="One entry per field that is wrong (422)."
    )


# --- Counts ------------------------------------------------------------------------------------


class Count(Schema):
    """A count as Kompas shows it: a count below the minimum is hidden (zero included), so that
    0, 1 and 2 read the same; ``low`` and ``high`` bound it (equal when it is shown)."""

    shown: str = Field(description='As the page shows it: "12", "< 3", or a range "12\u201316".')
    low: int
    high: int


# --- Organisation ------------------------------------------------------------------------------


class ServiceOut(Schema):
    id: int
    code: str
    name: str
    parent_id: int | None


class ServicePage(Schema):
    items: list[ServiceOut]
    page: int
    next_page: int | None


class PersonOut(Schema):
    id: int
    staff_number: str
    first_name: str
    last_name: str
    email: str
    service_id: int | None
    leader_staff_number: str | None
    cadre: Cadre
    status: EmploymentStatus
    language: Language
    is_active: bool


class PersonPage(Schema):
    items: list[PersonOut]
    page: int
    next_page: int | None


def _no_arrow(name: str) -> str:
    # A path is written "A > B" in HR's file: a name holding ">" could not be written there.
    if ">" in name:
        raise ValueError(">")
    return name


ServiceName = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
    AfterValidator(_no_nul),
    AfterValidator(_no_arrow),
]
ServicePath = Annotated[list[ServiceName], Field(min_length=1, max_length=20)]


class PersonIn(In):
    """One person as HR's file holds them; matched on the staff number."""

    staff_number: StaffNumber
    first_name: Name
    last_name: Name
    email: Email
    service: ServicePath = Field(
        description='The service as a path from the top: ["Operaties", "Interventie"]; '
        "missing services are created."
    )
    cadre: Cadre
    status: EmploymentStatus
    leader: OptionalStaffNumber = Field(
        default="", description="The direct leader's staff number (in this call or the zone)."
    )
    language: Language = Language.NL


class PeopleIn(In):
    people: list[PersonIn] = Field(min_length=1, max_length=10_000)


class ImportOut(Schema):
    created: int
    updated: int
    services_created: int


class ServicePathIn(In):
    path: ServicePath


class ServicesIn(In):
    services: list[ServicePathIn] = Field(min_length=1, max_length=1_000)


class ServicesOut(Schema):
    services_created: int


# --- Registers ---------------------------------------------------------------------------------


class RegisterLine(Schema):
    """A line of the register of reports, as the register page shows it: no content, no names."""

    number: str
    kind: Kind
    received_on: date
    acknowledged_on: date | None
    acknowledged_late: bool
    feedback_on: date | None
    feedback_late: bool
    status: Status
    legal_hold: bool
    outcome: Outcome | None
    content_destroyed_on: date | None
    content_destroyed_from: date | None = Field(
        description="For a closed case not destroyed yet: the day its content may be destroyed."
    )


class RegisterPage(Schema):
    items: list[RegisterLine]
    page: int
    next_page: int | None


class Member(Schema):
    name: str
    service: str | None


class GiftLine(Schema):
    id: int
    declared_on: date
    member: Member
    kind: GiftKind
    description: str
    giver: str
    value: float | None
    status: GiftStatus
    decision: Decision | None
    decided_by: str | None
    decided_on: date | None


class GiftPage(Schema):
    items: list[GiftLine]
    page: int
    next_page: int | None


class SideActivityLine(Schema):
    id: int
    declared_on: date
    member: Member
    activity: str
    organisation: str
    hours_per_week: float | None
    paid: bool
    status: SideActivityStatus
    decided_by: str | None
    valid_until: date | None


class SideActivityPage(Schema):
    items: list[SideActivityLine]
    page: int
    next_page: int | None


class ConflictLine(Schema):
    id: int
    signalled_on: date
    member: Member
    task_kind: TaskKind
    task: str
    relation: Relation
    status: ConflictStatus
    measure: Measure | None
    measured_by: str | None
    measured_on: date | None


class ConflictPage(Schema):
    items: list[ConflictLine]
    page: int
    next_page: int | None


# --- Figures -----------------------------------------------------------------------------------


class ReportFigures(Schema):
    up_to: date | None = Field(
        description="Reports are counted up to the end of the last complete month (none yet: null)."
    )
    total: Count
    per_month: list[Count] = Field(min_length=12, max_length=12)
    kinds: dict[str, Count]
    outcomes: dict[str, Count]
    acknowledged_in_time: Count
    feedback_in_time: Count


class RegisterFigures(Schema):
    gifts: Count
    offered_only: Count
    decisions: dict[str, Count]
    side_activities: Count
    conflicts: Count
    gifts_per_month: list[Count] = Field(min_length=12, max_length=12)
    side_activities_per_month: list[Count] = Field(min_length=12, max_length=12)
    conflicts_per_month: list[Count] = Field(min_length=12, max_length=12)


class TrainingFigures(Schema):
    sessions: Count
    sessions_per_month: list[Count] = Field(min_length=12, max_length=12)
    services_with_sessions: int
    services: int


class YearFigures(Schema):
    year: int
    counted_at: str = Field(description="When the figures were counted (every few minutes).")
    reports: ReportFigures
    registers: RegisterFigures
    trainings: TrainingFigures


class ServiceYear(Schema):
    service: str
    declared: Count
    refused: Count
    returned: Count
    side_activities: Count
    conflicts: Count


class RegistersPerService(Schema):
    year: int
    counted_at: str
    services: list[ServiceYear]


class Period(Schema):
    id: int
    name: str
    starts_on: date
    ends_on: date


class IndicatorOut(Schema):
    id: int
    name: str
    auto: str | None = Field(description="Which figure Kompas fills in itself; null: by hand.")
    target: float | None
    unit: str
    value: float | None
    measured_on: date | None


class Indicators(Schema):
    period: Period | None
    indicators: list[IndicatorOut]
