from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kompas.sso.models import MAPPABLE_ROLES


class ChoicesForm(forms.Form):
    password_allowed = forms.BooleanField(
        label=_("People may also sign in with their password"), required=False
    )
    provider_second_step = forms.BooleanField(
        label=_("Accept the provider's second step (multi-factor sign-in) for sensitive roles"),
        required=False,
    )
    link_by_email = forms.BooleanField(
        label=_("At a first sign-in, link the person whose e-mail address the provider confirms"),
        required=False,
    )


class MappingForm(forms.Form):
    group = forms.CharField(
        label=_("Group at the provider"),
        max_length=255,
        help_text=_(
            "As the provider names it in the groups claim (Entra ID: the group's object id)."
        ),
    )
    # Roles for one service (head of service, coordinator) are handler roles, never mapped: no
    # mappable role needs a service.
    role = forms.ChoiceField(label=_("Role"), choices=MAPPABLE_ROLES)

    def __init__(self, *args: Any, zone_id: int, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_map_%s")
        super().__init__(*args, **kwargs)
