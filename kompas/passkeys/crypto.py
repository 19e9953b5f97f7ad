"""Wrapping a handler's private key with a passkey's PRF output or with a key passphrase.

A passkey's PRF output (32 bytes from the authenticator's hmac-secret, for the passkey's own random
``prf_salt``) goes through HKDF-SHA256 into the key-wrapping key; the private key is then a
SecretBox under it, as the password wrap is (kompas.reporting.crypto). The PRF output and the
wrapping key live only in memory for the request.
"""

from __future__ import annotations

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from kompas.reporting import crypto

PRF_BYTES = 32
PRF_SALT_BYTES = 32
INFO = b"kompas passkey key wrap v1"


def prf_wrapping_key(prf_output: bytes, prf_salt: bytes) -> bytes:
    if len(prf_output) != PRF_BYTES:
        raise crypto.DecryptionError
    return HKDF(
        algorithm=hashes.SHA256(), length=crypto.KEY_BYTES, salt=bytes(prf_salt), info=INFO
    ).derive(prf_output)


def wrap_with_prf(private_key: bytes, prf_output: bytes, prf_salt: bytes) -> bytes:
    return crypto.encrypt(prf_wrapping_key(prf_output, prf_salt), private_key)


def unwrap_with_prf(wrapped: bytes, prf_output: bytes, prf_salt: bytes) -> bytes:
    """The private key; ``crypto.DecryptionError`` when this PRF output does not open it."""
    return crypto.decrypt(prf_wrapping_key(prf_output, prf_salt), bytes(wrapped))
