"""How the API says no: JSON, in the language the caller asks for (Accept-Language), every wrong
field named.

``{"detail": "...", "errors": [{"field": "people[3].email", "message": "..."}]}``
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from kompas.accounts.importing import LineError
from kompas.api.auth import Throttled, UnknownFields


class ImportRefused(Exception):
    """HR's import refused the people sent: nothing was written."""

    def __init__(self, errors: list[LineError]) -> None:
        super().__init__(errors)
        self.errors = errors


def _refusal(message: str, errors: list[dict[str, str]] | None = None) -> dict[str, Any]:
    return {"detail": message, "errors": errors or []}


def _field(location: tuple[Any, ...]) -> str:
    """``("body", "payload", "people", 3, "email")`` -> ``people[3].email``; a query or path
    field by its name."""
    source, *rest = location or ("",)
    if source == "body":
        rest = rest[1:]  # the name of the view's argument, not a field of the request
    written = ""
    for part in rest:
        written += f"[{part}]" if isinstance(part, int) else (f".{part}" if written else str(part))
    return written or str(source)


def _message(error: dict[str, Any]) -> str:
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    if kind == "extra_forbidden":
        return _("Unknown field: it is not accepted here.")
    if kind == "missing":
        return _("This field is required.")
    if kind == "string_too_short":
        if ctx.get("min_length") == 1:
            return _("This field is required.")
        return _("At least %(number)s characters.") % {"number": ctx.get("min_length")}
    if kind == "string_too_long":
        return _("At most %(number)s characters.") % {"number": ctx.get("max_length")}
    if kind == "too_short":
        return _("At least %(number)s items.") % {"number": ctx.get("min_length")}
    if kind == "too_long":
        return _("At most %(number)s items.") % {"number": ctx.get("max_length")}
    if kind == "greater_than_equal":
        return _("At least %(number)s.") % {"number": ctx.get("ge")}
    if kind == "less_than_equal":
        return _("At most %(number)s.") % {"number": ctx.get("le")}
    if kind in ("enum", "literal_error"):
        return _("One of: %(values)s.") % {"values": ctx.get("expected", "")}
    if kind.startswith("int_"):
        return _("A whole number.")
    if kind.startswith(("float_", "decimal_")):
        return _("A number.")
    if kind.startswith("date"):
        return _("A day, written 2026-12-31.")
    if kind.startswith("bool"):
        return _("true or false.")
    if kind.startswith("string"):
        return _("A text.")
    if kind.startswith("list"):
        return _("A list.")
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return _("An object.")
    if kind == "value_error":
        reason = str(ctx.get("error", ""))
        if "NUL" in reason:
            return _("A NUL character is not accepted.")
        if ">" in reason:
            return _("A service name cannot hold the character >.")
    return str(error.get("msg", _("This value is not accepted.")))


def install(api: NinjaAPI) -> None:
    """Answer every refusal of ``api`` in the same shape."""

    def respond(request: HttpRequest, body: dict[str, Any], status: int) -> HttpResponse:
        return api.create_response(request, body, status=status)

    @api.exception_handler(ValidationError)
    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors = [
            {"field": _field(tuple(error.get("loc", ()))), "message": _message(error)}
            for error in exc.errors
        ]
        return respond(
            request, _refusal(_("The request has errors: nothing was changed."), errors), 422
        )

    @api.exception_handler(UnknownFields)
    def unknown(request: HttpRequest, exc: UnknownFields) -> HttpResponse:
        errors = [
            {"field": name, "message": _("Unknown field: it is not accepted here.")}
            for name in exc.names
        ]
        return respond(
            request, _refusal(_("The request has errors: nothing was changed."), errors), 422
        )

    @api.exception_handler(ImportRefused)
    def refused(request: HttpRequest, exc: ImportRefused) -> HttpResponse:
        errors = [
            {
                "field": f"people[{error.line - 1}]" if error.line else "people",
                "message": error.message,
            }
            for error in exc.errors
        ]
        return respond(
            request, _refusal(_("The request has errors: nothing was changed."), errors), 422
        )

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = respond(
            request,
            _refusal(_("A valid token is needed: send it as Authorization: Bearer <token>.")),
            401,
        )
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(Throttled)
    def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
        response = respond(request, _refusal(exc.message), 429)
        response["Retry-After"] = str(exc.wait)
        return response

    @api.exception_handler(HttpError)
    def refused_http(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if exc.status_code == 400:  # django-ninja's own: a body that is not JSON
            return respond(request, _refusal(_("The body of the request is not JSON.")), 400)
        return respond(request, _refusal(exc.message), exc.status_code)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return respond(request, _refusal(_("Not found.")), 404)
