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
from django_stubs_ext import StrOrPromise

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
    Weight,
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
    answers: dict[str, Any] | None = None,
    exclude_pk: int | None = None,
) -> Advice:
    """Apply the zone's rules (data, see GiftRules) to one gift or invitation: the facts and the
    member's weighing answers (`GiftRules.answer_weights`). What decides it (money, a party in
    a file, a recurring giver, an answer that weighs towards refusing) makes it returned or
    refused; what counts against it (the value above the threshold, an answer that weighs
    against accepting it personally) keeps it from the member: shared when small and
    perishable, else donated, and an invitation refused. The reasons name each fact and answer
    that weighed (an answer as ``answer:<question>:<answer>=<weight>``), deciding ones first. The advice is
    always one of the decisions the declaration can get (`GiftDeclaration.allowed_decisions`):
    money is returned or refused whatever the rules say."""
    rules = GiftRules.current(zone_id)
    weights = rules.weights()
    decisive: list[str] = []
    against: list[str] = []
    if is_cash:
        decisive.append("cash")
    if giver_in_file and rules.refuse_parties_in_file:
        decisive.append("party_in_file")
    since = today() - timedelta(days=365)
    earlier_qs = GiftDeclaration.objects.filter(
        zone_id=zone_id, person=person, giver_key=giver_key(giver), given_on__gte=since
    )
    if exclude_pk is not None:
        earlier_qs = earlier_qs.exclude(pk=exclude_pk)
    if rules.recurring_count > 1 and earlier_qs.count() + 1 >= rules.recurring_count:
        decisive.append("recurring")
    if value > rules.value_threshold:
        against.append("above_threshold")
    for question, answer in (answers or {}).items():
        weight = weights.get(f"{question}:{answer}")
        if weight == Weight.REFUSE:
            decisive.append(f"answer:{question}:{answer}={weight}")
        elif weight == Weight.CAUTION:
            against.append(f"answer:{question}:{answer}={weight}")
    invitation = kind == GiftKind.INVITATION
    if decisive:
        return Advice(
            Recommendation.REFUSE if invitation else Recommendation.RETURN, decisive + against
        )
    if against:
        if invitation:
            return Advice(Recommendation.REFUSE, against)
        if perishable and "above_threshold" not in against:
            return Advice(Recommendation.SHARE, [*against, "perishable"])
        return Advice(Recommendation.DONATE, against)
    if not invitation and perishable:
        return Advice(Recommendation.SHARE, ["perishable"])
    return Advice(Recommendation.ACCEPT, [])


# The facts an advice names, read by the member and by the leader (so: "the member").
REASON_TEXT = {
    "cash": gettext_lazy("Money, a voucher or a gift card: never accepted"),
    "party_in_file": gettext_lazy("The giver is a party in a file the member handles"),
    "recurring": gettext_lazy(
        "The same giver gave the member more often in the last twelve months"
    ),
    "above_threshold": gettext_lazy("The value is above the zone's threshold"),
    "perishable": gettext_lazy("Small and perishable: best shared with the team"),
    "contact": gettext_lazy("Possible contact with the zone's work, suppliers or clients"),
    "supplier": gettext_lazy("The employer or organisation is a supplier of the zone"),
    "hours": gettext_lazy("More hours per week than the zone's rules take without a closer look"),
}

# What an answer, a check or a fact did to the advice, as the advice says it.
GIFT_EFFECT: dict[str, StrOrPromise] = {
    Weight.REFUSE.value: gettext_lazy("weighs towards returning or refusing"),
    Weight.CAUTION.value: gettext_lazy("weighs against accepting it personally"),
}
SIDE_EFFECT: dict[str, StrOrPromise] = {
    Weight.REFUSE.value: gettext_lazy("weighs towards refusing"),
    Weight.CAUTION.value: gettext_lazy("asks for a closer look"),
}


@dataclass(frozen=True)
class ShownReason:
    text: str
    effect: str = ""


def reasons_shown(
    reasons: list[str], wording: dict[str, str], *, side: bool = False
) -> list[ShownReason]:
    """The reasons of an advice as the reader reads them, in the reader's language: each fact,
    and each answer or check that weighed, with the question as the zone words it, the answer
    given and what it did under the rules the advice was made by (kept in the reason, after
    "="). Reasons this version does not know are left out."""
    from kompas.registers.models import answer_shown

    effects = SIDE_EFFECT if side else GIFT_EFFECT
    shown = []
    for reason in reasons:
        key, _sep, weight = reason.partition("=")
        kind, _sep, rest = key.partition(":")
        if kind == "answer":
            question, _sep, answer = rest.partition(":")
            asked, given = wording.get(f"question:{question}"), answer_shown(question, answer)
        elif kind == "check":
            asked, given = wording.get(f"check:{rest}"), str(gettext_lazy("No"))
        else:
            text = REASON_TEXT.get(key)
            if text is not None:
                shown.append(ShownReason(str(text), str(effects.get(weight, ""))))
            continue
        if asked:
            text = gettext_lazy("“%(question)s” %(answer)s")
            quoted = str(text) % {"question": asked.rstrip(), "answer": given}
            shown.append(ShownReason(quoted, str(effects.get(weight, ""))))
    return shown


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
        answers=data["answers"],
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


