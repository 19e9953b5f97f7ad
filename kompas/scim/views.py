"""SCIM 2.0's endpoints under /scim/v2/: plain views, each behind `endpoint`, which lets in a
bearer token of the zone with the scope ``scim`` (the API's tokens, budget and audit:
`kompas.api.auth.admit`), reads the body, and answers SCIM's JSON, errors included. Every look-up
is scoped to the token's zone: another zone's id is a 404, as an id nobody holds."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.db import IntegrityError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header
from django.views.decorators.csrf import csrf_exempt
from ninja.errors import AuthorizationError

from kompas.accounts.models import Person, Service
from kompas.api.auth import Throttled, admit, endpoint_of
from kompas.api.models import ApiToken
from kompas.api.scopes import Scope
from kompas.lib.ids import as_id, whole_number
from kompas.scim import filters, patch, resources, schema, services
from kompas.scim.errors import ScimError, invalid
from kompas.scim.errors import not_found as missing

Answer = tuple[int, dict[str, Any] | None]
View = Callable[..., Answer]
QUERY_FIELDS = {"filter", "startIndex", "count", "attributes", "excludedAttributes"}
WRITES = ("POST", "PUT", "PATCH")


def _language(request: HttpRequest) -> str:
    """English unless the client asks for Dutch or French: SCIM's detail is read in the
    provisioning system's logs, by whoever set it up."""
    for code, _weight in parse_accept_lang_header(request.META.get("HTTP_ACCEPT_LANGUAGE", "")):
        base = code.split("-")[0].lower()
        if base in ("nl", "fr", "en"):
            return base
    return "en"


def _answer(
    status: int, document: dict[str, Any] | None, headers: dict[str, str] | None = None
) -> HttpResponse:
    if document is None:
        response = HttpResponse(status=status)
    else:
        response = HttpResponse(
            json.dumps(document), content_type="application/scim+json", status=status
        )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _token(request: HttpRequest) -> ApiToken:
    scheme, _space, secret = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
    needed = ScimError(
        401, "A bearer token is needed.", headers={"WWW-Authenticate": 'Bearer realm="kompas"'}
    )
    if scheme.lower() != "bearer" or not secret.strip():
        raise needed
    try:
        found = admit(request, secret, Scope.SCIM, endpoint_of(request))
    except Throttled as exc:
        raise ScimError(
            429, "Too many calls with this token.", headers={"Retry-After": str(exc.wait)}
        ) from exc
    except AuthorizationError as exc:
        raise ScimError(403, "This token does not have the scope scim.") from exc
    if found is None:
        raise needed
    return found


def _holds_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(k) or _holds_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_holds_nul(v) for v in value)
    return False


def _body(request: HttpRequest) -> Any:
    if request.method not in WRITES:
        return None
    length = request.META.get("CONTENT_LENGTH") or "0"
    if not length.isdigit() or int(length) > schema.MAX_BODY:
        raise ScimError(413, "The request is larger than 1 MB.")
    raw = request.body
    if len(raw) > schema.MAX_BODY:
        raise ScimError(413, "The request is larger than 1 MB.")
    try:
        body = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise invalid("", "The body is not JSON.", "invalidSyntax") from exc
    if _holds_nul(body):
        raise invalid("", "A NUL character is not accepted.")
    return body


def _query(request: HttpRequest) -> None:
    unknown = sorted(name for name in request.GET if name not in QUERY_FIELDS)
    if unknown:
        raise invalid(unknown[0][:100], "Unknown query parameter.")


def endpoint(*methods: str) -> Callable[[View], Callable[..., HttpResponse]]:
    def decorate(view: View) -> Callable[..., HttpResponse]:
        @csrf_exempt
        @wraps(view)
        def wrapper(request: HttpRequest, **kwargs: Any) -> HttpResponse:
            with translation.override(_language(request)):
                token = None
                try:
                    token = _token(request)
                    if request.method not in methods:
                        raise ScimError(405, f"{request.method} is not supported here.")
                    _query(request)
                    status, document = view(request, token, _body(request), **kwargs)
                except IntegrityError:
                    # The same resource written by two requests at once (a client's retry):
                    # the second one's transaction is rolled back.
                    error = ScimError(
                        409, "Written by another request at the same time.", "uniqueness"
                    )
                    return _answer(error.status, error.document())
                except ScimError as error:
                    if error.status == 409 and token is not None:
                        services.note_conflict(token, error)
                    return _answer(error.status, error.document(), error.headers)
                return _answer(status, document)

        return wrapper

    return decorate


