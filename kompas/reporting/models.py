"""The confidential reporting channel: reports, who may open them, and what is said about them.

Everything a reader could recognise a person or a story by is stored encrypted with the report's
case key (see ``crypto``): the text, the people involved, the reporter's identity, messages and
notes. What stays readable is what deadlines, the legal register and statistics need: kind, channel,
status, dates (days only), the services concerned and the compass values touched.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from kompas.accounts.models import Person, Service, Zone
from kompas.lib import clock
from kompas.lib.clock import add_months
from kompas.lib.ids import RandomKeyField
from kompas.lib.models import ChoiceLabels
from kompas.lib.prepared import Prepared

ACKNOWLEDGE_DAYS = 7
FEEDBACK_MONTHS = 3


class Kind(models.TextChoices):
    ADVICE = "advice", _("Question or request for advice")
    BREACH = "breach", _("Possible integrity breach")
    WELLBEING = "wellbeing", _("Well-being at work")
    COMPLAINT = "complaint", _("Citizen complaint")
    CONGRATULATION = "congratulation", _("Congratulation")
    RETALIATION = "retaliation", _("Retaliation against a reporter (protection case)")


class Channel(models.TextChoices):
    STAFF = "staff", _("Member of staff, online")
    PUBLIC = "public", _("Public form")
    ORAL = "oral", _("Oral report, recorded by a handler")


class IdentityMode(models.TextChoices):
    NAMED = "named", _("Named")
    CONFIDENTIAL = "confidential", _("Confidential")
    ANONYMOUS = "anonymous", _("Anonymous")


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    ASSESSED = "assessed", _("Assessed")
    INVESTIGATING = "investigating", _("Under investigation")
    OUTCOME = "outcome", _("Outcome decided")
    FEEDBACK_GIVEN = "feedback_given", _("Feedback given")
    CLOSED = "closed", _("Closed")


class Assessment(models.TextChoices):
    ADMISSIBLE = "admissible", _("Admissible")
    NOT_ADMISSIBLE = "not_admissible", _("Not admissible")
    REFERRED = "referred", _("Referred elsewhere")


class Outcome(models.TextChoices):
    UNFOUNDED = "unfounded", _("Unfounded")
    INFORMAL = "informal", _("Informal response (conversation, addressing, remark)")
    EVALUATION_NOTE = "evaluation_note", _("Note in the evaluation cycle")
    DISCIPLINARY = "disciplinary", _("Disciplinary procedure")
    CRIMINAL = "criminal", _("Criminal procedure")
    PREVENTION = "prevention", _("Prevention recommendation to a service")
    REFERRAL = "referral", _("Referral (Comité P, public prosecutor, another body)")


class Sanction(models.TextChoices):
    """What a disciplinary procedure ends in: the sanctions of the police discipline law of
    13 May 1999 (light, then heavy), none, or a measure under a contractual member's employment
    contract (law of 3 July 1978)."""

    NONE = "none", _("No sanction")
    WARNING = "warning", _("Warning")
    REPRIMAND = "reprimand", _("Reprimand")
    SALARY_DEDUCTION = "salary_deduction", _("Deduction of salary")
    SUSPENSION = "suspension", _("Suspension as a disciplinary measure")
    LOWER_SCALE = "lower_scale", _("Demotion in salary scale")
    DISMISSAL = "dismissal", _("Dismissal ex officio")
    REMOVAL = "removal", _("Removal from office")
    CONTRACTUAL = "contractual", _("Measure under the employment contract (contractual staff)")


class ReportQuerySet(models.QuerySet["Report"]):
    def visible_to(self, person: Person) -> ReportQuerySet:
        """The cases a person handles: those whose key was given to them and not taken back.

        People involved in a report never get its key, so for them the case does not exist.
        """
        if not person.is_authenticated or not person.is_active:
            return self.none()
        return self.granted_to(person.zone_id, person.pk)

    def granted_to(self, zone_id: int, person_id: int) -> ReportQuerySet:
        """The cases of the zone whose key this person holds (``visible_to`` asks this of an
        active member only)."""
        granted = Grant.objects.filter(person_id=person_id, active=True).values("report_id")
        return self.filter(zone_id=zone_id, pk__in=granted)

    def listed(self, today: date) -> ReportQuerySet:
        """The reports a list may show today (the cases list, the register): an anonymous or
        confidential report only from the day after it was received. Shown the moment it comes
        in, it would be pinned to that moment by whoever also reads the exact times of the day's
        sign-ins (the audit page); the case itself opens by its number on its first day."""
        unnamed = [IdentityMode.ANONYMOUS, IdentityMode.CONFIDENTIAL]
        return self.exclude(received_on__gte=today, identity_mode__in=unnamed)

    def overdue(self, today: date) -> ReportQuerySet:
        """Not acknowledged within 7 days, or no feedback within the 3 months."""
        late_ack = Q(acknowledged_on__isnull=True, acknowledge_by__lt=today)
        late_feedback = Q(feedback_on__isnull=True, feedback_by__lt=today)
        return self.exclude(status=Status.CLOSED).filter(late_ack | late_feedback)


class Report(ChoiceLabels, models.Model):
    """One report, from intake to closure; its content is encrypted with its own case key."""

    # A random key, and a number drawn at random (services._next_number): counted up, either
    # would tell the order reports were filed in, and a report filed at a known moment would
    # place all the others.
    id = RandomKeyField()
    zone = models.ForeignKey(Zone, on_delete=models.PROTECT, related_name="reports")
    number = models.CharField(_("number"), max_length=20)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    identity_mode = models.CharField(_("identity"), max_length=15, choices=IdentityMode.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED
    )
    assessment = models.CharField(max_length=20, choices=Assessment.choices, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    values = models.JSONField(default=list, blank=True)
    services = models.ManyToManyField(Service, blank=True, related_name="reports")
    # The handlers' own filing of the case (`CaseTag`), readable like the kind.
    tags: models.ManyToManyField[CaseTag, CaseTagging] = models.ManyToManyField(
        "CaseTag", blank=True, through="CaseTagging", related_name="reports"
    )

    # Dates only, never times: an anonymous reporter's moments must not be pinned down.
    received_on = models.DateField(_("received on"))
    acknowledge_by = models.DateField(_("acknowledge by"))
    feedback_by = models.DateField(_("feedback by"))
    acknowledged_on = models.DateField(null=True, blank=True)
    assessed_on = models.DateField(null=True, blank=True)
    outcome_on = models.DateField(null=True, blank=True)
    feedback_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)

    # The case key, wrapped for the reporter's receipt (found again by ``receipt_lookup``).
    # A protection case has no receipt of its own: its key is wrapped with its parent's case key.
    receipt_lookup = models.CharField(max_length=64, unique=True, null=True, blank=True)
    receipt_salt = models.BinaryField(null=True, blank=True)
    receipt_opslimit = models.PositiveIntegerField(null=True, blank=True)
    receipt_memlimit = models.PositiveBigIntegerField(null=True, blank=True)
    receipt_box = models.BinaryField(null=True, blank=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="protection_cases"
    )
    parent_box = models.BinaryField(null=True, blank=True)
    # The case key sealed to the zone's recovery key, when the zone has one.
    recovery_box = models.BinaryField(null=True, blank=True)

    content_box = models.BinaryField()
    identity_box = models.BinaryField(null=True, blank=True)

    # Oral reports: the reporter checks and approves the minutes (EU 2019/1937 art. 18).
    minutes_approved_on = models.DateField(null=True, blank=True)
    # A receipt handed over on paper must be replaced at its first use.
    receipt_must_change = models.BooleanField(default=False)

    # The outcome of a disciplinary procedure (sanction, days of hearing and decision, a note),
    # sealed with the case key (`concerned.record_discipline`): no reminder needs its dates.
    discipline_box = models.BinaryField(null=True, blank=True)

    legal_hold = models.BooleanField(_("legal hold"), default=False)
    purged_on = models.DateField(_("purged on"), null=True, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["zone", "number"], name="report_number_unique_in_zone")
        ]
        indexes = [
            models.Index(fields=["zone", "status", "acknowledge_by"], name="report_deadlines"),
            # Open cases are few beside the closed ones: lists and deadline checks read these.
            models.Index(
                fields=["zone", "-received_on"],
                condition=~Q(status="closed"),
                name="report_open_by_date",
            ),
            models.Index(fields=["zone", "-received_on", "-id"], name="report_by_date"),
            # Late acknowledgements and feedback, earliest deadline first (the register).
            models.Index(
                fields=["zone", "acknowledge_by"],
                condition=~Q(status="closed")
                & (Q(acknowledged_on__isnull=True) | Q(feedback_on__isnull=True)),
                name="report_deadline_open",
            ),
            # The case list filtered by kind, newest first.
            models.Index(fields=["zone", "kind", "-received_on", "-id"], name="report_by_kind"),
            # Feedback late or due soon (the case list's deadline filter).
            models.Index(
                fields=["zone", "feedback_by"],
                condition=~Q(status="closed") & Q(feedback_on__isnull=True),
                name="report_feedback_open",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def audit_held(self) -> bool:
        """Events about a report on the day it was received are held until the day is over
        (`kompas.audit.services.Held`): a handler opening it at 14:05 would otherwise tell that
        it was filed before 14:05, and so narrow down who filed it."""
        return self.received_on >= clock.today()

    @staticmethod
    def deadlines(received_on: date) -> tuple[date, date]:
        """Acknowledge within 7 days; feedback within 3 months after those 7 days (EU 2019/1937)."""
        acknowledge_by = received_on + timedelta(days=ACKNOWLEDGE_DAYS)
        return acknowledge_by, add_months(acknowledge_by, FEEDBACK_MONTHS)

    # --- Rules about one report (each names its invariant) ------------------------------------

    def acknowledge(self, *, on: date) -> None:
        """Only a received report is acknowledged; feedback is then due 3 months after that day."""
        self._require(Status.RECEIVED)
        self.status = Status.ACKNOWLEDGED
        self.acknowledged_on = on
        self.feedback_by = add_months(on, FEEDBACK_MONTHS)

    def assess(self, *, on: date, assessment: str) -> None:
        """An acknowledged report is judged admissible, not admissible, or referred elsewhere."""
        self._require(Status.ACKNOWLEDGED)
        if assessment not in Assessment.values:
            raise ValidationError(_("Choose an assessment."))
        self.status = Status.ASSESSED
        self.assessment = assessment
        self.assessed_on = on

    def start_investigation(self) -> None:
        """Only an admissible report is investigated."""
        self._require(Status.ASSESSED)
        if self.assessment != Assessment.ADMISSIBLE:
            raise ValidationError(_("Only an admissible report is investigated."))
        self.status = Status.INVESTIGATING

    def decide_outcome(self, *, on: date, outcome: str) -> None:
        """An investigation ends in one of the outcomes the zone's policy names."""
        self._require(Status.INVESTIGATING)
        if outcome not in Outcome.values:
            raise ValidationError(_("Choose an outcome."))
        self.status = Status.OUTCOME
        self.outcome = outcome
        self.outcome_on = on

    def record_feedback(self, *, on: date) -> None:
        """Feedback follows an outcome, or an assessment that ends the case (not admissible,
        referred)."""
        ends_at_assessment = (
            self.status == Status.ASSESSED and self.assessment != Assessment.ADMISSIBLE
        )
        if self.status != Status.OUTCOME and not ends_at_assessment:
            raise ValidationError(_("Feedback follows an outcome or a closing assessment."))
        self.status = Status.FEEDBACK_GIVEN
        self.feedback_on = on

    def close(self, *, on: date) -> None:
        """A case closes once the reporter has had feedback."""
        self._require(Status.FEEDBACK_GIVEN)
        self.status = Status.CLOSED
        self.closed_on = on

    @property
    def is_closed(self) -> bool:
        return self.status == Status.CLOSED

    def reopen(self) -> None:
        """A closed case opens again where it closed: feedback given, to be closed again."""
        self._require(Status.CLOSED)
        self.status = Status.FEEDBACK_GIVEN
        self.closed_on = None

    def require_open(self) -> None:
        """Nothing is added to a closed case (messages, notes, tasks): it is reopened first."""
        if self.status == Status.CLOSED:
            raise ValidationError(_("The case is closed: reopen it first."))

    def _require(self, status: str) -> None:
        if self.status != status:
            raise ValidationError(
                _("This step is not possible while the case is %(status)s.")
                % {"status": Status(self.status).label}
            )

    def is_acknowledgement_late(self, today: date) -> bool:
        return self.acknowledged_on is None and today > self.acknowledge_by

    def is_feedback_late(self, today: date) -> bool:
        return (
            self.feedback_on is None and self.status != Status.CLOSED and today > self.feedback_by
        )


