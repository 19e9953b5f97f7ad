"""Users and Groups as SCIM writes them, and read back into what Kompas keeps.

A User is a person of the zone (`accounts.Person`); a Group is a service (`accounts.Service`),
and its members are the people whose service it is. Reading is strict: an attribute Kompas
neither keeps nor lists below as "accepted, not kept" is refused, naming it, and so are roles,
entitlements and passwords (deny by default: SCIM never grants a role nor sets a password).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kompas.accounts.models import Person, Service
from kompas.scim.errors import invalid
from kompas.scim.patch import _get
from kompas.scim.schema import BASE, ENTERPRISE, GROUP, KOMPAS, USER

# What Entra ID sends by default and Kompas does not keep: accepted, and forgotten (a phone
# number or an office address has no use in Kompas).
USER_NOT_KEPT = {
    "displayname", "nickname", "title", "usertype", "locale", "timezone", "phonenumbers",
    "addresses", "profileurl",
}  # fmt: skip
NAME_NOT_KEPT = {"formatted", "middlename", "honorificprefix", "honorificsuffix"}
ENTERPRISE_NOT_KEPT = {"department", "organization", "division", "costcenter"}
NEVER = {
    "roles": "Kompas never takes roles from SCIM: the functional administrator grants them.",
    "entitlements": "Kompas never takes entitlements from SCIM.",
    "password": "Kompas never takes a password from SCIM.",
    "x509certificates": "Kompas does not keep certificates.",
}
# The fields of HR's import, by the SCIM attribute that carries them (for naming errors).
ATTRIBUTE_OF = {
    "staff_number": f"{ENTERPRISE}:employeeNumber",
    "first_name": "name.givenName",
    "last_name": "name.familyName",
    "email": "userName",
    "cadre": f"{KOMPAS}:cadre",
    "status": f"{KOMPAS}:status",
    "leader": f"{ENTERPRISE}:manager",
    "language": "preferredLanguage",
    "service": "groups",
}


@dataclass
class UserIn:
    user_name: str
    given_name: str
    family_name: str
    staff_number: str
    cadre: str
    status: str
    language: str
    external_id: str | None
    manager: str | None  # a User's id; None: no leader
    active: bool | None  # None: not said


@dataclass
class GroupIn:
    display_name: str
    external_id: str | None
    members: list[str] | None  # Users' ids; None: not said


def _text(value: Any, attribute: str, *, required: bool = False, longest: int = 200) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise invalid(attribute, "A string is needed.")
    value = value.strip()
    if required and not value:
        raise invalid(attribute, "Required.")
    if len(value) > longest:
        raise invalid(attribute, f"At most {longest} characters.")
    return value


def _boolean(value: Any, attribute: str) -> bool | None:
    """True or false; Entra ID also sends them as the strings "True" and "False"."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise invalid(attribute, "true or false.")


def _schemas(document: dict[str, Any], core: str, allowed: tuple[str, ...]) -> None:
    schemas = _get(document, "schemas")
    if not isinstance(schemas, list) or core not in schemas:
        raise invalid("schemas", f"The schemas name {core}.", "invalidSyntax")
    unknown = [s for s in schemas if s not in allowed]
    if unknown:
        raise invalid("schemas", f"Unknown schema {str(unknown[0])[:100]}.", "invalidSyntax")


def read_user(document: Any) -> UserIn:
    """A User's document (POST, PUT, or a PATCH's result) as Kompas keeps it."""
    if not isinstance(document, dict):
        raise invalid("", "The body is not a JSON object.", "invalidSyntax")
    _schemas(document, USER, (USER, ENTERPRISE, KOMPAS))
    enterprise: dict[str, Any] = {}
    kompas: dict[str, Any] = {}
    name: dict[str, Any] = {}
    for key, value in document.items():
        lowered = key.lower()
        if lowered == ENTERPRISE.lower() or lowered == KOMPAS.lower():
            if not isinstance(value, dict):
                raise invalid(key, "An object is needed.")
            (enterprise if lowered == ENTERPRISE.lower() else kompas).update(value)
        elif lowered.startswith(ENTERPRISE.lower() + ":"):
            enterprise[key[len(ENTERPRISE) + 1 :]] = value
        elif lowered.startswith(KOMPAS.lower() + ":"):
            kompas[key[len(KOMPAS) + 1 :]] = value
        elif lowered == "name":
            if not isinstance(value, dict):
                raise invalid("name", "An object is needed.")
            name.update(value)
        elif lowered in NEVER:
            raise invalid(key, NEVER[lowered], "mutability")
        elif lowered not in (
            {"schemas", "id", "meta", "groups", "externalid", "username", "emails"}
            | {"preferredlanguage", "active"}
            | USER_NOT_KEPT
        ):
            raise invalid(key[:100], "Unknown attribute: Kompas does not accept it.", "invalidPath")
    for key in name:
        if key.lower() not in {"givenname", "familyname"} | NAME_NOT_KEPT:
            raise invalid(f"name.{key[:100]}", "Unknown attribute.", "invalidPath")
    for key in enterprise:
        if key.lower() not in {"employeenumber", "manager"} | ENTERPRISE_NOT_KEPT:
            raise invalid(f"{ENTERPRISE}:{key[:100]}", "Unknown attribute.", "invalidPath")
    for key in kompas:
        if key.lower() not in {"cadre", "status"}:
            raise invalid(f"{KOMPAS}:{key[:100]}", "Unknown attribute.", "invalidPath")

    user_name = _text(_get(document, "userName"), "userName", required=True, longest=254)
    emails = _get(document, "emails")
    if emails is not None:
        if not isinstance(emails, list) or not all(isinstance(e, dict) for e in emails):
            raise invalid("emails", "A list of objects is needed.")
        chosen = [e for e in emails if _get(e, "primary") in (True, "true", "True")] or [
            e for e in emails if str(_get(e, "type") or "").lower() == "work"
        ]
        for email in chosen[:1]:
            value = _text(_get(email, "value"), "emails.value", longest=254)
            if value and value.lower() != user_name.lower():
                raise invalid(
                    "emails",
                    "The work address must be the userName: Kompas keeps one address, the one "
                    "people sign in with (map the same attribute to both).",
                )
    manager = _get(enterprise, "manager")
    if isinstance(manager, dict):
        manager = _get(manager, "value")
    manager_id = _text(manager, f"{ENTERPRISE}:manager", longest=40) or None
    language = _text(_get(document, "preferredLanguage"), "preferredLanguage", longest=20)
    external = _text(_get(document, "externalId"), "externalId", longest=200)
    return UserIn(
        user_name=user_name.lower(),
        given_name=_text(_get(name, "givenName"), "name.givenName", required=True),
        family_name=_text(_get(name, "familyName"), "name.familyName", required=True),
        staff_number=_text(
            _get(enterprise, "employeeNumber"), f"{ENTERPRISE}:employeeNumber", required=True
        ),
        cadre=_text(_get(kompas, "cadre"), f"{KOMPAS}:cadre", required=True),
        status=_text(_get(kompas, "status"), f"{KOMPAS}:status", required=True),
        # "nl-BE" is Dutch: Kompas speaks nl, fr and en (HR's import checks which).
        language=language.replace("_", "-").split("-")[0].lower() or "nl",
        external_id=external or None,
        manager=manager_id,
        active=_boolean(_get(document, "active"), "active"),
    )


