"""Live dilemma trainings: the facilitator's pages and the participants' phone pages.

Participants need no account: they join with the six-digit code. Their phone gets a random device
token in a cookie (only to refuse a second vote on the same dilemma); nothing about them is
stored, logged or audited. The screens poll every second and get "204 No Content" while nothing
changed, which keeps 50 phones on a slow Wi-Fi cheap.
"""

from __future__ import annotations

import secrets
from contextlib import suppress
from typing import Any

import segno
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kompas.compass import services
from kompas.compass.forms import JoinForm, SessionForm
from kompas.compass.models import SessionItem, SessionStatus, TrainingSession
from kompas.lib.clock import today
from kompas.lib.counted import counted
from kompas.lib.http import AuthenticatedHttpRequest
from kompas.lib.ids import as_id
from kompas.lib.throttle import Budget
from kompas.lib.views import attempt, leaves_session_untouched, needs

DEVICE_COOKIE = "kompas_device"
# Wrong codes per minute for the whole server, so nobody can walk through the codes.
JOIN_ATTEMPTS = Budget("training-join", 300)


# --- The facilitator ------------------------------------------------------------------------------


@needs("compass.facilitate")
def trainings(request: AuthenticatedHttpRequest) -> HttpResponse:
    mine = TrainingSession.objects.run_by(request.user).select_related("service")[:100]
    return render(
        request,
        "compass/trainings.html",
        {
            "sessions": mine,
            "can_see_stats": request.user.has_perm("compass.view_training_stats"),
            "today": today(),
        },
    )


@needs("compass.facilitate")
def training_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    min_group = services.min_group_for(request.user.zone_id)
    form = SessionForm(request.POST or None, person=request.user, min_group=min_group)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen = {d.pk: d for d in data["dilemmas"]}
        order = [as_id(pk) for pk in request.POST.getlist("dilemmas")]
        session, _created = services.create_session(
            facilitator=request.user,
            title=data["title"],
            mode=data["mode"],
            dilemmas=[chosen[pk] for pk in dict.fromkeys(order) if pk in chosen],
            service_id=data["service"].pk if data["service"] else None,
            min_group=data["min_group"],
            token=data["token"],
        )
        return redirect("compass:training", pk=session.pk)
    return render(
        request,
        "compass/training_new.html",
        {"form": form, "suggested": _suggested_from_risks(request)},
    )


def _suggested_from_risks(request: AuthenticatedHttpRequest) -> list[Any]:
    """Dilemmas that touch the values at stake in the top risks of the facilitator's service."""
    from kompas.compass.models import Dilemma
    from kompas.risks.services import top_risk_values

    values = set(top_risk_values(request.user.service))
    if not values:
        return []
    return list(Dilemma.objects.library_for(request.user).touching(values)[:6])


def _own_session(request: AuthenticatedHttpRequest, pk: int) -> TrainingSession:
    found = (
        TrainingSession.objects.filter(zone_id=request.user.zone_id, pk=pk)
        .select_related("service", "revote_of")
        .first()
    )
    if found is None or not request.user.has_perm("compass.run_session", found):
        raise Http404
    return found


def _join_url(session: TrainingSession) -> str:
    return f"{settings.SITE_URL}{reverse('participate', args=[session.code])}"


@needs("compass.facilitate")
def training_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = _own_session(request, pk)
    items = list(session.items.select_related("dilemma").prefetch_related("dilemma__options"))
    results = []
    distributions = None
    if session.status == SessionStatus.CLOSED:
        distributions = services.session_distributions(items, session.min_group)
        results = list(zip(items, distributions, strict=True))
    profile_shown, profile = services.value_profile(session)
    return render(
        request,
        "compass/training.html",
        {
            "session": session,
            "results": results,
            "profile_shown": profile_shown,
            "profile": profile,
            "revotes": session.revotes.all(),
            "comparison": (
                services.compare_revote(session, items, distributions)
                if session.revote_of_id
                else []
            ),
        },
    )


@require_POST
@needs("compass.facilitate")
def training_steer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = _own_session(request, pk)
    action = request.POST.get("action", "")
    if action == "revote":
        with attempt(request, done=_("The re-vote is planned.")) as outcome:
            revote, _created = services.plan_revote(session=session, by=request.user)
        return redirect("compass:training", pk=revote.pk if outcome.succeeded else session.pk)
    with attempt(request) as outcome:
        if action == "open":
            session = services.open_session(session=session, by=request.user)
        else:
            session = services.steer_session(session=session, by=request.user, action=action)
    if request.POST.get("view") == "presenter":
        # Steered from the presenter view (its keys or its controls): the projector stays on
        # the presenter view, also when the session ends.
        if request.htmx:
            return _stage_part(request, session, force=True)
        return redirect("compass:training_present", pk=session.pk)
    if request.htmx:
        # Refused (the session ended meanwhile) or closed: _screen_part sends the control page
        # to the results, as the redirect below does without htmx.
        return _screen_part(request, session, force=True)
    if not outcome.succeeded or action == "close":
        return redirect("compass:training", pk=session.pk)
    return redirect("compass:training_screen", pk=session.pk)