class HandlerKey(models.Model):
    """A handler's key pair; the private half only wrapped with a key from their password."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="handler_keys")
    public_key = models.BinaryField()
    wrapped_private_key = models.BinaryField()
    salt = models.BinaryField()
    opslimit = models.PositiveIntegerField()
    memlimit = models.PositiveBigIntegerField()
    active = models.BooleanField(default=True)
    created_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(active=True), name="one_active_key_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"key {self.pk} of person {self.person_id}"


class GrantReason(models.TextChoices):
    ROUTING = "routing", _("Routed at intake")
    SHARED = "shared", _("Shared by a handler")
    RECOVERY = "recovery", _("Restored with the recovery key")


class Grant(ChoiceLabels, models.Model):
    """The case key sealed to one handler's key: the handler may open this case."""

    # A random key: reporters' and handlers' rows are written side by side, and numbered in turn
    # they would line up with exactly timed events (kompas.lib.ids.random_key).
    id = RandomKeyField()
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="grants")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="case_grants")
    key = models.ForeignKey(HandlerKey, on_delete=models.PROTECT, related_name="grants")
    sealed_case_key = models.BinaryField()
    reason = models.CharField(max_length=10, choices=GrantReason.choices)
    active = models.BooleanField(default=True)
    granted_on = models.DateField()
    # The conversation's last position this handler has read: a reporter's message after it
    # is unread for them (the handler's inbox, the case list, the case page).
    seen_position = models.PositiveIntegerField(default=0)
    # The last reporter's message this handler was mailed about (the daily digest of answers).
    told_position = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["report", "person"], condition=Q(active=True), name="one_grant_per_handler"
            )
        ]
        indexes = [models.Index(fields=["person", "active", "report"], name="grant_by_person")]

    def __str__(self) -> str:
        return f"grant of {self.report_id} to {self.person_id}"


