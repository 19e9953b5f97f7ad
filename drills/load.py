"""Load drill: 200 simulated users for 60 seconds on loopback, against two app servers.

Two `kompas serve` processes on two ports share one database, one Redis (`KOMPAS_CACHE_URL`:
sessions, throttles, counted figures) and one `kompas worker --with-schedule`; the users are
spread over both servers, and a browser signed in on one is served by the other. Mixed work:
citizens file reports, reporters follow theirs up, handlers read their case list and cases,
members declare gifts, a room votes in a running dilemma session, and the administrator changes
the organisation meanwhile (a role granted and taken back, then people searched). Handlers are
mailed every new case at once, through a real SMTP server on loopback that is down from a
quarter of the run to three fifths of it.

Passes when no request got a 5xx; every report, declaration, vote and role change that was
confirmed is stored; the worker drained the queue once the mail server was back and every mail
arrived exactly once (each new case's mail to each of its handlers, and as many mails as the
queue counts sent); the two servers together took no more public reports than the shared
throttle allows; and the audit chain is intact.

    make drill-load   (USERS=200 SECONDS=60; KOMPAS_DRILL_DATABASE_URL for PostgreSQL,
                       KOMPAS_DRILL_CACHE_URL for another Redis than 127.0.0.1:6379/12)
"""

from __future__ import annotations

import math
import os
import random
import re
import statistics
import sys
import threading
import time
from collections import Counter

from drills.common import RECEIPT, Browser, Installation, SmtpSink, demo_code, hidden

USERS = int(os.environ.get("USERS", "200"))
SECONDS = int(os.environ.get("SECONDS", "60"))
SERVERS = 2
CACHE_URL = os.environ.get("KOMPAS_DRILL_CACHE_URL", "redis://127.0.0.1:6379/12")
# The mail server is down for this part of the run.
SINK_DOWN, SINK_BACK = 0.25, 0.6
DRAIN_SECONDS = 120  # the worker's retries wait 2, 4, 8 ... seconds in the drill


class Results:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.statuses: Counter[int] = Counter()
        self.latencies: dict[str, list[float]] = {}
        self.receipts: list[str] = []
        self.errors: Counter[str] = Counter()
        self.declarations: list[str] = []
        self.votes = 0
        self.votes_unconfirmed = 0  # answered 200 without the confirmation: a changed page
        self.revoked: list[int] = []
        self.busy = 0  # public reports turned away by the shared throttle

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
    elif status == 200 and "Er komen nu veel meldingen binnen" in html:
        with results.lock:
            results.busy += 1


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


def sign_in(base: str, account: str) -> Browser:
    browser = Browser(base)
    browser.get("/account/sign-in/")
    browser.post(
        "/account/sign-in/",
        {"username": f"{account}@demo.kompas.test", "password": "Kompas-demo-2026"},
    )
    status, html = browser.get("/")
    if "Code van zes cijfers" in html:
        browser.post("/account/two-step/verify/", {"token": demo_code(account)})
        status, html = browser.get("/")
    if status != 200 or "Afmelden" not in html:
        raise RuntimeError(f"{account} could not sign in")
    return browser


def member(base: str, results: Results, signed_in: Browser) -> None:
    """A member declares a small gift; the declaration must exist once it was confirmed."""
    browser = Browser(base)
    for cookie in signed_in.jar:
        browser.jar.set_cookie(cookie)
    status, html = timed(results, "gift form", browser.get, "/registers/gifts/new/")
    token = hidden(html, "token")
    if status != 200 or not token:
        return
    status, html = timed(
        results,
        "declare gift",
        browser.post,
        "/registers/gifts/new/",
        {
            "token": token,
            "kind": "gift",
            "description": "Doos pralines",
            "giver_name": f"Bakkerij {random.randrange(1000)}",
            "giver_type": "organisation",
            "value": "12.50",
            "given_on": time.strftime("%Y-%m-%d"),
        },
    )
    if status == 200 and "errorlist" not in html and "Doos pralines" in html:
        with results.lock:
            results.declarations.append(token)


def organiser(base: str, results: Results, signed_in: Browser, people: list[str]) -> None:
    """The administrator makes someone coordinator of a service and takes it back again."""
    if not people:
        return
    browser = Browser(base)
    for cookie in signed_in.jar:
        browser.jar.set_cookie(cookie)
    person = random.choice(people)
    page = f"/account/people/{person}/"
    status, html = timed(results, "person page", browser.get, page)
    services = re.findall(r'<option value="(\d+)"', html)
    if status != 200 or not services:
        return
    held = set(re.findall(rf"{page}roles/(\d+)/revoke/", html))
    status, html = timed(
        results,
        "grant role",
        browser.post,
        f"{page}roles/",
        {"role": "coordinator", "service": random.choice(services)},
    )
    granted = set(re.findall(rf"{page}roles/(\d+)/revoke/", html)) - held
    if status != 200 or len(granted) != 1:
        return  # held already (or granted and revoked meanwhile by another)
    (assignment,) = granted
    status, html = timed(
        results, "revoke role", browser.post, f"{page}roles/{assignment}/revoke/", {}
    )
    if status == 200 and f"{page}roles/{assignment}/revoke/" not in html:
        with results.lock:
            results.revoked.append(int(assignment))
    timed(results, "people search", browser.get, "/account/people/?q=e")


