"""A small software authenticator for the tests: what a browser and a platform authenticator
answer to WebAuthn's create() and get(), with the PRF extension (hmac-secret), built with the
cryptography and fido2 libraries. It stands for the person's device, outside our code."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from fido2.cose import ES256
from fido2.webauthn import AttestationObject, AttestedCredentialData, AuthenticatorData

FLAG = AuthenticatorData.FLAG


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def from_b64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class SoftAuthenticator:
    def __init__(
        self, rp_id: str = "testserver", origin: str = "http://testserver", *, counts: bool = True
    ) -> None:
        self.rp_id, self.origin, self.counts = rp_id, origin, counts
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.credential_id = os.urandom(32)
        self.counter = 0
        self._prf_secret = os.urandom(32)

    @property
    def id(self) -> str:
        return b64url(self.credential_id)

    def prf(self, salt: bytes) -> bytes:
        """WebAuthn PRF over CTAP2 hmac-secret: HMAC of SHA-256("WebAuthn PRF" 0x00 salt)."""
        return hmac.new(
            self._prf_secret, hashlib.sha256(b"WebAuthn PRF\x00" + salt).digest(), hashlib.sha256
        ).digest()

    def _client_data(self, kind: str, challenge: str, origin: str | None) -> bytes:
        return json.dumps(
            {"type": kind, "challenge": challenge, "origin": origin or self.origin}
        ).encode()

    def _flags(self, verified: bool) -> FLAG:
        return FLAG.UP | (FLAG.UV if verified else FLAG(0))

    def create(
        self, options: dict[str, Any], *, origin: str | None = None, verified: bool = True
    ) -> str:
        client_data = self._client_data("webauthn.create", options["challenge"], origin)
        credential = AttestedCredentialData.create(
            b"\0" * 16, self.credential_id, ES256.from_cryptography_key(self.key.public_key())
        )
        auth_data = AuthenticatorData.create(
            hashlib.sha256(self.rp_id.encode()).digest(),
            self._flags(verified) | FLAG.AT,
            self.counter,
            credential,
        )
        attestation = AttestationObject.create("none", auth_data, {})
        return json.dumps(
            {
                "id": self.id,
                "rawId": self.id,
                "type": "public-key",
                "response": {
                    "clientDataJSON": b64url(client_data),
                    "attestationObject": b64url(attestation),
                },
                "clientExtensionResults": {},
            }
        )

    def get(
        self, options: dict[str, Any], *, origin: str | None = None, verified: bool = True
    ) -> str:
        client_data = self._client_data("webauthn.get", options["challenge"], origin)
        if self.counts:
            self.counter += 1
        auth_data = AuthenticatorData.create(
            hashlib.sha256(self.rp_id.encode()).digest(), self._flags(verified), self.counter
        )
        signature = self.key.sign(
            auth_data + hashlib.sha256(client_data).digest(), ec.ECDSA(hashes.SHA256())
        )
        return json.dumps(
            {
                "id": self.id,
                "rawId": self.id,
                "type": "public-key",
                "response": {
                    "clientDataJSON": b64url(client_data),
                    "authenticatorData": b64url(auth_data),
                    "signature": b64url(signature),
                    "userHandle": None,
                },
                "clientExtensionResults": {},
            }
        )