class Author(models.TextChoices):
    REPORTER = "reporter", _("Reporter")
    HANDLER = "handler", _("Handler")


_CONVERSATION_LOCK = 0x4B6F6D63  # the first key of a conversation's lock (the second: its report)


class Message(ChoiceLabels, models.Model):
    """A message between reporter and handlers, or an internal note between handlers."""

    # A random key: reporters' and handlers' rows are written side by side, and numbered in turn
    # they would line up with exactly timed events (kompas.lib.ids.random_key).
    id = RandomKeyField()
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="messages")
    author = models.CharField(max_length=10, choices=Author.choices)
    # The handler who wrote it; never set for a reporter.
    handler = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    internal = models.BooleanField(default=False)
    created_on = models.DateField()
    # Its place in the case's conversation (1, 2, ...): the key is random, so it cannot order them.
    position = models.PositiveIntegerField(default=0)
    body_box = models.BinaryField()

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(author="handler") | Q(handler__isnull=True, internal=False),
                name="reporter_messages_are_unlinked_and_public",
            )
        ]

    def __str__(self) -> str:
        return f"message {self.pk} on {self.report_id}"

    @staticmethod
    def next_position(report_id: int) -> int:
        """The place of a new message at the end of the case's conversation, inside the writer's
        transaction. One writer of a conversation at a time: a transaction-level advisory lock on
        PostgreSQL (a row lock would write the writer's transaction into the report's row);
        SQLite writes one transaction at a time anyway."""
        from django.db import connection

        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_advisory_xact_lock(%s::int, %s::int)",
                    [_CONVERSATION_LOCK, report_id % 2**31],
                )
        last = Message.objects.filter(report_id=report_id).aggregate(last=models.Max("position"))
        return (last["last"] or 0) + 1


