"""A handler finds cases in the list (filters kept from page to page) and files two of them as
related, with a tag (issue 21, point 11); axe finds nothing on either page."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, expect

from e2e.conftest import shoot, sign_in
from e2e.test_pages import run_axe


def test_a_handler_filters_the_list_and_links_two_cases(browser: Browser, server: str) -> None:
    # bypass_csp: only to let the axe script in, as e2e/test_pages.py does.
    context = sign_in(browser, server, "toezicht", bypass_csp=True)
    page = context.new_page()
    page.goto(f"{server}/cases/")
    # The list opens with the search and the status; the other filters are a click away.
    expect(page.get_by_label("Soort:", exact=True)).to_have_count(0)
    page.get_by_role("link", name="Meer filters").click()
    page.get_by_label("Status:", exact=True).select_option(label="Alle dossiers, ook afgesloten")
    page.get_by_label("Soort:", exact=True).select_option(value="breach")
    page.get_by_role("button", name="Filteren").click()
    expect(page).to_have_url(re.compile(r"status=all.*kind=breach"))
    rows = page.locator("table tbody tr")
    expect(rows.first).to_contain_text("Mogelijke integriteitsschending")
    for kind in rows.locator("td:nth-child(2)").all_inner_texts():
        assert kind == "Mogelijke integriteitsschending"
    # The form keeps what was chosen, and so do the page links.
    expect(page.get_by_label("Status:", exact=True)).to_have_value("all")
    shoot(page, "case-list-filtered")
    assert run_axe(page) == []
    page.get_by_label("Soort:", exact=True).select_option(value="")
    page.get_by_role("button", name="Filteren").click()
    numbers = page.locator("table tbody td:first-child a").all_inner_texts()
    assert len(numbers) >= 2, numbers
    first, second = numbers[0], numbers[1]

    page.get_by_role("link", name=first, exact=True).click()
    # The filing's forms are written when asked for, by a link that works without JavaScript.
    page.get_by_role("link", name="Een verwant dossier koppelen").click()
    page.get_by_label("Nummer van het verwante dossier:").fill(second)
    page.get_by_role("button", name="Dossiers koppelen").click()
    expect(page.get_by_text("De dossiers zijn gekoppeld.")).to_be_visible()
    related = page.locator("section:has(#filing-title)")
    expect(related.get_by_role("link", name=second, exact=True)).to_be_visible()
    page.get_by_role("link", name="Een label toevoegen").click()
    page.get_by_label("Of een nieuw label:").fill("E2E-koppeling")
    page.get_by_role("button", name="Label toevoegen").click()
    expect(page.get_by_text("Het label staat op het dossier.")).to_be_visible()
    expect(related.locator(".tag", has_text="E2E-koppeling")).to_be_visible()
    shoot(page, "case-related")
    assert run_axe(page) == []

    # The other case shows the link back; the list finds the tagged case by its tag.
    related.get_by_role("link", name=second, exact=True).click()
    back = page.locator("section:has(#filing-title)")
    expect(back.get_by_role("link", name=first, exact=True)).to_be_visible()
    page.goto(f"{server}/cases/?status=all&q=e2e-koppeling")
    expect(page.locator("table tbody td:first-child a")).to_have_text([first])
    context.close()
