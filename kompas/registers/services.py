"""Workflows of the gifts register: declare, recommend, decide, confirm. Each change is audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy

from kompas.accounts.models import Person
from kompas.audit.services import record
from kompas.lib import mail
from kompas.lib.clock import today
from kompas.registers.models import (
    ConflictSignal,
    Decision,
    DecisionRecord,
    GiftDeclaration,
    GiftKind,
    GiftRules,
    GiftStatus,
    Measure,
    Recommendation,
    SideActivity,
)
from kompas.registers.people import Deciders, deciders_for


def giver_key(name: str) -> str:
    """The same giver written a little differently is still the same giver."""
    return " ".join(name.casefold().replace(".", " ").replace(",", " ").split())


@dataclass(frozen=True)
class Advice:
    recommendation: str
    reasons: list[str]


def recommend(
    *,
    zone_id: int,
    person: Person,
    kind: str,
    value: Decimal,
    is_cash: bool,
    giver_in_file: bool,
    perishable: bool,
    giver: str,
    exclude_pk: int | None = None,
) -> Advice:
    """Apply the zone's rules (data, see GiftRules) to one gift or invitation."""
    rules = GiftRules.current(zone_id)
    refuse = Recommendation.REFUSE if kind == GiftKind.INVITATION else Recommendation.RETURN
    reasons: list[str] = []
    if is_cash and rules.refuse_cash:
        reasons.append("cash")
    if giver_in_file and rules.refuse_parties_in_file:
        reasons.append("party_in_file")
    since = today() - timedelta(days=365)
    earlier_qs = GiftDeclaration.objects.filter(
        zone_id=zone_id, person=person, giver_key=giver_key(giver), given_on__gte=since
    )
    if exclude_pk is not None:
        earlier_qs = earlier_qs.exclude(pk=exclude_pk)
    earlier = earlier_qs.count()
    if earlier + 1 >= rules.recurring_count and rules.recurring_count > 1:
        reasons.append("recurring")
    if reasons:
        return Advice(refuse, reasons)
    if value > rules.value_threshold:
        if kind == GiftKind.INVITATION:
            return Advice(Recommendation.REFUSE, ["above_threshold"])
        return Advice(Recommendation.DONATE, ["above_threshold"])
    if kind == GiftKind.GIFT and perishable:
        return Advice(Recommendation.SHARE, ["perishable"])
    return Advice(Recommendation.ACCEPT, [])


REASON_TEXT = {
    "cash": gettext_lazy("Money is never accepted."),
    "party_in_file": gettext_lazy("The giver is a party in a file you handle."),
    "recurring": gettext_lazy("This giver gives you more often."),
    "above_threshold": gettext_lazy("The value is above the zone's threshold."),
    "perishable": gettext_lazy("Small perishables are best shared with the team."),
}


Entry = TypeVar("Entry", GiftDeclaration, ConflictSignal, SideActivity)


def _submitted(model: type[Entry], person: Person, token: str) -> Entry | None:
    """The entry this form (its token) already recorded: a double submit or a retry."""
    return model.objects.filter(submission_token=token, person=person).first()


def _save_once(entry: Entry) -> tuple[Entry, bool]:
    """Save a new entry, unless a double submit racing this one saved it first (the token is
    unique): then that one, and False."""
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError:
        return type(entry).objects.get(submission_token=entry.submission_token), False
    return entry, True


@transaction.atomic
def declare(*, person: Person, data: dict[str, Any], token: str) -> tuple[GiftDeclaration, bool]:
    """Record a declaration once (the form's token makes a double submit harmless)."""
    existing = _submitted(GiftDeclaration, person, token)
    if existing is not None:
        return existing, False
    advice = recommend(
        zone_id=person.zone_id,
        person=person,
        kind=data["kind"],
        value=data["value"],
        is_cash=data["is_cash"],
        giver_in_file=data["giver_in_file"],
        perishable=data["perishable"],
        giver=data["giver_name"],
    )
    declaration = GiftDeclaration(
        zone_id=person.zone_id,
        person=person,
        giver_key=giver_key(data["giver_name"]),
        recommendation=advice.recommendation,
        recommendation_reasons=advice.reasons,
        status=GiftStatus.RECORDED if data["offered_only"] else GiftStatus.PENDING,
        declared_on=today(),
        submission_token=token,
        **{
            k: data[k]
            for k in (
                "kind",
                "description",
                "giver_name",
                "giver_type",
                "giver_in_file",
                "is_cash",
                "perishable",
                "value",
                "given_on",
                "context",
                "offered_only",
                "answers",
            )
        },
    )
    declaration, created = _save_once(declaration)
    if not created:
        return declaration, False
    record(
        "registers.gift_declared",
        actor=person,
        obj=declaration,
        detail={"kind": declaration.kind, "offered_only": declaration.offered_only},
    )
    if not declaration.offered_only:
        notify(
            deciders_for(person),
            gettext_lazy("Kompas: a gift to decide on"),
            gettext_lazy("%(name)s declared a gift or invitation. Please decide on it."),
            {"name": person.full_name},
            f"/registers/gifts/{declaration.pk}/",
        )
    return declaration, True


