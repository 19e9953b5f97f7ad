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
