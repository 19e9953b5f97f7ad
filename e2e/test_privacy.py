"""Privacy in Chromium: the public form links to its notice, which a visitor reads without
signing in, in the form's language; the data protection officer's records of processing, on
screen and printed; axe-core finds nothing on any privacy page.

With ``KOMPAS_AXE_RECORD=<file>`` (`make accessibility-record`), `test_record_the_checks` runs
axe on every page of the browser suite (e2e/test_pages.py and the pages below) and, when none
has a violation, writes the record the accessibility statement shows
(kompas/privacy/accessibility.py)."""

from __future__ import annotations

import json
import os
import re
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from e2e.conftest import shoot, sign_in
from e2e.test_pages import AXE, PAGES, WCAG, first_case, run_axe

# (screenshot name, account or None for a visitor, path)
PRIVACY_PAGES = [
    ("privacy-index", None, "/privacy/demo/"),
    ("privacy-notice-public", None, "/privacy/demo/public/"),
    ("privacy-notice-reporting", None, "/privacy/demo/reporting/"),
    ("accessibility", None, "/accessibility/demo/"),
    ("privacy-records", "dpo", "/privacy/records/"),
    ("privacy-dpia", "dpo", "/privacy/dpia/"),
    ("privacy-holdings", "dpo", "/privacy/holdings/"),
    ("privacy-requests", "dpo", "/privacy/requests/"),
    ("privacy-request-new", "dpo", "/privacy/requests/new/"),
    ("privacy-texts", "integriteit", "/privacy/texts/?key=public.rights"),
    ("privacy-contacts", "integriteit", "/privacy/contacts/"),
]


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_the_public_form_links_to_its_notice_in_its_language(
    browser: Browser, server: str, language: str
) -> None:
    # bypass_csp: only to let the axe script in, as e2e/test_pages.py does.
    context = browser.new_context(locale="nl-BE", bypass_csp=True)
    page = context.new_page()
    page.goto(f"{server}/public/demo/report/?lang={language}")
    name = {"nl": "Hoe we met uw persoonsgegevens omgaan", "fr": "Comment nous traitons"}
    link = page.get_by_role("link", name=re.compile(name[language])).first
    expect(link).to_have_attribute("target", "_blank")
    with context.expect_page() as opened:
        link.click()
    notice = opened.value
    notice.wait_for_load_state()
    assert "/privacy/demo/public/" in notice.url and f"lang={language}" in notice.url
    heading = {"nl": "Het publieke meldformulier", "fr": "Le formulaire de signalement public"}
    expect(notice.get_by_role("heading", level=1)).to_have_text(heading[language])
    expect(notice.locator("html")).to_have_attribute("lang", f"{language}-BE")
    assert "art. 23" in notice.content()
    shoot(notice, f"privacy-notice-from-form-{language}")
    assert run_axe(notice) == []
    # What the reporter typed is still on the form in the first tab.
    assert page.url.startswith(f"{server}/public/demo/report/")
    context.close()


def test_the_dpo_reads_and_prints_the_records_of_processing(browser: Browser, server: str) -> None:
    context = sign_in(browser, server, "dpo", bypass_csp=True)
    page = context.new_page()
    page.goto(f"{server}/privacy/demo/")
    page.get_by_role("link", name="Register van verwerkingsactiviteiten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Register van verwerkingsactiviteiten"
    )
    expect(page.get_by_role("heading", name="Het meldpunt voor personeelsleden")).to_be_visible()
    expect(page.get_by_role("link", name="Download als CSV")).to_be_visible()
    shoot(page, "privacy-records-screen")
    assert run_axe(page) == []
    page.emulate_media(media="print")
    expect(page.get_by_role("link", name="Download als CSV")).to_be_hidden()
    expect(page.locator(".site-header")).to_be_hidden()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    context.close()


@pytest.mark.parametrize(
    ("name", "account", "path"), PRIVACY_PAGES, ids=[p[0] for p in PRIVACY_PAGES]
)
def test_each_privacy_page_is_accessible(
    browser: Browser, server: str, name: str, account: str | None, path: str
) -> None:
    if account:
        context = sign_in(browser, server, account, bypass_csp=True)
    else:
        context = browser.new_context(locale="nl-BE", bypass_csp=True)
    page = context.new_page()
    response = page.goto(server + path)
    assert response is not None and response.status == 200, (path, page.url)
    shoot(page, name)
    assert run_axe(page) == []
    context.close()


@pytest.mark.skipif(not os.environ.get("KOMPAS_AXE_RECORD"), reason="make accessibility-record")
def test_record_the_checks(browser: Browser, server: str) -> None:
    """Axe on every page the browser suite checks; the record is written only when none has a
    violation, so that the statement can only ever show a clean run."""
    found: dict[str, int] = {}
    case = first_case(browser, server)
    for _name, account, path in [*PAGES, *PRIVACY_PAGES]:
        if account:
            context = sign_in(browser, server, account, bypass_csp=True)
        else:
            context = browser.new_context(locale="nl-BE", bypass_csp=True)
        page = context.new_page()
        response = page.goto(server + path.format(case=case))
        assert response is not None and response.status == 200, path
        found[path] = len(run_axe(page))
        context.close()
    assert {path: n for path, n in found.items() if n} == {}
    version = re.search(r"axe v([0-9.]+)", AXE[:300])
    record = {
        "checked_on": date.today().isoformat(),
        "tool": f"axe-core {version.group(1) if version else ''}".strip(),
        "browser": "Chromium",
        "rules": WCAG,
        "pages": list(found),
        "violations": sum(found.values()),
    }
    Path(os.environ["KOMPAS_AXE_RECORD"]).write_text(json.dumps(record, indent=1) + "\n")
