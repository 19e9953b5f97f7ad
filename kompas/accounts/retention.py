"""People who left: after the zone's period they are pseudonymised.

A person deactivated (`Person.left_on`) before the cut-off keeps their record, so that the
organisation's history holds (who led whom, which service, the roles they held, the cases they
handled and the declarations they made, each following its own period), but nothing that names
them or lets anyone sign in as them:

- name, e-mail address and staff number become a pseudonym, unique per person ("Gewezen lid
  3F9K2M", ``former-3f9k2m@pseudonymised.invalid``, staff number ``X-3F9K2M``), written in the
  zone's default language (a stored name has one language). The pages that show a name show the
  pseudonym, and HR's pages show the person as pseudonymised and edit nothing any more.
- password unusable, two-step devices deleted, every session ended, failed sign-ins under their
  address (django-axes) deleted, and the links to their accounts elsewhere (the identity
  provider's subject, `kompas.sso`; the HR system's id, `kompas.scim`) deleted.
- handler keys: the private key wrapped with their password (and any passkey's or key
  passphrase's wrap of it, kompas/passkeys) is wiped and the key deactivated, and the copies of
  case keys sealed to it (their grants) are wiped and the grants closed: nothing usable is left
  for anyone who later learns their old password. The cases stay open to their other handlers,
  whose own grants hold the case key; a case that the leaver alone still held is counted in the
  event (``cases_only_theirs``) and can only come back with the zone's recovery key
  (`kompas.reporting.recovery`), as after any lost key.
- substitute-handler nominations are removed.

Kept: the record's id (every foreign key stays), service, leader, cadre, status, language, the
day they joined and the day they left, and role assignments (history; an inactive person's roles
grant nothing). The zone's API tokens they made stay (they belong to the zone, not the person).

Each person is pseudonymised in a transaction of their own, with an event naming the person's id
only; the run ends with an event of counts. Running again changes nothing.
"""

from __future__ import annotations

import secrets
from datetime import date

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext
from django_otp import devices_for_user
from django_otp.plugins.otp_totp.models import TOTPDevice

from kompas.accounts.models import Person
from kompas.audit.services import record
from kompas.lib import clock

# Crockford's base32: no I, L, O or U to misread.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
PSEUDONYM_DOMAIN = "pseudonymised.invalid"


def due(*, zone_id: int, left_before: date) -> list[int]:
    """The ids of the zone's people who left before ``left_before`` and are not pseudonymised."""
    return list(
        Person.objects.filter(
            zone_id=zone_id,
            is_active=False,
            left_on__lt=left_before,
            pseudonymised_on__isnull=True,
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def pseudonymise_leavers(*, zone_id: int, left_before: date) -> int:
    """Pseudonymise the zone's people deactivated before ``left_before``; returns how many were
    pseudonymised now. One transaction per person (a failure leaves the others done).

    A person made inactive without the day being recorded (by a path other than HR's page,
    `services.update_person`) is taken to have left on the first day a run sees them: their
    period starts then, never earlier."""
    Person.objects.filter(zone_id=zone_id, is_active=False, left_on__isnull=True).update(
        left_on=clock.today()
    )
    done = 0
    for pk in due(zone_id=zone_id, left_before=left_before):
        if pseudonymise_person(person_id=pk, left_before=left_before):
            done += 1
    record(
        "accounts.leavers_pseudonymised",
        zone_id=zone_id,
        role="system",
        object_type="accounts.person",
        detail={"people": done, "left_before": left_before.isoformat()},
    )
    return done


def _code(zone_id: int) -> str:
    while True:
        code = "".join(secrets.choice(ALPHABET) for _ in range(6))
        taken = Person.objects.filter(
            Q(email=_email(code)) | Q(zone_id=zone_id, staff_number=_staff_number(code))
        )
        if not taken.exists():
            return code


def _email(code: str) -> str:
    return f"former-{code.lower()}@{PSEUDONYM_DOMAIN}"


def _staff_number(code: str) -> str:
    return f"X-{code}"


@transaction.atomic
def pseudonymise_person(*, person_id: int, left_before: date) -> bool:
    """Pseudonymise one person who left before ``left_before`` (False: nobody to do, because
    they came back, were done meanwhile or left later)."""
    person = (
        Person.objects.select_for_update(no_key=True)
        .filter(
            pk=person_id,
            is_active=False,
            left_on__lt=left_before,
            pseudonymised_on__isnull=True,
        )
        .first()
    )
    if person is None:
        return False
    old_email = person.email
    code = _code(person.zone_id)
    with translation.override(settings.LANGUAGE_CODE):
        person.first_name = gettext("Former member")
    person.last_name = code
    person.email = _email(code)
    person.staff_number = _staff_number(code)
    person.set_unusable_password()
    person.pseudonymised_on = clock.today()
    person.save(
        update_fields=[
            "first_name",
            "last_name",
            "email",
            "staff_number",
            "password",
            "pseudonymised_on",
        ]
    )
    person.end_sessions()
    TOTPDevice.objects.filter(user=person).delete()
    for device in devices_for_user(person, confirmed=None):  # any other kind of second step
        device.delete()
    _forget_sign_ins(old_email)
    # The links to their accounts elsewhere: the zone's identity provider and HR's system.
    _delete_if_installed("sso", "Identity", person=person)
    _delete_if_installed("scim", "UserLink", person=person)
    cases_only_theirs = _wipe_keys(person)
    _delete_if_installed("reporting", "Substitute", person=person)
    record(
        "accounts.person_pseudonymised",
        zone_id=person.zone_id,
        role="system",
        obj=person,
        detail={"cases_only_theirs": cases_only_theirs},
    )
    return True


def _forget_sign_ins(email: str) -> None:
    """django-axes keeps failed sign-ins under the address typed (with the network address)."""
    for name in ("AccessAttempt", "AccessLog", "AccessFailureLog"):
        _delete_if_installed("axes", name, username__iexact=email)


def _delete_if_installed(app_label: str, model_name: str, **where: object) -> None:
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        return
    model._default_manager.filter(**where).delete()


def _wipe_keys(person: Person) -> int:
    """Leave no usable secret of the person's handler keys; returns the number of cases not yet
    purged that nobody else held any more."""
    from kompas.reporting.models import Grant, HandlerKey

    for name in ("Passkey", "KeyPassphrase"):  # the other wraps of the private key
        _delete_if_installed("passkeys", name, person=person)
    HandlerKey.objects.filter(person=person).update(wrapped_private_key=b"", salt=b"", active=False)
    held = Grant.objects.filter(person=person, active=True, report__purged_on__isnull=True)
    report_ids = set(held.values_list("report_id", flat=True))
    others = set(
        Grant.objects.filter(report_id__in=report_ids, active=True, person__is_active=True)
        .exclude(person=person)
        .values_list("report_id", flat=True)
    )
    Grant.objects.filter(person=person).update(sealed_case_key=b"", active=False)
    return len(report_ids - others)
