"""Sign-in through the provider (start, callback) and the administrator's page of choices."""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import urlencode

from django.contrib import auth
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST
from mozilla_django_oidc.views import OIDCAuthenticationRequestView

from kompas.accounts.models import Person
from kompas.accounts.signin import client_ip
from kompas.audit.services import record
from kompas.lib.http import AuthenticatedHttpRequest, safe_next
from kompas.lib.ids import as_id
from kompas.lib.throttle import Allowance
from kompas.lib.views import attempt, needs
from kompas.sso import services
from kompas.sso.config import STATE_SECONDS, ProviderError, library_setting, provider
from kompas.sso.forms import ChoicesForm, MappingForm
from kompas.sso.models import Identity, RoleMapping, ZoneSignIn

# What the error page says for each reason a sign-in is refused (the reason is also audited).
REASONS = {
    "off": gettext_lazy("Sign-in through the provider is not set up for Kompas."),
    "unreachable": gettext_lazy(
        "The sign-in service did not answer in time, or answered something Kompas cannot read. Try again in a moment."
    ),
    "refused": gettext_lazy("The sign-in service refused to confirm your sign-in. Try again."),
    "provider_error": gettext_lazy(
        "The sign-in service could not sign you in. Try again, or ask the IT department."
    ),
    "state": gettext_lazy(
        "This sign-in link was already used, took too long or did not start here. Start again from the sign-in page."
    ),
    "nonce": gettext_lazy(
        "The sign-in service's answer does not belong to this sign-in. Start again from the sign-in page."
    ),
    "invalid_token": gettext_lazy(
        "The sign-in service's answer could not be verified. Nobody is signed in."
    ),
    "expired": gettext_lazy(
        "The sign-in service's answer has expired. Check the time on the server, then start again."
    ),
    "audience": gettext_lazy(
        "The sign-in service's answer was meant for another application. Nobody is signed in."
    ),
    "issuer": gettext_lazy(
        "The answer did not come from the sign-in service Kompas is set up for. Nobody is signed in."
    ),
    "unknown": gettext_lazy(
        "Kompas knows no account linked to the account you signed in with. Ask the functional administrator to link it."
    ),
    "inactive": gettext_lazy("This account is not active."),
}


# Refused answers audited per client address in any hour; past that, the same page without an
# event, so that nobody can flood the audit log with forged answers.
FAILURES_AUDITED = Allowance("sso-failed-callbacks", 20)


def _refuse(request: HttpRequest, reason: str, *, sign_out: bool = True) -> HttpResponse:
    """No session (unless ``sign_out`` is off: an answer this session never asked for leaves
    the session alone), an audit event with the reason, and a page saying what happened."""
    if sign_out:
        if request.user.is_authenticated:
            auth.logout(request)
        request.session.flush()
    if FAILURES_AUDITED.take(client_ip(request)):
        record("sso.sign_in_failed", object_type="accounts.person", detail={"reason": reason})
    status = {"unreachable": 502, "unknown": 403, "inactive": 403, "off": 404}.get(reason, 400)
    return render(
        request,
        "sso/error.html",
        {"message": REASONS.get(reason, REASONS["invalid_token"])},
        status=status,
    )


class _Start(OIDCAuthenticationRequestView):
    get_settings = staticmethod(library_setting)


@require_GET
def start(request: HttpRequest) -> HttpResponse:
    """To the provider, with a fresh state, nonce and PKCE challenge kept in the session."""
    if provider() is None:
        raise Http404
    try:
        return _Start.as_view()(request)
    except ProviderError as error:
        # A link to this page must not sign anybody out when the provider is down.
        return _refuse(request, error.reason, sign_out=False)


