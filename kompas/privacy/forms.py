from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kompas.privacy.models import PrivacyContacts


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
