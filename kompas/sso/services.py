"""Workflows of sign-in through the provider: finding the person, their roles from groups, and
the zone's choices. Each change is audited in its transaction."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kompas.accounts.models import Person, RoleAssignment, Service
from kompas.accounts.roles import SERVICE_ROLES, Role
from kompas.audit.services import record
from kompas.sso.config import ProviderError, provider
from kompas.sso.models import (
    UNMAPPABLE_ROLES,
    Identity,
    ProviderGrant,
    ProviderStep,
    RoleMapping,
    ZoneSignIn,
)


def password_allowed(person: Person) -> bool:
    """Whether the person may sign in with their password. Only a zone that switched it off
    and a provider configured refuse it: with the provider's settings removed, the password
    works again (the way back when the provider is gone)."""
    if provider() is None:
        return True
    return ZoneSignIn.of_zone(person.zone_id).password_allowed


def password_off_for_address(email: str) -> bool:
    """Whether the account with this address (if any) is of a zone that switched password
    sign-in off. One query whether the address is known or not."""
    if provider() is None:
        return False
    people = Person.objects.filter(email__iexact=email.strip()).values("zone_id")
    return ZoneSignIn.objects.filter(zone_id__in=people, password_allowed=False).exists()


@transaction.atomic
def person_for_claims(*, claims: dict[str, Any], request: Any = None) -> Person:
    """The person the id token names, by their linked identity (issuer and subject); a first
    sign-in is linked by e-mail address only where the zone chose so and the provider vouches
    for the address. Nobody is created: people come from the import (deny by default)."""
    conf = provider()
    if conf is None:
        raise ProviderError("off")
    subject = claims.get(conf.subject_claim)
    if not isinstance(subject, str) or not subject.strip():
        raise ProviderError("unknown")
    identity = (
        Identity.objects.select_related("person")
        .filter(issuer=conf.issuer, subject=subject)
        .first()
    )
    if identity is None:
        identity = _link_by_email(claims, conf.issuer, subject, conf.email_verified_claim)
    person = identity.person
    if not person.is_active:
        raise ProviderError("inactive")
    identity.last_used_at = timezone.now()
    identity.save(update_fields=["last_used_at"])
    _sync_roles(person, claims.get(conf.groups_claim))
    amr = claims.get("amr")
    methods = [a for a in amr if isinstance(a, str)] if isinstance(amr, list) else []
    # Read by `accept_provider_step` in the same request; never stored.
    person.provider_amr = frozenset(methods)  # type: ignore[attr-defined]
    return person


def _link_by_email(
    claims: dict[str, Any], issuer: str, subject: str, verified_claim: str
) -> Identity:
    email = claims.get("email")
    if not isinstance(email, str) or claims.get(verified_claim) is not True:
        raise ProviderError("unknown")
    person = Person.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if person is None or not ZoneSignIn.of_zone(person.zone_id).link_by_email:
        raise ProviderError("unknown")
    if Identity.objects.filter(person=person, issuer=issuer).exists():
        # Already linked to another account at the provider: an address that changed hands.
        raise ProviderError("unknown")
    identity = Identity.objects.create(person=person, issuer=issuer, subject=subject)
    identity.person = person
    record("sso.identity_linked", actor=person, obj=person, detail={"by": "email"})
    return identity


def _sync_roles(person: Person, groups: Any) -> None:
    """Roles from the zone's group mappings: granted while the person is in the group, taken
    back when they no longer are. Roles granted by hand are left alone."""
    names = {g for g in groups if isinstance(g, str)} if isinstance(groups, list) else set()
    wanted = {
        (m.role, m.service_id if m.role in SERVICE_ROLES else None)
        for m in RoleMapping.objects.of_zone(person.zone_id).filter(group__in=names)
        if m.role not in UNMAPPABLE_ROLES
    }
    held = {(a.role, a.service_id): a for a in RoleAssignment.objects.filter(person=person)}
    granted = set(
        ProviderGrant.objects.filter(assignment__person=person).values_list(
            "assignment_id", flat=True
        )
    )
    for key, assignment in held.items():
        if assignment.pk in granted and key not in wanted:
            record(
                "sso.role_revoked",
                actor=None,
                obj=person,
                detail={"role": assignment.role, "service": assignment.service_id},
            )
            assignment.delete()
    for role, service_id in sorted(wanted, key=str):
        if (role, service_id) in held:
            continue
        assignment = RoleAssignment.objects.create(person=person, role=role, service_id=service_id)
        ProviderGrant.objects.create(assignment=assignment)
        record(
            "sso.role_granted", actor=None, obj=person, detail={"role": role, "service": service_id}
        )
    person.__dict__.pop("role_assignments", None)
    person.__dict__.pop("roles", None)


@transaction.atomic
def accept_provider_step(*, person: Person) -> ProviderStep | None:
    """The device that marks the session as verified, when the zone accepts the provider's
    second step and the id token says one was taken; else None (Kompas asks its own)."""
    conf = provider()
    amr: frozenset[str] = getattr(person, "provider_amr", frozenset())
    if conf is None or not (amr & conf.mfa_methods):
        return None
    if not ZoneSignIn.of_zone(person.zone_id).provider_second_step:
        return None
    device, _created = ProviderStep.objects.get_or_create(
        user=person, defaults={"name": "provider", "confirmed": True}
    )
    record("sso.provider_step_accepted", actor=person, obj=person)
    return device


# --- The administrator's choices ---------------------------------------------------------------


def _require(by: Person) -> None:
    if not by.has_perm("sso.manage"):
        raise PermissionDenied


@transaction.atomic
def update_choices(
    *, by: Person, password_allowed: bool, provider_second_step: bool, link_by_email: bool
) -> ZoneSignIn:
    _require(by)
    choices = ZoneSignIn.of_zone(by.zone_id)
    if not password_allowed:
        conf = provider()
        if conf is None:
            raise ValidationError(
                {
                    "password_allowed": _(
                        "Password sign-in stays on while no provider is configured."
                    )
                }
            )
        if not Identity.objects.filter(person=by, issuer=conf.issuer).exists():
            raise ValidationError(
                {
                    "password_allowed": _(
                        "Sign in through the provider once yourself before you switch password sign-in off."
                    )
                }
            )
    changed = [
        name
        for name, value in (
            ("password_allowed", password_allowed),
            ("provider_second_step", provider_second_step),
            ("link_by_email", link_by_email),
        )
        if getattr(choices, name) != value
    ]
    choices.password_allowed = password_allowed
    choices.provider_second_step = provider_second_step
    choices.link_by_email = link_by_email
    choices.updated_at = timezone.now()
    choices.updated_by = by
    choices.save()
    record(
        "sso.choices_changed",
        actor=by,
        role=Role.ADMIN,
        zone_id=by.zone_id,
        object_type="sso.zonesignin",
        object_id=choices.pk,
        detail={
            "changed": ",".join(changed),
            "password_allowed": password_allowed,
            "provider_second_step": provider_second_step,
            "link_by_email": link_by_email,
        },
    )
    return choices


@transaction.atomic
def add_mapping(
    *, by: Person, group: str, role: str, service: Service | None = None
) -> RoleMapping:
    _require(by)
    group = group.strip()
    if role in UNMAPPABLE_ROLES or role not in Role.values:
        raise ValidationError({"role": _("This role is granted by hand only.")})
    if role in SERVICE_ROLES:
        if service is None:
            raise ValidationError({"service": _("Choose the service this role is for.")})
        if service.zone_id != by.zone_id:
            raise PermissionDenied
    else:
        service = None
    if (
        RoleMapping.objects.of_zone(by.zone_id)
        .filter(group=group, role=role, service=service)
        .exists()
    ):
        raise ValidationError({"group": _("This group already gives this role.")})
    mapping = RoleMapping.objects.create(
        zone_id=by.zone_id, group=group, role=role, service=service, created_by=by
    )
    record(
        "sso.mapping_added",
        actor=by,
        role=Role.ADMIN,
        obj=mapping,
        zone_id=by.zone_id,
        detail={"role": role, "service": mapping.service_id},
    )
    return mapping


@transaction.atomic
def remove_mapping(*, by: Person, mapping: RoleMapping) -> None:
    _require(by)
    record(
        "sso.mapping_removed",
        actor=by,
        role=Role.ADMIN,
        obj=mapping,
        zone_id=by.zone_id,
        detail={"role": mapping.role, "service": mapping.service_id},
    )
    mapping.delete()
