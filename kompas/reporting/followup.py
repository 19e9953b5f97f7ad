"""The anonymous reporter's follow-up session: one cookie, nothing on the server.

After the receipt is checked, the report's id and case key travel in a cookie encrypted and
authenticated with a server key; it lives until the browser closes or 30 minutes pass. No session
row, no address, no browser signature is kept.

Wrong receipts are throttled without knowing who types them, in the cache all workers share:
- per receipt prefix (the first four symbols, 2^20 buckets, as a keyed hash): ten wrong receipts
  in ten minutes close the prefix, so a guesser burns the prefix it guesses in and a reporter
  whose receipt starts otherwise is not held up;
- against floods, a proof of work: while more than `CALM_PER_MINUTE` receipts a minute fail
  everywhere together, a receipt is read only with a proof that the form's script
  (`kompas/js/proof.js`) finds, two bits harder each time the rate doubles. When it is calm
  (no proof asked), the form works without JavaScript.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import secrets
import time

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse

from kompas.lib.throttle import Budget, throttle_cache
from kompas.reporting import crypto

COOKIE = "kompas_followup"
PATH = "/follow-up/"  # the cookie goes nowhere else
LIFETIME = 30 * 60


def _key() -> bytes:
    return hashlib.sha256(f"kompas-followup:{settings.SECRET_KEY}".encode()).digest()


def start(response: HttpResponse, report_pk: int, case_key: bytes) -> None:
    payload = json.dumps(
        {"r": report_pk, "k": base64.b64encode(case_key).decode(), "t": int(time.time())}
    ).encode()
    response.set_cookie(
        COOKIE,
        base64.urlsafe_b64encode(crypto.encrypt(_key(), payload)).decode(),
        path=PATH,
        secure=settings.HTTPS,
        httponly=True,
        samesite="Strict",
    )


def current(request: HttpRequest) -> tuple[int, bytes] | None:
    raw = request.COOKIES.get(COOKIE)
    if not raw:
        return None
    try:
        data = json.loads(crypto.decrypt(_key(), base64.urlsafe_b64decode(raw.encode())))
    except (crypto.DecryptionError, ValueError):
        return None
    if time.time() - data["t"] > LIFETIME:
        return None
    return int(data["r"]), base64.b64decode(data["k"])


def end(response: HttpResponse) -> None:
    response.delete_cookie(COOKIE, path=PATH, samesite="Strict")


# --- Throttle --------------------------------------------------------------------------------

PREFIX_SYMBOLS = 4
WRONG_PER_PREFIX = Budget("receipt-prefix", 10, seconds=600)
CALM_PER_MINUTE = 60
WRONG_RECEIPTS = Budget("wrong-receipts", CALM_PER_MINUTE)  # everywhere together
FIRST_BITS, MAX_BITS = 14, 22  # a browser finds 22 bits (4 million hashes) in seconds
PROOF_SALT, PROOF_MAX_AGE = "kompas-followup-proof", 600


def _prefix(receipt: str) -> str | None:
    normalised = crypto.normalise_receipt(receipt)
    return None if normalised is None else normalised[:PREFIX_SYMBOLS]


def too_many_failures(receipt: str) -> bool:
    """Whether the receipt's prefix is closed: then even the right receipt waits, so that the
    answer tells a guesser nothing."""
    prefix = _prefix(receipt)
    return prefix is not None and WRONG_PER_PREFIX.exhausted(prefix)


def count_failure(receipt: str) -> None:
    """A receipt that opened nothing (wrong, or of a closed prefix). Not a receipt at all: nothing
    to guess, nothing counted."""
    prefix = _prefix(receipt)
    if prefix is not None:
        WRONG_PER_PREFIX.spend(prefix)
        WRONG_RECEIPTS.spend()


def proof_bits() -> int:
    """The work asked before a receipt is read: none while it is calm, then two bits more each
    time the rate of wrong receipts (this minute or the last) doubles."""
    rate = max(WRONG_RECEIPTS.used(), WRONG_RECEIPTS.used(earlier=1))
    if rate < CALM_PER_MINUTE:
        return 0
    return min(MAX_BITS, FIRST_BITS + 2 * int(math.log2(rate / CALM_PER_MINUTE)))


def challenge() -> dict[str, object]:
    """What the form carries: a signed random nonce, and the nonce and bits for its script."""
    nonce = secrets.token_hex(8)
    return {
        "token": signing.dumps(nonce, salt=PROOF_SALT),
        "nonce": nonce,
        "bits": proof_bits(),
    }


def solves(nonce: str, proof: str, bits: int) -> bool:
    """SHA-256 of "nonce:proof" starts with ``bits`` zero bits."""
    digest = hashlib.sha256(f"{nonce}:{proof}".encode()).digest()
    return int.from_bytes(digest, "big") >> (256 - bits) == 0


def proven(token: str, proof: str) -> bool:
    """True when no work is asked, or ``proof`` does the work asked now for a nonce this server
    gave out in the last ten minutes and nobody used yet."""
    bits = proof_bits()
    if bits == 0:
        return True
    try:
        nonce = signing.loads(token, salt=PROOF_SALT, max_age=PROOF_MAX_AGE)
    except signing.BadSignature:
        return False
    if not (
        proof.isascii() and proof.isdigit() and len(proof) <= 12 and solves(str(nonce), proof, bits)
    ):
        return False
    used = hashlib.sha256(f"kompas-proof:{nonce}".encode()).hexdigest()[:32]
    return throttle_cache().add(f"kompas-proof:{used}", 1, timeout=PROOF_MAX_AGE)
