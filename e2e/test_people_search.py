"""HR searches the people of the zone as they type: the results change in place, the address
bar keeps the search, and the page found that way is the page a reload shows."""

from __future__ import annotations

from playwright.sync_api import Browser, expect

from e2e.conftest import sign_in


def test_hr_finds_a_colleague_by_part_of_a_name_as_they_type(browser: Browser, server: str) -> None:
    context = sign_in(browser, server, "hr")
    page = context.new_page()
    page.goto(f"{server}/account/people/")
    rows = page.locator("#results tbody tr")
    expect(rows).to_have_count(50)  # the first page of the demo zone's people
    page.locator("#q").press_sequentially("medewerk", delay=20)
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Mila Medewerker")
    # The results replace the former ones, not nest inside them (one element of that id).
    expect(page.locator("[id=results]")).to_have_count(1)
    expect(page).to_have_url(f"{server}/account/people/?q=medewerk")
    # A whole name in the other order, and a word found nowhere.
    page.locator("#q").fill("medewerker mila")
    expect(rows.first).to_contain_text("Mila Medewerker")
    page.locator("#q").fill("qqqzzz")
    expect(rows).to_have_text(["Niemand gevonden."])
    page.reload()
    expect(page.locator("#q")).to_have_value("qqqzzz")
    expect(rows).to_have_text(["Niemand gevonden."])
    context.close()
