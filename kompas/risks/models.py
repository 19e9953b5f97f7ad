"""Integrity risk analyses per service, the zone's risk matrix, and the M-team's weighing of the
risks that are not or insufficiently covered into a multi-year plan of measures."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from kompas.lib.clock import add_months
from kompas.lib.models import ChoiceLabels

if TYPE_CHECKING:
    from kompas.accounts.models import Person

# --- The risk matrix ----------------------------------------------------------------------------

LEVEL_LABELS = {
    "low": _("Low"),
    "medium": _("Medium"),
    "high": _("High"),
    "critical": _("Critical"),
}


def default_levels() -> list[dict[str, Any]]:
    return [
        {"key": "low", "min_score": 1, "colour": "#2e7d32", "review_months": 24},
        {"key": "medium", "min_score": 5, "colour": "#f9a825", "review_months": 12},
        {"key": "high", "min_score": 10, "colour": "#ef6c00", "review_months": 6},
        {"key": "critical", "min_score": 17, "colour": "#c62828", "review_months": 3},
    ]


@dataclass(frozen=True)
class Level:
    key: str
    label: str
    min_score: int
    colour: str
    review_months: int
    rank: int


class RiskMatrix(models.Model):
    """The zone's matrix: how many likelihood and impact steps, and the levels (a score of
    likelihood x impact from ``min_score`` up), each with a colour and a review interval. A change
    adds a row; the newest is in force; an analysis keeps the matrix it was made with."""

    zone = models.ForeignKey("accounts.Zone", on_delete=models.CASCADE, related_name="+")
    likelihood_steps = models.PositiveSmallIntegerField(
        _("likelihood steps"), default=5, validators=[MinValueValidator(2), MaxValueValidator(10)]
    )
    impact_steps = models.PositiveSmallIntegerField(
        _("impact steps"), default=5, validators=[MinValueValidator(2), MaxValueValidator(10)]
    )
    levels = models.JSONField(default=default_levels)
    # Residual risks at this level or below are covered; above it they go to the M-team.
    acceptable_level = models.CharField(_("acceptable up to"), max_length=30, default="low")
    created_on = models.DateField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"{self.likelihood_steps}x{self.impact_steps} matrix of zone {self.zone_id}"

    @staticmethod
    def current(zone_id: int) -> RiskMatrix:
        from kompas.lib.clock import today

        return RiskMatrix.objects.filter(zone_id=zone_id).first() or RiskMatrix(
            zone_id=zone_id, created_on=today()
        )

    def clean(self) -> None:
        levels = self.levels or []
        if not levels:
            raise ValidationError(_("A matrix needs at least one level."))
        scores = [int(level["min_score"]) for level in levels]
        if scores != sorted(scores) or len(set(scores)) != len(scores) or scores[0] != 1:
            raise ValidationError(
                _("Levels start at score 1 and each next level starts at a higher score.")
            )
        if scores[-1] > self.likelihood_steps * self.impact_steps:
            raise ValidationError(_("A level starts above the highest possible score."))
        if self.acceptable_level not in {level["key"] for level in levels}:
            raise ValidationError(_("The acceptable level must be one of the levels."))

    def all_levels(self) -> tuple[Level, ...]:
        """The levels, lowest first, labelled in the language of the request. Kept on the
        matrix read for the request (a page asks it for every scenario's levels): as long as
        its levels and the language stay the same."""
        language = translation.get_language()
        kept = self.__dict__.get("_all_levels")
        if kept is not None and kept[0] == self.levels and kept[1] == language:
            return kept[2]  # type: ignore[no-any-return]
        levels = self._work_out_levels()
        self.__dict__["_all_levels"] = (copy.deepcopy(self.levels), language, levels)
        return levels

    def _work_out_levels(self) -> tuple[Level, ...]:
        return tuple(
            Level(
                key=str(level["key"]),
                label=str(level.get("label") or LEVEL_LABELS.get(level["key"], level["key"])),
                min_score=int(level["min_score"]),
                colour=str(level["colour"]),
                review_months=int(level["review_months"]),
                rank=rank,
            )
            for rank, level in enumerate(self.levels)
        )

    def level(self, likelihood: int | None, impact: int | None) -> Level | None:
        if not likelihood or not impact:
            return None
        score = likelihood * impact
        found = None
        for level in self.all_levels():
            if score >= level.min_score:
                found = level
        return found

    def is_acceptable(self, level: Level | None) -> bool:
        if level is None:
            return True
        ranks = {lv.key: lv.rank for lv in self.all_levels()}
        return level.rank <= ranks.get(self.acceptable_level, 0)


# --- The analysis -------------------------------------------------------------------------------


class AnalysisStatus(models.TextChoices):
    OPEN = "open", _("In progress")
    AGREED = "agreed", _("Agreed by the team")


class RiskAnalysisQuerySet(models.QuerySet["RiskAnalysis"]):
    def visible_to(self, person: Person) -> RiskAnalysisQuerySet:
        """The M-team, the chief and the integrity officer see all of the zone; a head of service
        or coordinator sees the analyses of the services they lead."""
        if not person.is_authenticated:
            return self.none()
        zone = self.filter(zone_id=person.zone_id)
        led = _led_by(person)
        if led is None:
            return zone
        return zone.filter(Q(service_id__in=led) | Q(led_by=person))


def _led_by(person: Person) -> set[int] | None:
    """The services whose analyses a person sees beyond their own, or None for the whole zone
    (one rule for `visible_to` and `RiskAnalysis.is_visible_to`)."""
    from kompas.accounts.roles import Role
    from kompas.registers.people import services_led_by

    if person.has_any_role(Role.MTEAM, Role.CHIEF, Role.INTEGRITY_OFFICER):
        return None
    return services_led_by(person) | {
        a.service_id
        for a in person.role_assignments
        if a.role == Role.COORDINATOR and a.service_id is not None  # as SQL's IN never matches NULL
    }


class RiskAnalysis(ChoiceLabels, models.Model):
    """A service's integrity risk analysis, made as a workshop with the team."""

    zone = models.ForeignKey("accounts.Zone", on_delete=models.CASCADE, related_name="+")
    service = models.ForeignKey(
        "accounts.Service", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    light = models.BooleanField(_("light analysis (fewer steps, shown as such)"), default=False)
    matrix = models.ForeignKey(RiskMatrix, on_delete=models.PROTECT, related_name="+")
    led_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=AnalysisStatus.choices)
    started_on = models.DateField()
    agreed_on = models.DateField(null=True, blank=True)
    valid_until = models.DateField(null=True, blank=True)
    scoring_open = models.BooleanField(default=False)
    submission_token = models.CharField(max_length=64, unique=True)

    objects = RiskAnalysisQuerySet.as_manager()

    VALID_MONTHS = 36

    class Meta:
        ordering = ["-started_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    def is_visible_to(self, person: Person) -> bool:
        """Whether `RiskAnalysis.objects.visible_to(person)` holds this analysis, for one read
        by its key (tested against the query for every role)."""
        if not person.is_authenticated or self.zone_id != person.zone_id:
            return False
        led = _led_by(person)
        return led is None or self.service_id in led or self.led_by_id == person.pk

    def is_current(self, on: date) -> bool:
        return self.status == AnalysisStatus.AGREED and bool(
            self.valid_until and self.valid_until >= on
        )

    def agree(self, *, on: date) -> None:
        """The team agrees the analysis: it counts as the service's current analysis for three
        years. It needs at least one process with one scenario."""
        if not Scenario.objects.filter(process__analysis=self).exists():
            raise ValidationError(_("Add at least one risk scenario before agreeing."))
        if (
            Scenario.objects.filter(process__analysis=self)
            .filter(Q(likelihood__isnull=True) | Q(impact__isnull=True))
            .exists()
        ):
            raise ValidationError(_("Every scenario needs a likelihood and an impact."))
        self.status, self.agreed_on = AnalysisStatus.AGREED, on
        self.valid_until = add_months(on, self.VALID_MONTHS)
        self.scoring_open = False


class AnalysedProcess(models.Model):
    analysis = models.ForeignKey(RiskAnalysis, on_delete=models.CASCADE, related_name="processes")
    code = models.CharField(max_length=40, blank=True)
    name = models.CharField(_("process or function"), max_length=200)
    vulnerability = models.PositiveSmallIntegerField(
        _("inherent vulnerability (1 low - 5 high)"),
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    factors = models.JSONField(default=dict)
    notes = models.TextField(_("notes"), blank=True, max_length=3000)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """A catalogue process reads in the reader's language; a named one as it was named."""
        from kompas.risks.catalogue import PROCESSES

        return str(PROCESSES[self.code]) if self.code in PROCESSES else self.name


class Treatment(models.TextChoices):
    REDUCE = "reduce", _("Reduce: take measures")
    ACCEPT = "accept", _("Accept, with a reason and an expiry")
    AVOID = "avoid", _("Avoid: stop the activity")
    TRANSFER = "transfer", _("Transfer (insurance, another body)")


class Maturity(models.IntegerChoices):
    EXISTS = 1, _("Exists on paper")
    WORKS = 2, _("Works in practice")
    EFFECTIVE = 3, _("Proven effective")


class Scenario(ChoiceLabels, models.Model):
    """A risk scenario in a process: its inherent likelihood x impact (agreed by the group), the
    controls against it, and the residual likelihood x impact. Above the zone's acceptable level
    it is uncovered and goes to the M-team, who weigh it."""

    process = models.ForeignKey(AnalysedProcess, on_delete=models.CASCADE, related_name="scenarios")
    description = models.CharField(_("what could go wrong"), max_length=500)
    values = models.JSONField(default=list, blank=True)
    likelihood = models.PositiveSmallIntegerField(_("likelihood"), null=True, blank=True)
    impact = models.PositiveSmallIntegerField(_("impact"), null=True, blank=True)
    residual_likelihood = models.PositiveSmallIntegerField(
        _("likelihood with the controls"), null=True, blank=True
    )
    residual_impact = models.PositiveSmallIntegerField(
        _("impact with the controls"), null=True, blank=True
    )
    # The risk the M-team aims for once the measures are done.
    target_likelihood = models.PositiveSmallIntegerField(
        _("likelihood after the measures"), null=True, blank=True
    )
    target_impact = models.PositiveSmallIntegerField(
        _("impact after the measures"), null=True, blank=True
    )
    # The M-team's weighing.
    priority = models.PositiveSmallIntegerField(_("priority (1 highest)"), null=True, blank=True)
    treatment = models.CharField(
        _("treatment"), max_length=10, choices=Treatment.choices, blank=True
    )
    treatment_reason = models.TextField(_("reason"), blank=True, max_length=2000)
    accepted_until = models.DateField(_("accepted until"), null=True, blank=True)
    weighed_on = models.DateField(null=True, blank=True)
    weighed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    next_review_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.description

    @property
    def matrix(self) -> RiskMatrix:
        return self.process.analysis.matrix

    @property
    def inherent_level(self) -> Level | None:
        return self.matrix.level(self.likelihood, self.impact)

    @property
    def computed_residual_likelihood(self) -> int | None:
        """Without the group's own residual estimate, the controls lower the likelihood by their
        maturity: a control that works takes one step off, a proven effective one two (the
        strongest control counts); one that exists on paper only takes nothing off."""
        if self.likelihood is None:
            return None
        maturities = [c.maturity for c in self.controls.all()]
        strongest = max(maturities, default=0)
        step = 2 if strongest >= Maturity.EFFECTIVE else 1 if strongest >= Maturity.WORKS else 0
        return max(1, self.likelihood - step)

    @property
    def residual_level(self) -> Level | None:
        """The group's residual estimate where given; else the inherent risk lowered by the
        controls."""
        return self.matrix.level(
            self.residual_likelihood or self.computed_residual_likelihood,
            self.residual_impact or self.impact,
        )

    @property
    def uncovered(self) -> bool:
        return not self.matrix.is_acceptable(self.residual_level)

    @property
    def target_level(self) -> Level | None:
        return self.matrix.level(self.target_likelihood, self.target_impact)

    @property
    def gap(self) -> int:
        """How many levels the current residual risk lies above what the zone accepts."""
        level = self.residual_level
        if level is None:
            return 0
        ranks = {lv.key: lv.rank for lv in self.matrix.all_levels()}
        return max(0, level.rank - ranks.get(self.matrix.acceptable_level, 0))

    def check_scale(self) -> None:
        matrix = self.matrix
        for field, top in (
            ("likelihood", matrix.likelihood_steps),
            ("residual_likelihood", matrix.likelihood_steps),
            ("impact", matrix.impact_steps),
            ("residual_impact", matrix.impact_steps),
            ("target_likelihood", matrix.likelihood_steps),
            ("target_impact", matrix.impact_steps),
        ):
            value = getattr(self, field)
            if value is not None and not 1 <= value <= top:
                raise ValidationError(
                    {field: _("Choose a value from 1 to %(top)s.") % {"top": top}}
                )

    def schedule_review(self, *, on: date) -> None:
        """Each level has its review interval; an acceptance also ends on its expiry."""
        level = self.residual_level
        months = level.review_months if level else 24
        review = add_months(on, months)
        if self.treatment == Treatment.ACCEPT and self.accepted_until:
            review = min(review, self.accepted_until)
        self.next_review_on = review

    def weigh(
        self,
        *,
        by: Person,
        on: date,
        priority: int | None,
        treatment: str,
        reason: str,
        accepted_until: date | None,
        target: tuple[int | None, int | None] = (None, None),
    ) -> None:
        if treatment not in Treatment.values:
            raise ValidationError({"treatment": _("Choose a treatment.")})
        if treatment == Treatment.ACCEPT:
            if not reason.strip():
                raise ValidationError({"treatment_reason": _("Say why the risk is accepted.")})
            if not accepted_until or accepted_until <= on:
                raise ValidationError(
                    {"accepted_until": _("An acceptance needs an expiry date in the future.")}
                )
        self.target_likelihood, self.target_impact = target
        self.check_scale()
        self.priority, self.treatment, self.treatment_reason = priority, treatment, reason
        self.accepted_until = accepted_until if treatment == Treatment.ACCEPT else None
        self.weighed_on, self.weighed_by = on, by
        self.schedule_review(on=on)

    def expire_acceptance(self) -> None:
        """An expired acceptance comes back to the M-team for weighing."""
        self.treatment, self.accepted_until = "", None
        self.weighed_on = None


class Control(ChoiceLabels, models.Model):
    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="controls")
    description = models.CharField(_("existing control"), max_length=300)
    maturity = models.PositiveSmallIntegerField(_("maturity"), choices=Maturity.choices)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.description


class ScoreCount(models.Model):
    """How many participants gave a scenario one likelihood and one impact: one cell of the
    scenario's grid (every likelihood x every impact of its analysis's matrix). The pair stays
    together because the spread is read from each participant's likelihood x impact.

    Scores are counted here and nowhere else. There is no row per score, so no row's id, place
    or transaction can be matched with a ScoreBallot. A scenario's cells are made before anyone
    scores it, in grid order, and every score rewrites all cells of its scenario alike (adding
    nothing to the others), so no row's version tells which one a score moved."""

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="score_counts")
    likelihood = models.PositiveSmallIntegerField()
    impact = models.PositiveSmallIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scenario", "likelihood", "impact"], name="risks_score_cell_once"
            )
        ]

    def __str__(self) -> str:
        return f"score count {self.pk}"