def voter(base: str, results: Results, code: str) -> None:
    """A phone joins the running session and votes once; a confirmed vote must be counted."""
    browser = Browser(base)
    status, html = timed(results, "join session", browser.get, f"/t/{code}/")
    options = re.findall(r'name="option" value="(\d+)"', html)
    if status != 200 or not options:
        return
    status, html = timed(
        results, "vote", browser.post, f"/t/{code}/vote/", {"option": random.choice(options)}
    )
    if status == 200:
        with results.lock:
            if "Uw stem is geteld" in html:
                results.votes += 1
            else:
                results.votes_unconfirmed += 1


def start_session(base: str) -> tuple[str, str]:
    """The team leader prepares and starts a session; returns its id and code."""
    leader = sign_in(base, "teamleider")
    _status, html = leader.get("/compass/trainings/new/")
    dilemma = re.search(r'name="dilemmas" value="(\d+)"', html)
    _status, html = leader.post(
        "/compass/trainings/new/",
        {
            "token": hidden(html, "token"),
            "title": "Load drill",
            "mode": "live",
            "min_group": "5",
            "dilemmas": dilemma.group(1) if dilemma else "",
        },
    )
    session = re.search(r'action="/compass/trainings/(\d+)/steer/"', html)
    if not session:
        raise RuntimeError("the team leader could not prepare a session")
    leader.post(f"/compass/trainings/{session.group(1)}/steer/", {"action": "open"})
    _status, html = leader.get(f"/compass/trainings/{session.group(1)}/screen/")
    code = re.search(r'class="join-code">.*?<strong>(\d{6})</strong>', html, re.S)
    if not code:
        raise RuntimeError("the session did not start")
    return session.group(1), code.group(1)