@require_GET
def callback(request: HttpRequest) -> HttpResponse:
    """The provider's answer. The state must be one this session started, unused and recent;
    it is spent before anything else, so an answer cannot be replayed."""
    if provider() is None:
        raise Http404
    states = request.session.get("oidc_states")
    state = request.GET.get("state", "")
    entry = states.pop(state, None) if isinstance(states, dict) and state else None
    if entry is None:
        # Not an answer to a sign-in this session started (a link from elsewhere, a forged or
        # replayed answer, or a reload after signing in): the session is left as it is, so that
        # nobody can sign a person out, or throw away their open handler key, with a link.
        if request.user.is_authenticated and not request.GET.get("error"):
            # The page reloaded (or the back button) after signing in: the answer is spent and
            # changes nothing; the person stays signed in as they are.
            return redirect("front:home")
        return _refuse(
            request,
            "provider_error" if request.GET.get("error") else "state",
            sign_out=False,
        )
    request.session.modified = True
    if request.GET.get("error"):
        return _refuse(request, "provider_error")
    if (
        not isinstance(entry, dict)
        or not request.GET.get("code")
        or time.time() - float(entry.get("added_on", 0)) > STATE_SECONDS
    ):
        return _refuse(request, "state")
    try:
        person = auth.authenticate(
            request, nonce=entry.get("nonce"), code_verifier=entry.get("code_verifier")
        )
    except ProviderError as error:
        return _refuse(request, error.reason)
    if not isinstance(person, Person):
        return _refuse(request, "unknown")
    target = safe_next(request, str(request.session.get("oidc_login_next") or ""), "")
    device = services.accept_provider_step(person=person)
    if device is not None:
        person.otp_device = device  # type: ignore[attr-defined]  # django-otp keeps it at login
    auth.login(request, person)
    return redirect(_after_sign_in(person, target))


def _after_sign_in(person: Person, target: str) -> str:
    """Where to go: a handler first opens their key, which a provider's sign-in cannot unlock
    (the key is wrapped with a passkey or a key passphrase, kompas.passkeys)."""
    from kompas.reporting.keys import needs_key

    target = target or reverse("front:home")
    if needs_key(person):
        try:
            return reverse("passkeys:unlock") + "?" + urlencode({"next": target})
        except NoReverseMatch:
            pass  # the passkeys app is not installed yet: the handler's cases stay locked
    return target


# --- The administrator's page -----------------------------------------------------------------


@needs("sso.manage")
def choices(request: AuthenticatedHttpRequest) -> HttpResponse:
    zone_id = request.user.zone_id
    current = ZoneSignIn.of_zone(zone_id)
    initial = {
        "password_allowed": current.password_allowed,
        "provider_second_step": current.provider_second_step,
        "link_by_email": current.link_by_email,
    }
    posted = request.POST if request.method == "POST" else None
    form = ChoicesForm(posted if posted and "choices" in posted else None, initial=initial)
    mapping_form = MappingForm(posted if posted and "mapping" in posted else None, zone_id=zone_id)
    if form.is_bound and form.is_valid():
        with attempt(request, form=form, done=_("The sign-in choices are saved.")) as outcome:
            services.update_choices(by=request.user, **form.cleaned_data)
        if outcome.succeeded:
            return redirect("sso:choices")
    if mapping_form.is_bound and mapping_form.is_valid():
        with attempt(
            request, form=mapping_form, done=_("The group now gives the role.")
        ) as outcome:
            services.add_mapping(by=request.user, **mapping_form.cleaned_data)
        if outcome.succeeded:
            return redirect("sso:choices")
    conf = provider()
    context: dict[str, Any] = {
        "form": form,
        "mapping_form": mapping_form,
        "mappings": RoleMapping.objects.of_zone(zone_id).select_related("service"),
        "provider": conf,
        "linked": Identity.objects.filter(person__zone_id=zone_id).count(),
        "callback_url": request.build_absolute_uri(reverse("sso:callback")),
    }
    invalid = (form.is_bound and not form.is_valid()) or (
        mapping_form.is_bound and not mapping_form.is_valid()
    )
    return render(request, "sso/choices.html", context, status=400 if posted and invalid else 200)


@needs("sso.manage")
@require_POST
def remove_mapping(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    mapping = get_object_or_404(
        RoleMapping.objects.of_zone(request.user.zone_id), pk=as_id(pk) or 0
    )
    with attempt(request, done=_("The group no longer gives the role.")):
        services.remove_mapping(by=request.user, mapping=mapping)
    return redirect("sso:choices")
