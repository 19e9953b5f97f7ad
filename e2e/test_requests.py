"""Data-subject requests in Chromium: the data protection officer registers a member's access
request (finding the member with the colleague picker), sees what Kompas holds about her,
downloads it as JSON, and records the answer; a person concerned's request is answered with a
restriction, and the data protection officer does not see it. axe-core finds nothing on the pages."""

from __future__ import annotations

import json
import re

from playwright.sync_api import Browser, expect

from e2e.conftest import shoot, sign_in
from e2e.test_pages import run_axe


def test_the_dpo_answers_a_members_access_request(browser: Browser, server: str) -> None:
    context = sign_in(browser, server, "dpo", bypass_csp=True)
    page = context.new_page()
    page.goto(f"{server}/privacy/demo/")
    page.get_by_role("link", name="AVG-verzoeken").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("AVG-verzoeken")
    page.get_by_role("link", name="Een verzoek registreren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Een AVG-verzoek registreren")
    assert run_axe(page) == []
    page.get_by_label("Inzage (art. 15)").check()
    page.get_by_label("Een personeelslid van de zone").check()
    page.get_by_label("Het personeelslid").fill("Mila")
    page.get_by_role("radio", name=re.compile("Mila Medewerker")).check()
    page.get_by_label("Wat ze vragen").fill("Mila wil weten wat Kompas over haar bijhoudt.")
    page.get_by_role("button", name="Verzoek registreren").click()

    # The request's page: the deadline, and what Kompas holds about Mila.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mila Medewerker")
    expect(page.locator("#request-state")).to_have_text("Ontvangen")
    held = page.get_by_role("region", name="Wat Kompas over dit personeelslid bijhoudt")
    expect(held.get_by_role("heading", name="Profiel")).to_be_visible()
    expect(held).to_contain_text("medewerker@demo.kompas.test")
    expect(held.get_by_role("heading", name="Meldingen en dossiers")).to_be_visible()
    expect(held).to_contain_text("Niet doorzocht")
    shoot(page, "privacy-request")
    assert run_axe(page) == []

    with page.expect_download() as downloading:
        page.get_by_role("link", name="Downloaden als JSON").click()
    data = json.loads(open(downloading.value.path(), encoding="utf-8").read())  # noqa: SIM115
    assert data["person"] == "Mila Medewerker"
    profile = next(s for s in data["sections"] if s["key"] == "profile")
    assert ["e-mailadres", "medewerker@demo.kompas.test"] in profile["rows"]
    assert next(s for s in data["sections"] if s["key"] == "reports")["rows"] == []

    # An answer without its text is refused with a clear error; then recorded.
    page.get_by_label("Beantwoord", exact=True).check()
    page.get_by_role("button", name="Antwoord vastleggen").click()
    expect(page.locator(".error-summary")).to_contain_text("Wat de persoon geantwoord werd")
    page.get_by_label("Beantwoord", exact=True).check()
    page.get_by_label("Wat de persoon geantwoord werd").fill(
        "Zie het bijgevoegde overzicht van uw gegevens."
    )
    page.get_by_role("button", name="Antwoord vastleggen").click()
    expect(page.locator("#request-state")).to_have_text("Beantwoord")
    expect(page.get_by_role("button", name="Antwoord vastleggen")).to_have_count(0)
    context.close()


def test_a_person_concerned_is_answered_with_a_restriction(browser: Browser, server: str) -> None:
    context = sign_in(browser, server, "integriteit", bypass_csp=True)
    page = context.new_page()
    page.goto(f"{server}/privacy/requests/new/")
    page.get_by_label("Inzage (art. 15)").check()
    page.get_by_label("Een betrokkene bij een melding").check()
    page.get_by_label("Naam, zoals het verzoek die geeft").fill("Jozef Vandenbroucke")
    page.get_by_role("button", name="Verzoek registreren").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Jozef Vandenbroucke")
    expect(page.get_by_text("het verzamelt hier niets")).to_be_visible()
    page.get_by_label("Beperkt door de klokkenluiderswet").check()
    page.get_by_label("Waarom het recht beperkt is").select_option("reporter")
    page.get_by_label("Wat de persoon geantwoord werd").fill("Uw recht op inzage is beperkt.")
    page.get_by_role("button", name="Antwoord vastleggen").click()
    expect(page.locator("#request-state")).to_have_text("Beperkt")
    expect(page.get_by_text("identiteit van een melder onthullen")).to_be_visible()
    request_url = page.url
    page.goto(f"{server}/privacy/requests/")
    expect(page.get_by_role("cell", name=re.compile("Jozef Vandenbroucke"))).to_be_visible()
    assert run_axe(page) == []
    context.close()

    # The data protection officer neither sees who is concerned nor opens the request.
    dpo = sign_in(browser, server, "dpo", bypass_csp=True)
    theirs = dpo.new_page()
    theirs.goto(f"{server}/privacy/requests/")
    expect(theirs.get_by_role("heading", level=1)).to_have_text("AVG-verzoeken")
    expect(theirs.get_by_text("Vandenbroucke")).to_have_count(0)
    expect(theirs.get_by_text("Een betrokkene bij een melding")).to_have_count(0)
    opened = theirs.goto(request_url)
    assert opened is not None and opened.status == 404
    dpo.close()
