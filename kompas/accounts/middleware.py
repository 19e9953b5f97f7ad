"""Request gates that follow from the person signed in.

Who is signed in, and with which verified device, is Django's `AuthenticationMiddleware` and
django-otp's `OTPMiddleware` (`VerifiedDevice`, before these in `MIDDLEWARE`); these gates only
read what they set.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django_otp.middleware import OTPMiddleware
from django_otp.plugins.otp_totp.models import TOTPDevice

from kompas.lib.ids import as_id
from kompas.lib.prepared import OneByKey
from kompas.sso.models import ProviderStep

Handler = Callable[[HttpRequest], HttpResponse]

_HAS_DEVICE = "kompas_has_otp_device"
_IDLE_REFRESHED = "kompas_idle_refreshed"
# The idle timeout slides forward at most once a minute, so that reading pages does not write the
# session on every request: the effective timeout lies between 14 and 15 minutes of inactivity.
_IDLE_REFRESH_SECONDS = 60

# Pages a signed-in person may reach before completing the second factor.
_OPEN_URL_NAMES = (
    "accounts:login",
    "accounts:logout",
    "accounts:second_factor_setup",
    "accounts:second_factor_verify",
    "front:set_language",
    "front:health",
    # Signing in again through the zone's provider (whose second step may count, kompas.sso).
    "sso:start",
    "sso:callback",
)


# The devices a session can be verified with, read by key through SQL compiled once
# (`kompas.lib.prepared`): django-otp reads the session's device on every page, and its read
# (`Device.from_persistent_id`: the model looked up, the query built and compiled, `first()`)
# cost 0.55 ms a page against 0.18 ms (measured, docs/performance.md, session 20).
# Confirmed devices only: the library's own check of the device it read (`_finalize_device`)
# is kept, but a session is never counted verified by a device not yet confirmed whatever
# that check does in the library's version.
_DEVICES: dict[str, OneByKey[Any]] = {
    "otp_totp.totpdevice": OneByKey(TOTPDevice, lambda: TOTPDevice.objects.filter(confirmed=True)),
    "sso.providerstep": OneByKey(ProviderStep, lambda: ProviderStep.objects.filter(confirmed=True)),
}


class VerifiedDevice(OTPMiddleware):
    """django-otp's `OTPMiddleware` (``request.user.otp_device``, ``is_verified()``), with the
    session's device read through `_DEVICES`. The library checks what it reads as before
    (`_finalize_device`: the device must be the person's own and confirmed, else the session
    is not verified and forgets it); a device of another kind is read by the library itself.
    Overrides the library's `_device_from_persistent_id` (django-otp 1.x; its tests in
    accounts/tests/test_second_factor.py compare the two reads on every device kind)."""

    def _device_from_persistent_id(self, persistent_id: str) -> Any:
        label, _slash, key = self._normalize_persistent_id(persistent_id).rpartition("/")
        read = _DEVICES.get(label)
        if read is None:
            return super()._device_from_persistent_id(persistent_id)
        pk = as_id(key)
        return read.get(pk) if pk is not None else None


def require_second_factor(get_response: Handler) -> Handler:
    """Keep anyone who must, or chose to, use 2FA away from every page until verified.

    Holders of a sensitive role (see ``kompas.accounts.roles``) without a device go to enrolment;
    anyone with a confirmed device goes to verification. Sensitive roles also get a short idle timeout.
    """
    open_paths: set[str] = set()

    def middleware(request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            if not open_paths:
                open_paths.update(reverse(name) for name in _OPEN_URL_NAMES)
            must = user.needs_second_factor  # type: ignore[union-attr]
            if must:
                refresh_idle_timeout(request)
            if not user.is_verified():  # type: ignore[union-attr]
                path = request.path_info
                if path not in open_paths and not path.startswith(settings.STATIC_URL):
                    # Asked once per session: a new device verifies the session anyway, and
                    # resetting someone's device ends their sessions.
                    has_device = request.session.get(_HAS_DEVICE)
                    if has_device is None:
                        has_device = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
                        request.session[_HAS_DEVICE] = has_device
                    if has_device:
                        return redirect_with_next("accounts:second_factor_verify", request)
                    if must:
                        return redirect_with_next("accounts:second_factor_setup", request)
        return get_response(request)

    return middleware


def refresh_idle_timeout(request: HttpRequest) -> None:
    """Give a sensitive role's session its short idle timeout, moved forward once a minute."""
    import time

    session = request.session
    now = int(time.time())
    refreshed = session.get(_IDLE_REFRESHED)
    if (
        session.get_expiry_age() != settings.SENSITIVE_IDLE_SECONDS
        or not isinstance(refreshed, int)
        or now - refreshed >= _IDLE_REFRESH_SECONDS
    ):
        session.set_expiry(settings.SENSITIVE_IDLE_SECONDS)
        session[_IDLE_REFRESHED] = now


def redirect_with_next(name: str, request: HttpRequest) -> HttpResponse:
    from urllib.parse import urlencode

    url = reverse(name)
    if request.method == "GET":
        url += "?" + urlencode({"next": request.get_full_path()})
    response = redirect(url)
    if request.headers.get("HX-Request"):
        response["HX-Redirect"] = url
    return response


def user_language(get_response: Handler) -> Handler:
    """A signed-in person sees Kompas in the language of their profile."""

    def middleware(request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and user.language:  # type: ignore[union-attr]
            language = user.language  # type: ignore[union-attr]
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return get_response(request)

    return middleware
