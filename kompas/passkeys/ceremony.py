"""WebAuthn ceremonies, verified on the server with the fido2 library.

Each ceremony's challenge is kept in the session under its purpose and taken out (single use)
when the browser answers, whatever the answer. The relying party id and the accepted origins
come from settings (``WEBAUTHN_RP_ID``, ``WEBAUTHN_ORIGINS``); user verification is required;
the signature counter must grow when the authenticator keeps one.

Registering a passkey is two ceremonies in one answer: ``create()`` makes the credential (and
asks whether it supports PRF), then ``get()`` with that credential evaluates PRF for the passkey's
new salt; both are verified here before the PRF output is used.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from fido2.server import Fido2Server
from fido2.webauthn import (
    AttestationConveyancePreference,
    AttestedCredentialData,
    AuthenticationResponse,
    PublicKeyCredentialDescriptor,
    PublicKeyCredentialRpEntity,
    PublicKeyCredentialType,
    PublicKeyCredentialUserEntity,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from kompas.accounts.models import Person
from kompas.passkeys.crypto import PRF_BYTES, PRF_SALT_BYTES
from kompas.passkeys.models import Passkey

SESSION_PREFIX = "kompas_passkey_ceremony:"


class CeremonyError(Exception):
    """The browser's answer does not hold: the message says what to do, for the person."""


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def from_b64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _server() -> Fido2Server:
    origins = set(settings.WEBAUTHN_ORIGINS)
    return Fido2Server(
        PublicKeyCredentialRpEntity(id=settings.WEBAUTHN_RP_ID, name="Kompas"),
        attestation=AttestationConveyancePreference.NONE,
        verify_origin=lambda origin: origin in origins,
    )


def _user_handle(person: Person) -> bytes:
    """An opaque, stable user handle: nothing about the person can be read from it."""
    return hmac.new(
        settings.SECRET_KEY.encode(), f"kompas-passkey-user:{person.pk}".encode(), hashlib.sha256
    ).digest()[:16]


def _descriptor(passkey: Passkey) -> PublicKeyCredentialDescriptor:
    return PublicKeyCredentialDescriptor(
        type=PublicKeyCredentialType.PUBLIC_KEY, id=from_b64url(passkey.credential_id)
    )


def _parse(text: str) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise CeremonyError(_("The browser's answer could not be read. Try again.")) from exc
    if not isinstance(data, dict):
        raise CeremonyError(_("The browser's answer could not be read. Try again."))
    return data


def _prf_output(text: str) -> bytes:
    try:
        output = from_b64url(text)
    except ValueError:
        output = b""
    if len(output) != PRF_BYTES:
        raise CeremonyError(
            _(
                "Your passkey gave no key material (the PRF extension). Use another passkey "
                "or a key passphrase."
            )
        )
    return output


def _take_state(request: HttpRequest, purpose: str) -> dict[str, Any]:
    state = request.session.pop(SESSION_PREFIX + purpose, None)
    if not isinstance(state, dict):
        raise CeremonyError(_("This request has expired or was already used. Try again."))
    return state


# --- Registering a passkey --------------------------------------------------------------------


@dataclass(frozen=True)
class Registered:
    credential: AttestedCredentialData
    sign_count: int
    prf_salt: bytes
    prf_output: bytes


def begin_registration(request: HttpRequest, person: Person, purpose: str) -> dict[str, Any]:
    """Options for the browser's create() and get(), for JavaScript (kompas/passkeys.js)."""
    server = _server()
    existing = [_descriptor(p) for p in Passkey.objects.filter(person=person).only("credential_id")]
    user = PublicKeyCredentialUserEntity(
        id=_user_handle(person), name=person.email, display_name=person.full_name
    )
    create, create_state = server.register_begin(
        user,
        credentials=existing,
        resident_key_requirement=ResidentKeyRequirement.PREFERRED,
        user_verification=UserVerificationRequirement.REQUIRED,
        extensions={"prf": {}},
    )
    get, get_state = server.authenticate_begin(
        user_verification=UserVerificationRequirement.REQUIRED
    )
    prf_salt = os.urandom(PRF_SALT_BYTES)
    request.session[SESSION_PREFIX + purpose] = {
        "create": dict(create_state),
        "get": dict(get_state),
        "prf_salt": b64url(prf_salt),
    }
    return {
        "create": dict(create.public_key),
        "get": dict(get.public_key),
        "prfSalt": b64url(prf_salt),
    }


def finish_registration(
    request: HttpRequest, purpose: str, *, created: str, asserted: str, prf: str
) -> Registered:
    state = _take_state(request, purpose)
    server = _server()
    try:
        auth_data = server.register_complete(state["create"], _parse(created))
        credential = auth_data.credential_data
        if credential is None:
            raise ValueError("no credential")
        response = AuthenticationResponse.from_dict(_parse(asserted))
        server.authenticate_complete(state["get"], [credential], response)
    except CeremonyError:
        raise
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise CeremonyError(_("Your passkey's answer could not be verified. Try again.")) from exc
    if Passkey.objects.filter(credential_id=b64url(credential.credential_id)).exists():
        raise CeremonyError(_("This passkey is already registered."))
    return Registered(
        credential=credential,
        sign_count=response.response.authenticator_data.counter,
        prf_salt=from_b64url(state["prf_salt"]),
        prf_output=_prf_output(prf),
    )


# --- Unlocking with a passkey -------------------------------------------------------------------


def begin_authentication(
    request: HttpRequest, passkeys: list[Passkey], purpose: str
) -> dict[str, Any]:
    """Options for the browser's get(), with each passkey's PRF salt (``evalByCredential``)."""
    get, get_state = _server().authenticate_begin(
        credentials=[_descriptor(p) for p in passkeys],
        user_verification=UserVerificationRequirement.REQUIRED,
    )
    request.session[SESSION_PREFIX + purpose] = {"get": dict(get_state)}
    return {
        "get": dict(get.public_key),
        "prfSalts": {p.credential_id: b64url(bytes(p.prf_salt)) for p in passkeys},
    }


@dataclass(frozen=True)
class Asserted:
    passkey: Passkey
    sign_count: int
    prf_output: bytes


def finish_authentication(
    request: HttpRequest, passkeys: list[Passkey], purpose: str, *, asserted: str, prf: str
) -> Asserted:
    """The person's passkey that answered, checked against their passkeys only: a credential of
    somebody else is unknown here."""
    state = _take_state(request, purpose)
    by_id = {from_b64url(p.credential_id): p for p in passkeys}
    try:
        response = AuthenticationResponse.from_dict(_parse(asserted))
        credential = _server().authenticate_complete(
            state["get"],
            [AttestedCredentialData(bytes(p.credential_data)) for p in passkeys],
            response,
        )
    except CeremonyError:
        raise
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise CeremonyError(_("Your passkey's answer could not be verified. Try again.")) from exc
    passkey = by_id[credential.credential_id]
    counter = response.response.authenticator_data.counter
    if (counter or passkey.sign_count) and counter <= passkey.sign_count:
        raise CeremonyError(
            _("This passkey's counter went back: it may have been copied. Use another way in.")
        )
    return Asserted(passkey=passkey, sign_count=counter, prf_output=_prf_output(prf))
