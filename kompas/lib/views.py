"""Small helpers for views."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse

View = Callable[..., HttpResponse]


def needs(perm: str) -> Callable[[View], View]:
    """Signed in (else to sign-in) and holding the page-level permission ``perm`` (else 403)."""

    def decorate(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.has_perm(perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorate
