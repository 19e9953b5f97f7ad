"""Home and the main menu in Chromium: what waits for a member, a handler and a head of service,
the menu's groups by mouse and by keyboard, the phone's menu button at 390 px (and the whole
menu without JavaScript); axe-core finds no WCAG 2.1 A/AA violation on any of them."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Browser, Page, expect

from e2e.conftest import shoot, sign_in
from e2e.test_pages import run_axe

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def assert_accessible(page: Page) -> None:
    violations = run_axe(page)
    report = [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in violations
    ]
    assert not violations, json.dumps(report, indent=1)


@pytest.mark.parametrize(
    ("account", "waits"),
    [
        ("medewerker", "own-title"),
        ("toezicht", "inbox-title"),
        ("diensthoofd", "waiting-title"),
        ("dpo", "waiting-title"),  # the demo's data-subject request to answer
    ],
)
def test_the_home_page_says_what_waits(browser: Browser, server: str, account, waits) -> None:
    context = sign_in(browser, server, account, bypass_csp=True)
    page = context.new_page()
    page.goto(f"{server}/")
    expect(page.locator(f"#{waits}")).to_be_visible()
    shoot(page, f"home-{account}")
    assert_accessible(page)
    # Every count links to a list that opens.
    for link in page.locator(".counts a").all():
        href = link.get_attribute("href") or ""
        answer = page.request.get(server + href)
        assert answer.status == 200, href
    context.close()


def test_a_handler_s_count_opens_the_case_list_filtered_the_same_way(
    browser: Browser, server: str
) -> None:
    context = sign_in(browser, server, "toezicht")
    page = context.new_page()
    page.goto(f"{server}/")
    counts = page.locator("#inbox-title ~ .counts a")
    if counts.count() == 0:
        pytest.skip("the demo handler has no case counted today")
    first = counts.first
    shown = first.locator(".count").inner_text()
    first.click()
    rows = page.locator("table tbody tr")
    if not shown.endswith("+"):
        expect(rows).to_have_count(int(shown))
    context.close()


def test_the_menu_s_groups_open_by_mouse_and_by_keyboard(browser: Browser, server: str) -> None:
    context = sign_in(browser, server, "integriteit", bypass_csp=True)
    page = context.new_page()
    page.goto(f"{server}/")
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    tops = menu.locator(":scope > ul > li")
    assert tops.count() <= 7
    registers = menu.locator("details.nav-group", has=page.locator("summary", has_text="Registers"))
    registers.locator("summary").click()
    expect(registers.get_by_role("link", name="Overzicht registers")).to_be_visible()
    shoot(page, "menu-group-open")
    assert_accessible(page)
    # Another group opens: the first closes (one at a time).
    cases = menu.locator("details.nav-group", has=page.locator("summary", has_text="Dossiers"))
    cases.locator("summary").click()
    expect(registers.get_by_role("link", name="Overzicht registers")).to_be_hidden()
    # Escape closes it and gives the focus back to its summary.
    page.keyboard.press("Escape")
    expect(cases.get_by_role("link", name="Dossiers")).to_be_hidden()
    expect(cases.locator("summary")).to_be_focused()
    # By keyboard: Enter opens the focused group, Tab reaches its first page, Enter follows it.
    registers.locator("summary").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(registers.get_by_role("link", name="Mijn aangiften")).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{server}/registers/")
    # Tabbing out of an open group closes it.
    registers.locator("summary").focus()
    page.keyboard.press("Enter")
    for _ in range(registers.get_by_role("link").count() + 1):
        page.keyboard.press("Tab")
    expect(registers.get_by_role("link", name="Mijn aangiften")).to_be_hidden()
    context.close()


def test_on_a_phone_the_menu_opens_with_its_button(browser: Browser, server: str) -> None:
    context = sign_in(browser, server, "medewerker", bypass_csp=True, **PHONE)
    page = context.new_page()
    page.goto(f"{server}/")
    button = page.get_by_role("button", name="Menu")
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    expect(button).to_be_visible()
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_hidden()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shoot(page, "home-phone")
    assert_accessible(page)
    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(menu).to_be_visible()
    menu.locator("summary", has_text="Registers").click()
    expect(menu.get_by_role("link", name="Een nevenactiviteit aangeven")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shoot(page, "menu-phone-open")
    assert_accessible(page)
    # Escape closes the group, then the menu, the focus back on the button.
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    expect(menu).to_be_hidden()
    expect(button).to_be_focused()
    button.click()
    menu.get_by_role("link", name="Integriteitsactieplan").click()
    page.wait_for_url(f"{server}/plans/")
    context.close()


def test_without_javascript_a_phone_shows_the_whole_menu(browser: Browser, server: str) -> None:
    context = sign_in(browser, server, "medewerker", java_script_enabled=False, **PHONE)
    page = context.new_page()
    page.goto(f"{server}/")
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    expect(menu).to_be_visible()
    menu.locator("summary", has_text="Registers").click()  # a <details> opens without script
    expect(menu.get_by_role("link", name="Mijn aangiften")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shoot(page, "menu-phone-no-script")
    context.close()
