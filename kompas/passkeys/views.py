"""The pages that open a handler's key with a passkey or a key passphrase, and manage them.

The WebAuthn ceremonies run in the browser (static passkeys/passkeys.js); everything they answer
is verified here (kompas.passkeys.ceremony) before a key is opened or wrapped.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from kompas.lib.http import AuthenticatedHttpRequest, safe_next
from kompas.lib.throttle import Allowance
from kompas.passkeys import ceremony, services
from kompas.passkeys.forms import NewPassphraseForm, PassphraseForm, RenameForm
from kompas.passkeys.models import Passkey
from kompas.reporting import keys

# Wrong passphrases per person and hour (each costs the server an Argon2id derivation).
PASSPHRASE_TRIES = Allowance("key-passphrase", 10)


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


@sensitive_post_parameters("prf", "passphrase", "confirm")
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
    passkeys = services.passkeys_of(person) if key is not None else []
    passphrase = services.passphrase_of(person) if key is not None else None
    form: PassphraseForm | NewPassphraseForm = (
        NewPassphraseForm() if key is None else PassphraseForm()
    )
    error = ""
    if request.method == "POST":
        method = request.POST.get("method", "")
        try:
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
        except ceremony.CeremonyError as exc:
            error = str(exc)
        except services.WrongSecret:
            error = _wrong_secret()
        except ValidationError as exc:
            error = " ".join(m for m in exc.messages if m)
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
        },
        status=400 if error or form.errors else 200,
    )


@login_required
@require_POST
def start_over(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every way to open the key is lost: a new key pair (cases come back through recovery)."""
    _require_handler(request)
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Tick the box to confirm that you lost every way in."))
        return redirect("passkeys:unlock")
    services.start_over(person=request.user)
    messages.info(
        request,
        _(
            "Your old key is no longer used. Make a new one now; the holders of the zone's "
            "recovery key can give your cases back to it."
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
    try:
        services.remove_passkey(person=request.user, passkey=passkey)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("The passkey is removed: it no longer opens your key."))
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
    try:
        services.remove_passphrase(person=request.user, passphrase=stored)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("Your key passphrase is removed."))
    return redirect("passkeys:manage")