class RevealState(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class RevealRequest(ChoiceLabels, models.Model):
    """A handler asks to see a confidential reporter's identity; a second person decides.

    The reason is readable by the handlers (case key) and by the approver (sealed to their key).
    """

    # A random key: reporters' and handlers' rows are written side by side, and numbered in turn
    # they would line up with exactly timed events (kompas.lib.ids.random_key).
    id = RandomKeyField()
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="reveal_requests")
    requested_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    approver = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    reason_box = models.BinaryField()
    reason_for_approver = models.BinaryField()
    state = models.CharField(
        max_length=10, choices=RevealState.choices, default=RevealState.PENDING
    )
    requested_on = models.DateField()
    decided_on = models.DateField(null=True, blank=True)
    # Directive art. 16(3): the reporter is told, with the reason, before their identity is
    # shown; the handler writes that message with the request (sealed with the case key, posted
    # to the reporter when the request is approved), or records why telling them would
    # jeopardise the investigation (sealed too). One of the two, always.
    notice_box = models.BinaryField(null=True, blank=True)
    notice_withheld_box = models.BinaryField(null=True, blank=True)
    reporter_told_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["report"], condition=Q(state="pending"), name="one_pending_reveal_per_case"
            ),
            models.CheckConstraint(
                condition=~Q(requested_by=models.F("approver")), name="reveal_needs_two_people"
            ),
        ]

    def __str__(self) -> str:
        return f"reveal request {self.pk} on {self.report_id}"

    def decide(self, *, approve: bool, on: date) -> None:
        """A pending request is decided once."""
        if self.state != RevealState.PENDING:
            raise ValidationError(_("This request was decided already."))
        self.state = RevealState.APPROVED if approve else RevealState.REFUSED
        self.decided_on = on


