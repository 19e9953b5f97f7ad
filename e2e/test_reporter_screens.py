"""On a phone, as a reporter lives it (issue 21, points 1 and 2): the way back to a report from
where one starts, and no name on the screens of someone reporting anonymously."""

from __future__ import annotations

from playwright.sync_api import Browser, Page, expect

from e2e.conftest import shoot, sign_in
from e2e.test_pages import run_axe

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
WAY_BACK = "Al gemeld? Volg uw melding op"


def test_a_citizen_finds_the_way_back_from_the_public_form_and_the_sign_in_page(
    browser: Browser, server: str
) -> None:
    context = browser.new_context(locale="nl-BE", **PHONE)
    page = context.new_page()
    for start in ("/public/demo/report/", "/account/sign-in/"):
        page.goto(f"{server}{start}")
        link = page.get_by_role("link", name=WAY_BACK)
        expect(link).to_be_visible()
        shoot(page, f"phone-way-back-{start.strip('/').replace('/', '-')}")
        link.click()
        expect(page.get_by_role("heading", name="Een melding opvolgen")).to_be_visible()
    context.close()


def test_a_member_reports_anonymously_on_a_phone_and_no_screen_names_them(
    browser: Browser, server: str
) -> None:
    # bypass_csp: only to let the axe script in, as e2e/test_pages.py does.
    context = sign_in(browser, server, "medewerker", bypass_csp=True, **PHONE)
    page: Page = context.new_page()
    page.goto(f"{server}/")
    expect(page.get_by_role("link", name="Mila Medewerker")).to_be_visible()
    expect(page.get_by_role("link", name=WAY_BACK)).to_be_visible()
    page.goto(f"{server}/report/")
    expect(page.get_by_text("Mila Medewerker")).to_have_count(0)
    page.get_by_label("Mogelijke integriteitsschending").check()
    page.get_by_label("Anoniem: niets verbindt deze melding met mij").check()
    page.get_by_label("Wat is er gebeurd?").fill("Op een gsm gemeld: een collega vraagt geld.")
    shoot(page, "phone-report-form")
    assert run_axe(page) == []
    page.get_by_role("button", name="Melding versturen").click()
    expect(page.get_by_role("heading", name="Uw melding is ontvangen")).to_be_visible()
    # The receipt: no name, no menu, no sign-out; the way back is there.
    expect(page.get_by_text("Mila")).to_have_count(0)
    expect(page.get_by_role("navigation", name="Hoofdmenu")).to_have_count(0)
    expect(page.get_by_role("button", name="Afmelden")).to_have_count(0)
    expect(page.get_by_role("link", name=WAY_BACK)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shoot(page, "phone-receipt")
    assert run_axe(page) == []
    context.close()


def test_a_form_sent_with_an_error_puts_the_reporter_at_the_summary(
    browser: Browser, server: str, tmp_path
) -> None:
    context = browser.new_context(locale="nl-BE", bypass_csp=True, **PHONE)
    page = context.new_page()
    page.goto(f"{server}/public/demo/report/")
    photo = tmp_path / "foto.txt"
    photo.write_text("Een foto zou hier kunnen staan.")
    page.get_by_label("Bestanden (niet verplicht)").set_input_files(str(photo))
    page.get_by_role("button", name="Melding versturen").click()  # nothing chosen, nothing said
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("niet bewaard")
    summary.get_by_role("link", name="Wat wilt u melden?").click()
    expect(page.locator("#id_kind_0")).to_be_in_viewport()
    shoot(page, "phone-error-summary")
    page.locator("[data-error-summary]").scroll_into_view_if_needed()
    assert run_axe(page) == []
    context.close()
