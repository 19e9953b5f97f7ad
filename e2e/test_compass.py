"""A facilitator runs a dilemma session from a laptop while participants vote from their phones;
a member walks through the decision aid on a phone and prints it."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, expect

from e2e.conftest import shoot, sign_in

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def test_a_facilitator_runs_a_session_while_the_room_votes_from_phones(
    browser: Browser, server: str
) -> None:
    laptop_context = sign_in(browser, server, "teamleider")
    laptop = laptop_context.new_page()
    laptop.goto(f"{server}/compass/trainings/new/")
    laptop.get_by_label("Titel").fill("Teamvergadering e2e")
    laptop.get_by_label("Eén keer tanken").check()
    laptop.get_by_label("Gratis koffie").check()
    laptop.get_by_role("button", name="Voorbereiden").click()
    laptop.get_by_role("button", name="De sessie starten").click()
    expect(laptop.get_by_text("Doe mee met uw gsm")).to_be_visible()
    code = laptop.locator(".join-code strong").inner_text().strip()
    assert re.fullmatch(r"\d{6}", code)
    shoot(laptop, "training-screen")

    phones = []
    for n in range(5):
        context = browser.new_context(locale="nl-BE", **PHONE)
        phone = context.new_page()
        phone.goto(f"{server}/t/")
        phone.get_by_label("Sessiecode").fill(code)
        phone.get_by_role("button", name="Deelnemen").click()
        expect(phone.get_by_role("heading", name="Eén keer tanken")).to_be_visible()
        phone.get_by_role("button", name=re.compile("^A " if n < 3 else "^B ")).click()
        expect(phone.get_by_text("Uw stem is geteld")).to_be_visible()
        phones.append((context, phone))
    shoot(phones[0][1], "training-phone")

    # The big screen shows the votes without a reload.
    expect(laptop.get_by_text("5 stemmen", exact=True)).to_be_visible(timeout=5000)
    expect(laptop.locator(".distribution .dist-count").first).to_have_text("60% (3)")
    laptop.get_by_role("button", name="De reflectie tonen").click()
    for _context, phone in phones:
        expect(phone.get_by_text("Dit is gebruik van publieke middelen")).to_be_visible(
            timeout=5000
        )
    laptop.get_by_role("button", name="Volgend dilemma").click()
    for _context, phone in phones:
        expect(phone.get_by_role("heading", name="Gratis koffie")).to_be_visible(timeout=5000)

    # A phone that drops and rejoins picks up where the room is, and cannot vote twice.
    context, phone = phones[0]
    phone.get_by_role("button", name=re.compile("^A ")).click()
    phone.goto("about:blank")
    phone.goto(f"{server}/t/{code}/")
    expect(phone.get_by_text("Uw stem is geteld")).to_be_visible()

    laptop.get_by_role("button", name="De sessie beëindigen").click()
    expect(laptop.get_by_role("heading", name="Resultaten")).to_be_visible()
    shoot(laptop, "training-results")
    for context, phone in phones:
        expect(phone.get_by_text("Deze sessie is afgelopen")).to_be_visible(timeout=5000)
        context.close()
    laptop_context.close()


def test_a_member_walks_through_a_dilemma_on_a_phone_and_prints_it(
    browser: Browser, server: str
) -> None:
    context = sign_in(browser, server, "medewerker", **PHONE)
    page = context.new_page()
    page.goto(f"{server}/compass/aid/new/")
    page.get_by_label("Wat is er aan de hand? Alleen de feiten.").fill(
        "Een buur vraagt me een nummerplaat op te zoeken."
    )
    page.get_by_role("button", name="Volgende").click()
    page.get_by_label("A: ik zou ... kunnen").fill("Het opzoeken")
    page.get_by_label("B: of ik zou ... kunnen").fill("Uitleggen hoe hij het meldt")
    page.get_by_role("button", name="Volgende").click()
    page.get_by_role("button", name="Volgende").click()
    page.get_by_label("Kwalitatieve dienstverlening").select_option("b")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shoot(page, "aid-values-phone")
    page.get_by_role("button", name="Bewaren en alles bekijken").click()
    expect(page.get_by_role("heading", name="Mijn dilemma")).to_be_visible()
    expect(page.get_by_text("Uitleggen hoe hij het meldt")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.get_by_role("button", name="Delen met deze persoon")).to_be_hidden()
    shoot(page, "aid-print")
    context.close()
