"""SCIM's names (RFC 7643, 7644) and the documents that describe what Kompas supports:
ServiceProviderConfig, ResourceTypes and Schemas. Only the attributes Kompas keeps are
described; `kompas.scim.resources` lists those it accepts without keeping."""

from __future__ import annotations

from typing import Any

USER = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
# Kompas' own extension: what a person's record needs and Entra ID has no standard name for.
KOMPAS = "urn:ietf:params:scim:schemas:extension:kompas:2.0:User"
LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"
CONFIG = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"
RESOURCE_TYPE = "urn:ietf:params:scim:schemas:core:2.0:ResourceType"
SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Schema"

BASE = "/scim/v2"
# Lists: at most this many resources a page (``count``), 100 unless asked.
MAX_COUNT = 500
DEFAULT_COUNT = 100
# The largest body read: a group's PATCH adding a few thousand members.
MAX_BODY = 1024 * 1024


def _attr(
    name: str,
    description: str,
    *,
    type: str = "string",
    required: bool = False,
    multi: bool = False,
    mutability: str = "readWrite",
    uniqueness: str = "none",
    case_exact: bool = False,
    sub: list[dict[str, Any]] | None = None,
    returned: str = "default",
) -> dict[str, Any]:
    attribute: dict[str, Any] = {
        "name": name,
        "type": type,
        "multiValued": multi,
        "description": description,
        "required": required,
        "mutability": mutability,
        "returned": returned,
        "uniqueness": uniqueness,
    }
    if type in ("string", "reference"):
        attribute["caseExact"] = case_exact
    if sub is not None:
        attribute["subAttributes"] = sub
    return attribute


_ID = _attr("id", "Kompas' id.", mutability="readOnly", uniqueness="server", case_exact=True)
_EXTERNAL = _attr("externalId", "The client's own id, unique in the zone.", case_exact=True)

USER_ATTRIBUTES = [
    _ID,
    _EXTERNAL,
    _attr(
        "userName",
        "The person's e-mail address: the name they sign in with; unique in the installation.",
        required=True,
        uniqueness="server",
    ),
    _attr(
        "name",
        "The person's names.",
        type="complex",
        required=True,
        sub=[
            _attr("givenName", "First name (at most 100 characters).", required=True),
            _attr("familyName", "Last name (at most 100 characters).", required=True),
            _attr("formatted", "First and last name.", mutability="readOnly"),
        ],
    ),
    _attr("displayName", "First and last name.", mutability="readOnly"),
    _attr(
        "emails",
        "The address again; when sent, its work or primary value must be the userName.",
        type="complex",
        multi=True,
        sub=[
            _attr("value", "The address."),
            _attr("type", "work"),
            _attr("primary", "true", type="boolean"),
        ],
    ),
    _attr("preferredLanguage", "nl, fr or en (nl-BE, fr-BE are read as nl, fr)."),
    _attr("active", "False deactivates the person and signs them out.", type="boolean"),
    _attr(
        "groups",
        "The person's service (a Group): change it through the Group's members.",
        type="complex",
        multi=True,
        mutability="readOnly",
        sub=[
            _attr("value", "The service's id.", mutability="readOnly"),
            _attr("display", "The service's name.", mutability="readOnly"),
        ],
    ),
]
ENTERPRISE_ATTRIBUTES = [
    _attr("employeeNumber", "Staff number, unique in the zone; it cannot change.", required=True),
    _attr(
        "manager",
        "The direct leader.",
        type="complex",
        sub=[_attr("value", "The leader's id (a User's id).", type="reference")],
    ),
]
KOMPAS_ATTRIBUTES = [
    _attr("cadre", "operationeel or calog (as in HR's file).", required=True),
    _attr("status", "statutair, contractueel or student (as in HR's file).", required=True),
]
GROUP_ATTRIBUTES = [
    _ID,
    _EXTERNAL,
    _attr("displayName", "The service's name.", required=True),
    _attr(
        "members",
        "The people of the service: a person belongs to one service.",
        type="complex",
        multi=True,
        sub=[
            _attr("value", "The person's id (a User's id).", mutability="immutable"),
            _attr("display", "The person's name.", mutability="readOnly"),
            _attr("type", "User", mutability="immutable"),
        ],
    ),
]

SCHEMAS: dict[str, tuple[str, str, list[dict[str, Any]]]] = {
    USER: ("User", "A member of staff of the zone.", USER_ATTRIBUTES),
    ENTERPRISE: ("EnterpriseUser", "The staff number and direct leader.", ENTERPRISE_ATTRIBUTES),
    KOMPAS: ("KompasUser", "What a person's record in Kompas needs.", KOMPAS_ATTRIBUTES),
    GROUP: ("Group", "A service of the zone.", GROUP_ATTRIBUTES),
}


def _meta(kind: str, location: str) -> dict[str, str]:
    return {"resourceType": kind, "location": f"{BASE}/{location}"}


def schema_document(urn: str) -> dict[str, Any]:
    name, description, attributes = SCHEMAS[urn]
    return {
        "schemas": [SCHEMA],
        "id": urn,
        "name": name,
        "description": description,
        "attributes": attributes,
        "meta": _meta("Schema", f"Schemas/{urn}"),
    }


RESOURCE_TYPES: dict[str, dict[str, Any]] = {
    "User": {
        "schemas": [RESOURCE_TYPE],
        "id": "User",
        "name": "User",
        "endpoint": "/Users",
        "description": "A member of staff of the zone.",
        "schema": USER,
        "schemaExtensions": [
            {"schema": ENTERPRISE, "required": True},
            {"schema": KOMPAS, "required": True},
        ],
        "meta": _meta("ResourceType", "ResourceTypes/User"),
    },
    "Group": {
        "schemas": [RESOURCE_TYPE],
        "id": "Group",
        "name": "Group",
        "endpoint": "/Groups",
        "description": "A service of the zone.",
        "schema": GROUP,
        "schemaExtensions": [],
        "meta": _meta("ResourceType", "ResourceTypes/Group"),
    },
}


def service_provider_config() -> dict[str, Any]:
    return {
        "schemas": [CONFIG],
        "patch": {"supported": True},
        "bulk": {"supported": False, "maxOperations": 0, "maxPayloadSize": 0},
        "filter": {"supported": True, "maxResults": MAX_COUNT},
        "changePassword": {"supported": False},
        "sort": {"supported": False},
        "etag": {"supported": False},
        "authenticationSchemes": [
            {
                "type": "oauthbearertoken",
                "name": "Bearer token",
                "description": "A token of the zone with the scope scim, made by the functional "
                "administrator on /api/tokens/.",
                "primary": True,
            }
        ],
        "meta": _meta("ServiceProviderConfig", "ServiceProviderConfig"),
    }
