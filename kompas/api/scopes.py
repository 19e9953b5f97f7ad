"""What a token may read or write. A token holds one or more scopes; every endpoint names the
one it needs (`kompas.api.auth.TokenAuth`), and nothing outside that scope is ever answered."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    READ_REGISTERS = "registers:read", _("Read the registers (register of reports, declarations)")
    READ_FIGURES = "figures:read", _("Read the figures (yearly figures, action-plan indicators)")
    READ_ORGANISATION = "organisation:read", _("Read the organisation (services, people)")
    WRITE_ORGANISATION = "organisation:write", _("Write the organisation (services, people)")
    SCIM = (
        "scim",
        _(
            "Keep people and services in sync through SCIM (Entra ID provisioning): add, change "
            "and deactivate people, services and their members"
        ),
    )
