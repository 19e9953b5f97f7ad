"""What Kompas holds about a member of staff who asks for it (GDPR art. 15), outside sealed
report content: their profile and roles, their declarations in the registers, the trainings they
led, the risk analyses they lead and the measures and plan activities they answer for, the API
tokens they made, their private notes (counted, never opened) and the audit log's events by them
or about them.

Never a report, a case or anything that tells whether they reported or are concerned in one:
the reporting channel is not searched at all (the whistleblowing law, directive 2019/1937 art. 16
and 22, restricts the right of access there; the request page records the restriction instead).
The audit log's events are those of the apps listed in `AUDITED_APPS`, without the events about
cases and reports and without the data-subject requests themselves.

A fixed number of queries (one per section), whatever the person holds; the audit log's events
stop at `MOST_EVENTS`, and the page says so."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kompas.accounts.models import Person

MOST_EVENTS = 1000
# The apps whose audit events may be shown to a member who asks: deny by default, so an app
# added later (or the reporting channel) shows nothing until it is named here.
# Sign-in through the identity provider (sso), one's passkeys and key passphrase (passkeys) and
# HR's provisioning of one's record (scim) are about the person; none is about a report.
AUDITED_APPS = (
    "accounts.",
    "registers.",
    "compass.",
    "risks.",
    "plans.",
    "api.",
    "audit.",
    "sso.",
    "passkeys.",
    "scim.",
)


@dataclass
class Section:
    """One part of what is held: a table, or only a note when Kompas shows no rows of it."""

    key: str
    title: Promise
    columns: tuple[Promise, ...] = ()
    rows: list[list[Any]] = field(default_factory=list)
    note: Promise | str = ""


def _name(person: Person | None) -> str:
    return person.full_name if person is not None else ""


def gathered(person: Person) -> list[Section]:
    """Every section for ``person`` (a member of the zone of the request)."""
    return [
        _profile(person),
        _roles(person),
        *_declarations(person),
        _trainings(person),
        *_risks_and_plans(person),
        _tokens(person),
        _notes(person),
        _events(person),
        Section(
            "reports",
            _("Reports and cases"),
            note=_(
                "Not searched. Whether this person reported or is concerned in a case is never "
                "shown here (the whistleblowing law, directive 2019/1937 art. 16 and 22, GDPR "
                "art. 23): where the right is restricted, record it with the answer."
            ),
        ),
    ]


def _profile(person: Person) -> Section:
    p = Person.objects.select_related("service", "leader").get(pk=person.pk)
    return Section(
        "profile",
        _("Profile"),
        (_("field"), _("value")),
        [
            [str(_("first name")), p.first_name],
            [str(_("last name")), p.last_name],
            [str(_("e-mail address")), p.email],
            [str(_("staff number")), p.staff_number],
            [str(_("cadre")), p.get_cadre_display()],
            [str(_("status")), p.get_status_display()],
            [str(_("service")), p.service.name if p.service else ""],
            [str(_("direct leader")), _name(p.leader)],
            [str(_("language")), p.get_language_display()],
            [str(_("active")), p.is_active],
            [str(_("in Kompas since")), p.date_joined],
            [str(_("last signed in")), p.last_login],
        ],
    )


def _roles(person: Person) -> Section:
    from kompas.accounts.models import RoleAssignment

    held = RoleAssignment.objects.filter(person=person).select_related("service", "granted_by")
    return Section(
        "roles",
        _("Roles"),
        (_("role"), _("service"), _("granted on"), _("granted by")),
        [
            [
                r.get_role_display(),
                r.service.name if r.service else "",
                r.granted_at,
                _name(r.granted_by),
            ]
            for r in held.order_by("granted_at", "pk")
        ],
    )


def _declarations(person: Person) -> list[Section]:
    from kompas.registers.models import ConflictSignal, GiftDeclaration, SideActivity

    gifts = GiftDeclaration.objects.filter(person=person).select_related("decided_by")
    sides = SideActivity.objects.filter(person=person).select_related("decided_by")
    signals = ConflictSignal.objects.filter(person=person).select_related("leader", "measured_by")
    return [
        Section(
            "gifts",
            _("Gifts and invitations declared"),
            (
                _("declared on"),
                _("what"),
                _("description"),
                _("from whom"),
                _("estimated value (EUR)"),
                _("date"),
                _("context"),
                _("status"),
                _("decision"),
                _("decided by"),
                _("decided on"),
            ),
            [
                [
                    g.declared_on,
                    g.get_kind_display(),
                    g.description,
                    g.giver_name,
                    g.value,
                    g.given_on,
                    g.context,
                    g.get_status_display(),
                    g.get_decision_display(),
                    _name(g.decided_by),
                    g.decided_on,
                ]
                for g in gifts.order_by("declared_on", "pk")
            ],
        ),
        Section(
            "side_activities",
            _("Side activities declared"),
            (
                _("declared on"),
                _("the activity"),
                _("employer or organisation"),
                _("hours per week"),
                _("paid"),
                _("from"),
                _("until"),
                _("status"),
                _("decided by"),
                _("decided on"),
                _("valid until"),
            ),
            [
                [
                    s.declared_on,
                    s.activity,
                    s.organisation,
                    s.hours_per_week,
                    s.paid,
                    s.starts_on,
                    s.ends_on,
                    s.get_status_display(),
                    _name(s.decided_by),
                    s.decided_on,
                    s.valid_until,
                ]
                for s in sides.order_by("declared_on", "pk")
            ],
        ),
        Section(
            "conflicts",
            _("Possible conflicts of interest signalled"),
            (
                _("signalled on"),
                _("what kind of task"),
                _("the task"),
                _("how you know them"),
                _("who (as far as needed)"),
                _("status"),
                _("measure"),
                _("direct leader"),
                _("measured on"),
            ),
            [
                [
                    c.signalled_on,
                    c.get_task_kind_display(),
                    c.task,
                    c.get_relation_display(),
                    c.people,
                    c.get_status_display(),
                    c.get_measure_display(),
                    _name(c.leader),
                    c.measured_on,
                ]
                for c in signals.order_by("signalled_on", "pk")
            ],
        ),
    ]


def _trainings(person: Person) -> Section:
    from kompas.compass.models import TrainingSession

    led = TrainingSession.objects.filter(zone_id=person.zone_id, facilitator=person)
    return Section(
        "trainings",
        _("Training sessions led"),
        (_("title"), _("created on"), _("planned for"), _("held on"), _("status")),
        [
            [t.title, t.created_on, t.planned_for, t.held_on, t.get_status_display()]
            for t in led.order_by("created_on", "pk")
        ],
        note=_(
            "Votes in trainings and risk workshops carry no person and no time: Kompas cannot "
            "tell how or whether this person voted."
        ),
    )


def _risks_and_plans(person: Person) -> list[Section]:
    from kompas.plans.models import Activity
    from kompas.risks.models import Measure, RiskAnalysis

    analyses = RiskAnalysis.objects.filter(zone_id=person.zone_id, led_by=person)
    measures = Measure.objects.filter(owner=person)
    activities = Activity.objects.filter(responsible_people=person)
    return [
        Section(
            "risk_analyses",
            _("Risk analyses led"),
            (_("title"), _("started on"), _("agreed on"), _("status")),
            [
                [a.title, a.started_on, a.agreed_on, a.get_status_display()]
                for a in analyses.order_by("started_on", "pk")
            ],
        ),
        Section(
            "risk_measures",
            _("Risk measures owned"),
            (_("measure"), _("start"), _("due"), _("status"), _("progress (%)")),
            [
                [m.title, m.starts_on, m.due_on, m.get_status_display(), m.progress]
                for m in measures.order_by("due_on", "pk")
            ],
        ),
        Section(
            "plan_activities",
            _("Plan activities they are responsible for"),
            (_("activity"), _("start"), _("end"), _("status"), _("progress (%)")),
            [
                [a.title, a.starts_on, a.ends_on, a.get_status_display(), a.progress]
                for a in activities.order_by("starts_on", "pk")
            ],
        ),
    ]


def _tokens(person: Person) -> Section:
    from kompas.api.models import ApiToken

    made = ApiToken.objects.filter(zone_id=person.zone_id).filter(
        Q(created_by=person) | Q(revoked_by=person)
    )
    return Section(
        "api_tokens",
        _("API tokens made or revoked"),
        (_("name"), _("made on"), _("made by them"), _("revoked on"), _("revoked by them")),
        [
            [
                t.name,
                t.created_at,
                t.created_by_id == person.pk,
                t.revoked_at,
                t.revoked_by_id == person.pk,
            ]
            for t in made.order_by("created_at", "pk")
        ],
        note=_(
            "Signed-in sessions hold only who is signed in and until when; they end on signing "
            "out or after their idle time and are not listed."
        ),
    )


def _notes(person: Person) -> Section:
    from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
    from django.db.models.functions import Coalesce

    from kompas.compass.models import ConversationSheet, DilemmaWalk

    def count_of(model: Any) -> Any:
        rows = (
            model.objects.filter(person=OuterRef("pk"))
            .order_by()
            .values("person")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))

    walks, sheets = (
        Person.objects.filter(pk=person.pk)
        .annotate(walks=count_of(DilemmaWalk), sheets=count_of(ConversationSheet))
        .values_list("walks", "sheets")
        .get()
    )
    return Section(
        "private_notes",
        _("Private notes"),
        (_("what"), _("how many")),
        [
            [str(_("dilemmas thought through with the decision aid")), walks],
            [str(_("conversation preparation sheets")), sheets],
        ],
        note=_(
            "Sealed: only the member reads them, in Kompas, and may delete them there. They are "
            "counted here, never opened."
        ),
    )


def _events(person: Person) -> Section:
    from kompas.audit.models import CASE_EVENTS, AuditEvent

    apps = Q()
    for prefix in AUDITED_APPS:
        apps |= Q(action__startswith=prefix)
    events = (
        AuditEvent.objects.filter(zone_id=person.zone_id)
        .filter(Q(actor_id=person.pk) | Q(object_type="accounts.person", object_id=str(person.pk)))
        .filter(apps)
        .exclude(object_type__in=CASE_EVENTS)
        .exclude(object_type__startswith="reporting.")
        .only("at", "actor_id", "actor_role", "action", "object_type", "object_id")
        .order_by("-seq")[:MOST_EVENTS]
    )
    return Section(
        "audit_events",
        _("The audit log: what they did, and what was done to their record"),
        (_("when"), _("by them"), _("role"), _("action"), _("object")),
        [
            [
                e.at,
                e.actor_id == person.pk,
                e.actor_role,
                e.action,
                f"{e.object_type} {e.object_id}".strip(),
            ]
            for e in events
        ],
        note=_(
            "The newest %(most)s events at most, without the reporting channel's and the "
            "data-subject requests' events."
        )
        % {"most": MOST_EVENTS},
    )


# --- Exports ---------------------------------------------------------------------------------


def plain(value: Any) -> Any:
    """A value as an export writes it: days and moments in ISO form (moments in the zone's
    time), amounts as text, yes/no as booleans, nothing as an empty cell."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Promise):
        return str(value)
    return value


def rows_of(sections: list[Section], heading: list[Any]) -> list[list[Any]]:
    """Every section one after the other as rows of one sheet: its title, its note, its
    columns, its rows and an empty row."""
    out: list[list[Any]] = [heading, []]
    for section in sections:
        out.append([str(section.title)])
        if section.note:
            out.append([str(section.note)])
        if section.columns:
            out.append([str(c) for c in section.columns])
            out.extend([plain(v) for v in row] for row in section.rows)
        out.append([])
    return out


def json_of(sections: list[Section], heading: dict[str, Any]) -> bytes:
    """Every section as JSON: per section its title, note, columns and rows."""
    data = {
        **heading,
        "sections": [
            {
                "key": s.key,
                "title": str(s.title),
                "note": str(s.note),
                "columns": [str(c) for c in s.columns],
                "rows": [[plain(v) for v in row] for row in s.rows],
            }
            for s in sections
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2).encode()
