"""The demo zone's privacy contacts: fictitious, put in force by its integrity officer as a zone
would (audited), so that the demo's notices and statement name someone."""

from __future__ import annotations

from kompas.accounts.models import Person, Zone
from kompas.accounts.roles import Role
from kompas.privacy.services import change_contacts

DEMO_CONTACTS = {
    "controller": "PZ Demo (fictief)\nDemostraat 1, 9999 Demodorp",
    "dpo_name": "Dina Gegevensbescherming",
    "dpo_email": "dpo@demo.kompas.test",
    "dpo_phone": "",
    "dpo_address": "",
    "accessibility_email": "toegankelijkheid@demo.kompas.test",
    "accessibility_phone": "",
}


def demo_privacy(zone: Zone) -> None:
    """Once: the same contacts again add nothing."""
    officer = Person.objects.filter(zone=zone, roles_held__role=Role.INTEGRITY_OFFICER).first()
    if officer is not None:
        change_contacts(by=officer, values=DEMO_CONTACTS)