def may_decide(declaration: GiftDeclaration, person: Person) -> bool:
    return person.pk in {p.pk for p in deciders_for(declaration.person)}


@transaction.atomic
def decide(*, declaration: GiftDeclaration, by: Person, decision: str, reason: str) -> None:
    declaration = GiftDeclaration.objects.select_for_update(no_key=True).get(pk=declaration.pk)
    if not may_decide(declaration, by):
        raise PermissionDenied
    changed = bool(declaration.decision)
    declaration.decide(decision=decision, reason=reason, by=by, on=today())
    declaration.save()
    DecisionRecord.objects.create(
        declaration=declaration,
        decision=decision,
        reason=declaration.decision_reason,
        decided_by=by,
        decided_on=today(),
    )
    record(
        "registers.gift_decided",
        actor=by,
        obj=declaration,
        detail={"decision": decision, "changed": changed},
    )
    notify(
        [declaration.person],
        gettext_lazy("Kompas: a decision on your declaration"),
        gettext_lazy("Your leader decided on your declaration: %(decision)s."),
        {"decision": Decision(decision).label},
        f"/registers/gifts/{declaration.pk}/",
    )


@transaction.atomic
def confirm(*, declaration: GiftDeclaration, by: Person) -> None:
    declaration = GiftDeclaration.objects.select_for_update(no_key=True).get(pk=declaration.pk)
    if by.pk != declaration.person_id:
        raise PermissionDenied
    declaration.confirm(on=today())
    declaration.save(update_fields=["confirmed_on", "status"])
    record(
        "registers.gift_confirmed",
        actor=by,
        obj=declaration,
        detail={"decision": declaration.decision},
    )


def notify(
    people: list[Person], subject: Any, body: Any, params: dict[str, Any], path: str
) -> None:
    """Mails enqueued with the change, in each person's language, naming no gift and no giver."""
    for person in people:
        if not person.email:
            continue
        with translation.override(person.language):
            text = str(body) % {k: str(v) for k, v in params.items()}
            mail.send(str(subject), f"{text}\n\n{settings.SITE_URL}{path}", person.email)


# --- Conflict-of-interest signals --------------------------------------------------------------


def conflict_leader(member: Person) -> Person | None:
    """The direct leader, else whoever decides for the member."""
    if member.leader_id is not None and member.leader is not None and member.leader.is_active:
        return member.leader
    deciders = deciders_for(member)
    return deciders[0] if deciders else None


@transaction.atomic
def signal_conflict(
    *, person: Person, data: dict[str, Any], token: str
) -> tuple[ConflictSignal, bool]:
    existing = _submitted(ConflictSignal, person, token)
    if existing is not None:
        return existing, False
    leader = conflict_leader(person)
    signal = ConflictSignal(
        zone_id=person.zone_id,
        person=person,
        leader=leader,
        signalled_on=today(),
        submission_token=token,
        **{
            k: data[k]
            for k in ("task_kind", "task", "relation", "people", "after_the_fact", "occurred_on")
        },
    )
    signal, created = _save_once(signal)
    if not created:
        return signal, False
    record(
        "registers.conflict_signalled",
        actor=person,
        obj=signal,
        detail={"task_kind": signal.task_kind, "after_the_fact": signal.after_the_fact},
    )
    if leader is not None:
        notify(
            [leader],
            gettext_lazy("Kompas: a possible conflict of interest"),
            gettext_lazy(
                "%(name)s signals a possible conflict of interest in a task. "
                "Please take a measure now."
            ),
            {"name": person.full_name},
            f"/registers/conflicts/{signal.pk}/",
        )
    return signal, True


def may_take_measure(signal: ConflictSignal, person: Person) -> bool:
    if person.pk == signal.person_id:
        return False
    return person.pk == signal.leader_id or person.pk in {p.pk for p in deciders_for(signal.person)}


@transaction.atomic
def take_measure(
    *,
    signal: ConflictSignal,
    by: Person,
    measure: str,
    supervisor: Person | None,
    instructions: str,
) -> None:
    signal = ConflictSignal.objects.select_for_update(no_key=True).get(pk=signal.pk)
    if not may_take_measure(signal, by):
        raise PermissionDenied
    changed = bool(signal.measure)
    signal.take_measure(
        measure=measure, by=by, on=today(), supervisor=supervisor, instructions=instructions
    )
    signal.save()
    record(
        "registers.conflict_measured",
        actor=by,
        obj=signal,
        detail={"measure": measure, "changed": changed},
    )
    notify(
        [signal.person],
        gettext_lazy("Kompas: a measure on your signal"),
        gettext_lazy("Your leader took a measure on the task you signalled: %(measure)s."),
        {"measure": Measure(measure).label},
        f"/registers/conflicts/{signal.pk}/",
    )


