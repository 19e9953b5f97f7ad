"""The zone's retention periods that Kompas had no setting for: cases never closed, the lines of
the legal register of reports, the audit log, people who left and trainings' data. Report
periods per kind (`reporting.RetentionPeriod`) and declarations (`registers.RetentionRules`)
stay where they are; the settings page edits all of them in one place."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kompas.registers.models import VersionedRules

# The minimums below are those the law or the reason for keeping the data imposes; the README
# says why for each. The maximums only catch typing errors.


class RetentionSettings(VersionedRules):
    """How long the zone keeps what has no period elsewhere. A change adds a row (audited by the
    service that makes it); the newest row is in force; `kompas purge-expired` enforces it."""

    open_case_months = models.PositiveSmallIntegerField(
        _("cases never closed: months after the last activity"),
        default=36,
        validators=[MinValueValidator(12), MaxValueValidator(240)],
    )
    open_case_warning_days = models.PositiveSmallIntegerField(
        _("cases never closed: days before that the handlers are warned"),
        default=30,
        validators=[MinValueValidator(7), MaxValueValidator(180)],  # well within 12 months
    )
    register_years = models.PositiveSmallIntegerField(
        _("lines of the register of reports: years after the case is closed"),
        default=10,
        validators=[MinValueValidator(5), MaxValueValidator(30)],
    )
    audit_months = models.PositiveSmallIntegerField(
        _("audit events: months before the actor is pseudonymised"),
        default=120,
        validators=[MinValueValidator(60), MaxValueValidator(360)],
    )
    leaver_months = models.PositiveSmallIntegerField(
        _("people who left: months after deactivation before they are pseudonymised"),
        default=24,
        validators=[MinValueValidator(12), MaxValueValidator(240)],
    )
    training_months = models.PositiveSmallIntegerField(
        _("training sessions and their counted votes: months after the session"),
        default=36,
        validators=[MinValueValidator(1), MaxValueValidator(240)],
    )
    join_code_days = models.PositiveSmallIntegerField(
        _("join codes and who-voted marks: days after the session is held"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    declined_dilemma_months = models.PositiveSmallIntegerField(
        _("proposed dilemmas not taken into the library: months after the review"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(240)],
    )

    described = "retention settings"

    class Meta(VersionedRules.Meta):
        verbose_name = _("retention settings")
        verbose_name_plural = _("retention settings")