def _fingerprint(session: TrainingSession, item: SessionItem | None) -> str:
    votes = services.votes_on(item) if item else 0
    return f"{session.version}-{votes}"


def _screen_part(
    request: HttpRequest, session: TrainingSession, force: bool = False
) -> HttpResponse:
    if session.status != SessionStatus.OPEN:
        # Ended meanwhile (from the presenter view's keys): the control page moves on to the
        # session's results, which is where ending it from the control page leads too.
        response = HttpResponse(status=286)
        response["HX-Redirect"] = reverse("compass:training", args=[session.pk])
        return response
    item = services.current_item(session)
    fingerprint = _fingerprint(session, item)
    if not force and request.GET.get("v") == fingerprint:
        return HttpResponse(status=204)
    return render(
        request, "compass/_training_screen_live.html", _screen_context(session, item, fingerprint)
    )


def _screen_context(
    session: TrainingSession, item: SessionItem | None, fingerprint: str
) -> dict[str, Any]:
    options = list(item.dilemma.options.all()) if item else []
    return {
        "session": session,
        "item": item,
        "options": options,
        "count": session.items.count(),
        "result": services.item_distribution(item, session.min_group) if item else None,
        "own_options": services.own_options(item)[:30] if item and session.show_own else [],
        "fingerprint": fingerprint,
    }


