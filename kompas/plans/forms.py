from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kompas.accounts.models import Person, Service
from kompas.accounts.roles import Role
from kompas.accounts.widgets import PersonPicker, ServiceChoiceField, picker_field
from kompas.compass.values import Value
from kompas.lib.forms import ModelMultipleChoiceField
from kompas.plans.models import (
    ActivityStatus,
    Frequency,
    Function,
    OperationalObjective,
    Purpose,
    StrategicObjective,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _ends_after_start(form: forms.Form, data: dict[str, Any]) -> dict[str, Any]:
    """A period or an activity ends on or after its start (``ends_on`` says so otherwise)."""
    if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
        form.add_error("ends_on", _("The end lies before the start."))
    return data


class PeriodForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    starts_on = forms.DateField(label=_("Start"), widget=DATE)
    ends_on = forms.DateField(label=_("End"), widget=DATE)

    def clean(self) -> dict[str, Any]:
        return _ends_after_start(self, super().clean() or {})


class StrategicForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=10)
    title = forms.CharField(label=_("Strategic objective"), max_length=300)


class OperationalForm(forms.Form):
    strategic = forms.ModelChoiceField(
        label=_("Under the strategic objective"), queryset=StrategicObjective.objects.none()
    )
    code = forms.CharField(label=_("Code"), max_length=10)
    title = forms.CharField(label=_("Operational objective"), max_length=300)
    due_on = forms.DateField(label=_("Due"), widget=DATE, required=False)

    def __init__(self, *args: Any, period: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["strategic"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = StrategicObjective.objects.filter(period=period)


class ActivityForm(forms.Form):
    objective = forms.ModelChoiceField(
        label=_("Under the operational objective"), queryset=OperationalObjective.objects.none()
    )
    title = forms.CharField(label=_("How: the activity"), max_length=400)
    responsible_roles = forms.MultipleChoiceField(
        label=_("Responsible roles"),
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    responsible_people = ModelMultipleChoiceField(
        label=_("Responsible people"),
        queryset=Person.objects.none(),
        required=False,
        widget=PersonPicker(multiple=True),
    )
    starts_on = forms.DateField(label=_("Start"), widget=DATE)
    ends_on = forms.DateField(label=_("End"), widget=DATE)
    frequency = forms.ChoiceField(label=_("Frequency"), choices=Frequency.choices)
    preconditions = forms.CharField(
        label=_("Preconditions and risks"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    means = forms.CharField(
        label=_("People and means needed"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, period: Any, zone_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["objective"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = OperationalObjective.objects.filter(strategic__period=period)
        picker_field(
            self.fields["responsible_people"],
            Person.objects.filter(zone_id=zone_id, is_active=True).select_related("service"),
        )

    def clean(self) -> dict[str, Any]:
        return _ends_after_start(self, super().clean() or {})


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Progress note"), max_length=3000, widget=forms.Textarea(attrs={"rows": 3})
    )
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    status = forms.ChoiceField(label=_("Status"), choices=ActivityStatus.choices)


class ValueEntryForm(forms.Form):
    value = forms.DecimalField(label=_("Value"), max_digits=10, decimal_places=2)
    measured_on = forms.DateField(label=_("Date"), widget=DATE)


class EvaluationForm(forms.Form):
    service = ServiceChoiceField(label=_("Service"), queryset=Service.objects.none())
    values = forms.MultipleChoiceField(
        label=_("Core values staff are evaluated on"),
        choices=Value.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    agreed_on = forms.DateField(label=_("Agreed with the team on"), widget=DATE, required=False)
    note = forms.CharField(
        label=_("How the values show in this service"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, services: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["service"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = services


class QuestionForm(forms.Form):
    text = forms.CharField(
        label=_("Question"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    listen_for = forms.CharField(
        label=_("What to listen for"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    values = forms.MultipleChoiceField(
        label=_("Values"), choices=Value.choices, widget=forms.CheckboxSelectMultiple
    )
    functions = forms.MultipleChoiceField(
        label=_("For which functions"),
        choices=Function.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    purposes = forms.MultipleChoiceField(
        label=_("Used in"), choices=Purpose.choices, widget=forms.CheckboxSelectMultiple
    )


class QuestionFilter(forms.Form):
    value = forms.ChoiceField(
        label=_("Value"), choices=[("", _("All values")), *Value.choices], required=False
    )
    function = forms.ChoiceField(
        label=_("Function"), choices=[("", _("All functions")), *Function.choices], required=False
    )
    purpose = forms.ChoiceField(
        label=_("Used in"), choices=[("", "—"), *Purpose.choices], required=False
    )