class ScoreBallot(models.Model):
    """That somebody scored a scenario, so nobody scores twice; never what they gave (no
    likelihood, no impact, no time). ``key`` is a keyed hash of the participant's random device
    token and the scenario: it cannot be traced to a person. Whoever holds a device's cookie and
    the server key can tell that the device scored the scenario, no more: the score went into
    the ScoreCounts, which no ballot points to."""

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scenario", "key"], name="risks_ballot_once")
        ]

    def __str__(self) -> str:
        return f"ballot {self.pk}"


# --- The multi-year plan ------------------------------------------------------------------------


class Effort(models.TextChoices):
    SMALL = "small", _("Small (days)")
    MEDIUM = "medium", _("Medium (weeks)")
    LARGE = "large", _("Large (months)")


class MeasureStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class Measure(ChoiceLabels, models.Model):
    """A measure against an uncovered risk, spread over the years of the multi-year plan."""

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="measures")
    title = models.CharField(_("measure"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("owner"),
    )
    starts_on = models.DateField(_("start"))
    due_on = models.DateField(_("due"))
    effort = models.CharField(_("effort"), max_length=10, choices=Effort.choices)
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    status = models.CharField(
        _("status"), max_length=10, choices=MeasureStatus.choices, default=MeasureStatus.PLANNED
    )
    notes = models.TextField(_("progress notes"), blank=True, max_length=3000)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def zone_id(self) -> int:
        return int(self.scenario.process.analysis.zone_id)

    def clean(self) -> None:
        if self.starts_on and self.due_on and self.due_on < self.starts_on:
            raise ValidationError({"due_on": _("The due date lies before the start.")})

    def is_overdue(self, on: date) -> bool:
        return self.status not in (MeasureStatus.DONE, MeasureStatus.DROPPED) and self.due_on < on
