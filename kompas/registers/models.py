"""The registers of the compass's objectivity value: gifts and invitations (first), with the zone's
rules kept as data and every decision kept in its history."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Self

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from kompas.accounts.models import Person, Zone
from kompas.lib.models import ChoiceLabels


def default_rule_values() -> list[str]:
    return ["objectivity"]


class Weight(models.TextChoices):
    """What an answer does to the advice: decide it (return or refuse; for a side activity,
    refuse), count against it (not kept by the member: shared, donated or refused; for a side
    activity, a closer look), or nothing."""

    REFUSE = "refuse", _("weighs towards returning or refusing")
    CAUTION = "caution", _("weighs against accepting it personally")
    NONE = "none", _("does not weigh")


# The weighing answers that can move the advice, per closed question (see `QUESTIONS`), as
# "question:answer" keys; the zone's rules say what each does (`GiftRules.answer_weights`).
WEIGHABLE_ANSWERS: dict[str, tuple[str, ...]] = {
    "return_favour": ("yes", "unsure"),
    "normal": ("no", "unsure"),
    "harm": ("yes", "unsure"),
    "recurring": ("recurring",),
    "open": ("no", "unsure"),
}


def default_answer_weights() -> dict[str, str]:
    """The policy's weighing: an expected favour in return, a relation that is not a normal
    professional one, harm to the zone's name or the general interest, or a giver who gives
    more often: return or refuse; not sure of the first three: not kept personally."""
    refuse, caution, none = Weight.REFUSE.value, Weight.CAUTION.value, Weight.NONE.value
    return {
        "return_favour:yes": refuse,
        "return_favour:unsure": caution,
        "normal:no": refuse,
        "normal:unsure": caution,
        "harm:yes": refuse,
        "harm:unsure": caution,
        "recurring:recurring": refuse,
        "open:no": none,
        "open:unsure": none,
    }


def validate_answer_weights(value: Any) -> None:
    allowed = {f"{q}:{a}" for q, answers in WEIGHABLE_ANSWERS.items() for a in answers}
    if not isinstance(value, dict) or any(
        key not in allowed or weight not in Weight.values for key, weight in value.items()
    ):
        raise ValidationError(_("Unknown answer or weight."))


class VersionedRules(models.Model):
    """Rules of a zone kept as data, with their history: a change adds a row (`new_version`),
    so earlier rules stay readable, and the newest row is in force (`current`)."""

    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="+")
    created_on = models.DateField()
    created_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    # How __str__ names the rules ("gift rules 3 of zone 1").
    described = "rules"

    class Meta:
        abstract = True
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"{self.described} {self.pk} of zone {self.zone_id}"

    @classmethod
    def current(cls, zone_id: int) -> Self:
        """The rules in force: the newest row, or the defaults while the zone has none."""
        from kompas.lib.clock import today

        found = cls._default_manager.filter(zone_id=zone_id).order_by("-pk").first()
        return found if found is not None else cls(zone_id=zone_id, created_on=today())

    @classmethod
    def new_version(cls, *, zone_id: int, by: Person, values: dict[str, Any]) -> tuple[Self, bool]:
        """Put these values in force as a new row, and whether one was added: values equal to
        those in force add nothing, so a double submit or a retry leaves one row. The caller
        holds the transaction (the newest row is locked until it ends)."""
        from kompas.lib.clock import today

        newest = (
            cls._default_manager.select_for_update(no_key=True)
            .filter(zone_id=zone_id)
            .order_by("-pk")
            .first()
        )
        if newest is not None and all(getattr(newest, k) == v for k, v in values.items()):
            return newest, False
        rules = cls(zone_id=zone_id, created_on=today(), created_by=by, **values)
        rules.full_clean()
        rules.save()
        return rules, True


class GiftRules(VersionedRules):
    """The zone's rules for gifts and invitations. A change adds a row, so earlier rules stay
    readable; the newest row is in force."""

    value_threshold = models.DecimalField(
        _("value threshold (EUR)"),
        max_digits=8,
        decimal_places=2,
        default=Decimal("50"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    recurring_count = models.PositiveSmallIntegerField(
        _("declarations from one giver in twelve months that make it recurring"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    refuse_parties_in_file = models.BooleanField(
        _("never from a party in a file the member handles"), default=True
    )
    # What each weighing answer does to the advice (`WEIGHABLE_ANSWERS`, `Weight`). Money, a
    # voucher or a gift card is never accepted whatever the rules say (`NEVER_FOR_MONEY`), so
    # there is no setting for it.
    answer_weights = models.JSONField(
        _("what the member's answers weigh"),
        default=default_answer_weights,
        validators=[validate_answer_weights],
    )
    # The compass values these rules protect (shown on the value pages).
    values = models.JSONField(default=default_rule_values)

    described = "gift rules"

    def weights(self) -> dict[str, str]:
        """What each answer that can weigh does, as these rules say (an answer added to the
        product after the rules were made weighs as by default)."""
        return {**default_answer_weights(), **(self.answer_weights or {})}


class GiftKind(models.TextChoices):
    GIFT = "gift", _("A gift")
    INVITATION = "invitation", _("An invitation (meal, event, trip)")


class GiverType(models.TextChoices):
    PERSON = "person", _("A person")
    ORGANISATION = "organisation", _("An organisation or company")


class Recommendation(models.TextChoices):
    ACCEPT = "accept", _("May be accepted")
    SHARE = "share", _("Share it in the canteen or the team")
    DONATE = "donate", _("Give it to a good cause")
    RETURN = "return", _("Return it to the giver")
    REFUSE = "refuse", _("Refuse the invitation")


class Decision(models.TextChoices):
    ACCEPT = "accept", _("Accept")
    RETURN = "return", _("Return to the giver")
    SHARE = "share", _("Share in the canteen or the team")
    DONATE = "donate", _("Donate to a good cause")
    REFUSE = "refuse", _("Refuse the invitation")


# Decisions after which the member still has to confirm that it was done.
NEEDS_CONFIRMATION = {Decision.RETURN, Decision.DONATE}

# The decisions that fit each kind, in the order a leader is offered them (`allowed_decisions`):
# a gift is kept, returned, shared or donated; an invitation is accepted or refused.
DECISIONS_FOR_KIND: dict[str, tuple[Decision, ...]] = {
    GiftKind.GIFT: (Decision.ACCEPT, Decision.RETURN, Decision.SHARE, Decision.DONATE),
    GiftKind.INVITATION: (Decision.ACCEPT, Decision.REFUSE),
}
# Money, a voucher or a gift card is never kept, by the member or by the team.
NEVER_FOR_MONEY = {Decision.ACCEPT, Decision.SHARE}


class GiftStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a decision")
    DECIDED = "decided", _("Decided")
    DONE = "done", _("Done")
    RECORDED = "recorded", _("Recorded (offered and refused)")


# The weighing questions of the zone's policy, in our own words.
QUESTIONS = {
    "why": _("Why do you think it was given to you?"),
    "situation": _("When and in what situation was it given?"),
    "return_favour": _("Could a favour in return be expected?"),
    "normal": _("Does it fit a normal professional relationship?"),
    "harm": _("Could accepting it harm the zone's reputation or interest?"),
    "recurring": _("Is it a one-off, or does this giver give more often?"),
    "open": _("Have you spoken about it openly with colleagues?"),
}

# The answers a member chooses from, as stored and as shown; the other questions are answered in
# the member's own words.
YES_NO_UNSURE_ANSWERS = (("yes", _("Yes")), ("no", _("No")), ("unsure", _("Not sure")))
ONCE_OR_MORE_ANSWERS = (("once", _("A one-off")), ("recurring", _("It happens more often")))
CLOSED_QUESTIONS = {
    "return_favour": YES_NO_UNSURE_ANSWERS,
    "normal": YES_NO_UNSURE_ANSWERS,
    "harm": YES_NO_UNSURE_ANSWERS,
    "recurring": ONCE_OR_MORE_ANSWERS,
    "open": YES_NO_UNSURE_ANSWERS,
}


def answer_shown(question: str, answer: Any) -> str:
    """An answer as the reader reads it: a chosen answer in the reader's language ("Not sure",
    never "unsure"), a member's own words as written."""
    for value, label in CLOSED_QUESTIONS.get(question, ()):
        if answer == value:
            return str(label)
    return "" if answer is None else str(answer)