class MeetingState(models.TextChoices):
    REQUESTED = "requested", _("Asked for")
    PLANNED = "planned", _("Planned")
    DECLINED = "declined", _("Declined")
    HELD = "held", _("Held: minutes to approve")
    CORRECTIONS_SENT = "corrections_sent", _("Held: the reporter sent corrections")
    MINUTES_APPROVED = "minutes_approved", _("Held: minutes approved")


# A meeting in one of these states is over: the reporter may ask for another one.
MEETING_OVER = (MeetingState.DECLINED, MeetingState.MINUTES_APPROVED)


class Meeting(ChoiceLabels, models.Model):
    """A meeting the reporter asked for (directive art. 9(2)): planned by a handler, then
    documented by minutes that the reporter approves or corrects on the follow-up page.

    The reporter's own words (the request with their wishes, their corrections) are messages in
    the case's conversation; what the handlers write (the plan, why it was declined, the
    minutes) is sealed here with the case key. The plan's day, hour and place are sealed too:
    readable, they would tell when the reporter is where."""

    # A random key: reporters' and handlers' rows are written side by side, and numbered in turn
    # they would line up with exactly timed events (kompas.lib.ids.random_key).
    id = RandomKeyField()
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="meetings")
    state = models.CharField(
        max_length=20, choices=MeetingState.choices, default=MeetingState.REQUESTED
    )
    # Days only, as every date about a report.
    requested_on = models.DateField()
    plan_box = models.BinaryField(null=True, blank=True)
    declined_box = models.BinaryField(null=True, blank=True)
    minutes_box = models.BinaryField(null=True, blank=True)
    # As an oral report's minutes (`Report.minutes_approved_on`): approved by the reporter, dated.
    minutes_approved_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["report"],
                condition=~Q(state__in=["declined", "minutes_approved"]),
                name="one_open_meeting_per_case",
            )
        ]

    def __str__(self) -> str:
        return f"meeting {self.pk} on {self.report_id}"

    @property
    def is_over(self) -> bool:
        return self.state in MEETING_OVER

    def plan(self) -> None:
        """A meeting asked for (or planned already, to move it) is planned."""
        self._require(MeetingState.REQUESTED, MeetingState.PLANNED)
        self.state = MeetingState.PLANNED

    def decline(self) -> None:
        """A meeting not held yet can be declined (with a reason the reporter reads)."""
        self._require(MeetingState.REQUESTED, MeetingState.PLANNED)
        self.state = MeetingState.DECLINED

    def record_minutes(self) -> None:
        """Minutes follow a planned meeting; they are written again after the reporter's
        corrections (or before the reporter approved them), and the reporter checks them anew."""
        self._require(MeetingState.PLANNED, MeetingState.HELD, MeetingState.CORRECTIONS_SENT)
        self.state = MeetingState.HELD

    def approve_minutes(self, *, on: date) -> None:
        """The reporter approves minutes they have read, once; the day is kept."""
        self._require(MeetingState.HELD)
        self.state = MeetingState.MINUTES_APPROVED
        self.minutes_approved_on = on

    def correct_minutes(self) -> None:
        """The reporter sends corrections to minutes not approved yet."""
        self._require(MeetingState.HELD)
        self.state = MeetingState.CORRECTIONS_SENT

    def _require(self, *states: str) -> None:
        if self.state not in states:
            raise ValidationError(
                _("This step is not possible for the meeting as it stands (%(state)s).")
                % {"state": MeetingState(self.state).label}
            )


