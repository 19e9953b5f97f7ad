"""An attacker guesses receipts. The prefix guessed in closes, a flood costs work, and a reporter
whose receipt starts otherwise still gets in; nobody's address or browser is kept to do so."""

from __future__ import annotations

import hashlib
import itertools
import logging
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from kompas.lib.tests.shared_cache import SharedCache, in_another_worker, on_redis
from kompas.reporting import followup
from kompas.reporting.crypto import new_receipt
from kompas.reporting.tests.conftest import public_report_form, receipt_of
from kompas.reporting.tests.test_privacy import everything_stored

pytestmark = pytest.mark.django_db

URL = reverse("reporting:follow_up")
NO_REPORT = "Bij deze ontvangstcode hoort geen melding"
BUSY = "maakt uw browser eerst een korte berekening"
CLOSED = "die zo beginnen als deze"


@dataclass
class Clock:
    now: float

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock(monkeypatch) -> Clock:
    """Time stands still unless the test moves it: counts per minute do not roll over mid-test."""
    frozen = Clock(time.time())
    monkeypatch.setattr(time, "time", lambda: frozen.now)
    return frozen


@pytest.fixture
def receipts(personas, handlers) -> list[str]:
    """The receipts of two citizens' reports that start differently."""
    by_prefix: dict[str, str] = {}
    while len(by_prefix) < 2:
        data = public_report_form(personas.zone, kind="complaint")
        Client().post(reverse("reporting:public", args=[personas.zone.code]), data)
        by_prefix.setdefault(receipt_of(data)[:4], receipt_of(data))
    return list(by_prefix.values())


def zero_bits(nonce: str, proof: str) -> int:
    digest = int.from_bytes(hashlib.sha256(f"{nonce}:{proof}".encode()).digest(), "big")
    return 256 - digest.bit_length()


def solve(nonce: str, bits: int) -> str:
    """What kompas/js/proof.js does in the browser, written apart from the server's check."""
    return next(str(n) for n in itertools.count() if zero_bits(nonce, str(n)) >= bits)


def asked(page: str) -> tuple[str, str, int]:
    """The challenge, nonce and bits a follow-up page carries."""
    found = re.search(r'data-proof-nonce="([0-9a-f]+)" data-proof-bits="(\d+)"', page)
    token = re.search(r'name="challenge" value="([^"]+)"', page)
    assert found and token, page
    return token.group(1), found.group(1), int(found.group(2))


def in_browser(browser: Client, receipt: str) -> Any:
    """A reporter with JavaScript: the form's page, the work it asks for, then the receipt."""
    token, nonce, bits = asked(browser.get(URL).content.decode())
    proof = solve(nonce, bits) if bits else ""
    return browser.post(URL, {"receipt": receipt, "challenge": token, "proof": proof})


def guess_in(prefix: str) -> str:
    return f"{prefix}-{new_receipt()[5:]}"


def test_a_guesser_closes_the_prefix_guessed_in_even_for_the_right_receipt(receipts, clock) -> None:
    attacked, other = receipts
    attacker = Client()
    for _ in range(followup.WRONG_PER_PREFIX.times):
        answer = attacker.post(URL, {"receipt": guess_in(attacked[:4])}).content.decode()
        assert NO_REPORT in answer
    # Brute force stops: from now on the answer is the same whether the guess is right or not.
    for guess in (guess_in(attacked[:4]), attacked):
        response = attacker.post(URL, {"receipt": guess})
        assert CLOSED in response.content.decode()
        assert followup.COOKIE not in response.cookies
    # The reporter whose receipt starts otherwise gets in at once.
    assert in_browser(Client(), other).status_code == 302
    # The attacked reporter is told what to do, keeps what was typed, and gets in later.
    page = in_browser(Client(), attacked).content.decode()
    assert CLOSED in page and f'value="{attacked}"' in page
    clock.advance(followup.WRONG_PER_PREFIX.seconds)
    assert in_browser(Client(), attacked).status_code == 302


def test_a_thousand_guesses_without_the_work_leave_the_reporter_a_way_in(receipts, clock) -> None:
    attacker = Client()
    answers = [attacker.post(URL, {"receipt": new_receipt()}).content.decode() for _ in range(1000)]
    assert sum(NO_REPORT in answer for answer in answers) == followup.CALM_PER_MINUTE
    assert sum(BUSY in answer for answer in answers) == 1000 - followup.CALM_PER_MINUTE
    # A reporter without JavaScript is told what to do, and the receipt stays in the form.
    page = Client().post(URL, {"receipt": receipts[0]}).content.decode()
    assert BUSY in page and f'value="{receipts[0]}"' in page
    # With it, the form's script does the work and the receipt opens at once.
    for receipt in receipts:
        assert in_browser(Client(), receipt).status_code == 302


def test_a_guesser_who_does_the_work_pays_more_as_the_flood_grows(receipts, clock) -> None:
    attacker = Client()
    asked_for = []
    for _ in range(2 * followup.CALM_PER_MINUTE + 10):
        bits = asked(attacker.get(URL).content.decode())[2]
        asked_for.append(bits)
        assert NO_REPORT in in_browser(attacker, new_receipt()).content.decode()
    calm = followup.CALM_PER_MINUTE
    assert set(asked_for[:calm]) == {0}  # calm: the form works without JavaScript
    assert set(asked_for[calm : 2 * calm]) == {followup.FIRST_BITS}
    assert set(asked_for[2 * calm :]) == {followup.FIRST_BITS + 2}
    # Random guesses fall in a million prefixes: none closes, every reporter still gets in.
    for receipt in receipts:
        assert in_browser(Client(), receipt).status_code == 302


