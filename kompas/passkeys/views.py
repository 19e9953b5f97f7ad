"""The pages that open a handler's key with a passkey or a key passphrase, and manage them.

The WebAuthn ceremonies run in the browser (static passkeys/passkeys.js); everything they answer
is verified here (kompas.passkeys.ceremony) before a key is opened or wrapped.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import user_has_device

from kompas.accounts.signin import AUTHENTICATED_AT
from kompas.lib import clock
from kompas.lib.http import AuthenticatedHttpRequest, safe_next
from kompas.lib.throttle import Allowance
from kompas.lib.views import attempt
from kompas.passkeys import ceremony, services
from kompas.passkeys.forms import NewPassphraseForm, PassphraseForm, RenameForm
from kompas.passkeys.models import Passkey
from kompas.reporting import keys

# Wrong passphrases per person and hour (each costs the server an Argon2id derivation).
PASSPHRASE_TRIES = Allowance("key-passphrase", 10)
# Passwords typed again to replace a key, per person and hour.
PASSWORD_TRIES = Allowance("key-password-again", 10)
# How recent a sign-in (or the password typed again) must be to make a new key.
FRESH_SECONDS = 10 * 60


class NotFresh(Exception):
    """The session did not prove recently enough that it is the person's own."""


def _through_provider(request: AuthenticatedHttpRequest) -> bool:
    """Whether the person proves who they are at the zone's provider (kompas.sso), not with a
    Kompas password."""
    backend = str(request.session.get(BACKEND_SESSION_KEY, ""))
    return backend.startswith("kompas.sso.") or not request.user.has_usable_password()


def _is_fresh(request: AuthenticatedHttpRequest) -> bool:
    moment = request.session.get(AUTHENTICATED_AT)
    now = clock.now().timestamp()
    return isinstance(moment, int) and 0 <= now - moment <= FRESH_SECONDS


def _sign_in_again(request: AuthenticatedHttpRequest, next_url: str) -> HttpResponse:
    messages.info(request, _("Sign in again first: replacing your key needs a fresh sign-in."))
    return redirect(reverse("sso:start") + "?" + urlencode({"next": next_url}))


def _prove_it_is_you(request: AuthenticatedHttpRequest, *, always: bool = False) -> None:
    """A stolen session alone must not replace a handler's key (a thief would then read every new
    case sealed to it): the session is verified with the person's second factor when they have
    one; a password user types their password again (``always``, or when the sign-in is not
    recent); a provider's user must have signed in within the last minutes (NotFresh otherwise:
    they are sent to sign in again). Raises ValidationError with what to do."""
    person = request.user
    if user_has_device(person, confirmed=True) and not person.is_verified():
        raise PermissionDenied
    if _through_provider(request):
        if not _is_fresh(request):
            raise NotFresh
        return
    if not always and _is_fresh(request):
        return
    password = request.POST.get("password", "")
    if not password:
        raise ValidationError(_("Type your password to confirm that it is you."))
    if not PASSWORD_TRIES.take(str(person.pk)):
        raise ValidationError(_("Too many wrong passwords: try again in an hour."))
    if not person.check_password(password):
        raise ValidationError(_("That is not your password."))
    request.session[AUTHENTICATED_AT] = int(clock.now().timestamp())


def _needs_password(request: AuthenticatedHttpRequest) -> bool:
    return not _through_provider(request) and not _is_fresh(request)


def _wrong_secret() -> str:
    return _(
        "That did not open your key. Nothing was changed: try another passkey or your key "
        "passphrase."
    )


def _require_handler(request: AuthenticatedHttpRequest) -> None:
    if not keys.needs_key(request.user):
        raise PermissionDenied


def _options(data: dict[str, Any]) -> str:
    return json.dumps(data, separators=(",", ":"))


