"""SCIM's changes to people and services. People are written through HR's import
(`kompas.accounts.importing.import_records`): the same checks, all or nothing, the same audit
event (``accounts.people_imported``, with the token in its detail). Each function checks, changes
and audits in one transaction; a refusal raises `ScimError` and leaves everything as it was."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from kompas.accounts import importing
from kompas.accounts.models import Person, Service
from kompas.api.models import ApiToken
from kompas.audit.services import DetailValue, record
from kompas.lib import clock
from kompas.lib.ids import as_id
from kompas.lib.throttle import Budget
from kompas.scim.errors import ScimError, invalid
from kompas.scim.models import GroupLink, UserLink
from kompas.scim.resources import ATTRIBUTE_OF, GroupIn, UserIn

ROLE = "api"
# Refusals because an address (or staff number, or external id) is taken, per token and hour.
# An address is unique across every zone of the installation, so such a refusal tells that an
# address exists somewhere; a provisioning system meets a handful, a token probing addresses
# meets this limit and is answered 429 until the hour is over (each refusal is in the log).
CONFLICTS = Budget("scim-conflicts", 20, seconds=3600)


def _detail(token: ApiToken, **more: DetailValue) -> dict[str, DetailValue]:
    return {"token": token.pk, "via": "scim", **more}


def conflict(token: ApiToken, attribute: str, message: str) -> ScimError:
    """409 uniqueness; `note_conflict` counts and audits it once the refused change is rolled
    back."""
    error = ScimError(409, f"{attribute}: {message}", "uniqueness")
    error.attribute = attribute
    return error


def note_conflict(token: ApiToken, error: ScimError) -> None:
    """A uniqueness refusal, counted against the token and audited in a transaction of its own
    (the attribute, never the value)."""
    CONFLICTS.spend(str(token.pk))
    record(
        "scim.conflict",
        role=ROLE,
        object_type="api.apitoken",
        object_id=token.pk,
        zone_id=token.zone_id,
        detail={"attribute": error.attribute},
    )


def check_conflicts(token: ApiToken) -> None:
    if CONFLICTS.exhausted(str(token.pk)):
        raise ScimError(
            429,
            "Too many uniqueness refusals with this token in this hour.",
            headers={"Retry-After": str(CONFLICTS.seconds)},
        )


def people(token: ApiToken) -> QuerySet[Person]:
    """The people SCIM sees: the token's zone, but for those pseudonymised after they left
    (`kompas.accounts.retention`): their record is no longer the person a client knows, and
    nothing may change it."""
    return Person.objects.filter(zone_id=token.zone_id, pseudonymised_on__isnull=True)


def _services(zone_id: int) -> dict[int, Service]:
    return {s.pk: s for s in Service.objects.filter(zone_id=zone_id).only("pk", "parent", "name")}


def _path(service_id: int | None, services: dict[int, Service]) -> tuple[str, ...]:
    if service_id is None or service_id not in services:
        return ()
    return tuple(s.name for s in services[service_id].path(services))


def _record_of(
    person: Person, leader_number: str, path: tuple[str, ...]
) -> dict[str, str | tuple[str, ...]]:
    return {
        "staff_number": person.staff_number,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "email": person.email,
        "service": path,
        "cadre": person.cadre,
        "status": person.status,
        "leader": leader_number,
        "language": person.language,
    }


def _import(token: ApiToken, records: list[Mapping[str, str | tuple[str, ...]]]) -> None:
    result = importing.import_records(
        zone_id=token.zone_id,
        records=records,
        role=ROLE,
        detail=_detail(token),
        service_optional=True,
    )
    if result.errors:
        error = result.errors[0]
        attribute = ATTRIBUTE_OF.get(error.field, "")
        if error.conflict:
            raise conflict(token, attribute, "The value is taken.")
        raise invalid(attribute, error.message)


def _leader_number(token: ApiToken, manager: str | None, keep: int | None = None) -> str:
    """The staff number of the leader a User's id names. The person's present leader ``keep``
    stays acceptable even if pseudonymised since (else none of the person's changes would
    pass); no one else out of SCIM's reach can be named."""
    if manager is None:
        return ""
    chosen = as_id(manager) or 0
    number = (
        (Person.objects.filter(pk=keep) if chosen == keep else people(token).filter(pk=chosen))
        .values_list("staff_number", flat=True)
        .first()
    )
    if number is None:
        raise invalid(ATTRIBUTE_OF["leader"], "No User of this zone has this id.")
    return number


