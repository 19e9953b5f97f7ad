"""The police process catalogue a risk analysis starts from (our own list and words)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

PROCESSES = {
    "enforcement": _("Enforcement and sanctioning (fines, reports)"),
    "known_people": _("Interventions at people one knows"),
    "databases": _("Use and consultation of police databases"),
    "seized_goods": _("Seized goods and found property"),
    "cash": _("Cash, fines collected on the spot, petty cash"),
    "purchasing": _("Purchasing and contracts"),
    "informants": _("Informant handling"),
    "evidence": _("Evidence and the chain of custody"),
    "overtime": _("Overtime, allowances and working time"),
    "social_media": _("Social media and online behaviour"),
    "press": _("Press contacts and information to outsiders"),
    "side_activities": _("Private side activities"),
    "vehicles_equipment": _("Vehicles, weapons and equipment"),
    "recruitment": _("Recruitment, selection and promotion"),
    "detention": _("Detention and transport of people"),
    "permits": _("Advice on permits and licences"),
}

FACTORS = {
    "complexity": _("Complexity"),
    "change": _("Change"),
    "management": _("Management and supervision"),
    "personnel": _("Personnel"),
    "history": _("History of incidents"),
}

# What each factor score means (0: not present ... 3: strongly present).
FACTOR_SCALE = [(0, _("Not present")), (1, _("A little")), (2, _("Clearly")), (3, _("Strongly"))]
