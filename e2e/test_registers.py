"""A member declares a gift on a phone; the head of service decides on it."""

from __future__ import annotations

from playwright.sync_api import Browser, expect

from e2e.conftest import shoot, sign_in

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def test_a_member_declares_a_gift_on_a_phone_and_the_leader_decides(
    browser: Browser, server: str
) -> None:
    member_context = sign_in(browser, server, "medewerker", **PHONE)
    page = member_context.new_page()
    page.goto(f"{server}/registers/gifts/new/")
    page.get_by_label("Wat was het?").fill("Fles wijn na een verkeersongeval")
    page.get_by_label("Van wie?").fill("Familie Peeters")
    page.get_by_label("Een persoon").check()
    page.get_by_label("Geschatte waarde (EUR)").fill("25")
    shoot(page, "gift-form-phone")
    page.get_by_role("button", name="Aangeven").click()
    expect(page.get_by_text("Wat de regels van de zone aanraden")).to_be_visible()
    expect(page.get_by_text("Wacht op een beslissing")).to_be_visible()
    shoot(page, "gift-declared-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    url = page.url
    member_context.close()

    leader_context = sign_in(browser, server, "diensthoofd")
    leader = leader_context.new_page()
    leader.goto(f"{server}/registers/gifts/pending/")
    leader.get_by_role("link", name="Fles wijn na een verkeersongeval").click()
    leader.get_by_label("Schenken aan een goed doel").check()
    leader.get_by_label("Reden").fill("Wij aanvaarden geen alcohol; het gaat naar de voedselbank.")
    leader.get_by_role("button", name="Beslissing vastleggen").click()
    expect(leader.get_by_text("Schenken aan een goed doel").first).to_be_visible()
    assert leader.url == url
    leader_context.close()
