"""Telling a handler and the zone's integrity officers that the handler's key was retired.

A key retired by someone holding a stolen session would let them read every new case sealed to
the new key: the handler hears of it at once, and the integrity officers know to confirm with
the handler in person before the recovery key gives any case to the new key. The mails say the
day and whom to contact, nothing else.
"""

from __future__ import annotations

from django.utils import formats, translation
from django.utils.translation import gettext as _

from kompas.accounts.models import Person
from kompas.accounts.roles import Role
from kompas.lib import mail
from kompas.lib.clock import today


def integrity_officers(person: Person) -> list[Person]:
    """The active integrity officers of the person's zone, the person aside."""
    return list(
        Person.objects.filter(
            zone_id=person.zone_id, is_active=True, roles_held__role=Role.INTEGRITY_OFFICER
        )
        .exclude(pk=person.pk)
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


def tell_key_retired(person: Person) -> int:
    """Inside the transaction that retires the key: one mail to the handler and one to each
    integrity officer of the zone (enqueued with the change). Returns the number of mails."""
    officers = integrity_officers(person)
    day = today()
    sent = 0
    if person.email:
        with translation.override(person.language):
            contact = ", ".join(o.get_full_name() for o in officers) or _(
                "your zone's integrity officer"
            )
            body = _(
                "Your Kompas key was retired on %(day)s: a new key replaces it. If you did not do "
                "this yourself, contact %(contact)s at once."
            ) % {"day": formats.date_format(day), "contact": contact}
            mail.send(_("Kompas: your key was retired"), body, person.email)
        sent += 1
    for officer in officers:
        if not officer.email:
            continue
        with translation.override(officer.language):
            body = _(
                "The Kompas key of %(name)s was retired on %(day)s. Confirm with %(name)s in "
                "person that they did this themselves before the recovery key gives any case to "
                "their new key."
            ) % {"name": person.get_full_name(), "day": formats.date_format(day)}
            mail.send(_("Kompas: a handler's key was retired"), body, officer.email)
        sent += 1
    return sent
