"""The zone's own privacy texts, kept with their history as the zone's other texts are: a change
adds a row and the newest is in force (`registers.models.VersionedRules` for the contacts, the
shape of `registers.models.Wording` for the texts, per key and language)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from kompas.accounts.models import Person, Zone
from kompas.lib.models import ChoiceLabels
from kompas.registers.models import VersionedRules


class PrivacyContacts(VersionedRules):
    """Whom the zone's notices, records and accessibility statement name: the controller, the
    data protection officer, and who answers accessibility problems. A change adds a row; the
    newest is in force. Empty until the zone fills them in (the pages then say so)."""

    controller = models.TextField(_("controller: name and address"), max_length=600, blank=True)
    dpo_name = models.CharField(
        _("data protection officer: name or service"), max_length=200, blank=True
    )
    dpo_email = models.EmailField(_("data protection officer: e-mail address"), blank=True)
    dpo_phone = models.CharField(_("data protection officer: phone"), max_length=40, blank=True)
    dpo_address = models.TextField(
        _("data protection officer: postal address"), max_length=400, blank=True
    )
    accessibility_email = models.EmailField(_("accessibility problems: e-mail address"), blank=True)
    accessibility_phone = models.CharField(
        _("accessibility problems: phone"), max_length=40, blank=True
    )

    described = "privacy contacts"

    FIELDS = (
        "controller",
        "dpo_name",
        "dpo_email",
        "dpo_phone",
        "dpo_address",
        "accessibility_email",
        "accessibility_phone",
    )

    def missing(self) -> list[str]:
        """What must be filled in before the zone goes live: the controller, a way to reach the
        data protection officer, and a way to report an accessibility problem."""
        gaps = []
        if not self.controller.strip():
            gaps.append("controller")
        if not (self.dpo_email or self.dpo_phone or self.dpo_address.strip()):
            gaps.append("dpo")
        if not (self.accessibility_email or self.accessibility_phone):
            gaps.append("accessibility")
        return gaps


class NoticeText(models.Model):
    """The zone's own wording of one part of its privacy notices (`texts.KEYS`), per language.
    A change adds a row; the newest row per key is in force, and the history stays readable."""

    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=40)
    texts = models.JSONField()
    created_on = models.DateField()
    created_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-pk"]
        indexes = [models.Index(fields=["zone", "key"], name="notice_text_by_key")]

    def __str__(self) -> str:
        return f"notice text {self.key} of zone {self.zone_id}"


# --- Data-subject requests (GDPR art. 15-21) ---------------------------------------------------


class RequestKind(models.TextChoices):
    ACCESS = "access", _("Access (art. 15)")
    RECTIFICATION = "rectification", _("Rectification (art. 16)")
    ERASURE = "erasure", _("Erasure (art. 17)")
    RESTRICTION = "restriction", _("Restriction of processing (art. 18)")
    OBJECTION = "objection", _("Objection (art. 21)")


class Requester(models.TextChoices):
    MEMBER = "member", _("A member of staff of the zone")
    CITIZEN = "citizen", _("A citizen")
    CONCERNED = "concerned", _("A person concerned by a report")


class RequestState(models.TextChoices):
    RECEIVED = "received", _("Received")
    EXTENDED = "extended", _("Extended")
    ANSWERED = "answered", _("Answered")
    REFUSED = "refused", _("Refused")
    RESTRICTED = "restricted", _("Restricted")


OPEN_STATES = (RequestState.RECEIVED, RequestState.EXTENDED)


class RestrictionReason(models.TextChoices):
    """Why the whistleblowing law restricts the right (GDPR art. 23; directive 2019/1937 art.
    16 and 22; the Belgian law of 8 December 2022): the answer then says no more than that."""

    REPORTER_IDENTITY = "reporter", _("It would reveal the identity of a reporter (art. 16)")
    INVESTIGATION = (
        "investigation",
        _("It would hinder the follow-up of a report or an investigation (art. 23(1)(d), (h))"),
    )
    CONCERNED = (
        "concerned",
        _(
            "It would harm the rights of a person concerned or of third parties (art. 22, art. 23(1)(i))"
        ),
    )
    DISCIPLINARY = (
        "disciplinary",
        _("It would hinder a disciplinary procedure or its prevention (art. 23(1)(g))"),
    )


SEALED_REQUEST = "privacy-requests"


class DataSubjectRequestQuerySet(models.QuerySet["DataSubjectRequest"]):
    def visible_to(self, person: Person) -> DataSubjectRequestQuerySet:
        """The requests of ``person``'s zone they may see: the data protection officer neither
        sees nor counts those that only the integrity officer handles (`integrity_only`)."""
        mine = self.filter(zone_id=person.zone_id)
        if person.has_role("integrity_officer"):
            return mine
        return mine.filter(integrity_only=False)


class DataSubjectRequest(ChoiceLabels, models.Model):
    """A request of a person to exercise a right over their data, registered by the data
    protection officer or the integrity officer, and what was answered by when.

    Who asked (for a citizen or a person concerned: the name and contact the request gives),
    what they asked, why the deadline was extended and what was answered are sealed with the
    installation's notes key (`kompas.lib.sealed`, `SEALED_REQUEST`): a person concerned's name
    must never sit in plain text beside the word "concerned". Readable are the kinds, states and
    days the deadlines and the home page's counts need, and the member's row when a member asks
    (their name is in the people's table anyway)."""

    zone = models.ForeignKey(Zone, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("right"), max_length=15, choices=RequestKind.choices)
    requester = models.CharField(_("who asks"), max_length=10, choices=Requester.choices)
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    received_on = models.DateField(_("received on"))
    due_on = models.DateField(_("to answer by"))
    state = models.CharField(
        max_length=10, choices=RequestState.choices, default=RequestState.RECEIVED
    )
    extended_on = models.DateField(null=True, blank=True)
    answered_on = models.DateField(null=True, blank=True)
    # Seen, counted and reminded to the integrity officer only (`visible_to`): a request of a
    # person concerned, and any request whose answer was restricted. A restriction says the
    # person is involved in a report; its reason and a member's row then live in the sealed
    # box, and the state reads "answered" (`close`).
    integrity_only = models.BooleanField(default=False)
    sealed = models.BinaryField()
    registered_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submission_token = models.CharField(max_length=64, unique=True)

    objects = DataSubjectRequestQuerySet.as_manager()

    # One month from receipt, extendable by two further months (GDPR art. 12(3)).
    MONTHS = 1
    EXTRA_MONTHS = 2

    class Meta:
        ordering = ["-received_on", "-pk"]
        indexes = [
            models.Index(
                fields=["zone", "due_on"],
                condition=models.Q(state__in=["received", "extended"]),
                name="dsr_open_by_due",
            )
        ]

    def __str__(self) -> str:
        return f"data-subject request {self.pk} of zone {self.zone_id}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    def contents(self) -> dict[str, str]:
        """What is sealed: who asked (a citizen or a person concerned), how to reach them, what
        they asked, why the deadline was extended, what was answered, changed and kept."""
        from kompas.lib import sealed

        return dict(sealed.open_json(SEALED_REQUEST, self.sealed, {}))

    def restriction(self, contents: dict[str, str] | None = None) -> str:
        """The sealed reason of a restricted answer's (`RestrictionReason`), else ""."""
        return (contents if contents is not None else self.contents()).get("restriction", "")

    def member(self, contents: dict[str, str] | None = None) -> Person | None:
        """The member who asks: the readable row, or once restricted the sealed one's."""
        if self.person_id is not None:
            return self.person
        sealed_id = (contents if contents is not None else self.contents()).get("person_id")
        if not sealed_id:
            return None
        return Person.objects.filter(pk=int(sealed_id), zone_id=self.zone_id).first()

    def late(self, day: date) -> bool:
        return self.is_open and day > self.due_on

    def extend(self, *, on: date) -> None:
        """The deadline moves to three months from receipt, once, while the request is open
        (GDPR art. 12(3): the person is told why within the first month)."""
        from kompas.lib.clock import add_months

        if self.state != RequestState.RECEIVED:
            raise ValidationError(
                _("Only a request not yet extended nor answered can be extended.")
            )
        if on > self.due_on:
            raise ValidationError(
                _("The first month has passed: the extension had to be told within it.")
            )
        self.state = RequestState.EXTENDED
        self.extended_on = on
        self.due_on = add_months(self.received_on, self.MONTHS + self.EXTRA_MONTHS)

    def close(self, *, state: str, restriction: str, on: date, by: Person) -> dict[str, str]:
        """Answered, refused or restricted (with the reason from `RestrictionReason`); an
        answered request stays as it was answered. Returns what the sealed box must hold
        beside the answer: for a restricted one its reason and the member's id, which leave
        the readable row (its state reads "answered", and the integrity officer only sees it)."""
        if not self.is_open:
            raise ValidationError(_("This request was answered already."))
        if state not in (RequestState.ANSWERED, RequestState.REFUSED, RequestState.RESTRICTED):
            raise ValidationError(_("Choose how the request was answered."))
        if state == RequestState.RESTRICTED and restriction not in RestrictionReason.values:
            raise ValidationError(
                {"restriction": _("Choose why the whistleblowing law restricts the right.")}
            )
        self.answered_on = on
        self.answered_by = by
        if state != RequestState.RESTRICTED:
            self.state = state
            return {}
        sealed = {"restriction": restriction}
        if self.person is not None:
            # The list shows the sealed name of a request whose member row left it.
            sealed.update(person_id=str(self.person.pk), name=self.person.full_name)
        self.state = RequestState.ANSWERED
        self.person = None
        self.integrity_only = True
        return sealed
