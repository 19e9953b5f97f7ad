"""The ethical compass: value texts (versioned), the dilemma library, private decision aids and
conversation sheets, and live dilemma trainings with anonymous votes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kompas.compass.values import DEFAULT_COLOURS, Value
from kompas.lib.models import ChoiceLabels, TranslatedLabels

if TYPE_CHECKING:
    from kompas.accounts.models import Person

LANGUAGE_CODES = ("nl", "fr", "en")


def pick(texts: dict[str, Any] | None, language: str | None = None) -> str:
    """The text in the asked (or current) language, else Dutch, else any that exists."""
    if not texts:
        return ""
    language = (language or get_language() or "nl")[:2]
    for code in (language, "nl", "fr", "en"):
        if texts.get(code):
            return str(texts[code])
    return ""


def picked_language(texts: dict[str, Any] | None, language: str | None = None) -> str:
    """The language ``pick`` falls back to, so a page can mark a text that is not in its language."""
    language = (language or get_language() or "nl")[:2]
    for code in (language, "nl", "fr", "en"):
        if texts and texts.get(code):
            return code
    return language


# --- The compass's texts -----------------------------------------------------------------------


class CompassEdition(models.Model):
    """One published version of the zone's value texts. Editions are never changed: an edit
    publishes the next edition, so what the compass said on any day stays readable."""

    zone = models.ForeignKey("accounts.Zone", on_delete=models.CASCADE, related_name="+")
    number = models.PositiveIntegerField()
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = models.CharField(_("what changed"), max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["zone", "number"], name="compass_edition_once")
        ]
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"{self.zone_id}/{self.number}"


class ValueText(ChoiceLabels, models.Model):
    edition = models.ForeignKey(CompassEdition, on_delete=models.CASCADE, related_name="texts")
    value = models.CharField(max_length=30, choices=Value.choices)
    language = models.CharField(max_length=2)
    name = models.CharField(max_length=100)
    summary = models.TextField()
    behaviour = models.TextField(help_text="One expected behaviour per line.")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "value", "language"], name="compass_value_text_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.value}/{self.language}"

    @property
    def behaviours(self) -> list[str]:
        return [line.strip() for line in self.behaviour.splitlines() if line.strip()]


class CompassSettings(models.Model):
    """Per zone: the smallest group whose votes may be shown (fewer would let people guess who
    voted what), and the values' colours on the compass picture."""

    zone = models.OneToOneField("accounts.Zone", on_delete=models.CASCADE, related_name="+")
    min_group = models.PositiveSmallIntegerField(
        _("smallest group whose votes are shown"), default=5
    )
    # Value code -> "#rrggbb", only for the values the zone gave a colour of its own; the others
    # keep values.DEFAULT_COLOURS.
    colours = models.JSONField(default=dict, blank=True)

    MIN_GROUP_FLOOR = 3

    def __str__(self) -> str:
        return f"compass settings of zone {self.zone_id}"

    @classmethod
    def for_zone(cls, zone_id: int) -> CompassSettings:
        found = cls.objects.filter(zone_id=zone_id).first()
        return found or cls(zone_id=zone_id)

    def colour_of(self, value: str) -> str:
        return str((self.colours or {}).get(value) or DEFAULT_COLOURS[value])


# --- The dilemma library ------------------------------------------------------------------------


class Theme(models.TextChoices):
    GIFTS = "gifts", _("Gifts and invitations")
    SOCIAL_MEDIA = "social_media", _("Social media")
    PRIVATE_CONTACTS = "private_contacts", _("Private contacts")
    DATABASES = "databases", _("Use of police databases")
    LOYALTY = "loyalty", _("Loyalty")
    PUBLIC_MEANS = "public_means", _("Use of public means")
    CONFLICT_OF_INTEREST = "conflict_of_interest", _("Conflicts of interest")
    SIDE_ACTIVITIES = "side_activities", _("Side activities")
    SPEAKING_UP = "speaking_up", _("Speaking up")
    EQUAL_TREATMENT = "equal_treatment", _("Equal treatment")
    CONFIDENTIALITY = "confidentiality", _("Confidentiality")
    LEADERSHIP = "leadership", _("Leadership")


class Audience(models.TextChoices):
    OPERATIONAL = "operational", _("Operational staff")
    CALOG = "calog", _("CALog staff")
    LEADERS = "leaders", _("Leaders")
    NEWCOMERS = "newcomers", _("Newcomers")


class DilemmaStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed, awaiting review")
    PUBLISHED = "published", _("In the library")
    REJECTED = "rejected", _("Not taken into the library")