def _check_external_id(
    token: ApiToken, model: type[UserLink] | type[GroupLink], external_id: str | None, **mine: int
) -> None:
    if external_id is None:
        return
    taken = model.objects.filter(zone_id=token.zone_id, external_id=external_id)
    if mine:
        taken = taken.exclude(**mine)
    if taken.exists():
        raise conflict(token, "externalId", "Another resource of the zone has it.")


def _set_external_id(
    model: type[UserLink] | type[GroupLink], zone_id: int, external_id: str | None, **owner: Any
) -> None:
    if external_id is None:
        model.objects.filter(**owner).delete()
    else:
        model.objects.update_or_create(
            defaults={"external_id": external_id, "zone_id": zone_id}, **owner
        )


def _set_active(token: ApiToken, person: Person, active: bool | None) -> None:
    """Deactivation signs the person out everywhere; nobody is ever deleted."""
    if active is None or active == person.is_active:
        return
    person.is_active = active
    # The day they left starts the period after which they are pseudonymised
    # (`kompas.accounts.retention`); coming back ends it (as on HR's page).
    person.left_on = None if active else clock.today()
    person.save(update_fields=["is_active", "left_on"])
    if not active:
        person.end_sessions()
    record(
        "accounts.person_changed",
        role=ROLE,
        obj=person,
        zone_id=token.zone_id,
        detail=_detail(token, fields="is_active", active=active),
    )


@transaction.atomic
def create_user(*, token: ApiToken, data: UserIn) -> Person:
    check_conflicts(token)
    if Person.objects.filter(zone_id=token.zone_id, staff_number=data.staff_number).exists():
        raise conflict(token, ATTRIBUTE_OF["staff_number"], "A User of the zone has it.")
    _check_external_id(token, UserLink, data.external_id)
    _import(token, [_record(token, data, ())])
    person = Person.objects.get(zone_id=token.zone_id, staff_number=data.staff_number)
    _set_external_id(UserLink, token.zone_id, data.external_id, person=person)
    _set_active(token, person, data.active)
    return person


def _record(
    token: ApiToken, data: UserIn, path: tuple[str, ...], leader_id: int | None = None
) -> dict[str, str | tuple[str, ...]]:
    return {
        "staff_number": data.staff_number,
        "first_name": data.given_name,
        "last_name": data.family_name,
        "email": data.user_name,
        "service": path,
        "cadre": data.cadre,
        "status": data.status,
        "leader": _leader_number(token, data.manager, leader_id),
        "language": data.language,
    }


@transaction.atomic
def replace_user(*, token: ApiToken, person: Person, data: UserIn) -> Person:
    """PUT, and PATCH once applied: the person's record becomes what ``data`` says; their
    service stays (it is the Group's to change)."""
    check_conflicts(token)
    if data.staff_number != person.staff_number:
        raise invalid(
            ATTRIBUTE_OF["staff_number"],
            "A staff number cannot change: it is how HR's file knows the person.",
            "mutability",
        )
    _check_external_id(token, UserLink, data.external_id, person_id=person.pk)
    path = _path(person.service_id, _services(token.zone_id))
    _import(token, [_record(token, data, path, person.leader_id)])
    _set_external_id(UserLink, token.zone_id, data.external_id, person=person)
    person.refresh_from_db()
    _set_active(token, person, data.active)
    return person


