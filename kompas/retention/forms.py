"""The one form of every retention period of the zone."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.validators import BaseValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kompas.registers.models import RetentionRules
from kompas.reporting.models import Kind
from kompas.retention.models import RetentionSettings

DECLARATIONS = ("gift_years", "conflict_years", "side_activity_years")
SETTINGS = (
    "open_case_months",
    "open_case_warning_days",
    "register_years",
    "audit_months",
    "leaver_months",
    "training_months",
    "join_code_days",
    "declined_dilemma_months",
)
# A report's content is kept at least a year after the case is closed: the reporter's
# protection against retaliation and their right to contest the follow-up run on after the
# closure (directive art. 21; README).
REPORT_MIN_MONTHS = 12
REPORT_MAX_MONTHS = 360


def _limit(validators: Sequence[Any], kind: type[BaseValidator]) -> int | None:
    """The limit of a model field's validator of this kind (the form says it before the model)."""
    return next((int(v.limit_value) for v in validators if isinstance(v, kind)), None)


def _kind_field(kind: str) -> str:
    return f"report_{kind}"


class PeriodsForm(forms.Form):
    """Every period: reports per kind (months after closure), declarations (years), and the
    zone's `RetentionSettings`. The limits are the models' own (`formfield`)."""

    def __init__(
        self,
        *args: Any,
        report_months: dict[str, int],
        declarations: RetentionRules,
        periods: RetentionSettings,
        read_only: bool = False,
        **kwargs: Any,
    ) -> None:
        initial = {_kind_field(k): m for k, m in report_months.items()}
        initial.update({name: getattr(declarations, name) for name in DECLARATIONS})
        initial.update({name: getattr(periods, name) for name in SETTINGS})
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        for kind, label in Kind.choices:
            self.fields[_kind_field(kind)] = forms.IntegerField(
                label=_("Reports of the kind “%(kind)s”: months after the case is closed")
                % {"kind": label},
                validators=[
                    MinValueValidator(REPORT_MIN_MONTHS),
                    MaxValueValidator(REPORT_MAX_MONTHS),
                ],
                min_value=REPORT_MIN_MONTHS,
                max_value=REPORT_MAX_MONTHS,
            )
        for model, names in ((RetentionRules, DECLARATIONS), (RetentionSettings, SETTINGS)):
            for name in names:
                model_field = model._meta.get_field(name)
                assert isinstance(model_field, models.Field)
                field = model_field.formfield(
                    min_value=_limit(model_field.validators, MinValueValidator),
                    max_value=_limit(model_field.validators, MaxValueValidator),
                )
                assert field is not None
                field.label = str(field.label)[:1].upper() + str(field.label)[1:]
                self.fields[name] = field
        for field in self.fields.values():
            field.required = True
            field.disabled = read_only

    def report_fields(self) -> list[Any]:
        return [self[_kind_field(kind)] for kind in Kind.values]

    def declaration_fields(self) -> list[Any]:
        return [self[name] for name in DECLARATIONS]

    def case_fields(self) -> list[Any]:
        return [self[name] for name in ("open_case_months", "open_case_warning_days")]

    def other_fields(self, *names: str) -> list[Any]:
        return [self[name] for name in names]

    def report_months(self) -> dict[str, int]:
        return {kind: self.cleaned_data[_kind_field(kind)] for kind in Kind.values}

    def declaration_values(self) -> dict[str, int]:
        return {name: self.cleaned_data[name] for name in DECLARATIONS}

    def settings_values(self) -> dict[str, int]:
        return {name: self.cleaned_data[name] for name in SETTINGS}
