"""`make bench`: the main pages at the scale of the whole Belgian police in one installation.

Generates the dataset in PostgreSQL (50,000 people in about 1,000 services, 200,000 reports,
1,000,000 register entries, 20,000 dilemma sessions),
serves it with the production server, and measures each main page over real HTTP in two phases:

- latency: all pages in turn, one request at a time, BENCH_SAMPLES rounds (300 by default): p50
  and p95, SQL queries per request, and the p95's ratio to a bare Django view on the same server
  in the same run (asked before every page, so that its p95 rests on some 9,600 requests);
  target: at most 10 times the floor's;
- throughput: for each page, 8 clients (processes, each with its own connection) ask it again
  and again for BENCH_CONCURRENT_SECONDS (3 by default), after the floor for as long; all pages
  in BENCH_PASSES passes (3 by default, minutes apart), each page's requests per second the
  median of its passes, and the floor's over the page's the median of each pass's ratio to the
  floor's run just before it (the same minute on both sides of a ratio); target: the page serves
  at least a tenth of the floor's requests. One window of a
  few seconds can fall on what a server does once every few minutes (counting a year's
  figures again: half a second of a core), which one window weighs a hundred times more than
  the minutes between; the median of passes minutes apart does not.

Prints one table and writes build/bench.json. Not part of the tests.

    make bench          (BENCH_PEOPLE, BENCH_REPORTS, BENCH_ENTRIES, BENCH_SESSIONS to scale down;
                         BENCH_PAGES="case,register" for a few pages, with BENCH_REUSE=1)
    KOMPAS_BENCH_DATABASE_URL=postgresql://...   (default: the local server, database kompas_bench)
    KOMPAS_BENCH_CACHE_URL=redis://...   (default: the local Redis, database 11, emptied first)
"""

from __future__ import annotations

import http.client
import json
import multiprocessing
import os
import platform
import re
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor

from drills.common import ROOT, Browser, Installation, demo_code, hidden

PEOPLE = int(os.environ.get("BENCH_PEOPLE", "50000"))
REPORTS = int(os.environ.get("BENCH_REPORTS", "200000"))
ENTRIES = int(os.environ.get("BENCH_ENTRIES", "1000000"))
SESSIONS = int(os.environ.get("BENCH_SESSIONS", "20000"))
# Rounds measured: a page's p95 is then its 15th slowest request, not its 5th, which moved by a
# tenth from run to run with the machine's noise (the floor's rests on some 9,600 requests).
SAMPLES = int(os.environ.get("BENCH_SAMPLES", "300"))
# Rounds before measuring: enough that every server worker has served every page (each keeps
# its own counted figures and connections), so that none counts its first time during the run.
WARM_UP = 10
DATABASE = os.environ.get(
    "KOMPAS_BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/kompas_bench"
)
# Targets: a page's p95 at most this many times the floor's, and under CLIENTS clients at least
# 1/this of the floor's requests per second.
TARGET_P95, TARGET_THROUGHPUT = 10, 10
CLIENTS = 8
CONCURRENT_SECONDS = float(os.environ.get("BENCH_CONCURRENT_SECONDS", "3"))
PASSES = int(os.environ.get("BENCH_PASSES", "3"))
CACHE_URL = os.environ.get("KOMPAS_BENCH_CACHE_URL", "redis://127.0.0.1:6379/11")
# BENCH_PAGES="case,register": only these pages (by their names in the table), written to
# build/bench-pages.json, so that the full run's build/bench.json stays.
ONLY = {name.strip() for name in os.environ.get("BENCH_PAGES", "").split(",") if name.strip()}