class GiftQuerySet(models.QuerySet["GiftDeclaration"]):
    def visible_to(self, person: Person) -> GiftQuerySet:
        """One's own declarations, those of the people one leads, and all for the integrity
        officer. Nobody else sees a declaration."""
        from kompas.registers.people import register_scope

        return register_scope(self, person)


class GiftDeclaration(ChoiceLabels, models.Model):
    """A gift or invitation a member received or was offered, and what the leader decided."""

    zone = models.ForeignKey(Zone, on_delete=models.PROTECT, related_name="gift_declarations")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="gift_declarations")
    kind = models.CharField(_("what"), max_length=12, choices=GiftKind.choices)
    description = models.CharField(_("description"), max_length=300)
    giver_name = models.CharField(_("from whom"), max_length=200)
    giver_type = models.CharField(_("giver"), max_length=12, choices=GiverType.choices)
    giver_key = models.CharField(max_length=200, db_index=True)
    giver_in_file = models.BooleanField(_("the giver is a party in a file I handle"), default=False)
    is_cash = models.BooleanField(_("it is money (cash, vouchers, gift cards)"), default=False)
    perishable = models.BooleanField(
        _("it is small and perishable (chocolates, cake)"), default=False
    )
    value = models.DecimalField(
        _("estimated value (EUR)"),
        max_digits=9,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100000"))],
    )
    given_on = models.DateField(_("date"))
    context = models.TextField(_("context"), max_length=2000, blank=True)
    offered_only = models.BooleanField(_("only offered: I refused it"), default=False)
    answers = models.JSONField(default=dict, blank=True)
    recommendation = models.CharField(max_length=10, choices=Recommendation.choices)
    recommendation_reasons = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=10, choices=GiftStatus.choices)
    decision = models.CharField(max_length=10, choices=Decision.choices, blank=True)
    decision_reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_on = models.DateField(null=True, blank=True)
    confirmed_on = models.DateField(null=True, blank=True)
    declared_on = models.DateField()
    submission_token = models.CharField(max_length=64, unique=True)

    objects = GiftQuerySet.as_manager()

    class Meta:
        ordering = ["-declared_on", "-pk"]
        indexes = [
            models.Index(fields=["zone", "status"], name="gift_zone_status"),
            models.Index(fields=["zone", "declared_on"], name="gift_zone_declared"),
            # The officer's overview pages through all declarations newest first.
            models.Index(fields=["zone", "-given_on", "-id"], name="gift_zone_given"),
            # Waiting for a decision: few beside the decided ones, read by every leader's list.
            models.Index(
                fields=["zone", "declared_on", "id"],
                condition=Q(status="pending"),
                name="gift_pending_by_date",
            ),
            models.Index(
                fields=["person"], condition=Q(status="pending"), name="gift_pending_by_person"
            ),
            models.Index(fields=["person", "-declared_on", "-id"], name="gift_by_person_date"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.description}"

    def weighing(self, wording: dict[str, str] | None = None) -> list[tuple[str, str]]:
        """The weighing questions the member answered, in the questions' order, each with its
        answer in the reader's language (`answer_shown`); ``wording`` is the zone's own wording
        of the questions, else the built-in one."""
        return [
            (
                (wording or {}).get(f"question:{key}") or str(text),
                answer_shown(key, self.answers[key]),
            )
            for key, text in QUESTIONS.items()
            if self.answers.get(key) not in (None, "")
        ]

    def allowed_decisions(self) -> list[str]:
        """The decisions that fit this declaration (`DECISIONS_FOR_KIND`), without those never
        taken on money, a voucher or a gift card: the only list a leader is offered, and the only
        decisions `decide` takes."""
        fitting = DECISIONS_FOR_KIND.get(self.kind, ())
        return [d.value for d in fitting if not (self.is_cash and d in NEVER_FOR_MONEY)]

    def refusal(self, decision: str) -> str | None:
        """Why ``decision`` may not be taken on this declaration (translated), or None."""
        if decision not in Decision.values:
            return str(_("Choose a decision."))
        if decision in self.allowed_decisions():
            return None
        if self.is_cash and decision in NEVER_FOR_MONEY:
            return str(
                _(
                    "Money, a voucher or a gift card is never accepted, nor shared: "
                    "return it to the giver or give it to a good cause."
                )
            )
        if self.kind == GiftKind.INVITATION:
            return str(_("An invitation is accepted or refused."))
        return str(_("A gift received is accepted, returned, shared or donated."))

    def decide(self, *, decision: str, reason: str, by: Person, on: Any) -> None:
        """A leader decides on a received gift; deciding again is allowed but kept in history.
        Only a decision that fits the declaration is taken (`allowed_decisions`): money is
        never accepted, whoever decides."""
        if self.offered_only:
            raise ValidationError(_("An offered and refused gift needs no decision."))
        if by.pk == self.person_id:
            raise ValidationError(_("Nobody decides on their own declaration."))
        refused = self.refusal(decision)
        if refused:
            raise ValidationError(refused)
        if not reason.strip():
            raise ValidationError(_("Give the reason for the decision."))
        self.decision, self.decision_reason = decision, reason.strip()
        self.decided_by, self.decided_on = by, on
        self.confirmed_on = None
        self.status = GiftStatus.DECIDED if decision in NEEDS_CONFIRMATION else GiftStatus.DONE

    def confirm(self, *, on: Any) -> None:
        """The member confirms that the gift was returned or donated."""
        if self.status != GiftStatus.DECIDED or self.decision not in NEEDS_CONFIRMATION:
            raise ValidationError(_("There is nothing to confirm."))
        self.confirmed_on, self.status = on, GiftStatus.DONE


class DecisionRecord(ChoiceLabels, models.Model):
    """Every decision ever taken on a declaration, in order: a changed decision is never silent."""

    declaration = models.ForeignKey(
        GiftDeclaration, on_delete=models.CASCADE, related_name="decision_history"
    )
    decision = models.CharField(max_length=10, choices=Decision.choices)
    reason = models.TextField()
    decided_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    decided_on = models.DateField()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.decision} on {self.declaration_id}"


