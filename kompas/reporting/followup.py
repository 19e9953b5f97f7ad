"""The anonymous reporter's follow-up session: one cookie, nothing on the server.

After the receipt is checked, the report's id and case key travel in a cookie encrypted and
authenticated with a server key; it lives until the browser closes or 30 minutes pass. No session
row, no address, no browser signature is kept. Wrong receipts are throttled for everyone together,
since no address may be stored: with 100 bits per receipt, guessing stays hopeless.
"""

from __future__ import annotations

import base64
import hashlib
import json
import time

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from kompas.lib.throttle import Budget
from kompas.reporting import crypto

COOKIE = "kompas_followup"
PATH = "/follow-up/"  # the cookie goes nowhere else
LIFETIME = 30 * 60
FAILURES_PER_MINUTE = 30


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


RECEIPT_FAILURES = Budget("receipt-failures", FAILURES_PER_MINUTE)


def too_many_failures() -> bool:
    return RECEIPT_FAILURES.exhausted()


def count_failure() -> None:
    RECEIPT_FAILURES.spend()