def fresh_database(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')


def sign_in(base: str, account: str) -> Browser:
    browser = Browser(base)
    browser.get("/account/sign-in/")
    browser.post(
        "/account/sign-in/",
        {"username": f"{account}@demo.kompas.test", "password": "Kompas-demo-2026"},
    )
    for _attempt in range(3):
        status, html = browser.get("/")
        if "Code van zes cijfers" not in html:
            break
        # A code is accepted once: if this one was used in the last 30 s, wait for the next.
        browser.post("/account/two-step/verify/", {"token": demo_code(account)})
        status, html = browser.get("/")
        if "Code van zes cijfers" not in html:
            break
        time.sleep(31 - time.time() % 30)
    if status != 200 or "Afmelden" not in html or "Code van zes cijfers" in html:
        raise RuntimeError(f"{account} could not sign in")
    return browser


def request_once(browser: Browser, path: str) -> tuple[float, int]:
    """One request: its latency in ms and the SQL queries the server counted."""
    import urllib.request

    request = urllib.request.Request(browser.base + path)  # noqa: S310
    start = time.perf_counter()
    with browser.opener.open(request, timeout=120) as response:
        response.read()
        status = response.status
        count = int(response.headers.get("X-Kompas-Queries", "-1"))
    elapsed = time.perf_counter() - start
    if status != 200:
        raise RuntimeError(f"{path}: {status}")
    return elapsed * 1000, count


def measure(pages: list[tuple[str, Browser, str]]) -> list[dict]:
    """Every page once per round, SAMPLES rounds after WARM_UP: whatever else the machine
    does during the run weighs on all pages and on the floor alike, so the ratios hold.

    The floor (the first page) is also asked before every other page of a round: its p95 is
    then read from some thirty times more samples, not from the luck of a hundred draws (with
    a hundred, the floor's p95 moved by a fifth from run to run, and every ratio with it). Its
    figures from once a round, as before, are kept beside them."""
    latencies: list[list[float]] = [[] for _ in pages]
    queries: list[list[int]] = [[] for _ in pages]
    _floor_name, floor_browser, floor_path = pages[0]
    between: list[float] = []  # the floor, asked before each other page
    for n in range(SAMPLES + WARM_UP):
        for index, (_name, browser, path) in enumerate(pages):
            if index:
                before, _count = request_once(floor_browser, floor_path)
                if n >= WARM_UP:
                    between.append(before)
            elapsed, count = request_once(browser, path)
            if n >= WARM_UP:  # the first rounds warm caches and connections
                latencies[index].append(elapsed)
                queries[index].append(count)
    results = []
    for (name, _browser, path), times, counts in zip(pages, latencies, queries, strict=True):
        results.append(
            {"page": name, "path": path, **_percentiles(times)} | {"queries": max(counts)}
        )
    once = results[0]
    results[0] = {
        **once,
        **_percentiles(between + latencies[0]),
        "samples": len(between) + len(latencies[0]),
        "once_a_round_p50_ms": once["p50_ms"],
        "once_a_round_p95_ms": once["p95_ms"],
    }
    return results


def _percentiles(times: list[float]) -> dict[str, float]:
    times = sorted(times)
    return {
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)], 1),
    }


def _client(port: int, path: str, cookie: str, start: float, end: float) -> int:
    """One client (a process of its own) asks `path` again and again from `start` to `end`
    (wall-clock times), a new connection per request as in the latency phase (the server's
    workers then share the clients' requests); returns the answers it got."""
    headers = {"Cookie": cookie} if cookie else {}
    time.sleep(max(0.0, start - time.time()))
    answered = 0
    while time.time() < end:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        connection.close()
        if response.status != 200:
            raise RuntimeError(f"{path}: {response.status} under {CLIENTS} clients")
        if time.time() <= end:  # an answer after the end is not the window's
            answered += 1
    return answered


def requests_per_second(pool: ProcessPoolExecutor, port: int, browser: Browser, path: str) -> float:
    """CLIENTS clients at once on one page for CONCURRENT_SECONDS: answers per second."""
    cookie = "; ".join(f"{c.name}={c.value}" for c in browser.jar)
    start = time.time() + 0.2  # every client ready
    end = start + CONCURRENT_SECONDS
    clients = [pool.submit(_client, port, path, cookie, start, end) for _ in range(CLIENTS)]
    return sum(client.result() for client in clients) / CONCURRENT_SECONDS


