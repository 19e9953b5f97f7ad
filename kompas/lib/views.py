"""Small helpers for views."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse

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


@dataclass
class Outcome:
    """What became of an `attempt`: whether the service did what it was asked."""

    succeeded: bool = False


@contextmanager
def attempt(
    request: HttpRequest, *, done: str = "", form: BaseForm | None = None
) -> Iterator[Outcome]:
    """The one way a view asks a service to change something (POST -> service -> message ->
    redirect). The service is called inside the block; the ``ValidationError`` it raises when a
    rule refuses the change becomes the form's error (``form``) or an error message on the next
    page, each of its messages translated as the service wrote it; otherwise ``done`` is said.
    The view then redirects on ``outcome.succeeded`` or shows the form again::

        with attempt(request, form=form, done=_("The review is recorded.")) as outcome:
            services.review(dilemma=dilemma, by=request.user, **form.cleaned_data)
        if outcome.succeeded:
            return redirect("compass:proposals")

    The service keeps its own transaction: nothing it wrote survives the error."""
    outcome = Outcome()
    try:
        yield outcome
    except ValidationError as error:
        if form is not None and hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():  # a field the form lacks: on top
                form.add_error(field if field in form.fields else None, errors)
        elif form is not None:
            form.add_error(None, error)
        else:
            for text in error.messages:
                messages.error(request, text)
    else:
        outcome.succeeded = True
        if done:
            messages.success(request, done)