@needs("compass.facilitate")
def training_screen(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The leader's control page, on their laptop or phone: the dilemma, the votes, the
    controls, the join code, the way to the presenter view and its keys."""
    session = _own_session(request, pk)
    if session.status != SessionStatus.OPEN:
        return redirect("compass:training", pk=session.pk)
    item = services.current_item(session)
    context = _screen_context(session, item, _fingerprint(session, item))
    join_url = _join_url(session)
    context["join_url"] = join_url
    context["qr_svg"] = segno.make(join_url, error="m").svg_inline(
        scale=6, dark="#111", light="#fff"
    )
    context["keys"] = PRESENTER_KEYS
    return render(request, "compass/training_screen.html", context)


@needs("compass.facilitate")
@leaves_session_untouched  # polled every second: it must not keep a sensitive role signed in
def training_live(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _screen_part(request, _own_session(request, pk))


# --- The presenter view ---------------------------------------------------------------------------

# The presenter view's keys, as (action, keys, what): static/compass/presenter.js maps the same
# keys to the same actions (a test holds them together), and the control page lists them. A
# presentation clicker sends Page Down and Page Up.
PRESENTER_KEYS: list[tuple[str, list[str], Any]] = [
    ("next", ["→", "Page Down", "N"], gettext_lazy("Next dilemma")),
    ("previous", ["←", "Page Up", "P"], gettext_lazy("Previous dilemma")),
    ("reveal", ["R"], gettext_lazy("Show the reflection (voting on the dilemma closes)")),
    ("own", ["O"], gettext_lazy("Show or hide the own options")),
    (
        "lecture",
        ["L"],
        gettext_lazy("Lecture mode: the statistics only, or the whole dilemma again"),
    ),
    ("fullscreen", ["F"], gettext_lazy("Full screen on or off")),
    ("close", ["E"], gettext_lazy("End the session (press twice)")),
]


def _stage_context(session: TrainingSession, item: SessionItem | None) -> dict[str, Any]:
    context = _screen_context(session, item, _fingerprint(session, item))
    result = context["result"]
    options = context["options"]
    # One row per option with its full text; its bar and count only once enough have voted
    # (result.rows then holds every option, and the own options last if there are any).
    context["rows"] = (
        result.rows if result is not None and result.shown else [(o, None, None) for o in options]
    )
    return context


def _stage_part(
    request: HttpRequest, session: TrainingSession, force: bool = False
) -> HttpResponse:
    if session.status != SessionStatus.OPEN:
        # 286: htmx stops polling; the room sees that the session has ended.
        return render(
            request,
            "compass/_training_present_live.html",
            {"session": session, "item": None},
            status=200 if force else 286,
        )
    item = services.current_item(session)
    if not force and request.GET.get("v") == _fingerprint(session, item):
        return HttpResponse(status=204)
    return render(request, "compass/_training_present_live.html", _stage_context(session, item))


@needs("compass.facilitate")
def training_present(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The presenter view, what the projector shows: full screen, type that reads from the
    back of a briefing room, no menu, no name, no sign-out. It shows no more than the control
    page: the votes as counts, the bars only from the session's smallest group. The leader
    steers it with the keyboard of the laptop (or a presentation clicker) or from the control
    page on their own device; it follows within a second either way."""
    session = _own_session(request, pk)
    if session.status == SessionStatus.PLANNED:
        return redirect("compass:training", pk=session.pk)
    context: dict[str, Any] = {"session": session, "item": None}
    if session.status == SessionStatus.OPEN:
        context = _stage_context(session, services.current_item(session))
        join_url = _join_url(session)
        context["join_host"] = f"{join_url.split('://', 1)[-1].split('/t/', 1)[0]}/t"
        context["code_spaced"] = f"{session.code[:3]} {session.code[3:]}"
        context["qr_uri"] = segno.make(join_url, error="m").svg_data_uri(
            scale=8, dark="#111", light="#fff"
        )
    return render(request, "compass/training_present.html", context)


@needs("compass.facilitate")
@leaves_session_untouched  # polled every second: it must not keep a sensitive role signed in
def training_present_live(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _stage_part(request, _own_session(request, pk))


@needs("compass.view_training_stats")
def training_stats(request: AuthenticatedHttpRequest) -> HttpResponse:
    year = today().year
    with suppress(ValueError):
        year = int(request.GET.get("year", year))
    year = min(max(year, 2000), today().year + 1)
    zone_id = request.user.zone_id
    # Figures like the dashboard's, counted at most once every five minutes (and saying when).
    rows, counted_at = counted(
        "training-stats",
        zone_id,
        year,
        lambda: services.sessions_per_service(zone_id, year),
    )
    return render(
        request,
        "compass/training_stats.html",
        {
            "year": year,
            "years": list(range(today().year, today().year - 5, -1)),
            "counted_at": counted_at,
            "rows": rows,
            # The template keeps the rows as written for as long as the figures they show
            # ({% cache %}): a thousand services took Django's template engine some 40 ms.
            "zone_id": zone_id,
        },
    )


# --- Participants (no account) ----------------------------------------------------------------------


def join(request: HttpRequest) -> HttpResponse:
    form = JoinForm(request.POST or request.GET or None)
    if form.is_bound and form.is_valid():
        code = form.cleaned_data["code"]
        if JOIN_ATTEMPTS.exhausted():
            form.add_error("code", _("Too many attempts right now. Try again in a minute."))
        elif TrainingSession.objects.filter(status=SessionStatus.OPEN, code=code).exists():
            return redirect("participate", code=code)
        else:
            JOIN_ATTEMPTS.spend()
            form.add_error("code", _("No session is running with this code."))
    return render(request, "compass/join.html", {"form": form}, status=400 if form.errors else 200)


def _running(code: str) -> TrainingSession | None:
    if not (len(code) == 6 and code.isdigit()):
        return None
    return TrainingSession.objects.filter(status=SessionStatus.OPEN, code=code).first()


def _device(request: HttpRequest) -> str:
    token = request.COOKIES.get(DEVICE_COOKIE, "")
    return (
        token
        if 20 <= len(token) <= 64 and token.replace("-", "").replace("_", "").isalnum()
        else ""
    )


def _with_device(request: HttpRequest, response: HttpResponse, device: str) -> HttpResponse:
    if request.COOKIES.get(DEVICE_COOKIE) != device:
        response.set_cookie(
            DEVICE_COOKIE,
            device,
            max_age=12 * 3600,
            path="/t/",
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
    return response


def _phone_context(session: TrainingSession, device: str, error: str = "") -> dict[str, Any]:
    item = services.current_item(session)
    voted = bool(item and services.has_voted(item, device))
    return {
        "session": session,
        "item": item,
        "options": list(item.dilemma.options.all()) if item else [],
        "voted": voted,
        "result": services.item_distribution(item, session.min_group)
        if item and (voted or session.revealed)
        else None,
        "fingerprint": f"{_fingerprint(session, item)}-{int(voted)}",
        "error": error,
    }


def participate(request: HttpRequest, code: str) -> HttpResponse:
    session = _running(code)
    if session is None:
        return render(request, "compass/join.html", {"form": JoinForm(), "ended": True}, status=404)
    device = _device(request) or secrets.token_urlsafe(24)
    response = render(request, "compass/participate.html", _phone_context(session, device))
    return _with_device(request, response, device)


def participate_state(request: HttpRequest, code: str) -> HttpResponse:
    session = _running(code)
    if session is None:
        # htmx stops polling on 286 and the page says the session has ended.
        return render(request, "compass/_participate_ended.html", {}, status=286)
    context = _phone_context(session, _device(request))
    if request.GET.get("v") == context["fingerprint"]:
        return HttpResponse(status=204)
    return render(request, "compass/_participate_phone.html", context)


@require_POST
def participate_vote(request: HttpRequest, code: str) -> HttpResponse:
    session = _running(code)
    if session is None:
        return render(request, "compass/join.html", {"form": JoinForm(), "ended": True}, status=404)
    device = _device(request) or secrets.token_urlsafe(24)
    option = request.POST.get("option", "")
    error = ""
    try:
        services.cast_vote(
            session=session,
            device=device,
            option_id=as_id(option),
            own_text=request.POST.get("own", "")[:1000],
        )
    except services.VoteRefused as refused:
        error = refused.message
    context = _phone_context(session, device, error)
    status = 400 if error else 200
    if request.headers.get("HX-Request"):
        # htmx swaps only 2xx answers; the error is in the fragment.
        response = render(request, "compass/_participate_phone.html", context)
    elif error:
        response = render(request, "compass/participate.html", context, status=status)
    else:
        response = redirect("participate", code=code)
    return _with_device(request, response, device)
