from __future__ import annotations

import secrets
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kompas.accounts.models import Person, Service
from kompas.accounts.widgets import PersonPicker, ServiceChoiceField, picker_field
from kompas.compass.values import Value
from kompas.risks.catalogue import FACTOR_SCALE, FACTORS, PROCESSES
from kompas.risks.models import (
    LEVEL_LABELS,
    Effort,
    Maturity,
    MeasureStatus,
    RiskMatrix,
    Treatment,
)


class AnalysisForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
    service = ServiceChoiceField(label=_("Service"), queryset=Service.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    light = forms.BooleanField(
        label=_("Light analysis (fewer steps, shown as such)"), required=False
    )

    def __init__(self, *args: Any, services: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("token", secrets.token_urlsafe(24))
        super().__init__(*args, **kwargs)
        field = self.fields["service"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = services


def _scale(steps: int) -> list[tuple[str, str]]:
    return [("", "—"), *[(str(n), str(n)) for n in range(1, steps + 1)]]


def _step(label: Any) -> forms.TypedChoiceField:
    """A likelihood or impact step, optional; its choices follow the zone's matrix."""
    return forms.TypedChoiceField(
        label=label, choices=[], coerce=int, required=False, empty_value=None
    )


def _fit_to_matrix(form: forms.Form, matrix: RiskMatrix, *names: str) -> None:
    for name in names:
        steps = matrix.likelihood_steps if "likelihood" in name else matrix.impact_steps
        field = form.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = _scale(steps)


class ProcessForm(forms.Form):
    code = forms.ChoiceField(
        label=_("From the catalogue"),
        choices=[("", _("Other (name it below)")), *PROCESSES.items()],
        required=False,
    )
    name = forms.CharField(
        label=_("Or name the process or function"), max_length=200, required=False
    )
    vulnerability = forms.TypedChoiceField(
        label=_("Inherent vulnerability (1 low - 5 high)"),
        choices=[(str(n), str(n)) for n in range(1, 6)],
        coerce=int,
    )
    notes = forms.CharField(
        label=_("Notes"), max_length=3000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, label in FACTORS.items():
            self.fields[f"factor_{key}"] = forms.TypedChoiceField(
                label=label,
                choices=[(str(v), t) for v, t in FACTOR_SCALE],
                coerce=int,
                initial="0",
                required=False,
                empty_value=0,  # type: ignore[arg-type]
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("code") and not (data.get("name") or "").strip():
            self.add_error("name", _("Choose a process from the catalogue or name one."))
        return data

    def factor_fields(self) -> list[Any]:
        return [self[f"factor_{k}"] for k in FACTORS]

    def factors(self) -> dict[str, int]:
        return {k: self.cleaned_data[f"factor_{k}"] for k in FACTORS}


class ScenarioForm(forms.Form):
    description = forms.CharField(label=_("What could go wrong?"), max_length=500)
    values = forms.MultipleChoiceField(
        label=_("Values at stake"),
        choices=Value.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    likelihood = _step(_("Likelihood"))
    impact = _step(_("Impact"))

    def __init__(self, *args: Any, matrix: RiskMatrix, process_id: int, **kwargs: Any) -> None:
        # One form per process on the analysis page: each with its own field names and ids,
        # so that every label names its own field.
        kwargs["prefix"] = f"process-{process_id}"
        super().__init__(*args, **kwargs)
        _fit_to_matrix(self, matrix, "likelihood", "impact")


class EstimateForm(forms.Form):
    likelihood = _step(_("Likelihood"))
    impact = _step(_("Impact"))
    residual_likelihood = _step(_("Likelihood with the controls"))
    residual_impact = _step(_("Impact with the controls"))

    def __init__(self, *args: Any, matrix: RiskMatrix, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _fit_to_matrix(self, matrix, *self.fields)


class ControlForm(forms.Form):
    description = forms.CharField(label=_("Existing control"), max_length=300)
    maturity = forms.TypedChoiceField(label=_("Maturity"), choices=Maturity.choices, coerce=int)


class WeighForm(forms.Form):
    priority = forms.TypedChoiceField(
        label=_("Priority (1 highest)"),
        choices=[("", "—"), ("1", "1"), ("2", "2"), ("3", "3")],
        coerce=int,
        required=False,
        empty_value=None,
    )
    treatment = forms.ChoiceField(
        label=_("Treatment"), choices=Treatment.choices, widget=forms.RadioSelect
    )
    treatment_reason = forms.CharField(
        label=_("Reason"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    accepted_until = forms.DateField(
        label=_("Accepted until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    target_likelihood = _step(_("Likelihood after the measures"))
    target_impact = _step(_("Impact after the measures"))

    def __init__(self, *args: Any, matrix: RiskMatrix, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _fit_to_matrix(self, matrix, "target_likelihood", "target_impact")


class MeasureForm(forms.Form):
    title = forms.CharField(label=_("Measure"), max_length=300)
    owner = forms.ModelChoiceField(
        label=_("Owner"), queryset=Person.objects.none(), widget=PersonPicker(multiple=False)
    )
    starts_on = forms.DateField(
        label=_("Start"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    due_on = forms.DateField(
        label=_("Due"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    effort = forms.ChoiceField(label=_("Effort"), choices=Effort.choices)

    def __init__(self, *args: Any, zone_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        picker_field(
            self.fields["owner"],
            Person.objects.filter(zone_id=zone_id, is_active=True).select_related("service"),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_on") and data.get("due_on") and data["due_on"] < data["starts_on"]:
            self.add_error("due_on", _("The due date lies before the start."))
        return data


class ProgressForm(forms.Form):
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    status = forms.ChoiceField(label=_("Status"), choices=MeasureStatus.choices)
    notes = forms.CharField(
        label=_("Progress notes"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MatrixForm(forms.Form):
    likelihood_steps = forms.IntegerField(label=_("Likelihood steps"), min_value=2, max_value=10)
    impact_steps = forms.IntegerField(label=_("Impact steps"), min_value=2, max_value=10)
    acceptable_level = forms.SlugField(
        label=_("Residual risk is acceptable up to the level with code"), max_length=30
    )
    LEVELS = 5

    def __init__(self, *args: Any, matrix: RiskMatrix, **kwargs: Any) -> None:
        initial = kwargs.setdefault("initial", {})
        initial.update(
            likelihood_steps=matrix.likelihood_steps,
            impact_steps=matrix.impact_steps,
            acceptable_level=matrix.acceptable_level,
        )
        levels = matrix.levels or []
        for i in range(self.LEVELS):
            level = levels[i] if i < len(levels) else {}
            initial[f"key_{i}"] = level.get("key", "")
            initial[f"label_{i}"] = level.get("label") or LEVEL_LABELS.get(level.get("key", ""), "")
            initial[f"min_{i}"] = level.get("min_score")
            initial[f"colour_{i}"] = level.get("colour", "#888888")
            initial[f"review_{i}"] = level.get("review_months")
        super().__init__(*args, **kwargs)
        for i in range(self.LEVELS):
            n = i + 1
            self.fields[f"key_{i}"] = forms.SlugField(
                label=_("Level %(n)s: code") % {"n": n}, max_length=30, required=False
            )
            self.fields[f"label_{i}"] = forms.CharField(
                label=_("Level %(n)s: name") % {"n": n}, max_length=40, required=False
            )
            self.fields[f"min_{i}"] = forms.IntegerField(
                label=_("Level %(n)s: from score") % {"n": n},
                min_value=1,
                max_value=100,
                required=False,
            )
            self.fields[f"colour_{i}"] = forms.RegexField(
                label=_("Level %(n)s: colour") % {"n": n},
                regex=r"^#[0-9a-fA-F]{6}$",
                required=False,
                widget=forms.TextInput(attrs={"type": "color"}),
            )
            self.fields[f"review_{i}"] = forms.IntegerField(
                label=_("Level %(n)s: review every (months)") % {"n": n},
                min_value=1,
                max_value=60,
                required=False,
            )

    def level_rows(self) -> list[list[Any]]:
        return [
            [self[f"{k}_{i}"] for k in ("key", "label", "min", "colour", "review")]
            for i in range(self.LEVELS)
        ]

    def levels(self) -> list[dict[str, Any]]:
        found = []
        for i in range(self.LEVELS):
            key = self.cleaned_data.get(f"key_{i}")
            if not key:
                continue
            missing = [k for k in ("min", "review") if self.cleaned_data.get(f"{k}_{i}") is None]
            if missing:
                raise forms.ValidationError(
                    _("Level %(n)s needs a starting score and a review interval.") % {"n": i + 1}
                )
            level: dict[str, Any] = {
                "key": key,
                "min_score": self.cleaned_data[f"min_{i}"],
                "colour": self.cleaned_data.get(f"colour_{i}") or "#888888",
                "review_months": self.cleaned_data[f"review_{i}"],
            }
            label = (self.cleaned_data.get(f"label_{i}") or "").strip()
            if label and str(LEVEL_LABELS.get(key, "")) != label:
                level["label"] = label
            found.append(level)
        return found
