"""The integrity action plan (periods, strategic and operational objectives, activities with their
planning and progress), its indicators, the core values per service in the evaluation cycle, and
the bank of integrity questions for selection and promotion."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kompas.lib.models import ChoiceLabels


class PlanPeriod(models.Model):
    zone = models.ForeignKey("accounts.Zone", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"))

    class Meta:
        ordering = ["-starts_on"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end lies before the start.")})


class StrategicObjective(models.Model):
    period = models.ForeignKey(PlanPeriod, on_delete=models.CASCADE, related_name="objectives")
    code = models.CharField(_("code"), max_length=10)
    title = models.CharField(_("strategic objective"), max_length=300)

    class Meta:
        ordering = ["code", "pk"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class OperationalObjective(models.Model):
    strategic = models.ForeignKey(
        StrategicObjective, on_delete=models.CASCADE, related_name="operational"
    )
    code = models.CharField(_("code"), max_length=10)
    title = models.CharField(_("operational objective"), max_length=300)
    due_on = models.DateField(_("due"), null=True, blank=True)

    class Meta:
        ordering = ["code", "pk"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Frequency(models.TextChoices):
    ONCE = "once", _("Once")
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    YEARLY = "yearly", _("Yearly")
    CONTINUOUS = "continuous", _("Continuous")


class ActivityStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class Activity(ChoiceLabels, models.Model):
    objective = models.ForeignKey(
        OperationalObjective, on_delete=models.CASCADE, related_name="activities"
    )
    title = models.CharField(_("how: the activity"), max_length=400)
    responsible_roles = models.JSONField(default=list, blank=True)
    responsible_people = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("responsible people")
    )
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"))
    frequency = models.CharField(_("frequency"), max_length=12, choices=Frequency.choices)
    preconditions = models.TextField(_("preconditions and risks"), blank=True, max_length=2000)
    means = models.TextField(_("people and means needed"), blank=True, max_length=2000)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ActivityStatus.choices,
        default=ActivityStatus.NOT_STARTED,
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )

    class Meta:
        ordering = ["ends_on", "pk"]
        verbose_name_plural = "activities"

    def __str__(self) -> str:
        return self.title

    @property
    def zone_id(self) -> int:
        return int(self.objective.strategic.period.zone_id)

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end lies before the start.")})

    def is_late(self, on: date) -> bool:
        return (
            self.status not in (ActivityStatus.DONE, ActivityStatus.DROPPED) and self.ends_on < on
        )


class ProgressNote(ChoiceLabels, models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="notes")
    written_on = models.DateField()
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("progress note"), max_length=3000)
    progress = models.PositiveSmallIntegerField(validators=[MaxValueValidator(100)])
    status = models.CharField(max_length=12, choices=ActivityStatus.choices)

    class Meta:
        ordering = ["-written_on", "-pk"]

    def __str__(self) -> str:
        return f"note {self.pk}"


class AutoIndicator(models.TextChoices):
    RISK_ANALYSES = "risk_analyses", _("Share of services with a current risk analysis")
    DILEMMA_SESSIONS = "dilemma_sessions", _("Dilemma sessions per service this year")
    REPORTS_ACKNOWLEDGED = "reports_acknowledged", _("Reports acknowledged within 7 days")
    DECLARATIONS_ON_TIME = "declarations_on_time", _("Gift declarations decided within 14 days")


class Indicator(ChoiceLabels, models.Model):
    """An indicator of the plan: filled in by Kompas where it holds the data (``auto``), or by
    hand (``ManualValue`` rows)."""

    period = models.ForeignKey(PlanPeriod, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("indicator"), max_length=300, blank=True)
    auto = models.CharField(max_length=30, choices=AutoIndicator.choices, blank=True)
    target = models.DecimalField(_("target"), max_digits=8, decimal_places=2, null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=20, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """An automatic indicator reads in the reader's language."""
        return str(AutoIndicator(self.auto).label) if self.auto else self.name


class ManualValue(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    measured_on = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=10, decimal_places=2)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-measured_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.indicator_id}: {self.value}"


class EvaluationValues(models.Model):
    """The core values a service's staff are evaluated on ("attitude towards the values"),
    agreed with the team. A change adds a row; the newest is in force."""

    service = models.ForeignKey("accounts.Service", on_delete=models.CASCADE, related_name="+")
    values = models.JSONField()
    agreed_with_team_on = models.DateField(_("agreed with the team on"), null=True, blank=True)
    note = models.TextField(_("how the values show in this service"), blank=True, max_length=2000)
    set_on = models.DateField()
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"evaluation values of service {self.service_id}"


class Purpose(models.TextChoices):
    SELECTION = "selection", _("Selection interview")
    RECRUITMENT = "recruitment", _("Recruitment")
    PROMOTION = "promotion", _("Promotion")


class InterviewQuestion(models.Model):
    zone = models.ForeignKey("accounts.Zone", on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("question"), max_length=1000)
    listen_for = models.TextField(_("what to listen for"), blank=True, max_length=1000)
    values = models.JSONField(default=list)
    functions = models.JSONField(default=list)
    purposes = models.JSONField(default=list)
    active = models.BooleanField(default=True)
    added_on = models.DateField()
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.text[:60]


class Function(models.TextChoices):
    OPERATIONAL = "operational", _("Operational staff")
    CALOG = "calog", _("CALog staff")
    LEADER = "leader", _("Leaders")
