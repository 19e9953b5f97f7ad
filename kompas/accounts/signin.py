"""Sign-in plumbing: the client address for lockouts, and audit events for sign-in and sign-out.

Django announces sign-ins, sign-outs and failures only through its auth signals, and django-axes
and password resets go through the same path, so the audit receivers live here rather than in views.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from kompas.audit.services import record
from kompas.lib import clock

# When this session last proved who it is (a sign-in, or the password typed again): pages that
# replace a handler's key ask for a recent one (kompas.passkeys).
AUTHENTICATED_AT = "kompas_authenticated_at"


def client_ip(request: HttpRequest) -> str:
    """The address lockouts count against: the socket's, or the one our trusted proxies saw.

    Used only for signing in to staff accounts; anonymous reporting never reads it.
    """
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= count:
            return forwarded[-count]
    return str(request.META.get("REMOTE_ADDR", ""))


@receiver(user_logged_in)
def _audit_sign_in(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    # Through the zone's provider (kompas.sso) or with a password.
    via = "provider" if getattr(user, "backend", "").startswith("kompas.sso.") else "password"
    record("accounts.signed_in", actor=user, obj=user, detail={"via": via})
    if request is not None and hasattr(request, "session"):
        request.session[AUTHENTICATED_AT] = int(clock.now().timestamp())


@receiver(user_logged_out)
def _audit_sign_out(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record("accounts.signed_out", actor=user, obj=user)


@receiver(user_login_failed)
def _audit_failed_sign_in(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    from kompas.accounts.models import Person

    # Only the account that was aimed at, if it exists; never what was typed.
    username = str(credentials.get("username") or credentials.get("email") or "").strip()
    target = Person.objects.filter(email__iexact=username).only("pk", "zone_id").first()
    record(
        "accounts.sign_in_failed",
        obj=target,
        object_type="accounts.person",
        detail={"known_account": target is not None},
    )
