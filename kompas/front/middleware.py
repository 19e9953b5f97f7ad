from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

Handler = Callable[[HttpRequest], HttpResponse]

PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
)


def security_headers(get_response: Handler) -> Handler:
    """Headers Django does not set itself; pages with personal data are never cached."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if not request.path.startswith("/static/"):
            response.setdefault("Cache-Control", "no-store")
        return response

    return middleware


def language(get_response: Handler) -> Handler:
    """Dutch unless the visitor chose another language (the language cookie).

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language: the zone works in
    Dutch, and many of its computers are set up in English. Signed-in people get the language of
    their profile (``kompas.accounts.middleware.user_language``).
    """
    from django.conf import settings
    from django.utils import translation
    from django.utils.cache import patch_vary_headers

    supported = {code for code, _name in settings.LANGUAGES}

    def middleware(request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        code = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(code)
        request.LANGUAGE_CODE = code
        response = get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response

    return middleware


def refuse_nul(get_response: Handler) -> Handler:
    """A request whose query or form fields hold a NUL character is refused (400), before any
    view sees it: no form of ours sends one, PostgreSQL cannot store or compare one, and a view
    that searches with a field as it came would fail on it."""
    from django.shortcuts import render

    def middleware(request: HttpRequest) -> HttpResponse:
        if _holds_nul(request):
            if request.path_info.startswith("/api/v1/"):  # the API answers in JSON (kompas/api)
                from django.http import JsonResponse
                from django.utils.translation import gettext as _

                refusal = {"detail": _("A NUL character is not accepted."), "errors": []}
                return JsonResponse(refusal, status=400)
            return render(request, "400.html", status=400)
        return get_response(request)

    return middleware


def _holds_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path or _any_nul(request.GET):
        return True
    return request.method == "POST" and _any_nul(request.POST)  # form fields (Django parses
    # form-encoded and multipart bodies only; others are left to the view that reads them)


def _any_nul(fields: Any) -> bool:
    return any(
        "\x00" in key or any("\x00" in value for value in values) for key, values in fields.lists()
    )


def bench_queries(get_response: Handler) -> Handler:
    """In bench mode only, count the SQL queries of each request into a response header."""
    from django.conf import settings
    from django.core.exceptions import MiddlewareNotUsed
    from django.db import connection

    if not settings.BENCH:
        raise MiddlewareNotUsed

    def middleware(request: HttpRequest) -> HttpResponse:
        count = 0

        def counter(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            response = get_response(request)
        response["X-Kompas-Queries"] = str(count)
        return response

    return middleware