class ConcernedState(models.TextChoices):
    TO_INFORM = "to_inform", _("To be informed")
    DELAYED = "delayed", _("Informing delayed")
    INFORMED = "informed", _("Informed")


# A person concerned is informed within a month (GDPR art. 14(3)(a)), unless it is delayed for a
# reason recorded, with a day to review the delay (art. 14(5)(b), directive 2019/1937 art. 22).
INFORM_MONTHS = 1


class PersonConcerned(ChoiceLabels, models.Model):
    """A person concerned by a case (directive 2019/1937 art. 22), as the handlers refer to
    them: a label of their choosing ("person concerned 1"), when and how they were informed
    and heard, or why informing them is delayed. All of it is sealed with the case key; readable
    are only the state and the day it is next due (the reminders and the deadline lists need
    them without any handler's key), days only as every date about a report."""

    # A random key, as every row written about a report (kompas.lib.ids.random_key).
    id = RandomKeyField()
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="persons_concerned")
    state = models.CharField(
        max_length=10, choices=ConcernedState.choices, default=ConcernedState.TO_INFORM
    )
    added_on = models.DateField()
    # To inform by (a month after it was recorded) or to review the delay on; none once informed.
    due_on = models.DateField(null=True, blank=True)
    box = models.BinaryField()

    class Meta:
        indexes = [
            models.Index(
                fields=["report", "due_on"],
                condition=Q(due_on__isnull=False),
                name="concerned_due",
            )
        ]

    def __str__(self) -> str:
        return f"person concerned {self.pk} on {self.report_id}"

    def inform(self) -> None:
        """A person not informed yet is informed (the delay, if any, ends)."""
        if self.state == ConcernedState.INFORMED:
            raise ValidationError(_("This person concerned was informed already."))
        self.state = ConcernedState.INFORMED
        self.due_on = None

    def delay(self, *, review_on: date, today: date) -> None:
        """Informing a person not informed yet is delayed until a day to review it."""
        if self.state == ConcernedState.INFORMED:
            raise ValidationError(_("This person concerned was informed already."))
        if review_on <= today:
            raise ValidationError({"review_on": _("Choose a day to review the delay after today.")})
        self.state = ConcernedState.DELAYED
        self.due_on = review_on


