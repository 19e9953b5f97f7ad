from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

if TYPE_CHECKING:
    from kompas.accounts.models import Person


class AuthenticatedHttpRequest(HttpRequest):
    """A request behind ``@login_required``: ``user`` is a Person (with django-otp's is_verified)."""

    user: Person  # type: ignore[assignment]
    htmx: HtmxDetails


def safe_next(request: HttpRequest, target: str, fallback: str) -> str:
    """Where to go after a form: ``target`` if it is a path on this site, else ``fallback``.
    Only a path is taken ("/..."): another site, a scheme, or a bare word (which redirect()
    would try to read as the name of a view) never."""
    from django.utils.http import url_has_allowed_host_and_scheme

    if (
        target.startswith("/")
        and not target.startswith(("//", "/\\"))
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return target
    return fallback