def decides_side_activities(person: Person, rules: Any) -> bool:
    """Whether anyone's side activity could wait for this person's decision under the zone's
    rules: a role that decides, or the person who records the mayor's or police college's
    decisions (the lists then ask `SideAuthorities.decided_by` whose)."""
    return person.has_any_role(*deciding_roles(rules)) or (
        rules.external_recorder_id is not None and rules.external_recorder_id == person.pk
    )


class SideAuthorities:
    """The competent authority per member, as the zone's rules say: for the chief of police the
    mayor or the police college (`SideActivityRules.authority_chief`), for everyone else the
    authority of their cadre. The mayor and the police college act through the person named to
    record their decisions; a role through its first holder (never the member: the next one
    decides on the first holder's own). Nobody named, nobody decides. A few queries for a
    whole zone."""

    def __init__(self, zone_id: int, *, deciders: Deciders | None = None) -> None:
        from kompas.accounts.models import RoleAssignment
        from kompas.accounts.roles import Role
        from kompas.registers.models import EXTERNAL_AUTHORITIES, SideActivityRules

        self.rules = SideActivityRules.current(zone_id)
        self.deciders = deciders if deciders is not None else Deciders(zone_id)
        self.chiefs = set(
            RoleAssignment.objects.filter(person__zone_id=zone_id, role=Role.CHIEF).values_list(
                "person_id", flat=True
            )
        )
        recorder = None
        if self.rules.external_recorder_id is not None:
            recorder = Person.objects.filter(
                pk=self.rules.external_recorder_id, zone_id=zone_id, is_active=True
            ).first()
        kinds = {self.rules.authority_operational, self.rules.authority_calog}
        self.holders: dict[str, list[Person]] = {
            kind: [recorder] if recorder else [] for kind in EXTERNAL_AUTHORITIES
        }
        for role in kinds - EXTERNAL_AUTHORITIES - {"head_of_service"}:
            self.holders[role] = list(
                Person.objects.filter(
                    zone_id=zone_id, is_active=True, roles_held__role=role
                ).order_by("pk")
            )

    def kind_for(self, member: Person) -> str:
        """The authority that decides on this member's side activities (`Authority`)."""
        from kompas.accounts.models import Cadre

        if member.pk in self.chiefs:
            return self.rules.authority_chief
        if member.cadre == Cadre.OPERATIONAL:
            return self.rules.authority_operational
        return self.rules.authority_calog

    def for_member(self, member: Person) -> Person | None:
        kind = self.kind_for(member)
        if kind == "head_of_service":
            return self.deciders.for_member(member)
        return next((p for p in self.holders.get(kind, []) if p.pk != member.pk), None)

    def decided_by(self, person: Person, prefix: str = "person") -> Q:
        """A filter on ``prefix`` for the members whose side activities ``person`` decides on:
        the same answer as ``for_member``, asked of the database."""
        from kompas.accounts.models import Cadre

        condition = Q(pk__in=[])
        chiefs = Q(**{f"{prefix}__in": sorted(self.chiefs)})
        for members, kind in (
            (chiefs, self.rules.authority_chief),
            (
                ~chiefs & Q(**{f"{prefix}__cadre": Cadre.OPERATIONAL}),
                self.rules.authority_operational,
            ),
            (~chiefs & ~Q(**{f"{prefix}__cadre": Cadre.OPERATIONAL}), self.rules.authority_calog),
        ):
            if kind == "head_of_service":
                condition |= members & self.deciders.decided_by(person, prefix)
                continue
            holders = self.holders.get(kind, [])
            if holders and holders[0].pk == person.pk:
                condition |= members & ~Q(**{prefix: person})
            elif len(holders) > 1 and holders[1].pk == person.pk:
                condition |= members & Q(**{prefix: holders[0]})  # the first holder's own
        return condition


def side_activity_authority(member: Person) -> Person | None:
    return SideAuthorities(member.zone_id).for_member(member)


