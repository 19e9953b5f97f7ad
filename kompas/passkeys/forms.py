from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kompas.passkeys.services import PASSPHRASE_MIN_LENGTH


class PassphraseForm(forms.Form):
    passphrase = forms.CharField(
        label=_("Key passphrase"),
        strip=False,
        max_length=1000,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class NewPassphraseForm(forms.Form):
    passphrase = forms.CharField(
        label=_("New key passphrase"),
        strip=False,
        min_length=PASSPHRASE_MIN_LENGTH,
        max_length=1000,
        help_text=_(
            "At least 12 characters, not your password. Nobody can give it back to you: "
            "keep it safe."
        ),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    confirm = forms.CharField(
        label=_("The same passphrase again"),
        strip=False,
        max_length=1000,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("passphrase") and data.get("passphrase") != data.get("confirm"):
            self.add_error("confirm", _("The two passphrases differ."))
        return data


class RenameForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
