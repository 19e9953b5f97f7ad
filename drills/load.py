"""Load drill: 200 simulated users for 60 seconds on loopback, against the real server.

Mixed work: citizens file reports, reporters follow theirs up, handlers read their case list and
cases. Passes when no request got a 5xx and every report whose receipt came back is stored.
(Declarations and votes join the mix when the registers and trainings exist.)

    make drill-load   (USERS=200 SECONDS=60; KOMPAS_DRILL_DATABASE_URL for PostgreSQL)
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import threading
import time
from collections import Counter

from drills.common import RECEIPT, Browser, Installation, demo_code, hidden

USERS = int(os.environ.get("USERS", "200"))
SECONDS = int(os.environ.get("SECONDS", "60"))


class Results:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.statuses: Counter[int] = Counter()
        self.latencies: dict[str, list[float]] = {}
        self.receipts: list[str] = []
        self.errors: Counter[str] = Counter()

    def add(self, kind: str, status: int, seconds: float) -> None:
        with self.lock:
            self.statuses[status] += 1
            self.latencies.setdefault(kind, []).append(seconds)


def timed(results: Results, kind: str, call, *args):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    try:
        status, html = call(*args)
    except OSError as exc:
        with results.lock:
            results.errors[type(exc).__name__] += 1
        return 0, ""
    results.add(kind, status, time.perf_counter() - start)
    return status, html


def citizen(base: str, results: Results) -> None:
    browser = Browser(base)
    status, html = timed(results, "public form", browser.get, "/public/demo/report/")
    token = hidden(html, "receipt_token")
    if status != 200 or not token:
        return
    text = f"Load drill report {random.random():.12f}"
    status, html = timed(
        results,
        "submit report",
        browser.post,
        "/public/demo/report/",
        {"receipt_token": token, "kind": "complaint", "what": text},
    )
    match = RECEIPT.search(html)
    if status == 200 and match:
        with results.lock:
            results.receipts.append(match.group(1))


def reporter(base: str, results: Results) -> None:
    with results.lock:
        receipts = list(results.receipts[-50:])
    if not receipts:
        return
    browser = Browser(base)
    browser.get("/follow-up/")
    timed(
        results, "open follow-up", browser.post, "/follow-up/", {"receipt": random.choice(receipts)}
    )
    timed(results, "read follow-up", browser.get, "/follow-up/case/")


def handler(base: str, results: Results, signed_in: Browser, numbers: list[str]) -> None:
    browser = Browser(base)
    for cookie in signed_in.jar:
        browser.jar.set_cookie(cookie)
    timed(results, "case list", browser.get, "/cases/")
    if numbers:
        timed(results, "case page", browser.get, f"/cases/{random.choice(numbers)}/")


def sign_in_handler(base: str) -> Browser:
    browser = Browser(base)
    browser.get("/account/sign-in/")
    browser.post(
        "/account/sign-in/",
        {"username": "toezicht@demo.kompas.test", "password": "Kompas-demo-2026"},
    )
    browser.post("/account/two-step/verify/", {"token": demo_code("toezicht")})
    status, html = browser.get("/cases/")
    if status != 200 or "<h1>Dossiers</h1>" not in html:
        raise RuntimeError("the handler could not sign in")
    return browser


def main() -> int:
    install = Installation(workers=3, threads=8)
    install.prepare()
    install.start()
    results = Results()
    handler_browser = sign_in_handler(install.base)
    _status, cases_html = handler_browser.get("/cases/")
    import re

    numbers = sorted(set(re.findall(r"/cases/(\d{4}-\d{4})/", cases_html)))
    stop = time.monotonic() + SECONDS

    def user() -> None:
        while time.monotonic() < stop:
            roll = random.random()
            if roll < 0.4:
                citizen(install.base, results)
            elif roll < 0.7:
                reporter(install.base, results)
            else:
                handler(install.base, results, handler_browser, numbers)
            time.sleep(random.uniform(0.5, 1.5))

    threads = [threading.Thread(target=user) for _ in range(USERS)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    install.stop()

    install.django()
    from kompas.reporting.models import Report
    from kompas.reporting.services import open_with_receipt

    lost = [r for r in results.receipts if open_with_receipt(r) is None]
    stored = Report.objects.filter(zone__code="demo", channel="public").count() - 1
    server_errors = sum(n for status, n in results.statuses.items() if status >= 500)
    total = sum(results.statuses.values())
    print(
        f"load drill: {USERS} users for {elapsed:.0f} s, {total} requests "
        f"({total / elapsed:.0f}/s), statuses {dict(sorted(results.statuses.items()))}"
    )
    if results.errors:
        print(f"  connection errors: {dict(results.errors)}")
    print(f"  {'action':<16} {'count':>6} {'p50 ms':>8} {'p95 ms':>8}")
    for kind, values in sorted(results.latencies.items()):
        values.sort()
        p95 = values[int(len(values) * 0.95) - 1] if len(values) > 1 else values[0]
        print(
            f"  {kind:<16} {len(values):>6} {statistics.median(values) * 1000:>8.0f} "
            f"{p95 * 1000:>8.0f}"
        )
    print(f"  reports confirmed {len(results.receipts)}, stored {stored}, lost {len(lost)}")
    passed = server_errors == 0 and not lost and stored >= len(results.receipts)
    print("  result:", "passed" if passed else "FAILED")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
