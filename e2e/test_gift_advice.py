"""The declaring member sees the rules' advice, and which answers weighed, while filling in the
gift form and on the declaration; the chief's side activity names its competent authority; the
integrity officer's rules page shows what the answers weigh."""

from __future__ import annotations

from playwright.sync_api import Browser, expect

from e2e.conftest import shoot, sign_in
from e2e.test_pages import run_axe

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
FAVOUR = "Kan er een wederdienst verwacht worden?"


def test_the_member_sees_which_answers_weigh_while_declaring(browser: Browser, server: str) -> None:
    # Axe is injected as a script: these contexts alone let it past the page's CSP.
    context = sign_in(browser, server, "medewerker", bypass_csp=True, **PHONE)
    page = context.new_page()
    page.goto(f"{server}/registers/gifts/new/")
    advice = page.locator("#advice-preview")
    expect(advice).to_contain_text("verschijnen hier terwijl u het formulier invult")
    page.get_by_label("Wat was het?").fill("Twee tickets voor een voetbalmatch")
    page.get_by_label("Van wie?").fill("Sportbar De Kaai")
    page.get_by_label("Geschatte waarde (EUR)").fill("40")
    page.get_by_label("Geschatte waarde (EUR)").blur()
    expect(advice).to_contain_text("Mag aanvaard worden")
    page.get_by_label(FAVOUR).select_option("yes")
    expect(advice).to_contain_text("Stuur het terug naar de gever")
    expect(advice).to_contain_text(f"\u2018{FAVOUR}\u2019 Ja")
    expect(advice).to_contain_text("weegt naar teruggeven of weigeren")
    page.get_by_label(FAVOUR).select_option("unsure")
    expect(advice).to_contain_text("Schenk het aan een goed doel")
    expect(advice).to_contain_text("weegt tegen persoonlijk aanvaarden")
    shoot(page, "gift-advice-while-declaring-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert run_axe(page) == []
    page.get_by_label(FAVOUR).select_option("yes")
    expect(advice).to_contain_text("Stuur het terug naar de gever")
    page.get_by_role("button", name="Aangeven").click()
    # The declaration is stored (not only the advice asked again) and says the same.
    expect(page.get_by_text("Wacht op een beslissing")).to_be_visible()
    expect(page.get_by_text("Stuur het terug naar de gever")).to_be_visible()
    expect(page.get_by_text(f"\u2018{FAVOUR}\u2019 Ja").first).to_be_visible()
    shoot(page, "gift-advice-declared-phone")
    assert run_axe(page) == []
    context.close()


def test_the_rules_page_and_the_chiefs_side_activity(browser: Browser, server: str) -> None:
    officer_context = sign_in(browser, server, "integriteit")
    officer = officer_context.new_page()
    officer.goto(f"{server}/registers/rules/")
    expect(
        officer.get_by_text("Wat de antwoorden van het personeelslid wegen in het advies")
    ).to_be_visible()
    expect(officer.get_by_label("beslist voor de korpschef")).to_have_value("mayor")
    shoot(officer, "register-rules")
    officer_context.close()

    chief_context = sign_in(browser, server, "korpschef", bypass_csp=True)
    chief = chief_context.new_page()
    chief.goto(f"{server}/registers/side-activities/new/")
    chief.get_by_label("Wat doet u?").fill("Voorzitter van een jeugdvoetbalclub")
    chief.get_by_label("Voor welke werkgever of organisatie?").fill("KFC Heist")
    chief.get_by_label("Uren per week").fill("3")
    chief.locator("#id_starts_on").fill("2026-09-01")
    for select in chief.locator("select[name^='check_']").all():
        select.select_option("yes")
    chief.get_by_role("button", name="Aangeven").click()
    expect(chief.get_by_text("De burgemeester · nog niemand in Kompas")).to_be_visible()
    expect(chief.get_by_text("Verenigbaar: mag goedgekeurd worden")).to_be_visible()
    shoot(chief, "side-activity-of-the-chief")
    assert run_axe(chief) == []
    chief_context.close()
