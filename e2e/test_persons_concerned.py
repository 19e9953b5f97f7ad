"""Persons concerned on a case in Chromium (issue 24, point 6): the handler records one by a
label, delays informing them with a reason and a day to review it, then records that they were
informed; axe finds nothing on the case page."""

from __future__ import annotations

from datetime import date, timedelta

from playwright.sync_api import Browser, expect

from e2e.conftest import shoot, sign_in
from e2e.test_pages import run_axe
from e2e.test_reporting import file_public_report


def test_a_handler_records_delays_and_informs_a_person_concerned(
    browser: Browser, server: str
) -> None:
    page = browser.new_page()
    _receipt, number = file_public_report(page, server, "Een agent gaf mijn adres door.")
    page.close()
    context = sign_in(browser, server, "toezicht", bypass_csp=True)
    handler = context.new_page()
    handler.goto(f"{server}/cases/{number}/#concerned-title")
    section = handler.locator("section:has(#concerned-title)")
    expect(section.get_by_text("Geen betrokkene vastgelegd.")).to_be_visible()
    # The section's forms are written when asked for; after each step they stay open.
    section.get_by_role("link", name="Een betrokkene vastleggen, of een stap", exact=False).click()
    section.get_by_label("Aanduiding van de betrokkene").fill("Betrokkene 1")
    section.get_by_role("button", name="Een betrokkene vastleggen").click()
    expect(handler.get_by_text("De betrokkene is vastgelegd", exact=False)).to_be_visible()
    expect(section.locator("ul.concerned strong", has_text="Betrokkene 1")).to_be_visible()
    delay = section.locator("form:has(input[name=action][value=delay])")
    delay.get_by_label("Waarom zou hen nu informeren", exact=False).fill(
        "Getuigen zijn nog niet gehoord."
    )
    delay.get_by_label("Het uitstel herbekijken op").fill(
        (date.today() + timedelta(days=14)).isoformat()
    )
    delay.get_by_role("button", name="Het uitstel vastleggen").click()
    expect(section.get_by_text("Informeren uitgesteld", exact=False).first).to_be_visible()
    shoot(handler, "case-persons-concerned")
    assert run_axe(handler) == []
    informed = section.locator("form:has(input[name=action][value=informed])")
    informed.get_by_label("Geïnformeerd op").fill(date.today().isoformat())
    informed.get_by_label("Hoe werden ze geïnformeerd?").fill("Per aangetekende brief.")
    informed.get_by_role("button", name="Vastleggen dat ze geïnformeerd werden").click()
    expect(section.get_by_text("Per aangetekende brief.", exact=False)).to_be_visible()
    context.close()