# --- Lists -----------------------------------------------------------------------------------


def _number(request: HttpRequest, name: str, default: int) -> int:
    given = request.GET.get(name)
    if given is None:
        return default
    number = whole_number(given.strip())
    if number is None and given.strip().startswith("-") and whole_number(given.strip()[1:]):
        number = 0  # a negative count or index is read as the least (RFC 7644 3.4.2.4)
    if number is None:
        raise invalid(name, "A whole number is needed.")
    return number


def _names(request: HttpRequest, name: str) -> set[str]:
    """Top-level attributes named in ``attributes`` or ``excludedAttributes``."""
    found = set()
    for part in request.GET.get(name, "").split(","):
        part = part.strip().lower()
        for urn in (schema.ENTERPRISE, schema.KOMPAS):
            if part.startswith(urn.lower()):
                part = urn.lower()
        for urn in (schema.USER, schema.GROUP):
            if part.startswith(urn.lower() + ":"):
                part = part[len(urn) + 1 :]
        if part:
            found.add(part.split(".")[0])
    return found


def _shown(request: HttpRequest, name: str) -> bool:
    """Whether the answer holds top-level attribute ``name``."""
    wanted, left_out = _names(request, "attributes"), _names(request, "excludedAttributes")
    return name.lower() not in left_out and (not wanted or name.lower() in wanted)


def _project(request: HttpRequest, document: dict[str, Any]) -> dict[str, Any]:
    always = {"id", "schemas", "meta"}
    return {k: v for k, v in document.items() if k in always or _shown(request, k)}


def _list(
    request: HttpRequest, found: QuerySet[Any], render: Callable[[list[Any]], list[dict[str, Any]]]
) -> dict[str, Any]:
    start = max(1, _number(request, "startIndex", 1))
    count = min(max(0, _number(request, "count", schema.DEFAULT_COUNT)), schema.MAX_COUNT)
    found = found.order_by("pk")
    total = found.count()
    page = list(found[start - 1 : start - 1 + count]) if count else []
    return {
        "schemas": [schema.LIST],
        "totalResults": total,
        "startIndex": start,
        "itemsPerPage": len(page),
        "Resources": [_project(request, document) for document in render(page)],
    }


# --- Users -----------------------------------------------------------------------------------


def _people(token: ApiToken) -> QuerySet[Person]:
    return services.people(token).select_related("service", "scim")


def _external(obj: Person | Service) -> str | None:
    link = getattr(obj, "scim", None)
    return link.external_id if link is not None else None


def _person(token: ApiToken, resource_id: str) -> Person:
    person = _people(token).filter(pk=as_id(resource_id) or 0).first()
    if person is None:
        raise missing()
    return person


def _user(person: Person) -> dict[str, Any]:
    return resources.user_document(person, _external(person))


def _fresh_user(token: ApiToken, pk: int) -> dict[str, Any]:
    return _user(_person(token, str(pk)))


@endpoint("GET", "POST")
def users(request: HttpRequest, token: ApiToken, body: Any) -> Answer:
    if request.method == "POST":
        person = services.create_user(token=token, data=resources.read_user(body))
        return 201, _fresh_user(token, person.pk)
    found = _people(token)
    if request.GET.get("filter"):
        found = found.filter(filters.to_q(request.GET["filter"], filters.USER_FIELDS))
    return 200, _list(request, found, lambda page: [_user(p) for p in page])