class DilemmaQuerySet(models.QuerySet["Dilemma"]):
    def library_for(self, person: Person) -> DilemmaQuerySet:
        """The starter set (shared by all zones) and the zone's own published dilemmas."""
        return self.filter(
            Q(zone__isnull=True) | Q(zone_id=person.zone_id), status=DilemmaStatus.PUBLISHED
        )

    def proposals_for(self, person: Person) -> DilemmaQuerySet:
        return self.filter(zone_id=person.zone_id, status=DilemmaStatus.PROPOSED)

    def touching(self, values: set[str]) -> DilemmaQuerySet:
        """Those whose options serve or put under pressure one of these values (`values_touched`),
        found from the options' values alone (asked of the database), in the order they were
        added."""
        if not values:
            return self.none()
        options = DilemmaOption.objects.filter(dilemma=OuterRef("pk")).filter(
            Q(serves__has_any_of=values) | Q(harms__has_any_of=values)
        )
        return self.filter(Exists(options)).order_by("pk")


# Labels by value, made once (an enum's .values and Theme(t) are rebuilt on every use).
_THEMES = TranslatedLabels(Theme.choices)
_AUDIENCES = TranslatedLabels(Audience.choices)


class Dilemma(ChoiceLabels, models.Model):
    """A dilemma: a situation where values collide and each option has something to say for it.

    Texts are kept per language (``{"nl": ..., "fr": ..., "en": ...}``); a proposal from a member
    holds the language it was written in until the reviewers add the others. The starter set has
    no zone and is shared; a zone's own dilemmas belong to it alone.
    """

    zone = models.ForeignKey("accounts.Zone", on_delete=models.CASCADE, null=True, related_name="+")
    key = models.SlugField(max_length=60, blank=True)
    status = models.CharField(max_length=12, choices=DilemmaStatus.choices)
    title = models.JSONField(default=dict)
    situation = models.JSONField(default=dict)
    # A list of {"who": {lang: text}, "view": {lang: text}}: voices that add complexity.
    perspectives = models.JSONField(default=list, blank=True)
    reflection = models.JSONField(default=dict, blank=True)
    themes = models.JSONField(default=list)
    audiences = models.JSONField(default=list)
    services = models.ManyToManyField("accounts.Service", blank=True, related_name="+")
    # Only when the member asked to be kept informed; the reviewers publish it anonymised.
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    proposed_on = models.DateField(null=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reviewed_on = models.DateField(null=True)
    review_note = models.TextField(blank=True)
    submission_token = models.CharField(max_length=64, null=True, unique=True)  # noqa: DJ001 (unique, absent for the starter set)

    objects = DilemmaQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["key"], condition=Q(zone__isnull=True), name="compass_starter_key_once"
            )
        ]
        ordering = ["pk"]

    def __str__(self) -> str:
        return pick(self.title)

    @property
    def title_text(self) -> str:
        return pick(self.title)

    @property
    def title_language(self) -> str:
        return picked_language(self.title)

    @property
    def situation_text(self) -> str:
        return pick(self.situation)

    @property
    def reflection_text(self) -> str:
        return pick(self.reflection)

    @property
    def perspective_texts(self) -> list[tuple[str, str]]:
        return [(pick(p.get("who")), pick(p.get("view"))) for p in self.perspectives]

    def get_themes_display(self) -> list[str]:
        labels = _THEMES()
        return [labels[t] for t in self.themes if t in labels]

    def get_audiences_display(self) -> list[str]:
        labels = _AUDIENCES()
        return [labels[a] for a in self.audiences if a in labels]

    @property
    def values_touched(self) -> list[str]:
        seen: list[str] = []
        for option in self.options.all():
            for code in [*option.serves, *option.harms]:
                if code not in seen:
                    seen.append(code)
        return seen


class DilemmaOption(models.Model):
    dilemma = models.ForeignKey(Dilemma, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField()
    text = models.JSONField(default=dict)
    serves = models.JSONField(default=list)
    harms = models.JSONField(default=list)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["dilemma", "position"], name="compass_option_once")
        ]

    def __str__(self) -> str:
        return f"{self.dilemma_id}/{self.letter}"

    @property
    def letter(self) -> str:
        return "ABCD"[self.position] if self.position < 4 else str(self.position + 1)

    @property
    def text_value(self) -> str:
        return pick(self.text)

    def get_serves_display(self) -> list[str]:
        return [str(Value(v).label) for v in self.serves if v in Value.values]

    def get_harms_display(self) -> list[str]:
        return [str(Value(v).label) for v in self.harms if v in Value.values]


# --- Private records: the decision aid and conversation sheets -----------------------------------


