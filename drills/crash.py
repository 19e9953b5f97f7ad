"""Crash drill: kill -9 the server again and again while citizens submit reports.

Afterwards every report whose receipt reached its reporter must exist, decrypt and be complete,
retries must not have made doubles, and no half-written report may exist.

    make drill-crash            (KOMPAS_DRILL_DATABASE_URL=postgresql://... for PostgreSQL)
"""

from __future__ import annotations

import random
import sys
import threading
import time
from http.client import HTTPException

from drills.common import RECEIPT, Browser, Installation, hidden

CLIENTS = 6
KILLS = 6
SECONDS_BETWEEN_KILLS = 2.5


def reporter(
    base: str,
    stop: threading.Event,
    confirmed: dict[str, str],
    sent: list[str],
    lock: threading.Lock,
    number: int,
) -> None:
    n = 0
    while not stop.is_set():
        n += 1
        text = f"Drill report {number}-{n}: {random.random():.12f}"
        browser = Browser(base)
        try:
            status, html = browser.get("/public/demo/report/", timeout=10)
        except (OSError, HTTPException):  # refused, or cut off by the kill
            time.sleep(0.2)
            continue
        token = hidden(html, "receipt_token")
        if status != 200 or not token:
            time.sleep(0.2)
            continue
        with lock:
            sent.append(text)
        # Retry the very same submission until an answer comes, as a browser's reload would.
        for _attempt in range(60):
            try:
                status, html = browser.post(
                    "/public/demo/report/",
                    {"receipt_token": token, "kind": "complaint", "what": text},
                    timeout=20,
                )
            except (OSError, HTTPException):  # refused, or cut off by the kill
                time.sleep(0.3)
                continue
            match = RECEIPT.search(html)
            if status == 200 and match:
                with lock:
                    confirmed[match.group(1)] = text
                break
            time.sleep(0.3)


def main() -> int:
    install = Installation(workers=2, threads=4)
    install.prepare()
    install.start()
    stop, lock = threading.Event(), threading.Lock()
    confirmed: dict[str, str] = {}
    sent: list[str] = []
    threads = [
        threading.Thread(target=reporter, args=(install.base, stop, confirmed, sent, lock, i))
        for i in range(CLIENTS)
    ]
    for thread in threads:
        thread.start()
    for _ in range(KILLS):
        time.sleep(SECONDS_BETWEEN_KILLS)
        install.kill()
        time.sleep(0.3)
        install.start()
    time.sleep(SECONDS_BETWEEN_KILLS)
    stop.set()
    for thread in threads:
        thread.join(timeout=120)
    install.stop()

    install.django()
    from kompas.audit.services import verify_chain
    from kompas.reporting import crypto
    from kompas.reporting.models import Report
    from kompas.reporting.services import open_with_receipt

    problems = []
    for receipt, text in confirmed.items():
        opened = open_with_receipt(receipt)
        if opened is None:
            problems.append(f"receipt {receipt} opens nothing")
            continue
        report, key = opened
        if crypto.decrypt_json(key, report.content_box)["what"] != text:
            problems.append(f"{report.number} does not hold what was sent")
    reports = list(Report.objects.filter(zone__code="demo", channel="public"))
    for report in reports:
        if not report.content_box or not report.receipt_box or not report.grants.exists():
            problems.append(f"{report.number} is half written")
    texts_stored = len(reports) - 1  # the demo zone's own public report
    if texts_stored > len(sent):
        problems.append(f"{texts_stored} reports stored for {len(sent)} submissions: doubles")
    chain = verify_chain()
    if not chain.intact:
        problems.append(f"audit chain broken at #{chain.broken_at}")
    print(f"crash drill: {KILLS} kill -9 of the server while {CLIENTS} reporters submitted")
    print(
        f"  submissions started {len(sent)}, receipts received {len(confirmed)}, "
        f"reports stored {texts_stored}, audit events checked {chain.checked}"
    )
    for problem in problems:
        print("  PROBLEM:", problem)
    print("  result:", "passed" if not problems and confirmed else "FAILED")
    return 0 if not problems and confirmed else 1


if __name__ == "__main__":
    sys.exit(main())