def read_active(document: dict[str, Any]) -> bool | None:
    """The User's ``active`` alone (a PATCH that changes nothing else)."""
    return _boolean(_get(document, "active"), "active")


def read_group(document: Any) -> GroupIn:
    if not isinstance(document, dict):
        raise invalid("", "The body is not a JSON object.", "invalidSyntax")
    _schemas(document, GROUP, (GROUP,))
    for key in document:
        if key.lower() in NEVER:
            raise invalid(key, NEVER[key.lower()], "mutability")
        if key.lower() not in {"schemas", "id", "meta", "externalid", "displayname", "members"}:
            raise invalid(key[:100], "Unknown attribute: Kompas does not accept it.", "invalidPath")
    name = _text(_get(document, "displayName"), "displayName", required=True)
    if ">" in name:
        raise invalid("displayName", "A service's name holds no >.")
    members = _get(document, "members")
    ids: list[str] | None = None
    if members is not None:
        if not isinstance(members, list):
            raise invalid("members", "A list is needed.")
        ids = []
        for index, member in enumerate(members):
            value = _get(member, "value") if isinstance(member, dict) else None
            if not isinstance(value, str | int) or isinstance(value, bool):
                raise invalid(f"members[{index}].value", "A User's id is needed.")
            ids.append(str(value))
    external = _text(_get(document, "externalId"), "externalId", longest=200)
    return GroupIn(display_name=name, external_id=external or None, members=ids)


def _meta(kind: str, path: str, created: Any = None) -> dict[str, Any]:
    meta = {"resourceType": kind, "location": f"{BASE}/{path}"}
    if created is not None:
        meta["created"] = created.isoformat()
    return meta


def user_document(person: Person, external_id: str | None) -> dict[str, Any]:
    """Needs the person with ``service`` (select_related)."""
    document: dict[str, Any] = {
        "schemas": [USER, ENTERPRISE, KOMPAS],
        "id": str(person.pk),
    }
    if external_id:
        document["externalId"] = external_id
    document |= {
        "userName": person.email,
        "name": {
            "givenName": person.first_name,
            "familyName": person.last_name,
            "formatted": person.full_name,
        },
        "displayName": person.full_name,
        "emails": [{"value": person.email, "type": "work", "primary": True}],
        "preferredLanguage": person.language,
        "active": person.is_active,
        "groups": (
            [
                {
                    "value": str(person.service_id),
                    "display": person.service.name if person.service else "",
                    "$ref": f"{BASE}/Groups/{person.service_id}",
                }
            ]
            if person.service_id
            else []
        ),
        ENTERPRISE: {"employeeNumber": person.staff_number},
        KOMPAS: {"cadre": person.cadre, "status": person.status},
        "meta": _meta("User", f"Users/{person.pk}", person.date_joined),
    }
    if person.leader_id:
        document[ENTERPRISE]["manager"] = {
            "value": str(person.leader_id),
            "$ref": f"{BASE}/Users/{person.leader_id}",
        }
    return document


def group_document(
    service: Service, external_id: str | None, members: list[tuple[int, str]] | None
) -> dict[str, Any]:
    """``members`` as (id, name); None when the client asked to leave them out."""
    document: dict[str, Any] = {"schemas": [GROUP], "id": str(service.pk)}
    if external_id:
        document["externalId"] = external_id
    document["displayName"] = service.name
    if members is not None:
        document["members"] = [
            {"value": str(pk), "display": name, "type": "User", "$ref": f"{BASE}/Users/{pk}"}
            for pk, name in members
        ]
    document["meta"] = _meta("Group", f"Groups/{service.pk}")
    return document
