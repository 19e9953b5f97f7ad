"""A meeting on request, on a phone (issue 21, point 9): a citizen asks for one on the
follow-up page, a handler plans it and records its minutes, the citizen approves them."""

from __future__ import annotations

from datetime import date, timedelta

from playwright.sync_api import Browser, expect

from e2e.conftest import shoot, sign_in
from e2e.test_pages import run_axe
from e2e.test_reporting import file_public_report, open_follow_up

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
MINUTES = "Verslag: de melder vertelde wie aan het onthaal zijn adres doorgaf."


def test_a_citizen_asks_for_a_meeting_and_approves_its_minutes_on_a_phone(
    browser: Browser, server: str
) -> None:
    # bypass_csp: only to let the axe script in, as e2e/test_pages.py does.
    reporter_context = browser.new_context(locale="nl-BE", bypass_csp=True, **PHONE)
    reporter = reporter_context.new_page()
    receipt, number = file_public_report(reporter, server, "Mijn adres werd doorgegeven.")
    open_follow_up(reporter, server, receipt)
    section = reporter.locator("section:has(#meeting-title)")
    expect(section.get_by_text("Wie u ontmoet, ziet wie u bent", exact=False)).to_be_visible()
    section.get_by_label("Wanneer en waar past het u?").fill("Een weekdag na vieren.")
    section.get_by_label("Ik ga ermee akkoord", exact=False).check()
    shoot(reporter, "phone-meeting-ask")
    assert run_axe(reporter) == []
    section.get_by_role("button", name="Een gesprek vragen").click()
    expect(reporter.get_by_text("U vroeg een gesprek", exact=False).first).to_be_visible()
    expect(reporter.get_by_text("Een weekdag na vieren.", exact=False)).to_be_visible()
    assert reporter.evaluate("document.documentElement.scrollWidth") <= 390

    handler_context = sign_in(browser, server, "toezicht", bypass_csp=True)
    handler = handler_context.new_page()
    handler.goto(f"{server}/cases/{number}/#meeting-title")
    meeting = handler.locator("section:has(#meeting-title)")
    expect(meeting.get_by_text("Gevraagd", exact=True)).to_be_visible()
    planning = meeting.locator("form:has(input[name=action][value=plan])")
    planning.get_by_label("Dag").fill((date.today() + timedelta(days=2)).isoformat())
    planning.get_by_label("Uur").fill("16:30")
    planning.get_by_label("Plaats").fill("Gemeentehuis, zaal 2")
    planning.get_by_role("button", name="Plannen").click()
    expect(handler.get_by_text("Het gesprek is gepland", exact=False)).to_be_visible()
    minutes = meeting.locator("form:has(input[name=action][value=minutes])")
    minutes.get_by_label("Verslag van het gesprek").fill(MINUTES)
    minutes.get_by_role("button", name="Het verslag opslaan").click()
    expect(handler.get_by_text("Het verslag is opgeslagen", exact=False)).to_be_visible()
    shoot(handler, "case-meeting")
    assert run_axe(handler) == []

    reporter.reload()
    expect(section.get_by_text("Gemeentehuis, zaal 2")).to_be_visible()
    expect(section.get_by_text(MINUTES)).to_be_visible()
    shoot(reporter, "phone-meeting-minutes")
    assert run_axe(reporter) == []
    section.get_by_role("button", name="Ik keur dit verslag goed").click()
    expect(section.get_by_text("U keurde dit verslag goed op", exact=False)).to_be_visible()
    assert reporter.evaluate("document.documentElement.scrollWidth") <= 390
    shoot(reporter, "phone-meeting-approved")
    assert run_axe(reporter) == []
    handler.reload()
    expect(meeting.get_by_text("De melder keurde dit verslag goed op", exact=False)).to_be_visible()
    handler_context.close()
    reporter_context.close()