@sensitive_post_parameters("prf", "passphrase", "confirm", "password")
@login_required
def unlock(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Make the handler's key pair (first time) or open it, then go back to ``next``."""
    person = request.user
    target = safe_next(
        request,
        request.POST.get("next") or request.GET.get("next", ""),
        reverse("front:home"),
    )
    if not keys.needs_key(person):
        return redirect(target)
    key = keys.active_key(person)
    if key is not None and keys.unlocked_private_key(request, person) is not None:
        return redirect(target)
    here = f"{reverse('passkeys:unlock')}?{urlencode({'next': target})}"
    if key is None and _through_provider(request) and not _is_fresh(request):
        return _sign_in_again(request, here)
    passkeys = services.passkeys_of(person) if key is not None else []
    passphrase = services.passphrase_of(person) if key is not None else None
    form: PassphraseForm | NewPassphraseForm = (
        NewPassphraseForm() if key is None else PassphraseForm()
    )
    error = ""
    if request.method == "POST":
        method = request.POST.get("method", "")
        try:
            if key is None and method in ("new_passkey", "new_passphrase"):
                _prove_it_is_you(request)
            if key is None and method == "new_passkey":
                registered = ceremony.finish_registration(
                    request,
                    "unlock",
                    created=request.POST.get("created", ""),
                    asserted=request.POST.get("asserted", ""),
                    prf=request.POST.get("prf", ""),
                )
                key, private_key = services.create_key_with_passkey(
                    person=person, registered=registered, name=request.POST.get("name", "")
                )
            elif key is None and method == "new_passphrase":
                form = NewPassphraseForm(request.POST)
                if not form.is_valid():
                    raise ValidationError("")
                key, private_key = services.create_key_with_passphrase(
                    person=person, passphrase=form.cleaned_data["passphrase"]
                )
            elif key is not None and method == "passkey" and passkeys:
                asserted = ceremony.finish_authentication(
                    request,
                    passkeys,
                    "unlock",
                    asserted=request.POST.get("asserted", ""),
                    prf=request.POST.get("prf", ""),
                )
                key, private_key = services.unlock_with_passkey(person=person, asserted=asserted)
            elif key is not None and method == "passphrase" and passphrase is not None:
                form = PassphraseForm(request.POST)
                if not form.is_valid():
                    raise ValidationError("")
                if not PASSPHRASE_TRIES.take(str(person.pk)):
                    raise ValidationError(_("Too many wrong passphrases: try again in an hour."))
                key, private_key = services.unlock_with_passphrase(
                    person=person, passphrase=form.cleaned_data["passphrase"]
                )
            else:
                return HttpResponse(status=400)
        except NotFresh:
            return _sign_in_again(request, here)
        except ceremony.CeremonyError as exc:
            error = str(exc)
        except services.WrongSecret:
            error = _wrong_secret()
        except ValidationError as exc:
            error = " ".join(m for m in exc.messages if m)
        except IntegrityError:
            # Another request made the key at the same moment (the row lock makes this rare).
            error = services.already_have_a_key()
        else:
            response = redirect(target)
            keys.keep_for_session(request, response, key, private_key)
            return response
    if key is None:
        options = ceremony.begin_registration(request, person, "unlock")
    elif passkeys:
        options = ceremony.begin_authentication(request, passkeys, "unlock")
    else:
        options = {}
    return render(
        request,
        "passkeys/unlock.html",
        {
            "key": key,
            "next": target,
            "options": _options(options),
            "passkeys": passkeys,
            "passphrase": passphrase,
            "password_wrap": key is not None and keys.has_password_wrap(key),
            "form": form,
            "error": error,
            "needs_password": _needs_password(request),
            "password_user": not _through_provider(request),
        },
        status=400 if error or form.errors else 200,
    )


@sensitive_post_parameters("confirm", "password")
@login_required
@require_POST
def start_over(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every way to open the key is lost: a new key pair (cases come back through recovery).
    Needs a fresh proof that the session is the person's own (``_prove_it_is_you``); the
    handler and the zone's integrity officers are mailed."""
    _require_handler(request)
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Tick the box to confirm that you lost every way in."))
        return redirect("passkeys:unlock")
    try:
        _prove_it_is_you(request, always=True)
    except NotFresh:
        return _sign_in_again(request, reverse("passkeys:unlock"))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("passkeys:unlock")
    services.start_over(person=request.user)
    messages.info(
        request,
        _(
            "Your old key is no longer used. Make a new one now. The holders of the zone's "
            "recovery key can give your cases back to it once you confirm to them, in person, "
            "that the new key is yours; your integrity officer was told by mail."
        ),
    )
    return redirect("passkeys:unlock")


def _open_key(request: AuthenticatedHttpRequest) -> tuple[Any, bytes] | None:
    return keys.unlocked_private_key(request, request.user)


@login_required
def manage(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The person's passkeys and key passphrase: add, name, remove."""
    _require_handler(request)
    person = request.user
    key = keys.active_key(person)
    if key is None:
        return redirect(f"{reverse('passkeys:unlock')}?next={reverse('passkeys:manage')}")
    opened = _open_key(request)
    return render(
        request,
        "passkeys/manage.html",
        {
            "passkeys": services.passkeys_of(person),
            "passphrase": services.passphrase_of(person),
            "password_wrap": keys.has_password_wrap(key),
            "opened": opened is not None,
            "options": (
                _options(ceremony.begin_registration(request, person, "add")) if opened else ""
            ),
            "passphrase_form": NewPassphraseForm(),
        },
    )


@sensitive_post_parameters("prf", "passphrase", "confirm")
@login_required
@require_POST
def add(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Another passkey for the key that is open in this browser."""
    _require_handler(request)
    opened = _open_key(request)
    if opened is None:
        return redirect(f"{reverse('passkeys:unlock')}?next={reverse('passkeys:manage')}")
    try:
        registered = ceremony.finish_registration(
            request,
            "add",
            created=request.POST.get("created", ""),
            asserted=request.POST.get("asserted", ""),
            prf=request.POST.get("prf", ""),
        )
    except ceremony.CeremonyError as exc:
        messages.error(request, str(exc))
    else:
        key, private_key = opened
        services.add_passkey(
            person=request.user,
            key=key,
            private_key=private_key,
            registered=registered,
            name=request.POST.get("name", ""),
        )
        messages.success(request, _("Your passkey is added: it opens your key from now on."))
    return redirect("passkeys:manage")


def _own_passkey(request: AuthenticatedHttpRequest, pk: int) -> Passkey:
    return get_object_or_404(Passkey, pk=pk, person=request.user)


@login_required
@require_POST
def rename(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _require_handler(request)
    passkey = _own_passkey(request, pk)
    form = RenameForm(request.POST)
    if form.is_valid():
        services.rename_passkey(
            person=request.user, passkey=passkey, name=form.cleaned_data["name"]
        )
        messages.success(request, _("The passkey is renamed."))
    else:
        messages.error(request, _("Give the passkey a name of at most 100 characters."))
    return redirect("passkeys:manage")


@login_required
@require_POST
def remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _require_handler(request)
    passkey = _own_passkey(request, pk)
    with attempt(request, done=_("The passkey is removed: it no longer opens your key.")):
        services.remove_passkey(person=request.user, passkey=passkey)
    return redirect("passkeys:manage")


@sensitive_post_parameters("prf", "passphrase", "confirm")
@login_required
@require_POST
def passphrase(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Set or change the key passphrase, for the key open in this browser."""
    _require_handler(request)
    opened = _open_key(request)
    if opened is None:
        return redirect(f"{reverse('passkeys:unlock')}?next={reverse('passkeys:manage')}")
    form = NewPassphraseForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(str(e) for e in errors))
        return redirect("passkeys:manage")
    key, private_key = opened
    services.set_passphrase(
        person=request.user,
        key=key,
        private_key=private_key,
        passphrase=form.cleaned_data["passphrase"],
    )
    messages.success(request, _("Your key passphrase is set."))
    return redirect("passkeys:manage")


@login_required
@require_POST
def remove_passphrase(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_handler(request)
    stored = services.passphrase_of(request.user)
    if stored is None:
        return redirect("passkeys:manage")
    with attempt(request, done=_("Your key passphrase is removed.")):
        services.remove_passphrase(person=request.user, passphrase=stored)
    return redirect("passkeys:manage")