@transaction.atomic
def set_active(*, token: ApiToken, person: Person, data: bool | None) -> None:
    """A PATCH of ``active`` alone (Entra ID's deactivation of a leaver): no import check and
    no budget of refused writes stands in its way."""
    _set_active(token, person, data)


@transaction.atomic
def deactivate_user(*, token: ApiToken, person: Person) -> None:
    """DELETE: the person is deactivated and signed out, never deleted (their declarations,
    cases and the log keep naming them)."""
    _set_active(token, person, False)


def _move(
    token: ApiToken, service: Service | None, people: Iterable[Person], services: dict[int, Service]
) -> None:
    """People into ``service`` (None: out of any), through HR's import."""
    path = _path(service.pk, services) if service is not None else ()
    chosen = list(people)
    if not chosen:
        return
    leaders = dict(
        Person.objects.filter(pk__in={p.leader_id for p in chosen if p.leader_id}).values_list(
            "pk", "staff_number"
        )
    )
    _import(
        token,
        [_record_of(p, leaders.get(p.leader_id, "") if p.leader_id else "", path) for p in chosen],
    )


def _members(token: ApiToken, ids: list[str]) -> list[Person]:
    wanted = {as_id(value) for value in ids}
    found = list(people(token).filter(pk__in=wanted - {None}))
    if None in wanted or len(found) != len(wanted):
        raise invalid("members", "A member is not a User of this zone.")
    return found


def _set_members(token: ApiToken, service: Service, ids: list[str] | None) -> None:
    if ids is None:
        return
    wanted = _members(token, ids)
    wanted_ids = {p.pk for p in wanted}
    current = list(people(token).filter(service=service))
    services = _services(token.zone_id)
    _move(token, service, [p for p in wanted if p.service_id != service.pk], services)
    _move(token, None, [p for p in current if p.pk not in wanted_ids], services)


def _check_name(token: ApiToken, name: str, service: Service | None = None) -> None:
    parent = service.parent_id if service is not None else None
    siblings = Service.objects.filter(zone_id=token.zone_id, parent_id=parent, name__iexact=name)
    if service is not None:
        siblings = siblings.exclude(pk=service.pk)
    if siblings.exists():
        raise conflict(token, "displayName", "A service of the zone has this name at that level.")


@transaction.atomic
def create_group(*, token: ApiToken, data: GroupIn) -> Service:
    """A new service at the top of the zone, with its members moved into it."""
    check_conflicts(token)
    _check_name(token, data.display_name)
    _check_external_id(token, GroupLink, data.external_id)
    importing.add_services(
        zone_id=token.zone_id, paths=[[data.display_name]], role=ROLE, detail=_detail(token)
    )
    service = Service.objects.get(
        zone_id=token.zone_id, parent=None, name__iexact=data.display_name
    )
    _set_external_id(GroupLink, token.zone_id, data.external_id, service=service)
    _set_members(token, service, data.members)
    return service


@transaction.atomic
def replace_group(*, token: ApiToken, service: Service, data: GroupIn) -> Service:
    """PUT, and PATCH once applied: the name, the external id and (when said) the members."""
    check_conflicts(token)
    _check_external_id(token, GroupLink, data.external_id, service_id=service.pk)
    if data.display_name != service.name:
        _check_name(token, data.display_name, service)
        service.name = data.display_name
        service.save(update_fields=["name"])
        record(
            "accounts.service_changed",
            role=ROLE,
            obj=service,
            zone_id=token.zone_id,
            detail=_detail(token, fields="name"),
        )
    _set_external_id(GroupLink, token.zone_id, data.external_id, service=service)
    _set_members(token, service, data.members)
    return service


@transaction.atomic
def unlink_group(*, token: ApiToken, service: Service) -> None:
    """DELETE: the service stays (people, registers and cases name it); SCIM forgets its own
    id for it."""
    GroupLink.objects.filter(service=service).delete()
    record(
        "scim.group_unlinked",
        role=ROLE,
        obj=service,
        zone_id=token.zone_id,
        detail=_detail(token),
    )
