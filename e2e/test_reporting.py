"""A citizen reports and follows up; a handler signs in with two steps and answers; keyboard only."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from e2e.conftest import shoot, sign_in


def file_public_report(page: Page, server: str, text: str, tmp_path=None) -> tuple[str, str]:
    page.goto(f"{server}/public/demo/report/")
    page.get_by_label("Een klacht over de politie").check()
    page.get_by_label("Wat is er gebeurd?").fill(text)
    page.get_by_label("Waar gebeurde het?").fill("Markt")
    if tmp_path is not None:
        evidence = tmp_path / "bewijs.txt"
        evidence.write_text("Een foto zou hier kunnen staan.")
        page.get_by_label("Bestanden (niet verplicht)").set_input_files(str(evidence))
    page.get_by_role("button", name="Melding versturen").click()
    expect(page.get_by_role("heading", name="Uw melding is ontvangen")).to_be_visible()
    receipt = page.locator(".receipt-code code").inner_text().strip()
    number = page.locator("dl.facts dd").first.inner_text().strip()
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){4}", receipt)
    return receipt, number


def open_follow_up(page: Page, server: str, receipt: str) -> None:
    page.goto(f"{server}/follow-up/")
    page.get_by_label("Uw ontvangstcode").fill(receipt)
    page.get_by_role("button", name="Openen").click()
    expect(page.get_by_role("heading", name=re.compile("Uw melding"))).to_be_visible()


def test_a_citizen_files_an_anonymous_report_with_a_file_and_comes_back(
    browser: Browser, page: Page, server: str, tmp_path
) -> None:
    receipt, number = file_public_report(
        page, server, "Een agent parkeerde privé op de plaats voor mindervaliden.", tmp_path
    )
    shoot(page, "public-receipt")
    returning = browser.new_context(locale="nl-BE")
    later = returning.new_page()
    open_follow_up(later, server, receipt)
    expect(later.get_by_text("Ontvangen", exact=True)).to_be_visible()
    expect(later.get_by_role("link", name="bewijs.txt")).to_be_visible()
    shoot(later, "follow-up")
    returning.close()
    assert number.endswith(number[-4:])


def test_a_handler_acknowledges_and_asks_and_the_reporter_answers(
    browser: Browser, page: Page, server: str
) -> None:
    receipt, number = file_public_report(page, server, "Iemand van het onthaal lekte mijn adres.")
    handler_context = sign_in(browser, server, "toezicht")
    handler = handler_context.new_page()
    # An anonymous report is listed from the day after it came in; on its first day its
    # handlers open it by its number (here: as the digest of the next day would link it).
    handler.goto(f"{server}/cases/")
    expect(handler.get_by_role("link", name=number)).to_have_count(0)
    handler.goto(f"{server}/cases/{number}/")
    expect(handler.get_by_text("Iemand van het onthaal lekte mijn adres.")).to_be_visible()
    handler.get_by_role("button", name="Ontvangst bevestigen").click()
    expect(handler.get_by_text("Ontvangst bevestigd", exact=False).first).to_be_visible()
    handler.get_by_role("textbox", name="Bericht:").fill("Op welke dag gebeurde dit?")
    handler.get_by_role("button", name="Naar de melder sturen").click()
    shoot(handler, "case")

    reporter_context = browser.new_context(locale="nl-BE")
    reporter = reporter_context.new_page()
    open_follow_up(reporter, server, receipt)
    expect(reporter.get_by_text("Op welke dag gebeurde dit?")).to_be_visible()
    reporter.locator("form:has(input[value=write]) textarea").first.fill("Op maandag 3 november.")
    reporter.locator("form:has(input[value=write]) button[type=submit]").first.click()
    expect(reporter.get_by_text("Op maandag 3 november.")).to_be_visible()

    handler.reload()
    expect(handler.get_by_text("Op maandag 3 november.")).to_be_visible()
    reporter_context.close()
    handler_context.close()


def test_a_member_completes_the_report_form_with_the_keyboard_only(
    browser: Browser, server: str
) -> None:
    context = sign_in(browser, server, "medewerker")
    page = context.new_page()
    page.goto(f"{server}/report/")

    def tab_to(selector: str, limit: int = 80) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate(
                "s => document.activeElement && document.activeElement.matches(s)", selector
            ):
                return
        raise AssertionError(f"never reached {selector} with Tab")

    tab_to("input[name=kind]")
    page.keyboard.press("Space")
    tab_to("input[name=identity_mode]")
    page.keyboard.press("ArrowDown")  # from confidential to anonymous
    tab_to("textarea[name=what]")
    page.keyboard.type("Met het toetsenbord gemeld: een collega deelt foto's van arrestanten.")
    tab_to("button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Uw melding is ontvangen")).to_be_visible()
    context.close()