class Attachment(models.Model):
    """A file that came with a report or a message, stored encrypted outside the database.

    Its name is encrypted with the case key; ``stored_name`` is random and says nothing.
    """

    # A random key: reporters' and handlers' rows are written side by side, and numbered in turn
    # they would line up with exactly timed events (kompas.lib.ids.random_key).
    id = RandomKeyField()
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="attachments")
    message = models.ForeignKey(
        Message, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    from_reporter = models.BooleanField(default=False)
    stored_name = models.CharField(max_length=64, unique=True)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    name_box = models.BinaryField()
    created_on = models.DateField()

    def __str__(self) -> str:
        return f"attachment {self.pk} on {self.report_id}"


# Months after closure before a case's content is destroyed, unless the zone sets otherwise.
DEFAULT_RETENTION_MONTHS = {
    Kind.ADVICE: 12,
    Kind.CONGRATULATION: 24,
    Kind.COMPLAINT: 36,
    Kind.BREACH: 60,
    Kind.WELLBEING: 60,
    Kind.RETALIATION: 60,
}


class RetentionPeriod(ChoiceLabels, models.Model):
    """The zone's own retention period for one kind of report, in months after closure."""

    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="retention_periods")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    months = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["zone", "kind"], name="one_retention_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.months} months"

    @staticmethod
    def months_for(zone_id: int, kind: str) -> int:
        own = RetentionPeriod.objects.filter(zone_id=zone_id, kind=kind).first()
        return own.months if own else DEFAULT_RETENTION_MONTHS[Kind(kind)]


class Task(models.Model):
    """Something a handler must do on a case, by a date; its text is encrypted."""

    # A random key: reporters' and handlers' rows are written side by side, and numbered in turn
    # they would line up with exactly timed events (kompas.lib.ids.random_key).
    id = RandomKeyField()
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="tasks")
    title_box = models.BinaryField()
    due_on = models.DateField()
    assigned_to = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["done_on", "due_on", "pk"]

    def __str__(self) -> str:
        return f"task {self.pk} on {self.report_id}"


class RecoveryKey(models.Model):
    """The zone's recovery public key. Its private half exists only as Shamir shares on paper,
    held by different people; any ``threshold`` of them together can restore access to a case."""

    zone = models.ForeignKey(Zone, on_delete=models.PROTECT, related_name="recovery_keys")
    public_key = models.BinaryField()
    threshold = models.PositiveSmallIntegerField()
    shares = models.PositiveSmallIntegerField()
    holders = models.CharField(max_length=500)
    active = models.BooleanField(default=True)
    created_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["zone"], condition=Q(active=True), name="one_active_recovery_key"
            )
        ]

    def __str__(self) -> str:
        return f"recovery key {self.pk} of zone {self.zone_id}"


# Kompas' own text about the external channel (directive art. 9(1)(g): clear information about
# reporting externally), in our words; a zone may write its own per language.
EXTERNAL_CHANNEL = _(
    "Comité P, the Standing Police Monitoring Committee, is the external channel for everyone "
    "who works in or deals with the integrated police. You may report to it instead of here, "
    "or after reporting here: for instance when you fear reprisals, when you doubt that the "
    "zone can handle your report impartially, or when you had no feedback within three months. "
    "A report made there in good faith protects you as one made here. Comité P, Leuvenseweg "
    "48 bus 1, 1000 Brussel (rue de Louvain 48 boîte 1, 1000 Bruxelles), www.comitep.be."
)


