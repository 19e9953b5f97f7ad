"""The cryptography of the reporting channel (libsodium through PyNaCl).

Key hierarchy:

- Every report has its own random **case key** (XSalsa20-Poly1305, ``SecretBox``). The report's text,
  the reporter's identity, messages, notes and attachments are encrypted with it.
- The case key is **sealed** (``SealedBox``, X25519) to the public key of every handler who may read
  the case, and to the zone's recovery public key.
- A handler's **private key** is stored only wrapped with a key derived from their password with
  Argon2id. It is unwrapped at sign-in and kept, for the session, encrypted with a random secret that
  lives only in the handler's browser cookie (``unlock``/``session_key``).
- The reporter's **receipt** opens the case key too: it is wrapped with a key derived from the receipt
  with Argon2id. The receipt is found again by an HMAC of it, not stored.

Nothing here touches the database: callers store the bytes these functions return.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from typing import Any

import nacl.exceptions
import nacl.utils
from django.conf import settings
from nacl.public import PrivateKey, PublicKey, SealedBox
from nacl.pwhash import argon2id
from nacl.secret import SecretBox

KEY_BYTES = SecretBox.KEY_SIZE
SALT_BYTES = argon2id.SALTBYTES

# Argon2id costs. "moderate" (about 0.5 s, 256 MiB) for handlers' passwords, "interactive" (about
# 0.1 s, 64 MiB) for receipts, whose 100 bits of entropy make the cost a second line of defence.
# KOMPAS_KDF_STRENGTH=min exists for the test suite only.
_LIMITS = {
    "moderate": (argon2id.OPSLIMIT_MODERATE, argon2id.MEMLIMIT_MODERATE),
    "interactive": (argon2id.OPSLIMIT_INTERACTIVE, argon2id.MEMLIMIT_INTERACTIVE),
    "min": (argon2id.OPSLIMIT_MIN, argon2id.MEMLIMIT_MIN),
}


class DecryptionError(Exception):
    """A key or a ciphertext does not fit: wrong password, wrong receipt, or tampered data."""


def kdf_limits(purpose: str) -> tuple[int, int]:
    if settings.KDF_STRENGTH == "min":
        return _LIMITS["min"]
    return _LIMITS["moderate" if purpose == "password" else "interactive"]


def derive_key(secret: str, salt: bytes, opslimit: int, memlimit: int) -> bytes:
    return argon2id.kdf(KEY_BYTES, secret.encode(), salt, opslimit=opslimit, memlimit=memlimit)


def new_salt() -> bytes:
    return nacl.utils.random(SALT_BYTES)


def new_case_key() -> bytes:
    return nacl.utils.random(KEY_BYTES)


# --- Symmetric boxes --------------------------------------------------------------------------


def encrypt(key: bytes, plaintext: bytes) -> bytes:
    return bytes(SecretBox(key).encrypt(plaintext))


def decrypt(key: bytes, ciphertext: bytes) -> bytes:
    try:
        return bytes(SecretBox(key).decrypt(bytes(ciphertext)))
    except (nacl.exceptions.CryptoError, ValueError, TypeError) as exc:
        raise DecryptionError from exc


def encrypt_json(key: bytes, data: Any) -> bytes:
    return encrypt(key, json.dumps(data, ensure_ascii=False, sort_keys=True).encode())


def decrypt_json(key: bytes, ciphertext: bytes) -> Any:
    return json.loads(decrypt(key, ciphertext))


# --- Handlers' key pairs ----------------------------------------------------------------------


@dataclass(frozen=True)
class WrappedKeyPair:
    public_key: bytes
    wrapped_private_key: bytes
    salt: bytes
    opslimit: int
    memlimit: int


def new_key_pair(password: str) -> tuple[WrappedKeyPair, bytes]:
    """A fresh key pair, its private key wrapped with the password; also returns the private key."""
    private = PrivateKey.generate()
    return wrap_private_key(bytes(private), password), bytes(private)


def new_private_key() -> bytes:
    return bytes(PrivateKey.generate())


def public_key_of(private_key: bytes) -> bytes:
    return bytes(PrivateKey(private_key).public_key)


def wrap_private_key(private_key: bytes, password: str) -> WrappedKeyPair:
    salt = new_salt()
    opslimit, memlimit = kdf_limits("password")
    wrapping = derive_key(password, salt, opslimit, memlimit)
    return WrappedKeyPair(
        public_key=bytes(PrivateKey(private_key).public_key),
        wrapped_private_key=encrypt(wrapping, private_key),
        salt=salt,
        opslimit=opslimit,
        memlimit=memlimit,
    )


def unwrap_private_key(
    wrapped: bytes, password: str, salt: bytes, opslimit: int, memlimit: int
) -> bytes:
    return decrypt(derive_key(password, bytes(salt), opslimit, memlimit), wrapped)


def seal(public_key: bytes, secret: bytes) -> bytes:
    return bytes(SealedBox(PublicKey(bytes(public_key))).encrypt(secret))


def unseal(private_key: bytes, sealed: bytes) -> bytes:
    try:
        return bytes(SealedBox(PrivateKey(private_key)).decrypt(bytes(sealed)))
    except (nacl.exceptions.CryptoError, ValueError, TypeError) as exc:
        raise DecryptionError from exc


# --- The handler's unlocked key during a session ------------------------------------------------


def lock_for_session(private_key: bytes) -> tuple[bytes, bytes]:
    """Encrypt the unlocked private key with a fresh secret: (secret for the cookie, box for the
    server session). Neither half alone reveals the key."""
    cookie_secret = nacl.utils.random(KEY_BYTES)
    return cookie_secret, encrypt(cookie_secret, private_key)


# --- Receipts ---------------------------------------------------------------------------------

# Crockford's base32 without I, L, O, U: easy to read aloud and write down.
RECEIPT_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RECEIPT_GROUPS, RECEIPT_GROUP_SIZE = 5, 4  # 20 symbols x 5 bits = 100 bits


def new_receipt() -> str:
    symbols = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(20))
    return "-".join(
        symbols[i : i + RECEIPT_GROUP_SIZE] for i in range(0, len(symbols), RECEIPT_GROUP_SIZE)
    )


def normalise_receipt(text: str) -> str | None:
    """The canonical form of what a reporter typed, or None when it cannot be a receipt."""
    cleaned = text.upper().translate(str.maketrans("OIL", "011"))
    symbols = "".join(ch for ch in cleaned if ch not in " -\t\n.")
    if len(symbols) != RECEIPT_GROUPS * RECEIPT_GROUP_SIZE:
        return None
    if any(ch not in RECEIPT_ALPHABET for ch in symbols):
        return None
    return "-".join(symbols[i : i + RECEIPT_GROUP_SIZE] for i in range(0, 20, RECEIPT_GROUP_SIZE))


def receipt_lookup(receipt: str) -> str:
    """Finds a report by its receipt. A plain hash is enough: the receipt has 100 random bits, so
    the hash cannot be turned back into it, and no server secret has to outlive key rotations."""
    return hashlib.sha256(f"kompas-receipt:{receipt}".encode()).hexdigest()
