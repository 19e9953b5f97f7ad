"""Nothing typed is lost: the report form's draft lives in the browser tab (kompas/js/draft.js).

A sensitive role is signed out after 15 idle minutes, and the report form does not move that
timeout (its session row stays as it was). Here HR types past it, sends, signs in again with both
steps, finds the form as they left it (files excepted, and told so), sends and gets a receipt; the
draft is gone from the tab afterwards. Signing out forgets the draft, and a colleague who signs in
on the same tab never sees it. Without JavaScript the form works as before.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Request, expect

from e2e.conftest import DEMO_PASSWORD, demo_code, shoot, sign_in
from e2e.test_reporting import open_follow_up

DRAFT = "kompas.draft.report"
WHAT = "Een collega van de personeelsdienst geeft verlofaanvragen van vrienden voorrang."
NOTE = "Wat u hier typt, wordt alleen in dit browsertabblad bewaard"
BACK = "Wat u eerder in dit tabblad typte, staat er weer."


@pytest.fixture
def tab(browser: Browser) -> Iterator[BrowserContext]:
    """A browser of its own (not the signed-in contexts other tests share: these sign out)."""
    made = browser.new_context(locale="nl-BE", viewport={"width": 1280, "height": 900})
    yield made
    made.close()


_last_window: dict[str, int] = {}


def _fresh_code(account: str) -> str:
    """A code of a 30-second window this run has not used for the account (a code works once)."""
    while int(time.time()) // 30 == _last_window.get(account):
        time.sleep(0.5)
    code = demo_code(account)
    _last_window[account] = int(time.time()) // 30
    return code


def signs_in_here(page: Page, account: str) -> None:
    """The member fills the sign-in page the tab shows, and the second step when asked."""
    page.get_by_label("E-mailadres").fill(f"{account}@demo.kompas.test")
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_url(lambda url: "/sign-in/" not in url)
    for _try in range(2):  # another test may have used this window's code: then the next one
        if "/two-step/verify/" not in page.url:
            return
        page.get_by_label("Code van zes cijfers").fill(_fresh_code(account))
        with page.expect_navigation():
            page.get_by_role("button", name="Bevestigen").click()
    assert "/two-step/" not in page.url


def idle_minutes_pass(context: BrowserContext) -> None:
    """What 15 idle minutes do in the browser: a sensitive role's session cookie lasts until its
    idle timeout (Max-Age, moved forward with the timeout), and the browser then drops it, so
    that the next request arrives signed out whatever the server still holds."""
    cookie = next(c for c in context.cookies() if c["name"] == "kompas_session")
    assert 0 < cookie["expires"] - time.time() <= 15 * 60
    context.clear_cookies(name="kompas_session")


def draft_in(page: Page) -> str | None:
    return page.evaluate("key => window.sessionStorage.getItem(key)", DRAFT)


def test_a_member_signed_out_while_typing_signs_in_again_and_files_what_they_typed(
    tab: BrowserContext, server: str, browser: Browser, tmp_path: Path
) -> None:
    page = tab.new_page()
    page.goto(f"{server}/account/sign-in/")
    signs_in_here(page, "hr")
    page.goto(f"{server}/report/")
    expect(page.get_by_text(NOTE)).to_be_visible()
    expect(page.get_by_text(BACK)).to_be_hidden()

    sent: list[Request] = []

    def heard(request: Request) -> None:
        sent.append(request)

    page.on("request", heard)
    page.get_by_label("Mogelijke integriteitsschending").check()
    page.get_by_label("Anoniem: niets verbindt deze melding met mij").check()
    page.get_by_label("Wat is er gebeurd?").fill(WHAT)
    page.get_by_label("Wanneer gebeurde het?").fill("Sinds januari")
    page.get_by_label("Objectiviteit").check()
    page.get_by_label("Hebt u het al aan een leidinggevende verteld?").select_option("no")
    page.get_by_label("Betrokken collega's").fill("Teamleider")
    page.get_by_label(re.compile("Tom Teamleider")).check()
    evidence = tmp_path / "rooster.txt"
    evidence.write_text("Het rooster van januari.")
    page.get_by_label("Bestanden (niet verplicht)").set_input_files(str(evidence))
    page.remove_listener("request", heard)
    # While the member types, the server hears nothing of it (only the colleague search asks).
    assert sent and all("/account/people/pick/" in request.url for request in sent)
    assert not [r for r in sent if "personeelsdienst" in (r.url + (r.post_data or ""))]
    kept = draft_in(page) or ""
    assert WHAT in kept and "Tom Teamleider" in kept
    assert "rooster.txt" not in kept and "receipt_token" not in kept

    idle_minutes_pass(tab)
    page.get_by_role("button", name="Melding versturen").click()
    page.wait_for_url(re.compile(r"/account/sign-in/\?next=/report/$"))
    assert WHAT in (draft_in(page) or "")  # the sign-in page on the way back keeps it
    shoot(page, "report-draft-signed-out")

    signs_in_here(page, "hr")
    assert page.url == f"{server}/report/"
    expect(page.get_by_text(BACK)).to_be_visible()
    expect(page.get_by_label("Wat is er gebeurd?")).to_have_value(WHAT)
    expect(page.get_by_label("Wanneer gebeurde het?")).to_have_value("Sinds januari")
    expect(page.get_by_label("Mogelijke integriteitsschending")).to_be_checked()
    expect(page.get_by_label("Anoniem: niets verbindt deze melding met mij")).to_be_checked()
    expect(page.get_by_label("Objectiviteit")).to_be_checked()
    expect(page.get_by_label("Hebt u het al aan een leidinggevende verteld?")).to_have_value("no")
    expect(page.get_by_label(re.compile("Tom Teamleider"))).to_be_checked()
    expect(page.get_by_label("Bestanden (niet verplicht)")).to_have_value("")
    shoot(page, "report-draft-restored")

    page.get_by_role("button", name="Melding versturen").click()
    expect(page.get_by_role("heading", name="Uw melding is ontvangen")).to_be_visible()
    assert draft_in(page) is None
    receipt = page.locator(".receipt-code code").inner_text().strip()
    page.goto(f"{server}/report/")  # a new report starts empty
    expect(page.get_by_label("Wat is er gebeurd?")).to_have_value("")
    expect(page.get_by_text(BACK)).to_be_hidden()

    reporter = browser.new_context(locale="nl-BE")
    later = reporter.new_page()
    open_follow_up(later, server, receipt)
    expect(later.get_by_text("Anoniem", exact=False).first).to_be_visible()
    reporter.close()


def test_signing_out_forgets_the_draft_and_a_colleague_on_the_same_tab_never_sees_it(
    tab: BrowserContext, server: str
) -> None:
    page = tab.new_page()
    page.goto(f"{server}/account/sign-in/")
    signs_in_here(page, "netwerk")
    page.goto(f"{server}/report/")
    page.get_by_label("Wat is er gebeurd?").fill("Eerste ontwerp van Nele.")
    assert draft_in(page)
    page.get_by_role("button", name="Afmelden").click()
    expect(page.get_by_text("U bent afgemeld.")).to_be_visible()
    assert draft_in(page) is None

    signs_in_here(page, "paps")  # a sensitive role: signed out after 15 idle minutes
    page.goto(f"{server}/report/")
    page.get_by_label("Wat is er gebeurd?").fill("Ontwerp van Paul.")
    assert draft_in(page)
    idle_minutes_pass(tab)
    page.reload()  # Paul walked away; the tab now asks to sign in, on the way to the form
    page.wait_for_url(re.compile(r"/account/sign-in/\?next=/report/$"))
    signs_in_here(page, "communicatie")
    assert page.url == f"{server}/report/"
    expect(page.get_by_label("Wat is er gebeurd?")).to_have_value("")
    expect(page.get_by_text(BACK)).to_be_hidden()
    assert draft_in(page) is None  # somebody else's draft is forgotten, not kept


def test_without_javascript_the_form_still_files_a_report(browser: Browser, server: str) -> None:
    context = sign_in(browser, server, "medewerker", java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server}/report/")
    expect(page.get_by_text(NOTE)).to_be_hidden()  # nothing is kept without the script
    page.get_by_label("Mogelijke integriteitsschending").check()
    page.get_by_label("Wat is er gebeurd?").fill("Zonder JavaScript gemeld.")
    page.get_by_role("button", name="Melding versturen").click()
    expect(page.get_by_role("heading", name="Uw melding is ontvangen")).to_be_visible()
    context.close()