class ChannelSettings(models.Model):
    """How the zone runs its channel; changed by the integrity officer."""

    zone = models.OneToOneField(Zone, on_delete=models.CASCADE, related_name="channel_settings")
    auto_acknowledge = models.BooleanField(
        _("acknowledge new reports automatically"), default=False
    )
    # The services a citizen can name on the public form: those a citizen would know (the
    # reception, the neighbourhood posts), not internal ones (ICT, Finance). None: not asked.
    public_services = models.ManyToManyField(
        Service, blank=True, related_name="+", verbose_name=_("services on the public form")
    )
    # The zone's own words about the external channel, per language ({"nl": ..., "fr": ...});
    # a language left empty shows Kompas' own text (`external_channel_text`).
    external_channel = models.JSONField(default=dict, blank=True)

    def __str__(self) -> str:
        return f"channel settings of zone {self.zone_id}"

    def external_channel_text(self, language: str) -> str:
        """What reporters read about Comité P in ``language``: the zone's text, else ours."""
        own = (self.external_channel or {}).get(language, "").strip()
        return own or str(EXTERNAL_CHANNEL)

    @staticmethod
    def of(zone_id: int) -> ChannelSettings:
        found = _CHANNEL_SETTINGS(zone_id=zone_id)
        return found[0] if found else ChannelSettings(zone_id=zone_id)


# Read on the register and on every report sent, compiled once (`kompas.lib.prepared`): one
# row at most (a zone has one).
_CHANNEL_SETTINGS: Prepared[ChannelSettings] = Prepared(
    lambda zone_id: ChannelSettings.objects.filter(zone_id=zone_id).order_by()
)


class Substitute(models.Model):
    """Someone the integrity officer names to receive reports of a kind when every usual handler
    of that kind is kept out of a report (named as involved, the reporter, or in the reporter's
    chain of command) or cannot receive it yet. Substitutes come before the policy's own
    fallback (`services.FALLBACK`), and like every recipient are never someone kept out."""

    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("substitute handler")
        constraints = [
            models.UniqueConstraint(fields=["zone", "kind", "person"], name="one_substitute_once")
        ]

    def __str__(self) -> str:
        return f"substitute for {self.kind} in zone {self.zone_id}"


class Notice(models.Model):
    """A handler is still to be told that a new case awaits them (`kompas.reporting.notices`).

    Anonymous and confidential reports are told in the daily digest, with every report of the
    complete days before it: a mail sent at the moment of filing would give the filing time to
    whoever sees the mail. No time, and a random key: the rows say nothing of when."""

    id = RandomKeyField()
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")

    def __str__(self) -> str:
        return f"notice of {self.report_id} to {self.person_id}"


class CaseTag(models.Model):
    """A label from the zone's own vocabulary that handlers file cases under ("ICT-misbruik").

    Classification like the kind, so stored plain: a tag never holds a name or a fact (the page
    that adds one says so), and a label is unique in its zone whatever its case. Kept by the
    handlers themselves; a tag still on a case cannot be deleted."""

    # Random keys here and on the links below: counted up, they would tell the order in which
    # handlers filed cases, to be lined up with the rows of other tables.
    id = RandomKeyField()
    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="+")
    label = models.CharField(_("tag"), max_length=40)

    class Meta:
        verbose_name = _("tag")
        ordering = ["label"]
        constraints = [
            models.UniqueConstraint("zone", Lower("label"), name="case_tag_unique_in_zone")
        ]

    def __str__(self) -> str:
        return self.label


class CaseTagging(models.Model):
    """One tag on one case (the handlers' filing, editable on a closed case too)."""

    id = RandomKeyField()
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="taggings")
    tag = models.ForeignKey(CaseTag, on_delete=models.PROTECT, related_name="taggings")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "tag"], name="one_tagging_per_case")
        ]
        # The case list's search by tag starts from the tag.
        indexes = [models.Index(fields=["tag", "report"], name="tagging_by_tag")]

    def __str__(self) -> str:
        return f"tag {self.tag_id} on {self.report_id}"


class CaseLink(models.Model):
    """Two cases of a zone a handler filed as related, shown on both to whoever sees the other.

    A pair is stored once, its cases in the order of their keys (`first` < `second`), so that
    linking B to A finds the link of A to B."""

    id = RandomKeyField()
    first = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="one_link_per_pair"),
            models.CheckConstraint(
                condition=Q(first__lt=models.F("second")), name="link_pair_in_order"
            ),
        ]
        indexes = [models.Index(fields=["second", "first"], name="link_by_second")]

    def __str__(self) -> str:
        return f"link of {self.first_id} and {self.second_id}"
