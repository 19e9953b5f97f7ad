"""Retention periods in Chromium: the integrity officer finds the page under Beheer, changes a
period and sees it in force; the data protection officer reads the same page and can change
nothing; axe-core finds nothing on it."""

from __future__ import annotations

from playwright.sync_api import Browser, expect

from e2e.conftest import shoot, sign_in
from e2e.test_pages import run_axe


def test_the_integrity_officer_changes_a_period_and_the_dpo_reads_it(
    browser: Browser, server: str
) -> None:
    context = sign_in(browser, server, "integriteit", bypass_csp=True)
    page = context.new_page()
    page.goto(f"{server}/")
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    admin = menu.locator("details.nav-group", has=page.locator("summary", has_text="Beheer"))
    admin.locator("summary").click()
    admin.get_by_role("link", name="Bewaartermijnen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bewaartermijnen")
    assert run_axe(page) == []
    field = page.get_by_label(
        "Dossiers die nooit afgesloten worden: maanden na de laatste activiteit"
    )
    field.fill("6")
    page.get_by_role("button", name="In werking stellen").click()
    expect(page.get_by_text("Zorg ervoor dat deze waarde minstens 12 is.")).to_be_visible()
    assert run_axe(page) == []
    field = page.get_by_label(
        "Dossiers die nooit afgesloten worden: maanden na de laatste activiteit"
    )
    field.fill("48")
    page.get_by_role("button", name="In werking stellen").click()
    expect(page.get_by_text("De nieuwe bewaartermijnen zijn van kracht.")).to_be_visible()
    expect(field).to_have_value("48")
    shoot(page, "retention-officer")
    context.close()

    context = sign_in(browser, server, "dpo", bypass_csp=True)
    page = context.new_page()
    page.goto(f"{server}/retention/")
    field = page.get_by_label(
        "Dossiers die nooit afgesloten worden: maanden na de laatste activiteit"
    )
    expect(field).to_have_value("48")
    expect(field).to_be_disabled()
    expect(page.get_by_role("button", name="In werking stellen")).to_have_count(0)
    assert run_axe(page) == []
    shoot(page, "retention-dpo")
    context.close()