class TaskKind(models.TextChoices):
    INTERVENTION = "intervention", _("An intervention")
    CASE = "case", _("A case or file")
    ASSIGNMENT = "assignment", _("An assignment")
    PURCHASE = "purchase", _("A purchase")


class Relation(models.TextChoices):
    PRIVATE = "private", _("I know them privately (family, friends, neighbours)")
    SIDE_ACTIVITY = "side_activity", _("Through my side activity")
    ASSOCIATION = "association", _("Through an association or club")


class Measure(models.TextChoices):
    HANDED_OVER = "handed_over", _("The task goes to a colleague")
    SUPERVISED = "supervised", _("The member keeps it, with strict instructions and supervision")


class ConflictStatus(models.TextChoices):
    OPEN = "open", _("Waiting for the leader's measure")
    MEASURED = "measured", _("Measure taken")


class ConflictQuerySet(models.QuerySet["ConflictSignal"]):
    def visible_to(self, person: Person) -> ConflictQuerySet:
        """Like declarations, and the leader the signal went to."""
        from kompas.registers.people import register_scope

        return register_scope(self, person, also=Q(leader=person))


class ConflictSignal(ChoiceLabels, models.Model):
    """A member signals that a task touches people they know; the direct leader takes a measure."""

    zone = models.ForeignKey(Zone, on_delete=models.PROTECT, related_name="conflict_signals")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="conflict_signals")
    leader = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, related_name="+")
    task_kind = models.CharField(_("what kind of task"), max_length=15, choices=TaskKind.choices)
    task = models.CharField(_("the task"), max_length=300)
    relation = models.CharField(_("how you know them"), max_length=15, choices=Relation.choices)
    people = models.CharField(_("who (as far as needed)"), max_length=300)
    after_the_fact = models.BooleanField(
        _("an urgent intervention, signalled afterwards"), default=False
    )
    occurred_on = models.DateField(_("date of the task"))
    signalled_on = models.DateField()
    status = models.CharField(
        max_length=10, choices=ConflictStatus.choices, default=ConflictStatus.OPEN
    )
    measure = models.CharField(max_length=12, choices=Measure.choices, blank=True)
    supervisor = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    instructions = models.TextField(blank=True)
    measured_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    measured_on = models.DateField(null=True, blank=True)
    submission_token = models.CharField(max_length=64, unique=True)

    objects = ConflictQuerySet.as_manager()

    class Meta:
        ordering = ["-signalled_on", "-pk"]
        indexes = [models.Index(fields=["zone", "signalled_on"], name="conflict_zone_signalled")]

    def __str__(self) -> str:
        return f"{self.get_task_kind_display()}: {self.task}"

    def take_measure(
        self, *, measure: str, by: Person, on: Any, supervisor: Person | None, instructions: str
    ) -> None:
        """Handed over, or kept under strict instructions with a named supervisor."""
        if by.pk == self.person_id:
            raise ValidationError(_("Nobody takes the measure on their own signal."))
        if measure not in Measure.values:
            raise ValidationError(_("Choose a measure."))
        if measure == Measure.SUPERVISED:
            if supervisor is None or supervisor.pk == self.person_id:
                raise ValidationError(_("Name who supervises, other than the member."))
            if not instructions.strip():
                raise ValidationError(_("Write the instructions the member follows."))
        self.measure, self.measured_by, self.measured_on = measure, by, on
        self.supervisor = supervisor if measure == Measure.SUPERVISED else None
        self.instructions = instructions.strip()
        self.status = ConflictStatus.MEASURED