def throughput(
    port: int, pages: list[tuple[str, Browser, str]]
) -> tuple[list[float], list[list[float]]]:
    """Each page under CLIENTS clients, the floor (the first page) just before it, in PASSES
    passes over all pages: the floor's requests per second in each of its runs, and each
    page's in each pass."""
    _name, floor_browser, floor_path = pages[0]
    floors: list[float] = []
    rates: list[list[float]] = [[] for _ in pages[1:]]
    fork = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(CLIENTS, mp_context=fork) as pool:
        requests_per_second(pool, port, floor_browser, floor_path)  # processes and connections up
        for _pass in range(PASSES):
            for index, (_name, browser, path) in enumerate(pages[1:]):
                floors.append(requests_per_second(pool, port, floor_browser, floor_path))
                rates[index].append(requests_per_second(pool, port, browser, path))
    return floors, rates


def submissions_per_second(base: str, count: int = 20) -> float:
    spent = 0.0
    for n in range(count):
        browser = Browser(base)
        _status, html = browser.get("/public/demo/report/")
        token = hidden(html, "receipt_token")
        start = time.perf_counter()
        status, _html = browser.post(
            "/public/demo/report/",
            {
                "receipt_token": token,
                "kind": "complaint",
                "what": f"Bench report {n}",
            },
        )
        spent += time.perf_counter() - start
        if status != 200:
            raise RuntimeError(f"submission failed: {status}")
    return round(count / spent, 2)


