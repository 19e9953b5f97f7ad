"""The demo zone's privacy contacts: fictitious, put in force by its integrity officer as a zone
would (audited), so that the demo's notices and statement name someone; and one citizen's
access request, registered by the data protection officer, waiting for its answer."""

from __future__ import annotations

from datetime import timedelta

from kompas.accounts.models import Person, Zone
from kompas.accounts.roles import Role
from kompas.lib.clock import today
from kompas.privacy.services import change_contacts, register_request

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

    dpo = Person.objects.filter(zone=zone, roles_held__role=Role.DPO).first()
    if dpo is not None:
        # The token makes a second load find it registered.
        register_request(
            by=dpo,
            kind="access",
            requester="citizen",
            person=None,
            name="Els Voorbeeld (fictief)",
            contact="els@voorbeeld.test",
            details="Vraagt welke gegevens de zone over haar bijhoudt.",
            received_on=today() - timedelta(days=20),
            token="demo-request-citizen-access",  # noqa: S106 (a form token, no secret)
        )
