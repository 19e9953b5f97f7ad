from __future__ import annotations

import secrets
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from kompas.accounts.models import Person, Service
from kompas.accounts.widgets import PersonPicker, ServiceChoiceField, picker_field
from kompas.compass.values import Value
from kompas.lib.clock import today
from kompas.registers.models import (
    CHECKS,
    ONCE_OR_MORE_ANSWERS,
    QUESTIONS,
    YES_NO_UNSURE_ANSWERS,
    Authority,
    Decision,
    GiftDeclaration,
    GiftKind,
    GiverType,
    Measure,
    Relation,
    TaskKind,
    Weight,
)

YES_NO_UNSURE = [("", "—"), *YES_NO_UNSURE_ANSWERS]
ONCE_OR_MORE = [("", "—"), *ONCE_OR_MORE_ANSWERS]


class GiftForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(
        label=_("What is it?"),
        choices=GiftKind.choices,
        widget=forms.RadioSelect,
        initial=GiftKind.GIFT,
    )
    offered_only = forms.BooleanField(
        label=_("I refused it: it was only offered"),
        required=False,
        help_text=_("Recording a refused offer shows good practice and signals pressure."),
    )
    description = forms.CharField(label=_("What was it?"), max_length=300)
    giver_name = forms.CharField(label=_("From whom?"), max_length=200)
    giver_type = forms.ChoiceField(
        label=_("The giver is"),
        choices=GiverType.choices,
        widget=forms.RadioSelect,
        initial=GiverType.ORGANISATION,
    )
    giver_in_file = forms.BooleanField(
        label=_("The giver is a party in a file I handle"), required=False
    )
    is_cash = forms.BooleanField(
        label=_("It is money, a voucher or a gift card"),
        required=False,
        help_text=_("Money, vouchers and gift cards are never accepted."),
    )
    perishable = forms.BooleanField(
        label=_("It is small and perishable (chocolates, cake)"), required=False
    )
    value = forms.DecimalField(
        label=_("Estimated value (EUR)"),
        min_value=Decimal("0"),
        max_value=Decimal("100000"),
        max_digits=9,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
    )
    given_on = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    context = forms.CharField(
        label=_("Context (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    why = forms.CharField(label=QUESTIONS["why"], max_length=500, required=False)
    situation = forms.CharField(label=QUESTIONS["situation"], max_length=500, required=False)
    return_favour = forms.ChoiceField(
        label=QUESTIONS["return_favour"], choices=YES_NO_UNSURE, required=False
    )
    normal = forms.ChoiceField(label=QUESTIONS["normal"], choices=YES_NO_UNSURE, required=False)
    harm = forms.ChoiceField(label=QUESTIONS["harm"], choices=YES_NO_UNSURE, required=False)
    recurring = forms.ChoiceField(
        label=QUESTIONS["recurring"], choices=ONCE_OR_MORE, required=False
    )
    open = forms.ChoiceField(label=QUESTIONS["open"], choices=YES_NO_UNSURE, required=False)

    def __init__(self, *args: Any, wording: dict[str, str] | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("token", secrets.token_urlsafe(24))
        kwargs["initial"].setdefault("given_on", today())
        super().__init__(*args, **kwargs)
        for key in QUESTIONS:
            if wording and f"question:{key}" in wording:
                self.fields[key].label = wording[f"question:{key}"]

    def clean_given_on(self) -> Any:
        day = self.cleaned_data["given_on"]
        if day > today():
            raise forms.ValidationError(_("The date cannot lie in the future."))
        if day < today() - timedelta(days=3 * 365):
            raise forms.ValidationError(_("The date is more than three years ago."))
        return day

    def clean_token(self) -> str:
        token = self.cleaned_data["token"]
        if not (16 <= len(token) <= 64) or not token.replace("-", "").replace("_", "").isalnum():
            raise forms.ValidationError(_("The form is damaged: reload the page."))
        return token

    def declaration_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["answers"] = self.answers()
        for key in QUESTIONS:
            data.pop(key, None)
        return data

    def answers(self) -> dict[str, str]:
        """The weighing questions answered so far (after ``is_valid``, valid or not)."""
        found = getattr(self, "cleaned_data", {})
        return {key: found[key] for key in QUESTIONS if found.get(key)}

    def facts_so_far(self) -> dict[str, Any]:
        """What the rules' advice needs, from a form filled in part (after ``is_valid``): a
        field left empty or wrong counts as not given."""
        found = getattr(self, "cleaned_data", {})
        return {
            "kind": found.get("kind") or GiftKind.GIFT,
            "value": found.get("value") or Decimal("0"),
            "is_cash": bool(found.get("is_cash")),
            "giver_in_file": bool(found.get("giver_in_file")),
            "perishable": bool(found.get("perishable")),
            "giver": found.get("giver_name") or "",
            "answers": self.answers(),
        }


class DecisionForm(forms.Form):
    """Offers only the decisions that fit the declaration, none chosen beforehand; the rules'
    advice is a hint beside them. A decision that does not fit, sent anyway, gets the model's
    reason as its error."""

    decision = forms.ChoiceField(
        label=_("Decision"), choices=Decision.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, declaration: GiftDeclaration, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.declaration = declaration
        allowed = declaration.allowed_decisions()
        # Only the offered list is narrowed: a value outside it is refused in clean_decision
        # with the reason, not with "not one of the available choices".
        self.fields["decision"].widget.choices = [
            (value, label) for value, label in Decision.choices if value in allowed
        ]
        if declaration.recommendation in allowed:
            self.fields["decision"].help_text = _("The zone's rules advise: %(advice)s.") % {
                "advice": declaration.get_recommendation_display()
            }

    def clean_decision(self) -> str:
        decision: str = self.cleaned_data["decision"]
        refused = self.declaration.refusal(decision)
        if refused:
            raise forms.ValidationError(refused)
        return decision


class ConflictForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
    task_kind = forms.ChoiceField(
        label=_("What kind of task?"), choices=TaskKind.choices, widget=forms.RadioSelect
    )
    task = forms.CharField(
        label=_("Which task?"),
        max_length=300,
        help_text=_("For example the file number or the assignment."),
    )
    relation = forms.ChoiceField(
        label=_("How do you know the people involved?"),
        choices=Relation.choices,
        widget=forms.RadioSelect,
    )
    people = forms.CharField(label=_("Who (as far as needed)"), max_length=300)
    occurred_on = forms.DateField(
        label=_("Date of the task"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    after_the_fact = forms.BooleanField(
        label=_("It was an urgent intervention: I signal it afterwards"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("token", secrets.token_urlsafe(24))
        kwargs["initial"].setdefault("occurred_on", today())
        super().__init__(*args, **kwargs)

    clean_token = GiftForm.clean_token

    def clean_occurred_on(self) -> Any:
        day = self.cleaned_data["occurred_on"]
        if day < today() - timedelta(days=365):
            raise forms.ValidationError(_("The date is more than a year ago."))
        if day > today() + timedelta(days=365):
            raise forms.ValidationError(_("The date is more than a year ahead."))
        return day


class MeasureForm(forms.Form):
    measure = forms.ChoiceField(
        label=_("Measure"), choices=Measure.choices, widget=forms.RadioSelect
    )
    supervisor = forms.ModelChoiceField(
        label=_("Who supervises"),
        queryset=Person.objects.none(),
        required=False,
        widget=PersonPicker(multiple=False),
    )
    instructions = forms.CharField(
        label=_("Instructions"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, zone_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        picker_field(
            self.fields["supervisor"],
            Person.objects.filter(zone_id=zone_id, is_active=True).select_related("service"),
        )


class OverviewForm(forms.Form):
    # Part of a service's name rather than a list of every service: a zone may have a thousand
    # (the list made most of the page), and a part ("Recherche") finds all services named so.
    service = forms.CharField(label=_("Service (part of its name)"), max_length=100, required=False)
    start = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    end = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    giver = forms.CharField(label=_("Giver"), max_length=100, required=False)
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("", "—"), *Decision.choices], required=False
    )
    minimum = forms.DecimalField(
        label=_("Value at least (EUR)"),
        required=False,
        min_value=Decimal("0"),
        max_value=Decimal("100000"),
    )

    status = forms.ChoiceField(label=_("Status"), choices=[("", "—")], required=False)

    def __init__(self, *args: Any, register: str = "gifts", **kwargs: Any) -> None:
        from kompas.registers.models import ConflictStatus, SideActivityStatus

        super().__init__(*args, **kwargs)
        if register == "gifts":
            del self.fields["status"]
        else:
            del self.fields["decision"], self.fields["minimum"]
            statuses = SideActivityStatus if register == "side" else ConflictStatus
            status = self.fields["status"]
            assert isinstance(status, forms.ChoiceField)
            status.choices = [("", "—"), *statuses.choices]
            self.fields["giver"].label = (
                _("Employer or organisation") if register == "side" else _("Who")
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end lies before the start."))
        return data


class SideActivityForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
    activity = forms.CharField(label=_("What do you do?"), max_length=300)
    organisation = forms.CharField(label=_("For which employer or organisation?"), max_length=200)
    hours_per_week = forms.DecimalField(
        label=_("Hours per week"),
        min_value=Decimal("0.5"),
        max_value=Decimal("60"),
        max_digits=4,
        decimal_places=1,
    )
    paid = forms.BooleanField(label=_("It is paid"), required=False)
    starts_on = forms.DateField(
        label=_("From"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    ends_on = forms.DateField(
        label=_("Until (if known)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    contact_with_zone = forms.BooleanField(
        label=_("It may bring me in contact with the zone's work, suppliers or clients"),
        required=False,
    )
    contact_explained = forms.CharField(
        label=_("If so, explain"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, wording: dict[str, str] | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("token", secrets.token_urlsafe(24))
        super().__init__(*args, **kwargs)
        for key, text in CHECKS.items():
            self.fields[f"check_{key}"] = forms.ChoiceField(
                label=(wording or {}).get(f"check:{key}", text),
                choices=[("", "—"), ("yes", _("Yes")), ("no", _("No"))],
            )

    clean_token = GiftForm.clean_token

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The end lies before the start."))
        if data.get("contact_with_zone") and not (data.get("contact_explained") or "").strip():
            self.add_error("contact_explained", _("Explain the contact."))
        return data

    def declaration_data(self) -> dict[str, Any]:
        data = {k: v for k, v in self.cleaned_data.items() if not k.startswith("check_")}
        data["checks"] = {key: self.cleaned_data[f"check_{key}"] for key in CHECKS}
        return data

    def check_fields(self) -> list[Any]:
        return [self[f"check_{key}"] for key in CHECKS]


class SideDecisionForm(forms.Form):
    approve = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[("yes", _("Compatible: approved")), ("no", _("Not compatible: refused"))],
    )
    reason = forms.CharField(
        label=_("Reasons"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


# --- The rules as data (integrity officer) -------------------------------------------------------


def weight_choices(effects: dict[str, Any]) -> list[tuple[str, Any]]:
    return [*effects.items(), (Weight.NONE.value, _("does not weigh"))]


class RulesForm(forms.ModelForm):
    """A form for a set of rules: ``rule_values`` are the values a new version is made of."""

    def rule_values(self) -> dict[str, Any]:
        return {k: self.cleaned_data[k] for k in self._meta.fields or []}

    def rule_fields(self) -> list[Any]:
        return [self[name] for name in self.fields if not name.startswith("weight_")]

    def weight_fields(self) -> list[Any]:
        return [self[name] for name in self.fields if name.startswith("weight_")]

    def weights_sent(self) -> dict[str, str]:
        """The weights as sent, by key ("question:answer", "check:key", ...); one not sent
        keeps the weight in force."""
        return {
            name.removeprefix("weight_").replace("__", ":"): self.cleaned_data[name]
            or self.fields[name].initial
            for name in self.fields
            if name.startswith("weight_")
        }


class GiftRulesForm(RulesForm):
    """The gift rules, and what each weighing answer that can weigh does to the advice (a
    select per answer, under the question as the zone words it)."""

    values = forms.MultipleChoiceField(
        label=_("Values these rules protect"),
        choices=Value.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        from kompas.registers.models import GiftRules

        model = GiftRules
        fields = ["value_threshold", "recurring_count", "refuse_parties_in_file", "values"]

    def __init__(self, *args: Any, wording: dict[str, str] | None = None, **kwargs: Any) -> None:
        from kompas.registers.models import WEIGHABLE_ANSWERS, answer_shown
        from kompas.registers.services import GIFT_EFFECT

        super().__init__(*args, **kwargs)
        weights = self.instance.weights()
        for question, answers in WEIGHABLE_ANSWERS.items():
            asked = (wording or {}).get(f"question:{question}") or str(QUESTIONS[question])
            for answer in answers:
                self.fields[f"weight_{question}__{answer}"] = forms.ChoiceField(
                    label=_("%(question)s Answer: %(answer)s")
                    % {"question": asked, "answer": answer_shown(question, answer)},
                    choices=weight_choices(GIFT_EFFECT),
                    initial=weights[f"{question}:{answer}"],
                    required=False,
                )

    def rule_values(self) -> dict[str, Any]:
        found = super().rule_values()
        found["answer_weights"] = self.weights_sent()
        return found


class SideRulesForm(RulesForm):
    """Who decides on side activities (per cadre, and for the chief of police the mayor or the
    police college, with the person who records their decisions), and what weighs in the
    advice."""

    values = forms.MultipleChoiceField(
        label=_("Values these rules protect"),
        choices=Value.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    authority_operational = forms.ChoiceField(
        label=capfirst(_("decides for the operational cadre")), choices=Authority.choices
    )
    authority_calog = forms.ChoiceField(
        label=capfirst(_("decides for the CALog cadre")), choices=Authority.choices
    )
    external_recorder = forms.ModelChoiceField(
        label=capfirst(_("records the decisions of the mayor or the police college")),
        queryset=Person.objects.none(),
        required=False,
        widget=PersonPicker(multiple=False),
        help_text=_(
            "The mayor or the police college's secretary, with an account in Kompas. "
            "Nobody named: their side activities wait, and nobody else decides."
        ),
    )

    class Meta:
        from kompas.registers.models import SideActivityRules

        model = SideActivityRules
        fields = [
            "authority_operational",
            "authority_calog",
            "authority_chief",
            "external_recorder",
            "validity_months",
            "calog_must_declare",
            "hours_caution",
            "values",
        ]

    def __init__(
        self,
        *args: Any,
        zone_id: int,
        wording: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> None:
        from kompas.registers.services import SIDE_EFFECT

        super().__init__(*args, **kwargs)
        picker_field(
            self.fields["external_recorder"],
            Person.objects.filter(zone_id=zone_id, is_active=True).select_related("service"),
        )
        weights = self.instance.weights_in_force()
        texts: dict[str, StrOrPromise] = {
            **{
                f"check:{key}": _("%(question)s Answer: %(answer)s")
                % {
                    "question": (wording or {}).get(f"check:{key}") or str(text),
                    "answer": _("No"),
                }
                for key, text in CHECKS.items()
            },
            "contact": _("Possible contact with the zone's work, suppliers or clients"),
            "supplier": _("The employer or organisation is a supplier of the zone"),
        }
        for key, label in texts.items():
            self.fields[f"weight_{key.replace(':', '__')}"] = forms.ChoiceField(
                label=label,
                choices=weight_choices(SIDE_EFFECT),
                initial=weights[key],
                required=False,
            )

    def clean_external_recorder(self) -> Person | None:
        from kompas.accounts.roles import Role

        recorder: Person | None = self.cleaned_data.get("external_recorder")
        if recorder is not None and recorder.has_role(Role.CHIEF):
            raise forms.ValidationError(
                _("The chief of police does not record the decisions on their own side activities.")
            )
        return recorder

    def rule_values(self) -> dict[str, Any]:
        found = super().rule_values()
        found["weights"] = self.weights_sent()
        return found


class RetentionForm(RulesForm):
    class Meta:
        from kompas.registers.models import RetentionRules

        model = RetentionRules
        fields = ["gift_years", "conflict_years", "side_activity_years"]


class WordingForm(forms.Form):
    nl = forms.CharField(label=_("Dutch"), max_length=400)
    fr = forms.CharField(label=_("French"), max_length=400, required=False)
    en = forms.CharField(label=_("English"), max_length=400, required=False)


class SensitivePostForm(forms.Form):
    service = ServiceChoiceField(label=_("Service"), queryset=Service.objects.none())
    functions = forms.CharField(
        label=_("Integrity-sensitive functions (empty: none)"),
        max_length=300,
        required=False,
        help_text=_("For example: informant handling, purchasing, seized goods."),
    )

    def __init__(self, *args: Any, zone_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["service"]
        assert isinstance(field, ServiceChoiceField)
        field.offer_zone(zone_id)


class SuppliersForm(forms.Form):
    names = forms.CharField(
        label=_("Suppliers and contractors, one per line"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def clean_names(self) -> list[str]:
        names = [line.strip() for line in self.cleaned_data["names"].splitlines() if line.strip()]
        if len(names) > 500:
            raise forms.ValidationError(_("At most 500 names at a time."))
        if any(len(n) > 200 for n in names):
            raise forms.ValidationError(_("A name has at most 200 characters."))
        return names
