"""Who calls, with which scope, how often: every endpoint's gate.

`TokenAuth(scope)` is the ``auth`` of each endpoint. For a request with a usable token (a
bearer token, `tokens.find_token`) it, in this order:

1. spends one call of the token's budget (`CallBudget`: calls per minute, counted in Django's
   shared cache) or answers 429 with ``Retry-After``; a throttled call writes nothing;
2. checks the scope the endpoint names: without it, 403, the refusal audited (``api.refused``);
3. audits the call (``api.called``: the token, the endpoint; never what it sent or got), in a
   transaction of its own, before anything is read or changed;
4. refuses query fields the endpoint does not have, and bodies larger than ``MAX_BODY``.

Without a usable token (none, unknown, revoked, expired) the answer is 401, and nothing is
audited: there is no token to name. A client address that had ``REFUSED.times`` calls refused
in a minute (a token that opens nothing, or a token past its budget) is answered 429 before any
token it sends is looked up, for the rest of that minute.
"""

from __future__ import annotations

import math
import re
import time
from functools import cache as once
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _
from ninja.errors import AuthorizationError, HttpError
from ninja.security import HttpBearer

from kompas.accounts.signin import client_ip
from kompas.api.models import ApiToken
from kompas.api.tokens import find_token, note_use
from kompas.audit.services import DetailValue, record
from kompas.lib.throttle import Budget

# The largest body an endpoint reads: the people of a large zone, a few thousand at a time.
MAX_BODY = 5 * 1024 * 1024


class Throttled(HttpError):
    def __init__(self, wait: int) -> None:
        super().__init__(
            429, _("Too many calls with this token: wait %(seconds)s seconds.") % {"seconds": wait}
        )
        self.wait = wait


class UnknownFields(Exception):
    """Fields the request has and the endpoint does not know (422, each one named)."""

    def __init__(self, source: str, names: list[str]) -> None:
        super().__init__(names)
        self.source, self.names = source, names


class CallBudget:
    """At most ``settings.API_CALLS_PER_MINUTE`` calls per token in each minute, counted in
    Django's default cache: the one every worker and server shares (Redis with
    `KOMPAS_CACHE_URL`, else files the workers of one machine share). Not the ``throttle``
    alias, which is each worker's memory without Redis: that alias exists to keep reporters'
    acts out of files, and a token's calls are in the audit log with their times anyway."""

    seconds = 60

    def spend(self, token_id: int) -> int | None:
        """None if the call may go ahead; else the seconds until the next minute begins."""
        now = time.time()
        key = f"kompas-api:calls:{token_id}:{int(now // self.seconds)}"
        cache.add(key, 0, timeout=2 * self.seconds)
        try:
            used = cache.incr(key)
        except ValueError:  # gone between the two calls
            cache.set(key, 1, timeout=2 * self.seconds)
            used = 1
        if used > settings.API_CALLS_PER_MINUTE:
            return _wait(self.seconds)
        return None


budget = CallBudget()

# Calls refused at the gate, per client address and minute: tokens that open nothing (nobody
# guesses 256 random bits, but each guess costs a look-up, and a system with a wrong or revoked
# token has no need to keep trying) and calls past a token's budget (each still a look-up).
# Counted in the ``throttle`` cache, under a keyed hash of the address.
REFUSED = Budget("api-refused-calls", 30)


def _wait(seconds: int) -> int:
    return max(1, math.ceil(seconds - time.time() % seconds))


class TokenAuth(HttpBearer):
    """The bearer token of a zone, holding ``scope``."""

    def __init__(self, scope: str) -> None:
        super().__init__()
        self.scope = scope

    def __call__(self, request: HttpRequest) -> Any:
        # A system says which language it reads errors in (Accept-Language); Dutch otherwise.
        language = translation.get_language_from_request(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = admit(request, token, self.scope, endpoint_of(request))
        if found is not None:
            _check_request(request)
        return found


def admit(request: HttpRequest, secret: str, scope: str, endpoint: str) -> ApiToken | None:
    """The usable token ``secret`` names if it holds ``scope``, its call audited as
    ``endpoint``; None (401) if it opens nothing. Raises `Throttled` (429) past a budget and
    ``AuthorizationError`` (403, audited) without the scope. Shared by the API and SCIM
    (`kompas.scim`): one budget per token, one refusal count per address."""
    address = client_ip(request)
    if REFUSED.exhausted(address):
        raise Throttled(_wait(REFUSED.seconds))
    found = find_token(secret.strip())
    if found is None:
        REFUSED.spend(address)
        return None
    wait = budget.spend(found.pk)
    if wait is not None:
        REFUSED.spend(address)
        raise Throttled(wait)
    if not found.allows(scope):
        _audit("api.refused", found, {"endpoint": endpoint, "scope": scope})
        raise AuthorizationError(
            message=_("This token does not have the scope %(scope)s.") % {"scope": scope}
        )
    _audit("api.called", found, {"endpoint": endpoint})
    note_use(found)
    return found


def _audit(action: str, token: ApiToken, detail: dict[str, DetailValue]) -> None:
    """The token is who: a call names no person (the token's maker may have left)."""
    record(
        action,
        role="api",
        object_type="api.apitoken",
        object_id=token.pk,
        zone_id=token.zone_id,
        detail=detail,
    )


def endpoint_of(request: HttpRequest) -> str:
    """The endpoint as the schema names it: "GET /api/v1/people/{person_id}"."""
    return f"{request.method} {_template(request)}"


def _template(request: HttpRequest) -> str:
    match = request.resolver_match
    route = match.route if match is not None else request.path_info.lstrip("/")
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)


@once
def _query_fields() -> dict[tuple[str, str], frozenset[str]]:
    """The query fields of each endpoint, read from the schema once per process."""
    from kompas.api.api import api

    fields = {}
    for path, operations in api.get_openapi_schema()["paths"].items():
        for method, operation in operations.items():
            names = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
            fields[(method.upper(), path)] = frozenset(names)
    return fields


def _check_request(request: HttpRequest) -> None:
    known = _query_fields().get((request.method or "", _template(request)), frozenset())
    unknown = sorted(name for name in request.GET if name not in known)
    if unknown:
        raise UnknownFields("query", unknown)
    length = request.META.get("CONTENT_LENGTH") or "0"
    if not length.isdigit() or int(length) > MAX_BODY:
        raise HttpError(413, _("The request is larger than 5 MB."))