def main() -> int:
    os.environ["KOMPAS_DRILL_DATABASE_URL"] = DATABASE
    reuse = os.environ.get("BENCH_REUSE") == "1"  # measure again on the last dataset
    if not reuse:
        fresh_database(DATABASE)
    # As in production: the workers share Redis (sessions, counted figures, kept fragments).
    import redis

    redis.Redis.from_url(CACHE_URL).flushdb()
    install = Installation(workers=2, threads=4, cache_url=CACHE_URL)
    install.env["KOMPAS_BENCH"] = "true"
    timings: dict[str, float | str] = {}
    start = time.perf_counter()
    install.run("migrate", "--no-input", "-v0")
    install.run("collectstatic", "--no-input", "-v0")
    timings["migrate_s"] = round(time.perf_counter() - start, 1)
    if reuse:
        for key in ("people_s", "reports_s", "entries_s", "sessions_s"):
            timings[key] = "reused"
    else:
        start = time.perf_counter()
        install.run("load-demo", "--quiet", "--people", str(PEOPLE))
        timings["people_s"] = round(time.perf_counter() - start, 1)
        for key, counts in (
            ("reports_s", (REPORTS, 0, 0)),
            ("entries_s", (0, ENTRIES, 0)),
            ("sessions_s", (0, 0, SESSIONS)),
        ):
            start = time.perf_counter()
            install.run(
                "bench-data",
                *("--reports", str(counts[0])),
                *("--register-entries", str(counts[1])),
                *("--sessions", str(counts[2])),
            )
            timings[key] = round(time.perf_counter() - start, 1)
    install.start()
    try:
        visitor = Browser(install.base)
        accounts = {
            name: sign_in(install.base, name)
            for name in (
                "medewerker",
                "hr",
                "beheerder",
                "toezicht",
                "integriteit",
                "diensthoofd",
                "teamleider",
                "korpschef",
            )
        }
        _s, trainings_html = accounts["teamleider"].get("/compass/trainings/")
        training = re.search(r"/compass/trainings/(\d+)/", trainings_html)
        # A generated case of last year (open ones, the list as filtered by year), the same one on
        # every run over the dataset: the newest case would be a report the previous run's
        # submissions filed, another one each run.
        last_year = int(time.strftime("%Y")) - 1
        _s, cases_html = accounts["toezicht"].get(f"/cases/?year={last_year}")
        case = re.search(r"/cases/(\d{4}-\d{4,})/", cases_html)
        _s, people_html = accounts["hr"].get("/account/people/")
        person = re.search(r"/account/people/(\d+)/", people_html)
        if not (training and case and person):
            raise RuntimeError("no training, case or person to measure: is the dataset there?")
        pages = [
            ("floor (bare view)", visitor, "/bench/floor/"),
            ("sign-in", visitor, "/account/sign-in/"),
            ("public report form", visitor, "/public/demo/report/"),
            ("home", accounts["medewerker"], "/"),
            ("report form", accounts["medewerker"], "/report/"),
            ("profile", accounts["medewerker"], "/account/profile/"),
            ("organisation", accounts["medewerker"], "/account/organisation/"),
            ("people", accounts["hr"], "/account/people/"),
            ("people search", accounts["hr"], "/account/people/?q=Peeters"),
            (
                "person",
                accounts["hr"],
                f"/account/people/{person.group(1) if person else 1}/",
            ),
            ("audit log", accounts["beheerder"], "/audit/"),
            ("handler's home", accounts["toezicht"], "/"),
            ("cases", accounts["toezicht"], "/cases/"),
            ("cases, all statuses", accounts["toezicht"], "/cases/?status=all"),
            ("case", accounts["toezicht"], f"/cases/{case.group(1) if case else ''}/"),
            ("register", accounts["integriteit"], "/register/"),
            ("statistics", accounts["integriteit"], "/register/statistics/"),
            ("my declarations", accounts["medewerker"], "/registers/"),
            ("gift form", accounts["medewerker"], "/registers/gifts/new/"),
            ("gifts to decide", accounts["diensthoofd"], "/registers/gifts/pending/"),
            ("registers overview", accounts["integriteit"], "/registers/overview/"),
            (
                "registers per year",
                accounts["integriteit"],
                "/registers/overview/?register=yearly",
            ),
            ("compass", accounts["medewerker"], "/compass/"),
            ("dilemma library", accounts["medewerker"], "/compass/dilemmas/"),
            ("dilemma", accounts["medewerker"], "/compass/dilemmas/1/"),
            ("trainings", accounts["teamleider"], "/compass/trainings/"),
            (
                "training held",
                accounts["teamleider"],
                f"/compass/trainings/{training.group(1) if training else 1}/",
            ),
            ("risk analyses", accounts["diensthoofd"], "/risks/"),
            ("risk analysis", accounts["diensthoofd"], "/risks/1/"),
            ("risk heat map", accounts["korpschef"], "/risks/heat-map/"),
            ("multi-year plan", accounts["korpschef"], "/risks/plan/"),
            ("action plan", accounts["medewerker"], "/plans/"),
            ("M-team dashboard", accounts["korpschef"], "/insights/"),
            (
                "sessions per service",
                accounts["integriteit"],
                "/compass/trainings/per-service/",
            ),
        ]
        if ONLY:  # a few pages (and the floor) measured again while working on them
            pages = [pages[0], *(page for page in pages[1:] if page[0] in ONLY)]
        results = measure(pages)
        floors, rates = throughput(install.port, pages)
        rate = submissions_per_second(install.base)
    finally:
        install.stop()
    floor = results[0]["p95_ms"]
    once = results[0]["once_a_round_p95_ms"]
    floor_rps = statistics.median(floors)
    results[0] |= {"rps": round(floor_rps, 1), "rps_runs": [round(f, 1) for f in floors]}
    pages_measured = len(rates)
    for index, (row, page_rps) in enumerate(zip(results[1:], rates, strict=True)):
        row["rps"] = round(statistics.median(page_rps), 1)
        row["rps_passes"] = [round(rps, 1) for rps in page_rps]
        # The floor's run just before each pass of this page (`throughput` asks them in turn).
        before = [floors[k * pages_measured + index] for k in range(len(page_rps))]
        row["floor_rps_before_passes"] = [round(rps, 1) for rps in before]
        row["floor_rps_over_rps_passes"] = [
            round(f / rps, 1) if rps else None for f, rps in zip(before, page_rps, strict=True)
        ]
    for row in results:
        row["ratio_p95"] = round(row["p95_ms"] / floor, 1) if floor else None
        # The ratio as runs before this one worked it out (the floor asked once a round).
        row["ratio_p95_floor_once_a_round"] = round(row["p95_ms"] / once, 1) if once else None
        # How many of this page's requests the floor serves in the same time (1 for the floor):
        # the median over the passes of the floor's run just before the pass over the pass, so
        # that both sides of each ratio come from the same minute (this machine's speed moved by
        # a factor of three within one run, and a page's three passes can fall on its slow
        # minutes or its fast ones while the floor's median spans the whole run). The ratio of
        # the two medians is kept beside it.
        paired = [r for r in row.get("floor_rps_over_rps_passes", [1.0]) if r is not None]
        row["floor_rps_over_rps"] = round(statistics.median(paired), 1) if paired else None
        row["floor_median_over_rps_median"] = (
            round(floor_rps / row["rps"], 1) if row["rps"] else None
        )
        row["within_p95_target"] = row["ratio_p95"] <= TARGET_P95
        row["within_throughput_target"] = (
            row["floor_rps_over_rps"] is not None and row["floor_rps_over_rps"] <= TARGET_THROUGHPUT
        )
    machine = {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "database": "PostgreSQL",
    }
    output = {
        "dataset": {
            "people": PEOPLE,
            "reports": REPORTS,
            "register_entries": ENTRIES,
            "dilemma_sessions": SESSIONS,
            **timings,
        },
        "submissions_per_second": rate,
        "targets": {
            "p95_over_floor_at_most": TARGET_P95,
            "floor_rps_over_rps_at_most": TARGET_THROUGHPUT,
        },
        "concurrent": {
            "clients": CLIENTS,
            "seconds_per_page": CONCURRENT_SECONDS,
            "passes": PASSES,
        },
        "pages": results,
        "machine": machine,
        "date": time.strftime("%Y-%m-%d"),
    }
    target = ROOT / "build" / ("bench-pages.json" if ONLY else "bench.json")
    target.parent.mkdir(exist_ok=True)
    target.write_text(json.dumps(output, indent=2))
    print(
        f"dataset: {PEOPLE} people, {REPORTS} reports, {ENTRIES} register entries, "
        f"{SESSIONS} dilemma sessions; generated in {timings['people_s']} s, "
        f"{timings['reports_s']} s, {timings['entries_s']} s and {timings['sessions_s']} s"
    )
    print(
        f"floor: p95 {floor} ms from {results[0]['samples']} requests (asked before every page); "
        f"{once} ms from its {SAMPLES} requests once a round"
    )
    print(
        f"floor under {CLIENTS} clients: {floor_rps:.0f} requests per second (median of "
        f"{len(floors)} runs of {CONCURRENT_SECONDS:g} s, from {min(floors):.0f} to {max(floors):.0f});"
        f" each page's req/s the median of {PASSES} passes"
    )
    print(
        f"{'page':<22} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8} {'x floor':>8} "
        f"{'req/s':>8} {'of floor':>9}  targets: p95 <= {TARGET_P95}x, req/s >= 1/{TARGET_THROUGHPUT}"
    )
    for row in results:
        marks = [
            "ok" if row["within_p95_target"] else "p95 MISSED",
            "ok" if row["within_throughput_target"] else "req/s MISSED",
        ]
        print(
            f"{row['page']:<22} {row['p50_ms']:>8} {row['p95_ms']:>8} {row['queries']:>8} "
            f"{row['ratio_p95']:>8} {row['rps']:>8} {'1/' + str(row['floor_rps_over_rps']):>9}  "
            + ("" if row is results[0] else ", ".join(marks))
        )
    print(f"report submissions (with their cryptography): {rate} per second, one at a time")
    print(f"written to {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
