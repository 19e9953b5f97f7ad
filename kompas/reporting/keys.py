"""Handlers' keys: created and unlocked at sign-in, kept per session only half on the server.

The unlocked private key is stored in the server session encrypted with a random secret; the secret
is in an HttpOnly cookie of the handler's browser. A stolen session table, or a stolen cookie
alone, opens nothing.
"""

from __future__ import annotations

import base64

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse

from kompas.accounts.models import Person
from kompas.accounts.roles import Role
from kompas.audit.services import record
from kompas.lib.clock import today
from kompas.lib.prepared import Prepared
from kompas.reporting import crypto
from kompas.reporting.models import HandlerKey

# Roles that receive reports or congratulations, and therefore need a key pair.
HANDLER_ROLES = frozenset(
    {
        Role.OVERSIGHT,
        Role.INTEGRITY_OFFICER,
        Role.COUNSELLOR,
        Role.PAPS,
        Role.DISCIPLINARY,
        Role.CHIEF,
        Role.HEAD_OF_SERVICE,
        Role.COORDINATOR,
    }
)
SESSION_FIELD = "kompas_handler_key"


def cookie_name() -> str:
    return "__Host-kompas_key" if settings.HTTPS else "kompas_key"


def needs_key(person: Person) -> bool:
    return not person.roles.isdisjoint(HANDLER_ROLES)


def active_key(person: Person) -> HandlerKey | None:
    return HandlerKey.objects.filter(person=person, active=True).first()


@transaction.atomic
def create_key(person: Person, password: str) -> tuple[HandlerKey, bytes]:
    """A new key pair for the person (any older one stops being used); returns it unlocked."""
    HandlerKey.objects.filter(person=person, active=True).update(active=False)
    wrapped, private_key = crypto.new_key_pair(password)
    key = HandlerKey.objects.create(
        person=person,
        public_key=wrapped.public_key,
        wrapped_private_key=wrapped.wrapped_private_key,
        salt=wrapped.salt,
        opslimit=wrapped.opslimit,
        memlimit=wrapped.memlimit,
        created_on=today(),
    )
    record("reporting.handler_key_created", actor=person, obj=person)
    return key, private_key


def has_password_wrap(key: HandlerKey) -> bool:
    """Whether the key opens with the person's password: a key made for a person without one
    (signing in through the zone's provider) is wrapped by passkeys or a key passphrase only
    (kompas/passkeys), and keeps this wrap empty."""
    return bool(key.wrapped_private_key)


@transaction.atomic
def create_key_without_password(person: Person) -> tuple[HandlerKey, bytes]:
    """A new key pair whose private key the caller wraps (kompas/passkeys): none with a password.
    Any older key stops being used; returns the new one unlocked."""
    HandlerKey.objects.filter(person=person, active=True).update(active=False)
    private_key = crypto.new_private_key()
    key = HandlerKey.objects.create(
        person=person,
        public_key=crypto.public_key_of(private_key),
        wrapped_private_key=b"",
        salt=b"",
        opslimit=0,
        memlimit=0,
        created_on=today(),
    )
    record("reporting.handler_key_created", actor=person, obj=person)
    return key, private_key


def _opens_otherwise(key: HandlerKey) -> bool:
    """Whether passkeys or a key passphrase (kompas/passkeys) also open the key."""
    from kompas.passkeys.models import KeyPassphrase, Passkey

    return (
        Passkey.objects.filter(handler_key=key).exists()
        or KeyPassphrase.objects.filter(handler_key=key).exists()
    )


@transaction.atomic
def drop_password_wrap(person: Person, key: HandlerKey) -> None:
    """The key no longer opens with a password (one that was reset): its other wraps remain."""
    HandlerKey.objects.filter(pk=key.pk).update(
        wrapped_private_key=b"", salt=b"", opslimit=0, memlimit=0
    )
    record("reporting.password_wrap_dropped", actor=person, obj=person)


def unlock_at_sign_in(
    request: HttpRequest, response: HttpResponse, person: Person, password: str
) -> None:
    """Unlock (or first create) the person's private key and keep it for this session."""
    key = active_key(person)
    if key is None:
        if not needs_key(person):
            return
        key, private_key = create_key(person, password)
    elif not has_password_wrap(key):
        return  # opened with a passkey or the key passphrase instead (kompas/passkeys)
    else:
        try:
            private_key = crypto.unwrap_private_key(
                key.wrapped_private_key, password, key.salt, key.opslimit, key.memlimit
            )
        except crypto.DecryptionError:
            if _opens_otherwise(key):
                # A reset password, but passkeys or the key passphrase still open the key: the
                # stale password wrap goes, and the person opens the key with those.
                drop_password_wrap(person, key)
                return
            # The password changed outside Kompas' knowledge (a reset): start a new key pair.
            # Cases sealed to the old key must be shared again by a colleague or recovered.
            key, private_key = create_key(person, password)
    keep_for_session(request, response, key, private_key)


def keep_for_session(
    request: HttpRequest, response: HttpResponse, key: HandlerKey, private_key: bytes
) -> None:
    cookie_secret, box = crypto.lock_for_session(private_key)
    request.session[SESSION_FIELD] = {"key": key.pk, "box": base64.b64encode(box).decode()}
    response.set_cookie(
        cookie_name(),
        base64.urlsafe_b64encode(cookie_secret).decode(),
        secure=settings.HTTPS,
        httponly=True,
        samesite="Strict",
    )


# Read on every look at a case (compiled once, `kompas.lib.prepared`).
_ACTIVE_KEY: Prepared[HandlerKey] = Prepared(
    lambda pk, person_id: HandlerKey.objects.filter(pk=pk, person_id=person_id, active=True)
)


def unlocked_private_key(request: HttpRequest, person: Person) -> tuple[HandlerKey, bytes] | None:
    """The handler's private key for this request, or None if it is not unlocked in this
    browser (no key in the session, no cookie, or a key no longer active)."""
    stored = request.session.get(SESSION_FIELD)
    secret = request.COOKIES.get(cookie_name())
    if not stored or not secret or type(stored.get("key")) is not int:
        return None
    found = _ACTIVE_KEY(pk=stored["key"], person_id=person.pk)
    if not found:
        return None
    key = found[0]
    try:
        private_key = crypto.decrypt(
            base64.urlsafe_b64decode(secret.encode()), base64.b64decode(stored["box"])
        )
    except (crypto.DecryptionError, ValueError):
        return None
    return key, private_key


def rewrap(person: Person, old_password: str, new_password: str) -> None:
    """After a password change the same private key is wrapped with the new password."""
    key = active_key(person)
    if key is None or not has_password_wrap(key):
        return
    private_key = crypto.unwrap_private_key(
        key.wrapped_private_key, old_password, key.salt, key.opslimit, key.memlimit
    )
    wrapped = crypto.wrap_private_key(private_key, new_password)
    key.wrapped_private_key = wrapped.wrapped_private_key
    key.salt = wrapped.salt
    key.opslimit, key.memlimit = wrapped.opslimit, wrapped.memlimit
    key.save(update_fields=["wrapped_private_key", "salt", "opslimit", "memlimit"])