def side_advice(
    *,
    zone_id: int,
    checks: dict[str, str],
    contact_with_zone: bool,
    hours_per_week: Decimal,
    organisation: str,
) -> Advice:
    """Apply the zone's rules (data, see SideActivityRules) to a side activity: each check
    answered "no", contact the member expects, an employer that supplies the zone and more
    hours than the rules' limit weigh as the rules say (`SideActivityRules.weights`): towards
    refusing, or asking for a closer look. The reasons name what weighed, deciding ones first,
    each with its weight after "="."""
    from kompas.registers.models import CHECKS, SideActivityRules, SideAdvice, Supplier

    rules = SideActivityRules.current(zone_id)
    weights = rules.weights_in_force()
    found = [f"check:{key}" for key in CHECKS if checks.get(key) == "no"]
    if contact_with_zone:
        found.append("contact")
    key = giver_key(organisation)
    if key and Supplier.objects.filter(zone_id=zone_id, key=key).exists():
        found.append("supplier")
    decisive = [f"{k}={weights[k]}" for k in found if weights.get(k) == Weight.REFUSE]
    closer = [f"{k}={weights[k]}" for k in found if weights.get(k) == Weight.CAUTION]
    if rules.hours_caution is not None and hours_per_week > rules.hours_caution:
        closer.append(f"hours={Weight.CAUTION.value}")
    if decisive:
        return Advice(SideAdvice.REFUSE, decisive + closer)
    if closer:
        return Advice(SideAdvice.LOOK_CLOSER, closer)
    return Advice(SideAdvice.APPROVE, [])


@transaction.atomic
def declare_side_activity(
    *, person: Person, data: dict[str, Any], token: str
) -> tuple[SideActivity, bool]:
    existing = _submitted(SideActivity, person, token)
    if existing is not None:
        return existing, False
    advice = side_advice(
        zone_id=person.zone_id,
        checks=data["checks"],
        contact_with_zone=data["contact_with_zone"],
        hours_per_week=data["hours_per_week"],
        organisation=data["organisation"],
    )
    activity = SideActivity(
        zone_id=person.zone_id,
        person=person,
        organisation_key=giver_key(data["organisation"]),
        advice=advice.recommendation,
        advice_reasons=advice.reasons,
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
    authorities = SideAuthorities(person.zone_id)
    authority = authorities.for_member(person)
    path = f"/registers/side-activities/{activity.pk}/"
    if authority is not None:
        notify(
            [authority],
            gettext_lazy("Kompas: a side activity to decide on"),
            gettext_lazy("%(name)s declared a side activity. Please decide on it."),
            {"name": person.full_name},
            path,
        )
    else:  # nobody decides until the integrity officer names who does: they are told
        from kompas.accounts.roles import Role
        from kompas.registers.models import authority_label

        notify(
            list(
                Person.objects.filter(
                    zone_id=person.zone_id,
                    is_active=True,
                    roles_held__role=Role.INTEGRITY_OFFICER,
                ).order_by("pk")
            ),
            gettext_lazy("Kompas: a side activity waits for a competent authority"),
            gettext_lazy(
                "%(name)s declared a side activity. Its competent authority (%(authority)s) "
                "has nobody in Kompas to decide: name who does in the rules of the registers."
            ),
            {"name": person.full_name, "authority": authority_label(authorities.kind_for(person))},
            path,
        )
    return activity, True


def may_decide_side_activity(activity: SideActivity, person: Person) -> bool:
    authority = side_activity_authority(activity.person)
    return authority is not None and authority.pk == person.pk


@transaction.atomic
def decide_side_activity(*, activity: SideActivity, by: Person, approve: bool, reason: str) -> None:
    """Only the competent authority decides (`SideAuthorities`); the authority it acted as is
    kept with the decision."""
    activity = SideActivity.objects.select_for_update(no_key=True).get(pk=activity.pk)
    authorities = SideAuthorities(activity.zone_id)
    authority = authorities.for_member(activity.person)
    if authority is None or authority.pk != by.pk:
        raise PermissionDenied
    months = authorities.rules.validity_months
    activity.decide(approve=approve, reason=reason, by=by, on=today(), months=months)
    activity.decided_as = authorities.kind_for(activity.person)
    activity.renewal_reminded_on = None
    activity.save()
    record(
        "registers.side_activity_decided",
        actor=by,
        obj=activity,
        detail={"approved": approve, "as": activity.decided_as},
    )
    notify(
        [activity.person],
        gettext_lazy("Kompas: a decision on your side activity"),
        gettext_lazy("A decision was taken on your side activity: %(status)s."),
        {"status": activity.get_status_display()},
        f"/registers/side-activities/{activity.pk}/",
    )
