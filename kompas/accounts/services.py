"""Workflows on people and roles. Each one checks its rule, changes, and audits in one transaction."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from kompas.accounts.models import Person, RoleAssignment, Service, Zone
from kompas.accounts.roles import SERVICE_ROLES, Role
from kompas.audit.services import record
from kompas.lib import clock

PERSON_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "cadre",
    "status",
    "service",
    "leader",
    "language",
    "is_active",
)


def _require(actor: Person, perm: str, obj: object = None) -> None:
    """The actor may; and a pseudonymised person's record is changed by nobody any more."""
    if not actor.has_perm(perm, obj):
        raise PermissionDenied
    if isinstance(obj, Person) and obj.is_pseudonymised:
        raise PermissionDenied


@transaction.atomic
def update_person(*, by: Person, person: Person, changes: dict[str, object]) -> list[str]:
    """Apply HR's changes to a person's record; returns the names of the fields that changed."""
    _require(by, "accounts.manage_people", person)
    changed = []
    old_service_id = person.service_id
    for field, value in changes.items():
        if field not in PERSON_FIELDS:
            raise ValueError(f"{field} cannot be changed here")
        if getattr(person, field) != value:
            setattr(person, field, value)
            changed.append(field)
    if not changed:
        return []
    if "is_active" in changed:
        # The day they left starts the period after which they are pseudonymised
        # (`kompas.accounts.retention`); coming back ends it.
        person.left_on = None if person.is_active else clock.today()
    person.full_clean()
    person.save()
    if "is_active" in changed and not person.is_active:
        person.end_sessions()
    if "service" in changed:
        from kompas.registers.configuration import ask_renewal_after_move

        ask_renewal_after_move(person=person, old_service_id=old_service_id)
    record(
        "accounts.person_changed",
        actor=by,
        role=Role.HR if by.has_role(Role.HR) else Role.ADMIN,
        obj=person,
        detail={"fields": ",".join(sorted(changed))},
    )
    return changed


@transaction.atomic
def grant_role(
    *, by: Person, person: Person, role: str, service: Service | None = None
) -> RoleAssignment:
    """Give a person a role (for a service, for heads of service and coordinators)."""
    _require(by, "accounts.manage_roles", person)
    if role not in Role.values:
        raise ValidationError(_("Unknown role."))
    if service is not None and service.zone_id != person.zone_id:
        raise PermissionDenied
    assignment = RoleAssignment(
        person=person, role=role, service=service if role in SERVICE_ROLES else None, granted_by=by
    )
    assignment.full_clean(exclude=["person", "granted_by"], validate_constraints=False)
    existing = RoleAssignment.objects.filter(
        person=person, role=role, service=assignment.service
    ).first()
    if existing is not None:
        return existing
    assignment.save()
    record(
        "accounts.role_granted",
        actor=by,
        role=Role.ADMIN,
        obj=person,
        detail={"role": role, "service": assignment.service_id},
    )
    return assignment


@transaction.atomic
def revoke_role(*, by: Person, assignment: RoleAssignment) -> None:
    person = assignment.person
    _require(by, "accounts.manage_roles", person)
    record(
        "accounts.role_revoked",
        actor=by,
        role=Role.ADMIN,
        obj=person,
        detail={"role": assignment.role, "service": assignment.service_id},
    )
    assignment.delete()


@transaction.atomic
def reset_second_factor(*, by: Person, person: Person) -> None:
    """Remove a person's 2FA devices (a lost phone) and sign them out everywhere."""
    _require(by, "accounts.reset_second_factor", person)
    TOTPDevice.objects.filter(user=person).delete()
    person.end_sessions()
    record("accounts.second_factor_reset", actor=by, role=Role.ADMIN, obj=person)


@transaction.atomic
def confirm_second_factor(*, person: Person, device: TOTPDevice) -> None:
    """Keep the device a person just proved they hold, and drop any other."""
    TOTPDevice.objects.filter(user=person).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    record("accounts.second_factor_enrolled", actor=person, obj=person)


@transaction.atomic
def create_administrator(
    *, zone_name: str, zone_code: str, email: str, first_name: str, last_name: str, password: str
) -> Person:
    """Create the first functional administrator (from the command line) and their zone."""
    zone, _created = Zone.objects.get_or_create(code=zone_code, defaults={"name": zone_name})
    person = Person(
        zone=zone,
        email=email.strip().lower(),
        staff_number=f"admin-{email.strip().lower()}",
        first_name=first_name,
        last_name=last_name,
        cadre="calog",
        status="statutory",
    )
    person.set_password(password)
    person.full_clean()
    person.save()
    RoleAssignment.objects.create(person=person, role=Role.ADMIN)
    record("accounts.administrator_created", obj=person, zone_id=zone.pk)
    return person