# --- Side activities ---------------------------------------------------------------------------


def deciding_roles(rules: Any) -> set[str]:
    """The roles that may decide on side activities under the zone's rules (heads of service
    have the chief above them)."""
    from kompas.accounts.roles import Role

    roles = {rules.authority_operational, rules.authority_calog}
    if Role.HEAD_OF_SERVICE in roles:
        roles.add(Role.CHIEF)
    return roles


class SideAuthorities:
    """The competent authority per member, as the zone's rules say (per cadre): a few queries
    for a whole zone."""

    def __init__(self, zone_id: int, *, deciders: Deciders | None = None) -> None:
        from kompas.registers.models import SideActivityRules

        self.rules = SideActivityRules.current(zone_id)
        self.deciders = deciders if deciders is not None else Deciders(zone_id)
        self.holders: dict[str, list[Person]] = {}
        for role in {self.rules.authority_operational, self.rules.authority_calog}:
            if role != "head_of_service":
                self.holders[role] = list(
                    Person.objects.filter(
                        zone_id=zone_id, is_active=True, roles_held__role=role
                    ).order_by("pk")
                )

    def for_member(self, member: Person) -> Person | None:
        from kompas.accounts.models import Cadre

        role = (
            self.rules.authority_operational
            if member.cadre == Cadre.OPERATIONAL
            else self.rules.authority_calog
        )
        if role == "head_of_service":
            return self.deciders.for_member(member)
        return next((p for p in self.holders.get(role, []) if p.pk != member.pk), None)

    def decided_by(self, person: Person, prefix: str = "person") -> Q:
        """A filter on ``prefix`` for the members whose side activities ``person`` decides on:
        the same answer as ``for_member``, asked of the database."""
        from kompas.accounts.models import Cadre

        condition = Q(pk__in=[])
        for cadre, role in (
            (Q(**{f"{prefix}__cadre": Cadre.OPERATIONAL}), self.rules.authority_operational),
            (~Q(**{f"{prefix}__cadre": Cadre.OPERATIONAL}), self.rules.authority_calog),
        ):
            if role == "head_of_service":
                condition |= cadre & self.deciders.decided_by(person, prefix)
                continue
            holders = self.holders.get(role, [])
            if holders and holders[0].pk == person.pk:
                condition |= cadre & ~Q(**{prefix: person})
            elif len(holders) > 1 and holders[1].pk == person.pk:
                condition |= cadre & Q(**{prefix: holders[0]})  # the first holder's own
        return condition


def side_activity_authority(member: Person) -> Person | None:
    return SideAuthorities(member.zone_id).for_member(member)


@transaction.atomic
def declare_side_activity(
    *, person: Person, data: dict[str, Any], token: str
) -> tuple[SideActivity, bool]:
    existing = _submitted(SideActivity, person, token)
    if existing is not None:
        return existing, False
    activity = SideActivity(
        zone_id=person.zone_id,
        person=person,
        organisation_key=giver_key(data["organisation"]),
        declared_on=today(),
        submission_token=token,
        **{
            k: data[k]
            for k in (
                "activity",
                "organisation",
                "hours_per_week",
                "paid",
                "starts_on",
                "ends_on",
                "contact_with_zone",
                "contact_explained",
                "checks",
            )
        },
    )
    activity.full_clean(exclude=["person", "zone", "decided_by"])
    activity, created = _save_once(activity)
    if not created:
        return activity, False
    record(
        "registers.side_activity_declared",
        actor=person,
        obj=activity,
        detail={"paid": activity.paid},
    )
    authority = side_activity_authority(person)
    if authority is not None:
        notify(
            [authority],
            gettext_lazy("Kompas: a side activity to decide on"),
            gettext_lazy("%(name)s declared a side activity. Please decide on it."),
            {"name": person.full_name},
            f"/registers/side-activities/{activity.pk}/",
        )
    return activity, True


def may_decide_side_activity(activity: SideActivity, person: Person) -> bool:
    authority = side_activity_authority(activity.person)
    return authority is not None and authority.pk == person.pk


@transaction.atomic
def decide_side_activity(*, activity: SideActivity, by: Person, approve: bool, reason: str) -> None:
    from kompas.registers.models import SideActivityRules

    activity = SideActivity.objects.select_for_update(no_key=True).get(pk=activity.pk)
    if not may_decide_side_activity(activity, by):
        raise PermissionDenied
    months = SideActivityRules.current(activity.zone_id).validity_months
    activity.decide(approve=approve, reason=reason, by=by, on=today(), months=months)
    activity.renewal_reminded_on = None
    activity.save()
    record("registers.side_activity_decided", actor=by, obj=activity, detail={"approved": approve})
    notify(
        [activity.person],
        gettext_lazy("Kompas: a decision on your side activity"),
        gettext_lazy("A decision was taken on your side activity: %(status)s."),
        {"status": activity.get_status_display()},
        f"/registers/side-activities/{activity.pk}/",
    )
