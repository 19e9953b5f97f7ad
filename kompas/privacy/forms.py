from __future__ import annotations

import secrets
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kompas.accounts.models import Person
from kompas.accounts.widgets import PersonPicker, picker_field
from kompas.lib.clock import today
from kompas.privacy.models import (
    PrivacyContacts,
    Requester,
    RequestKind,
    RequestState,
    RestrictionReason,
)


class ContactsForm(forms.ModelForm):
    class Meta:
        model = PrivacyContacts
        fields = list(PrivacyContacts.FIELDS)
        widgets = {
            "controller": forms.Textarea(attrs={"rows": 3}),
            "dpo_address": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "controller": _("The police zone as controller, with its address."),
            "accessibility_email": _("Shown on the accessibility statement."),
        }


class TextForm(forms.Form):
    nl = forms.CharField(
        label=_("Dutch"), max_length=3000, widget=forms.Textarea(attrs={"rows": 6})
    )
    fr = forms.CharField(
        label=_("French"), max_length=3000, required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    en = forms.CharField(
        label=_("English"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class RequestForm(forms.Form):
    """A data-subject request as it was received."""

    token = forms.CharField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(
        label=_("Which right"), choices=RequestKind.choices, widget=forms.RadioSelect
    )
    requester = forms.ChoiceField(
        label=_("Who asks"), choices=Requester.choices, widget=forms.RadioSelect
    )
    person = forms.ModelChoiceField(
        label=_("The member of staff"),
        queryset=Person.objects.none(),
        required=False,
        widget=PersonPicker(multiple=False),
    )
    name = forms.CharField(
        label=_("Name, as the request gives it"),
        max_length=200,
        required=False,
        help_text=_("For a citizen or a person concerned. Stored sealed."),
    )
    contact = forms.CharField(
        label=_("How to reach them (address, e-mail)"),
        max_length=400,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    details = forms.CharField(
        label=_("What they ask"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Stored sealed. Write no more than the request needs."),
    )
    received_on = forms.DateField(
        label=_("Received on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The answer is due one month later."),
    )

    def __init__(self, *args: Any, zone_id: int, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("token", secrets.token_urlsafe(24))
        kwargs["initial"].setdefault("received_on", today())
        super().__init__(*args, **kwargs)
        picker_field(
            self.fields["person"],
            Person.objects.filter(zone_id=zone_id).select_related("service"),
        )

    def clean_token(self) -> str:
        token = self.cleaned_data["token"]
        if not (16 <= len(token) <= 64) or not token.replace("-", "").replace("_", "").isalnum():
            raise forms.ValidationError(_("The form is damaged: reload the page."))
        return str(token)


class ExtendForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the answer needs more time"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The person must be told within the first month. Stored sealed."),
    )


class AnswerForm(forms.Form):
    state = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            (RequestState.ANSWERED, _("Answered")),
            (RequestState.REFUSED, _("Refused")),
            (RequestState.RESTRICTED, _("Restricted by the whistleblowing law")),
        ],
        widget=forms.RadioSelect,
    )
    restriction = forms.ChoiceField(
        label=_("Why the right is restricted"),
        choices=[("", "—"), *RestrictionReason.choices],
        required=False,
        help_text=_(
            "Only when restricted. Never answer from a case: the person is told the right is "
            "restricted, not why in the case."
        ),
    )
    answer = forms.CharField(
        label=_("What the person was answered"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    changed = forms.CharField(
        label=_("What was changed or erased"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    kept = forms.CharField(
        label=_("What was kept, and why"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "A declaration the zone must keep by law (gifts, side activities, conflicts of "
            "interest) stays for its retention period: say so."
        ),
    )