# The checks that decide compatibility, written out for everyone to read.
CHECKS = {
    "dignity": _("The activity does not harm the dignity or the image of the police."),
    "no_contact": _("It brings no contact with people, companies or files the zone deals with."),
    "no_means": _("It uses no working time, equipment, information or other means of the zone."),
    "rest": _("Its hours leave enough rest to work safely."),
    "not_forbidden": _(
        "It is not a job the law keeps from police staff (private security, "
        "detective, debt collection, trade in arms, nightlife)."
    ),
}


class Authority(models.TextChoices):
    """Who may be the competent authority for side activities. The police statute names the
    mayor (a zone of one municipality) or the police college (a zone of several) for the chief
    of police, and the chief of police for the other staff; a zone may name another role for a
    cadre. The mayor and the police college decide outside Kompas unless a person is named to
    record their decisions (`SideActivityRules.external_recorder`)."""

    CHIEF = "chief", _("Chief of police")
    HEAD_OF_SERVICE = "head_of_service", _("The member's head of service")
    MTEAM = "mteam", _("M-team member")
    INTEGRITY_OFFICER = "integrity_officer", _("Integrity officer")
    MAYOR = "mayor", _("The mayor")
    POLICE_COLLEGE = "police_college", _("The police college")


# The authorities outside the zone's staff: their decisions are recorded by a named person.
EXTERNAL_AUTHORITIES = frozenset({Authority.MAYOR, Authority.POLICE_COLLEGE})


