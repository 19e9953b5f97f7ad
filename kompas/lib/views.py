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


def leaves_session_untouched(view: View) -> View:
    """The page writes nothing to the server session, whatever it or a middleware changed in it
    (the sliding idle timeout of sensitive roles, above all): a member who reports anonymously
    must not have their session row move at the moment they file. The session is still read, so
    the member stays signed in."""

    @wraps(view)
    def wrapped(request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        request.session.modified = False
        return response

    return wrapped
