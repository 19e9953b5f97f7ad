from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import check_for_language, get_language
from django.views.decorators.http import require_GET, require_POST

from kompas.accounts.models import Language, Person
from kompas.lib.http import AuthenticatedHttpRequest, safe_next
from kompas.lib.prepared import Prepared


def _placed(person_id: int) -> QuerySet[Person]:
    """The person with their zone, service and leader, which the home page names, and their own
    declarations' state counted in the same query."""
    from kompas.front.waiting import own_counts

    return (
        Person.objects.filter(pk=person_id)
        .select_related("zone", "service", "leader")
        .only(
            "first_name", "zone__name", "service__name", "leader__first_name", "leader__last_name"
        )
        .annotate(**own_counts())
    )


# Read on every home page, through SQL compiled once (`kompas.lib.prepared`).
_PLACED: Prepared[Person] = Prepared(_placed)


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """What waits for the person (kompas.front.waiting) and the way to report, declare and
    prepare a dilemma, in a number of queries that depends on their roles alone."""
    from kompas.front.waiting import waiting_for
    from kompas.lib.clock import today

    person = _PLACED(person_id=request.user.pk)[0]
    # What waits is asked as the person signed in (their roles and organisation read already).
    day = today()
    waiting = waiting_for(request.user, day)
    from kompas.compass.picture import picture_for

    # The compass as a picture (kept in the cache: no query once drawn).
    compass = picture_for(request.user.zone_id, get_language() or "nl")
    return render(
        request,
        "front/home.html",
        {"person": person, "waiting": waiting, "today": day, "compass": compass},
    )


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the interface language; a signed-in person keeps it in their profile."""
    language = request.POST.get("language", "")
    if language not in Language.values or not check_for_language(language):
        return HttpResponseBadRequest()
    target = safe_next(request, request.POST.get("next", "/"), "/")
    user = request.user
    if user.is_authenticated and user.language != language:  # type: ignore[union-attr]
        user.language = language  # type: ignore[union-attr]
        user.save(update_fields=["language"])
    response = redirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 3600,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite="Lax",
    )
    return response


@require_GET
def health(request: HttpRequest) -> HttpResponse:
    """For the reverse proxy and monitoring: answers when the app and its database answer."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def bench_floor(request: HttpRequest) -> HttpResponse:
    """The floor of `make bench`: the whole middleware stack and nothing else (bench mode only)."""
    return HttpResponse("ok", content_type="text/plain")
