"""The zone's role holders, and what follows from holding a role."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CHIEF = "chief", _("Chief of police")
    MTEAM = "mteam", _("M-team member")
    HEAD_OF_SERVICE = "head_of_service", _("Head of service")
    COORDINATOR = "coordinator", _("Coordinator / team leader")
    INTEGRITY_OFFICER = "integrity_officer", _("Integrity officer")
    OVERSIGHT = "oversight", _("Internal oversight and integrity service")
    NETWORK = "network", _("Integrity network member")
    COUNSELLOR = "counsellor", _("Confidential counsellor")
    PAPS = "paps", _("Prevention adviser for psychosocial risks (PAPS)")
    DISCIPLINARY = "disciplinary", _("Disciplinary authority")
    HR = "hr", _("HR")
    COMMUNICATION = "communication", _("Communication officer")
    ADMIN = "admin", _("Functional administrator")
    DPO = "dpo", _("Data protection officer")


# Roles that lead a particular service; they are always granted for one service.
SERVICE_ROLES = frozenset({Role.HEAD_OF_SERVICE, Role.COORDINATOR})

# Roles that can see reports, cases or the people data of the whole zone. Holders must sign in with
# a second factor and are signed out after a short idle time. HR is added to the roles the foundation
# issue names because it manages every member's personal data, the data protection officer because
# it reads the audit log.
SENSITIVE_ROLES = frozenset(
    {
        Role.OVERSIGHT,
        Role.INTEGRITY_OFFICER,
        Role.COUNSELLOR,
        Role.PAPS,
        Role.DISCIPLINARY,
        Role.ADMIN,
        Role.HR,
        Role.DPO,
    }
)
