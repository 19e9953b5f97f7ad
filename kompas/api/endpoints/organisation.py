"""The zone's services and people: read (organisation:read) and write (organisation:write).

Writing goes through HR's import (`kompas.accounts.importing`): the same checks, all or
nothing, the same audit event, with the token named in it. People are matched on their staff
number; nobody is deactivated or removed here.
"""

from __future__ import annotations

from typing import Any

from django.db.models import F
from django.http import Http404, HttpRequest
from ninja import Path, Query, Router

from kompas.accounts import importing
from kompas.accounts.models import Person, Service
from kompas.api.endpoints.common import PageNumber, gate, paged, window
from kompas.api.errors import ImportRefused
from kompas.api.models import ApiToken
from kompas.api.schemas import (
    ImportOut,
    PeopleIn,
    PersonOut,
    PersonPage,
    ServicePage,
    ServicesIn,
    ServicesOut,
)
from kompas.api.scopes import Scope
from kompas.lib.ids import LARGEST_KEY

router = Router(tags=["organisation"])

SERVICES_PER_PAGE = 500
PEOPLE_PER_PAGE = 500
_PERSON_FIELDS = (
    "id", "staff_number", "first_name", "last_name", "email", "service_id", "cadre", "status",
    "language", "is_active",
)  # fmt: skip


def _token(request: HttpRequest) -> ApiToken:
    return request.auth  # type: ignore[attr-defined,no-any-return]


@router.get("/services", **gate(Scope.READ_ORGANISATION, ServicePage, "The services"))
def list_services(request: HttpRequest, page: int = PageNumber) -> dict[str, Any]:
    """The zone's services, by name; a service's parent by its id (null: at the top)."""
    found = (
        Service.objects.filter(zone_id=_token(request).zone_id)
        .order_by("name", "pk")
        .values("id", "code", "name", "parent_id")
    )
    return paged(window(found, page, SERVICES_PER_PAGE), page, SERVICES_PER_PAGE)


@router.put("/services", **gate(Scope.WRITE_ORGANISATION, ServicesOut, "Add services by path"))
def add_services(request: HttpRequest, payload: ServicesIn) -> dict[str, Any]:
    """Make sure each service path exists, creating the services it lacks as HR's import does
    (matched by name under the same parent, whatever the capitals). Nothing is renamed, moved
    or removed."""
    created = importing.add_services(
        zone_id=_token(request).zone_id,
        paths=[item.path for item in payload.services],
        role="api",
        detail={"token": _token(request).pk},
    )
    return {"services_created": created}


def _people(zone_id: int) -> Any:
    return (
        Person.objects.filter(zone_id=zone_id)
        .annotate(leader_staff_number=F("leader__staff_number"))
        .values(*_PERSON_FIELDS, "leader_staff_number")
    )


@router.get("/people", **gate(Scope.READ_ORGANISATION, PersonPage, "The people"))
def list_people(
    request: HttpRequest,
    page: int = PageNumber,
    active: bool | None = Query(None, description="Only active (true) or inactive (false) people."),
) -> dict[str, Any]:
    """The zone's people, by staff number: what HR's file holds, and whether they are active.
    Never their roles, sign-in or anything they declared or reported."""
    found = _people(_token(request).zone_id).order_by("staff_number", "pk")
    if active is not None:
        found = found.filter(is_active=active)
    return paged(window(found, page, PEOPLE_PER_PAGE), page, PEOPLE_PER_PAGE)


@router.get("/people/{person_id}", **gate(Scope.READ_ORGANISATION, PersonOut, "One person"))
def get_person(
    request: HttpRequest, person_id: int = Path(..., ge=1, le=LARGEST_KEY)
) -> dict[str, Any]:
    """One person of the zone by id (404 for anyone else, in another zone or nowhere)."""
    found = _people(_token(request).zone_id).filter(pk=person_id).first()
    if found is None:
        raise Http404
    return found  # type: ignore[no-any-return]


@router.put("/people", **gate(Scope.WRITE_ORGANISATION, ImportOut, "Add or update people"))
def import_people(request: HttpRequest, payload: PeopleIn) -> dict[str, Any]:
    """Add or update people, matched on their staff number, as HR's CSV import does: every
    person is checked first (addresses, leaders by staff number in this call or the zone, no
    circles of leaders), then all are written or none. A service path creates the services it
    lacks. People left out are left as they are. Errors name each person by position
    (`people[3]`)."""
    token = _token(request)
    records = [
        {
            "staff_number": person.staff_number,
            "first_name": person.first_name,
            "last_name": person.last_name,
            "email": person.email,
            "service": " > ".join(person.service),
            "cadre": person.cadre.value,
            "status": person.status.value,
            "leader": person.leader,
            "language": person.language.value,
        }
        for person in payload.people
    ]
    result = importing.import_records(
        zone_id=token.zone_id, records=records, role="api", detail={"token": token.pk}
    )
    if not result.ok:
        raise ImportRefused(result.errors)
    return {
        "created": result.created,
        "updated": result.updated,
        "services_created": result.services_created,
    }