def main() -> int:
    import redis

    redis.Redis.from_url(CACHE_URL).flushdb()  # no session, throttle or figure of a former run
    sink = SmtpSink()
    sink.start()
    install = Installation(workers=3, threads=8, servers=SERVERS, cache_url=CACHE_URL)
    install.env.update(
        KOMPAS_EMAIL_BACKEND="kompas.lib.mail.SMTPBackend",
        KOMPAS_EMAIL_HOST=sink.host,
        KOMPAS_EMAIL_PORT=str(sink.port),
        KOMPAS_NEW_CASE_NOTICES="at-once",
        KOMPAS_TASK_RETRY_SECONDS="2",
    )
    install.prepare()
    install.start()
    install.start_worker()
    install.django()
    from django.db.models import Sum
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from kompas.accounts.models import RoleAssignment
    from kompas.audit.services import verify_chain
    from kompas.compass.models import Tally
    from kompas.lib.mail import deliver
    from kompas.registers.models import GiftDeclaration
    from kompas.reporting.models import Grant, GrantReason, Report
    from kompas.reporting.services import open_with_receipt

    before = set(Report.objects.filter(zone__code="demo").values_list("pk", flat=True))
    results = Results()
    first, second = install.bases[0], install.bases[-1]
    handler_browser = sign_in(first, "toezicht")
    member_browser = sign_in(second, "medewerker")
    admin_browser = sign_in(first, "beheerder")
    for browser in (handler_browser, member_browser, admin_browser):
        # Signed in through one server, known to the other: sessions live in the shared stores.
        for base in install.bases:
            elsewhere = Browser(base)
            for cookie in browser.jar:
                elsewhere.jar.set_cookie(cookie)
            if "Afmelden" not in elsewhere.get("/")[1]:
                raise RuntimeError(f"a session made on one server is unknown on {base}")
    _status, people_html = admin_browser.get("/account/people/")
    # Not the administrator (who may not change their own roles), nobody else signed in here.
    own = {"beheerder", "toezicht", "medewerker", "teamleider"}
    people = [
        pk
        for pk, name in re.findall(r'/account/people/(\d+)/">([^<]+)<', people_html)
        if not any(account in name.lower() for account in own)
    ]
    if not people:
        raise RuntimeError("the administrator sees nobody whose roles the drill may change")
    session_id, code = start_session(second)
    _status, cases_html = handler_browser.get("/cases/")
    numbers = sorted(set(re.findall(r"/cases/(\d{4}-\d{4})/", cases_html)))
    stop = time.monotonic() + SECONDS

    def user(base: str) -> None:
        while time.monotonic() < stop:
            roll = random.random()
            if roll < 0.3:
                citizen(base, results)
            elif roll < 0.5:
                reporter(base, results)
            elif roll < 0.7:
                handler(base, results, handler_browser, numbers)
            elif roll < 0.85:
                member(base, results, member_browser)
            elif roll < 0.95:
                voter(base, results, code)
            else:
                organiser(base, results, admin_browser, people)
            time.sleep(random.uniform(0.5, 1.5))

    sink_back_at: list[float] = []

    def mail_server_outage() -> None:
        time.sleep(SECONDS * SINK_DOWN)
        sink.stop()
        time.sleep(SECONDS * (SINK_BACK - SINK_DOWN))
        sink.start()
        sink_back_at.append(time.monotonic())

    bases = install.bases
    threads = [threading.Thread(target=user, args=(bases[n % len(bases)],)) for n in range(USERS)]
    outage = threading.Thread(target=mail_server_outage)
    started = time.monotonic()
    outage.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    outage.join()
    install.stop_servers()  # the worker goes on

    mails = DBTaskResult.objects.filter(task_path=deliver.module_path)
    waiting = (TaskResultStatus.READY, TaskResultStatus.RUNNING)
    deadline = time.monotonic() + DRAIN_SECONDS
    while mails.filter(status__in=waiting).exists() and time.monotonic() < deadline:
        time.sleep(0.5)
    drained_after = time.monotonic() - sink_back_at[0]
    time.sleep(1)  # the last mail's SMTP session closes
    install.stop()

    lost = [r for r in results.receipts if open_with_receipt(r) is None]
    declared = set(
        GiftDeclaration.objects.filter(submission_token__in=results.declarations).values_list(
            "submission_token", flat=True
        )
    )
    lost_declarations = len(set(results.declarations) - declared)
    counted = (
        Tally.objects.filter(item__session_id=int(session_id)).aggregate(n=Sum("count"))["n"] or 0
    )
    new = Report.objects.filter(zone__code="demo", channel="public").exclude(pk__in=before)
    stored = new.count()
    revoked_still_there = RoleAssignment.objects.filter(pk__in=results.revoked).count()
    # The shared throttle: at most PUBLIC_SUBMISSIONS' count per minute window on both servers.
    from kompas.reporting.views import PUBLIC_SUBMISSIONS

    allowed = PUBLIC_SUBMISSIONS.times * (math.ceil(elapsed / PUBLIC_SUBMISSIONS.seconds) + 1)

    # Mail: every new case told to each of its handlers exactly once, and as many mails received
    # as the queue says it sent (none twice, none lost), none left waiting.
    run_numbers = set(new.values_list("number", flat=True))
    expected = Counter(
        (email.lower(), number)
        for email, number in Grant.objects.filter(
            report__in=new, reason=GrantReason.ROUTING
        ).values_list("person__email", "report__number")
        if email
    )
    received = sink.received()
    told: Counter[tuple[str, str]] = Counter()
    for message in received:
        payload = message.get_payload(decode=True)
        body = payload.decode(errors="replace") if isinstance(payload, bytes) else ""
        for number in re.findall(r"/cases/(\d{4}-\d+)/", body):
            if number in run_numbers:
                told[(str(message["To"]).lower(), number)] += 1
    missing = sum(1 for key in expected if told[key] == 0)
    twice = sum(1 for key, n in told.items() if n > 1)
    unexpected = sum(1 for key in told if key not in expected)
    sent = mails.filter(status=TaskResultStatus.SUCCESSFUL).count()
    failed_attempts = mails.filter(status=TaskResultStatus.FAILED).count()
    left = mails.filter(status__in=waiting).count()
    chain = verify_chain()

    server_errors = sum(n for status, n in results.statuses.items() if status >= 500)
    total = sum(results.statuses.values())
    print(
        f"load drill: {USERS} users for {elapsed:.0f} s on {SERVERS} servers, {total} requests "
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
    print(
        f"  reports confirmed {len(results.receipts)}, stored {stored}, lost {len(lost)}; "
        f"turned away by the shared throttle {results.busy} (allowed at most {allowed})"
    )
    print(
        f"  declarations confirmed {len(results.declarations)}, lost {lost_declarations}; "
        f"votes confirmed {results.votes} (answered without it {results.votes_unconfirmed}), "
        f"counted {counted}"
    )
    print(
        f"  roles granted and taken back {len(results.revoked)}, still there "
        f"{revoked_still_there}; audit chain "
        + (f"intact ({chain.checked} events)" if chain.intact else f"BROKEN: {chain.reason}")
    )
    print(
        f"  mail: server down from {SECONDS * SINK_DOWN:.0f} s to {SECONDS * SINK_BACK:.0f} s; "
        f"{failed_attempts} attempts failed meanwhile; queue drained {drained_after:.1f} s after "
        f"it was back, {left} left waiting"
    )
    print(
        f"  mail: {sent} sent, {len(received)} received; new-case mails expected "
        f"{sum(expected.values())}, missing {missing}, twice {twice}, unexpected {unexpected}"
    )
    passed = (
        server_errors == 0
        and not lost
        and stored >= len(results.receipts)
        and len(results.receipts) <= allowed
        and not lost_declarations
        and counted >= results.votes
        and results.votes_unconfirmed == 0
        and not revoked_still_there
        and chain.intact
        and left == 0
        and sent == len(received)
        and not (missing or twice or unexpected)
    )
    print("  result:", "passed" if passed else "FAILED")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