@endpoint("GET", "PUT", "PATCH", "DELETE")
def user(request: HttpRequest, token: ApiToken, body: Any, resource_id: str) -> Answer:
    person = _person(token, resource_id)
    if request.method == "GET":
        return 200, _project(request, _user(person))
    if request.method == "DELETE":
        services.deactivate_user(token=token, person=person)
        return 204, None
    if request.method == "PATCH":
        current = _user(person)
        current.pop("emails")  # the address is the userName's; a PATCH may change either
        body = patch.apply(current, body)
        changed = {k for k in body.keys() | current.keys() if body.get(k) != current.get(k)}
        if changed == {"active"}:
            # Entra ID's deactivation of a leaver: applied on its own, whatever else in the
            # person's record HR's checks would refuse today and whatever the token's budget
            # of refused writes, so that nobody who left keeps their access.
            services.set_active(token=token, person=person, data=resources.read_active(body))
            return 200, _fresh_user(token, person.pk)
    services.replace_user(token=token, person=person, data=resources.read_user(body))
    return 200, _fresh_user(token, person.pk)


# --- Groups ----------------------------------------------------------------------------------


def _services(token: ApiToken) -> QuerySet[Service]:
    return Service.objects.filter(zone_id=token.zone_id).select_related("scim")


def _service(token: ApiToken, resource_id: str) -> Service:
    service = _services(token).filter(pk=as_id(resource_id) or 0).first()
    if service is None:
        raise missing()
    return service


def _groups(page: list[Service], with_members: bool) -> list[dict[str, Any]]:
    """The services' documents; their members read in one query, when asked for."""
    members: dict[int, list[tuple[int, str]]] = {service.pk: [] for service in page}
    if with_members and page:
        for service_id, pk, first, last in (
            Person.objects.filter(service_id__in=list(members), pseudonymised_on__isnull=True)
            .order_by("pk")
            .values_list("service_id", "pk", "first_name", "last_name")
        ):
            members[service_id].append((pk, f"{first} {last}".strip()))
    return [
        resources.group_document(s, _external(s), members[s.pk] if with_members else None)
        for s in page
    ]


@endpoint("GET", "POST")
def groups(request: HttpRequest, token: ApiToken, body: Any) -> Answer:
    if request.method == "POST":
        service = services.create_group(token=token, data=resources.read_group(body))
        return 201, _groups([_service(token, str(service.pk))], True)[0]
    found = _services(token)
    if request.GET.get("filter"):
        found = found.filter(filters.to_q(request.GET["filter"], filters.GROUP_FIELDS)).distinct()
    shown = _shown(request, "members")
    return 200, _list(request, found, lambda page: _groups(page, shown))


@endpoint("GET", "PUT", "PATCH", "DELETE")
def group(request: HttpRequest, token: ApiToken, body: Any, resource_id: str) -> Answer:
    service = _service(token, resource_id)
    if request.method == "GET":
        return 200, _project(request, _groups([service], _shown(request, "members"))[0])
    if request.method == "DELETE":
        services.unlink_group(token=token, service=service)
        return 204, None
    if request.method == "PATCH":
        body = patch.apply(_groups([service], True)[0], body)
    services.replace_group(token=token, service=service, data=resources.read_group(body))
    return 200, _groups([_service(token, resource_id)], True)[0]


# --- What the service provider supports ------------------------------------------------------


@endpoint("GET")
def service_provider_config(request: HttpRequest, token: ApiToken, body: Any) -> Answer:
    return 200, schema.service_provider_config()


def _listing(documents: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "schemas": [schema.LIST],
        "totalResults": len(documents),
        "startIndex": 1,
        "itemsPerPage": len(documents),
        "Resources": documents,
    }


@endpoint("GET")
def resource_types(request: HttpRequest, token: ApiToken, body: Any) -> Answer:
    return 200, _listing(list(schema.RESOURCE_TYPES.values()))


@endpoint("GET")
def resource_type(request: HttpRequest, token: ApiToken, body: Any, name: str) -> Answer:
    if name not in schema.RESOURCE_TYPES:
        raise missing()
    return 200, schema.RESOURCE_TYPES[name]


@endpoint("GET")
def schemas(request: HttpRequest, token: ApiToken, body: Any) -> Answer:
    return 200, _listing([schema.schema_document(urn) for urn in schema.SCHEMAS])


@endpoint("GET")
def schema_view(request: HttpRequest, token: ApiToken, body: Any, urn: str) -> Answer:
    if urn not in schema.SCHEMAS:
        raise missing()
    return 200, schema.schema_document(urn)


@csrf_exempt
def not_found(request: HttpRequest) -> HttpResponse:
    """An address under /scim/v2/ that names no endpoint."""
    return _answer(404, missing().document())