def test_the_work_asked_stops_at_what_a_phone_does_in_seconds(clock) -> None:
    for _ in range(followup.CALM_PER_MINUTE * 64):
        followup.WRONG_RECEIPTS.spend()
    assert followup.proof_bits() == followup.MAX_BITS == 22


def test_a_proof_opens_once_and_only_for_the_work_asked_now(receipts, clock) -> None:
    for _ in range(followup.CALM_PER_MINUTE):
        Client().post(URL, {"receipt": new_receipt()})
    browser = Client()
    token, nonce, bits = asked(browser.get(URL).content.decode())
    assert bits == followup.FIRST_BITS
    proof = solve(nonce, bits)
    sent = {"receipt": receipts[0], "challenge": token, "proof": proof}
    assert browser.post(URL, sent).status_code == 302
    assert BUSY in Client().post(URL, sent).content.decode()  # replayed
    # Less work than asked opens nothing, nor does work done for another nonce.
    token, nonce, _ = asked(Client().get(URL).content.decode())
    less = next(str(n) for n in itertools.count() if 1 <= zero_bits(nonce, str(n)) < bits)
    sent = {"receipt": receipts[1], "challenge": token, "proof": less}
    assert BUSY in Client().post(URL, sent).content.decode()
    other_token = asked(Client().get(URL).content.decode())[0]
    sent = {"receipt": receipts[1], "challenge": other_token, "proof": solve(nonce, bits)}
    assert BUSY in Client().post(URL, sent).content.decode()
    sent = {"receipt": receipts[1], "challenge": token, "proof": solve(nonce, bits)}
    assert Client().post(URL, sent).status_code == 302


def test_the_proof_script_comes_from_our_own_server(client: Client) -> None:
    response = client.get(URL)
    page = response.content.decode()
    assert re.search(r'<script src="/static/kompas/js/proof\.js" defer></script>', page)
    assert not re.search(r"<script(?![^>]*\bsrc=)", page)  # nothing inline
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in response["Content-Security-Policy"].split(";")
    )
    assert policy["script-src"] == "'self'"


# --- With the cache all workers share ------------------------------------------------------


@pytest.fixture
def shared(settings) -> Iterator[SharedCache]:
    with on_redis(settings) as cache:
        yield cache


def test_on_redis_a_prefix_closed_by_one_worker_is_closed_in_the_other(
    receipts, clock, shared
) -> None:
    attacked, other = receipts

    def guesses_in_the_first_worker() -> None:
        for _ in range(followup.WRONG_PER_PREFIX.times):
            followup.count_failure(guess_in(attacked[:4]))

    in_another_worker(guesses_in_the_first_worker)
    assert CLOSED in Client().post(URL, {"receipt": attacked}).content.decode()
    assert Client().post(URL, {"receipt": other}).status_code == 302


def test_on_redis_a_flood_seen_by_one_worker_asks_work_in_the_other(
    receipts, clock, shared
) -> None:
    def floods_the_first_worker() -> None:
        for _ in range(followup.CALM_PER_MINUTE):
            followup.count_failure(new_receipt())

    in_another_worker(floods_the_first_worker)
    assert BUSY in Client().post(URL, {"receipt": receipts[0]}).content.decode()
    assert in_browser(Client(), receipts[0]).status_code == 302


def test_on_redis_the_throttle_keeps_no_address_browser_or_receipt(
    personas, handlers, clock, shared, caplog
) -> None:
    address, agent = "203.0.113.77", "ReporterBrowser/9.9 (Unique)"
    caplog.set_level(logging.DEBUG)
    visitor: dict[str, Any] = {
        "REMOTE_ADDR": address,
        "HTTP_USER_AGENT": agent,
        "HTTP_X_FORWARDED_FOR": address,
    }
    data = public_report_form(personas.zone, kind="complaint")
    Client(**visitor).post(reverse("reporting:public", args=[personas.zone.code]), data)
    receipt = receipt_of(data)
    guesser = Client(**visitor)
    mistyped = [guess_in(receipt[:4]) for _ in range(3)]
    for guess in mistyped + [new_receipt() for _ in range(followup.CALM_PER_MINUTE)]:
        guesser.post(URL, {"receipt": guess})
    reporter = Client(**visitor)
    assert in_browser(reporter, receipt).status_code == 302  # with the work the flood asks
    reporter.post(reverse("reporting:follow_up_case"), {"body": "Nog iets."})

    cached = shared.everything()
    assert cached  # the counts are there, in Redis
    stored = everything_stored()
    needles = [address.encode(), b"ReporterBrowser", receipt.encode()]
    needles += [guess.encode() for guess in mistyped]
    needles += [guess.replace("-", "").encode() for guess in mistyped]
    for needle in needles:
        assert not any(needle in item for item in cached), needle
        assert not any(needle in value for value in stored), needle
    assert address not in caplog.text
    assert "ReporterBrowser" not in caplog.text