def authority_label(kind: str) -> StrOrPromise:
    """An authority as the reader reads it, translated when written (a role that a zone's rules
    name for a cadre too)."""
    from kompas.accounts.roles import Role

    if kind in Authority.values:
        return Authority(kind).label
    return Role(kind).label if kind in Role.values else kind


class SideAdvice(models.TextChoices):
    APPROVE = "approve", _("Compatible: may be approved")
    LOOK_CLOSER = "look_closer", _("Look closer before deciding")
    REFUSE = "refuse", _("Not compatible: refuse")


def default_side_weights() -> dict[str, str]:
    """A check answered "no" makes the activity incompatible, except contact with what the zone
    deals with, which asks for a closer look (a possible conflict of interest); so do contact
    the member expects and an employer that supplies the zone."""
    weights = {f"check:{key}": Weight.REFUSE.value for key in CHECKS}
    caution = Weight.CAUTION.value
    weights.update({"check:no_contact": caution, "contact": caution, "supplier": caution})
    return weights


def validate_side_weights(value: Any) -> None:
    if not isinstance(value, dict) or any(
        key not in default_side_weights() or weight not in Weight.values
        for key, weight in value.items()
    ):
        raise ValidationError(_("Unknown answer or weight."))


class SideActivityRules(VersionedRules):
    """Who decides on side activities, per cadre and for the chief of police, for how long an
    approval holds, and what weighs in the advice (data, with history: a change adds a row)."""

    authority_operational = models.CharField(
        _("decides for the operational cadre"), max_length=30, default=Authority.CHIEF
    )
    authority_calog = models.CharField(
        _("decides for the CALog cadre"), max_length=30, default=Authority.CHIEF
    )
    authority_chief = models.CharField(
        _("decides for the chief of police"),
        max_length=30,
        choices=[(a.value, a.label) for a in Authority if a in EXTERNAL_AUTHORITIES],
        default=Authority.MAYOR,
    )
    external_recorder = models.ForeignKey(
        Person,
        verbose_name=_("records the decisions of the mayor or the police college"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    hours_caution = models.DecimalField(
        _("more hours per week than this ask for a closer look (empty: no limit)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("60"))],
    )
    weights = models.JSONField(
        _("what weighs in the advice"),
        default=default_side_weights,
        validators=[validate_side_weights],
    )
    validity_months = models.PositiveSmallIntegerField(
        _("an approval holds (months)"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    calog_must_declare = models.BooleanField(
        _("the CALog cadre must declare side activities too"), default=False
    )
    values = models.JSONField(default=default_rule_values)

    described = "side activity rules"

    def weights_in_force(self) -> dict[str, str]:
        return {**default_side_weights(), **(self.weights or {})}


class SideActivityStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a decision")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class SideActivityQuerySet(models.QuerySet["SideActivity"]):
    def visible_to(self, person: Person) -> SideActivityQuerySet:
        """Like declarations; the chief sees all, a cadre's competent authority that cadre, and
        whoever records the mayor's or police college's decisions what they decide on."""
        from kompas.accounts.roles import Role
        from kompas.registers.people import register_scope

        if person.is_authenticated and person.has_role(Role.CHIEF):
            return register_scope(self, person, also=Q(zone_id=person.zone_id))
        if not person.is_authenticated:
            return self.none()
        rules = SideActivityRules.current(person.zone_id)
        recorder = rules.external_recorder_id == person.pk
        cadres = [
            cadre
            for cadre, kind in (
                ("operational", rules.authority_operational),
                ("calog", rules.authority_calog),
            )
            if kind != Authority.HEAD_OF_SERVICE
            and (kind in person.roles or (recorder and kind in EXTERNAL_AUTHORITIES))
        ]
        also = Q(person__cadre__in=cadres)
        if recorder:
            also |= Q(person_id__in=chiefs_of(person.zone_id))
        return register_scope(self, person, also=also)


def chiefs_of(zone_id: int) -> Any:
    """The people of a zone who hold the role of chief of police (a subquery of their ids)."""
    from kompas.accounts.models import RoleAssignment
    from kompas.accounts.roles import Role

    return RoleAssignment.objects.filter(person__zone_id=zone_id, role=Role.CHIEF).values(
        "person_id"
    )


class SideActivity(ChoiceLabels, models.Model):
    """A side activity a member declares, and the competent authority's decision with its expiry."""

    zone = models.ForeignKey(Zone, on_delete=models.PROTECT, related_name="side_activities")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="side_activities")
    activity = models.CharField(_("the activity"), max_length=300)
    organisation = models.CharField(_("employer or organisation"), max_length=200)
    organisation_key = models.CharField(max_length=200, db_index=True)
    hours_per_week = models.DecimalField(
        _("hours per week"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("60"))],
    )
    paid = models.BooleanField(_("paid"), default=False)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until (if known)"), null=True, blank=True)
    contact_with_zone = models.BooleanField(
        _("possible contact with the zone's work, suppliers or clients"), default=False
    )
    contact_explained = models.TextField(_("explain the contact"), max_length=2000, blank=True)
    checks = models.JSONField(default=dict)
    status = models.CharField(
        max_length=10, choices=SideActivityStatus.choices, default=SideActivityStatus.PENDING
    )
    decision_reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_on = models.DateField(null=True, blank=True)
    valid_until = models.DateField(null=True, blank=True)
    # The authority the decider acted as (`Authority`): kept with the decision.
    decided_as = models.CharField(max_length=30, blank=True)
    # The zone's rules' advice when it was declared, and what weighed (`services.side_advice`).
    advice = models.CharField(max_length=12, choices=SideAdvice.choices, blank=True)
    advice_reasons = models.JSONField(default=list, blank=True)
    renewal_reminded_on = models.DateField(null=True, blank=True)
    # Set when the member moved to another service or to an integrity-sensitive post: the
    # approval must be looked at again.
    renewal_requested_on = models.DateField(null=True, blank=True)
    renewal_reason = models.CharField(max_length=300, blank=True)
    declared_on = models.DateField()
    submission_token = models.CharField(max_length=64, unique=True)

    objects = SideActivityQuerySet.as_manager()

    class Meta:
        ordering = ["-declared_on", "-pk"]
        indexes = [
            models.Index(fields=["zone", "declared_on"], name="side_zone_declared"),
            models.Index(
                fields=["zone", "declared_on", "id"],
                condition=Q(status="pending"),
                name="side_pending_by_date",
            ),
            models.Index(
                fields=["person"], condition=Q(status="pending"), name="side_pending_by_person"
            ),
            models.Index(fields=["person", "-declared_on", "-id"], name="side_by_person_date"),
        ]

    def __str__(self) -> str:
        return f"{self.activity} ({self.organisation})"

    def clean(self) -> None:
        if self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end lies before the start.")})
        if self.contact_with_zone and not self.contact_explained.strip():
            raise ValidationError({"contact_explained": _("Explain the contact.")})

    def decide(self, *, approve: bool, reason: str, by: Person, on: Any, months: int) -> None:
        """The competent authority approves (until an expiry date) or refuses, with reasons."""
        from kompas.lib.clock import add_months

        if by.pk == self.person_id:
            raise ValidationError(_("Nobody decides on their own declaration."))
        if not reason.strip():
            raise ValidationError(_("Give the reason for the decision."))
        self.status = SideActivityStatus.APPROVED if approve else SideActivityStatus.REFUSED
        self.decision_reason, self.decided_by, self.decided_on = reason.strip(), by, on
        expiry = add_months(on, months)
        self.valid_until = (
            (min(expiry, self.ends_on) if self.ends_on else expiry) if approve else None
        )


class Wording(models.Model):
    """The zone's own wording of a weighing question or a compatibility check, per language. A
    change adds a row; the newest row per key is in force, and the history stays readable."""

    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=40)
    texts = models.JSONField()
    created_on = models.DateField()
    created_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"wording {self.key} of zone {self.zone_id}"


def wordings(zone_id: int, language: str) -> dict[str, str]:
    """Every question and check key with the text in force for the zone, in ``language``."""
    from django.utils import translation

    with translation.override(language):
        found = {f"question:{k}": str(v) for k, v in QUESTIONS.items()}
        found.update({f"check:{k}": str(v) for k, v in CHECKS.items()})
    seen: set[str] = set()
    for row in Wording.objects.filter(zone_id=zone_id).order_by("-pk"):
        if row.key in seen or row.key not in found:
            continue
        seen.add(row.key)
        text = row.texts.get(language) or row.texts.get("nl")
        if text:
            found[row.key] = text
    return found


class RetentionRules(VersionedRules):
    """How long declarations are kept, per register (years after the declaration, or after the
    end of a side activity). A change adds a row; the newest is in force; `purge-expired`
    enforces it."""

    gift_years = models.PositiveSmallIntegerField(
        _("gifts and invitations: years after the declaration"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    conflict_years = models.PositiveSmallIntegerField(
        _("conflict-of-interest signals: years after the signal"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    side_activity_years = models.PositiveSmallIntegerField(
        _("side activities: years after they ended or were refused"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )

    described = "retention rules"


class Supplier(models.Model):
    """A supplier or contractor of the zone, kept by the integrity officer so the cross-checks
    can find it among givers, side-activity employers and conflict signals."""

    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    key = models.CharField(max_length=200, db_index=True)
    added_on = models.DateField()

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["zone", "key"], name="supplier_once")]

    def __str__(self) -> str:
        return self.name