class DilemmaWalk(models.Model):
    """A member's private walk through a dilemma. The content is sealed (kompas.lib.sealed); only
    the owner reads it, and whoever the owner shares it with by an explicit act."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    zone = models.ForeignKey("accounts.Zone", on_delete=models.CASCADE, related_name="+")
    created_on = models.DateField()
    updated_on = models.DateField()
    step = models.PositiveSmallIntegerField(default=0)
    sealed = models.BinaryField()

    class Meta:
        ordering = ["-updated_on", "-pk"]

    def __str__(self) -> str:
        return f"walk {self.pk}"


class WalkShare(models.Model):
    walk = models.ForeignKey(DilemmaWalk, on_delete=models.CASCADE, related_name="shares")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    shared_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["walk", "person"], name="compass_walk_shared_once")
        ]

    def __str__(self) -> str:
        return f"walk {self.walk_id} shared with {self.person_id}"


class Guide(models.TextChoices):
    ADDRESSING = "addressing", _("Addressing a colleague")
    ADDRESSED = "addressed", _("Being addressed by a colleague")


class ConversationSheet(ChoiceLabels, models.Model):
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    guide = models.CharField(max_length=12, choices=Guide.choices)
    created_on = models.DateField()
    updated_on = models.DateField()
    sealed = models.BinaryField()

    class Meta:
        ordering = ["-updated_on", "-pk"]

    def __str__(self) -> str:
        return f"sheet {self.pk}"


# --- Live trainings -------------------------------------------------------------------------------


class Mode(models.TextChoices):
    LIVE = "live", _("Team session: the screen shows the dilemma and the votes")
    LECTURE = "lecture", _("Lecture: the screen shows the statistics only")


class SessionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    OPEN = "open", _("Running")
    CLOSED = "closed", _("Held")


class TrainingSessionQuerySet(models.QuerySet["TrainingSession"]):
    def run_by(self, person: Person) -> TrainingSessionQuerySet:
        return self.filter(zone_id=person.zone_id, facilitator=person)


class TrainingSession(ChoiceLabels, models.Model):
    """A dilemma training led by a facilitator. Participants join with ``code``; their votes carry
    no person and no time (see Tally and Ballot)."""

    zone = models.ForeignKey("accounts.Zone", on_delete=models.CASCADE, related_name="+")
    service = models.ForeignKey(
        "accounts.Service", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices, default=Mode.LIVE)
    status = models.CharField(max_length=10, choices=SessionStatus.choices)
    code = models.CharField(max_length=8, blank=True)
    created_on = models.DateField()
    held_on = models.DateField(null=True)
    planned_for = models.DateField(null=True)
    min_group = models.PositiveSmallIntegerField()
    position = models.PositiveSmallIntegerField(default=0)
    revealed = models.BooleanField(default=False)
    show_own = models.BooleanField(default=False)
    # Bumped on every change participants must see, so their phones know when to redraw.
    version = models.PositiveIntegerField(default=0)
    revote_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="revotes"
    )
    submission_token = models.CharField(max_length=64, null=True, unique=True)  # noqa: DJ001 (unique, absent for the starter set)

    objects = TrainingSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=Q(status="open"), name="compass_open_code_once"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == SessionStatus.OPEN


class SessionItem(models.Model):
    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="items")
    dilemma = models.ForeignKey(Dilemma, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["session", "position"], name="compass_item_once")
        ]

    def __str__(self) -> str:
        return f"{self.session_id}/{self.position}"


class Tally(models.Model):
    """How many chose one option of a dilemma: in one session item or, without an item, in the
    zone's own play of the library. ``option`` is empty for an item's own options, whose texts
    the row keeps in alphabetical order.

    Votes are counted here and nowhere else. There is no row per vote, so no row's id, place or
    transaction can be matched with a Ballot. A session's tallies are made when it opens, in
    option order, and every vote rewrites all tallies of its item alike (adding nothing to the
    others), so no row's version tells which one a vote moved."""

    zone = models.ForeignKey("accounts.Zone", on_delete=models.CASCADE, related_name="+")
    dilemma = models.ForeignKey(Dilemma, on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey(
        SessionItem, on_delete=models.CASCADE, null=True, related_name="tallies"
    )
    option = models.ForeignKey(DilemmaOption, on_delete=models.CASCADE, null=True, related_name="+")
    count = models.PositiveIntegerField(default=0)
    texts = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["item", "option"],
                condition=Q(item__isnull=False, option__isnull=False),
                name="compass_tally_option_once",
            ),
            models.UniqueConstraint(
                fields=["item"], condition=Q(option__isnull=True), name="compass_tally_own_once"
            ),
            models.UniqueConstraint(
                fields=["zone", "dilemma", "option"],
                condition=Q(item__isnull=True),
                name="compass_tally_library_once",
            ),
            models.CheckConstraint(
                condition=Q(item__isnull=False) | Q(option__isnull=False),
                name="compass_tally_own_in_a_session",
            ),
        ]

    def __str__(self) -> str:
        return f"tally {self.pk}"


class Ballot(models.Model):
    """That somebody voted on an item, so nobody votes twice; never what they chose (no option,
    no time). ``key`` is a keyed hash of the participant's random device token and the item: it
    cannot be traced to a person, and the same device gives unrelated keys on different items.
    Whoever holds a phone's cookie and the server key can tell that the phone voted on the item,
    no more: the choice went into the tallies, which no ballot points to."""

    item = models.ForeignKey(SessionItem, on_delete=models.CASCADE, related_name="ballots")
    key = models.CharField(max_length=64)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "key"], name="compass_ballot_once")]

    def __str__(self) -> str:
        return f"ballot {self.pk}"
