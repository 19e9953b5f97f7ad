"""Every main page: a screenshot for CI, and axe-core finds no WCAG 2.1 A/AA violation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from e2e.conftest import shoot, sign_in

AXE = (Path(__file__).parent / "vendor" / "axe-core-4.11.0.min.js").read_text()
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# (screenshot name, account or None for a visitor, path)
PAGES = [
    ("sign-in", None, "/account/sign-in/"),
    ("password-reset", None, "/account/password/reset/"),
    ("public-report", None, "/public/demo/report/"),
    ("follow-up", None, "/follow-up/"),
    ("home", "medewerker", "/"),
    ("report", "medewerker", "/report/"),
    ("profile", "medewerker", "/account/profile/"),
    ("organisation", "medewerker", "/account/organisation/"),
    ("people", "hr", "/account/people/"),
    ("import", "hr", "/account/people/import/"),
    ("audit-log", "beheerder", "/audit/"),
    ("cases", "toezicht", "/cases/"),
    ("case", "toezicht", "/cases/{case}/"),
    ("record-oral", "toezicht", "/cases/record/"),
    ("register", "integriteit", "/register/"),
    ("statistics", "integriteit", "/register/statistics/"),
    ("reveal-requests", "integriteit", "/cases/reveals/"),
    ("gifts", "medewerker", "/registers/"),
    ("gift-form", "medewerker", "/registers/gifts/new/"),
    ("gifts-pending", "diensthoofd", "/registers/gifts/pending/"),
    ("compass", "medewerker", "/compass/"),
    ("value", "medewerker", "/compass/values/objectivity/"),
    ("library", "medewerker", "/compass/dilemmas/"),
    ("dilemma", "medewerker", "/compass/dilemmas/1/"),
    ("propose-dilemma", "medewerker", "/compass/dilemmas/propose/"),
    ("decision-aid", "medewerker", "/compass/aid/new/"),
    ("guides", "medewerker", "/compass/guides/"),
    ("guide-sheet", "medewerker", "/compass/guides/addressing/new/"),
    ("join", None, "/t/"),
    ("trainings", "teamleider", "/compass/trainings/"),
    ("training-new", "teamleider", "/compass/trainings/new/"),
    ("training-held", "teamleider", "/compass/trainings/1/"),
    ("proposals", "netwerk", "/compass/dilemmas/proposals/"),
    ("training-stats", "integriteit", "/compass/trainings/per-service/"),
    ("value-edit", "integriteit", "/compass/values/loyalty/edit/"),
    ("registers-overview-side", "integriteit", "/registers/overview/?register=side"),
    ("registers-overview-conflicts", "integriteit", "/registers/overview/?register=conflicts"),
    ("registers-patterns", "integriteit", "/registers/overview/?register=patterns"),
    ("registers-per-year", "korpschef", "/registers/overview/?register=yearly"),
    ("registers-rules", "integriteit", "/registers/rules/"),
    ("registers-wording", "integriteit", "/registers/rules/wording/?key=question:why"),
    ("registers-sensitive-posts", "integriteit", "/registers/rules/sensitive-posts/"),
    ("registers-suppliers", "integriteit", "/registers/suppliers/"),
    ("risk-analyses", "diensthoofd", "/risks/"),
    ("risk-analysis", "diensthoofd", "/risks/1/"),
    ("risk-scenario", "korpschef", "/risks/scenarios/1/"),
    ("risk-heat-map", "korpschef", "/risks/heat-map/"),
    ("risk-plan", "korpschef", "/risks/plan/"),
    ("risk-reviews", "korpschef", "/risks/reviews/"),
    ("risk-new", "diensthoofd", "/risks/new/"),
    ("risk-matrix", "integriteit", "/risks/matrix/"),
    ("action-plan", "medewerker", "/plans/"),
    ("action-plan-edit", "integriteit", "/plans/edit/"),
    ("plan-activity", "integriteit", "/plans/activities/1/"),
    ("evaluation-values", "diensthoofd", "/plans/evaluation/"),
    ("question-bank", "hr", "/plans/questions/"),
    ("dashboard", "korpschef", "/insights/"),
    ("yearly-report", "korpschef", "/insights/report/2026/"),
]


def first_case(browser: Browser, server: str) -> str:
    context = sign_in(browser, server, "toezicht")
    page = context.new_page()
    page.goto(f"{server}/cases/")
    number = page.locator("table tbody a").first.inner_text().strip()
    context.close()
    return number


def run_axe(page: Page) -> list[dict]:
    page.evaluate(AXE)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG
    )
    return result["violations"]


@pytest.mark.parametrize(("name", "account", "path"), PAGES, ids=[p[0] for p in PAGES])
def test_each_main_page_is_accessible(browser: Browser, server: str, name, account, path) -> None:
    if "{case}" in path:
        path = path.format(case=first_case(browser, server))
    # Axe is injected as a script: this context alone lets it past the page's CSP.
    if account:
        context = sign_in(browser, server, account, bypass_csp=True)
    else:
        context = browser.new_context(locale="nl-BE", bypass_csp=True)
    page = context.new_page()
    response = page.goto(server + path)
    assert response is not None and response.status == 200, (path, page.url)
    shoot(page, name)
    violations = run_axe(page)
    report = [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in violations
    ]
    assert not violations, json.dumps(report, indent=1)
    # No id twice (axe no longer checks it under WCAG 2.1, but a label or a description that
    # points at an id shared by two fields names only the first).
    twice = page.evaluate(
        """() => { const seen = {}; for (const e of document.querySelectorAll('[id]'))
                     seen[e.id] = (seen[e.id] || 0) + 1;
                   return Object.keys(seen).filter(k => seen[k] > 1); }"""
    )
    assert twice == [], (path, twice)
    context.close()


def test_the_report_form_works_on_a_phone(browser: Browser, server: str) -> None:
    context = sign_in(
        browser,
        server,
        "medewerker",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.goto(f"{server}/report/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the page scrolls sideways on a phone"
    shoot(page, "report-phone")
    context.close()
