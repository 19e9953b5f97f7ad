"""Feedback on every act and the handler's inbox, as people live them (issue 21, points 5 and 10).

A citizen on a phone sends a message and sees it sent; once the case is closed, the follow-up page
says so and how to reach the handlers again, with no message box. A handler at a desk finds a new
report waiting on their home page, sees a reporter's answer marked new there and in the case list,
and the mark goes once the case is opened."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

from e2e.conftest import shoot, sign_in
from e2e.test_pages import run_axe
from e2e.test_reporting import file_public_report, open_follow_up

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
SENT = "Uw bericht is verstuurd. De behandelaars lezen het in uw dossier."
CLOSED = re.compile(r"Dit dossier is afgesloten \(op .+\): de behandelaars lezen er geen")
REACH_AGAIN = "Om hen opnieuw te bereiken"


def reporter_on_a_phone(browser: Browser) -> BrowserContext:
    # bypass_csp: only to let the axe script in, as e2e/test_pages.py does.
    return browser.new_context(locale="nl-BE", bypass_csp=True, **PHONE)


def message_box(page: Page) -> Locator:
    """The reporter's form to write on the case itself (not the retaliation report)."""
    return page.locator("form:has(input[name=action][value=write])")


def send_to_the_reporter(handler: Page, text: str) -> None:
    handler.get_by_role("textbox", name="Bericht:").fill(text)
    handler.get_by_role("button", name="Naar de melder sturen").click()
    expect(handler.get_by_text("Het bericht is naar de melder gestuurd.")).to_be_visible()
    expect(handler.get_by_text(text)).to_be_visible()


def step(handler: Page, button: str, status: str) -> None:
    """Press a step of the case and wait for the status it leads to."""
    handler.get_by_role("button", name=button).click()
    expect(handler.locator("dl.facts dd").nth(2)).to_contain_text(status)


def inbox_list(page: Page, title: str) -> Locator:
    """The list under one heading of the inbox on the home page."""
    return page.get_by_role("region", name="Uw dossiers").locator(f"h3:text-is('{title}') + ul")


def case_row(page: Page, number: str) -> Locator:
    return page.locator("tr", has=page.get_by_role("link", name=number, exact=True))


def test_a_citizen_sees_a_message_sent_and_then_a_closed_case_on_a_phone(
    browser: Browser, server: str
) -> None:
    reporter_context = reporter_on_a_phone(browser)
    reporter = reporter_context.new_page()
    receipt, number = file_public_report(
        reporter, server, "Een agent liet een bekeuring vallen voor een kennis."
    )
    open_follow_up(reporter, server, receipt)
    message_box(reporter).get_by_role("textbox", name="Bericht:").fill(
        "Het was vorige vrijdag, rond de middag."
    )
    message_box(reporter).get_by_role("button", name="Versturen").click()
    # Said at the top, and the message stands in the conversation as the reporter's own.
    expect(reporter.get_by_role("status").filter(has_text=SENT)).to_be_visible()
    sent = reporter.locator("ol.conversation li.reporter")
    expect(sent).to_have_count(1)
    expect(sent).to_contain_text("Melder")
    expect(sent).to_contain_text("Het was vorige vrijdag, rond de middag.")
    assert reporter.evaluate("document.documentElement.scrollWidth") <= 390
    shoot(reporter, "phone-follow-up-message-sent")
    assert run_axe(reporter) == []

    # The handler reads it, answers, and takes the case to its end.
    handler_context = sign_in(browser, server, "toezicht")
    handler = handler_context.new_page()
    handler.goto(f"{server}/cases/{number}/")
    expect(handler.get_by_text("Het was vorige vrijdag, rond de middag.")).to_be_visible()
    step(handler, "Ontvangst bevestigen", "Ontvangst bevestigd")
    send_to_the_reporter(handler, "Dank u. Wij sturen dit door naar het parket.")
    handler.get_by_label("Beoordeling").select_option(label="Doorverwezen")
    step(handler, "Beoordeling vastleggen", "Doorverwezen")
    step(handler, "Terugkoppeling aan de melder gegeven", "Terugkoppeling gegeven")
    step(handler, "Dossier afsluiten", "Afgesloten")
    expect(handler.get_by_role("textbox", name="Bericht:")).to_have_count(0)
    handler_context.close()

    # Back on the phone: the answer, the closed case, the way back, and nothing to write in.
    reporter.goto(f"{server}/follow-up/case/")
    expect(reporter.get_by_text("Dank u. Wij sturen dit door naar het parket.")).to_be_visible()
    notice = reporter.get_by_role("status").filter(has_text=CLOSED)
    expect(notice).to_be_visible()
    expect(notice).to_contain_text(REACH_AGAIN)
    new_report = notice.get_by_role("link", name="Een nieuwe melding doen")
    expect(new_report).to_have_attribute("href", "/public/demo/report/")  # the form they used
    expect(message_box(reporter)).to_have_count(0)
    expect(reporter.get_by_role("button", name="Versturen")).to_have_count(0)
    expect(reporter.get_by_role("button", name="Represaille melden")).to_be_visible()
    assert reporter.evaluate("document.documentElement.scrollWidth") <= 390
    shoot(reporter, "phone-follow-up-closed")
    assert run_axe(reporter) == []
    new_report.click()
    expect(reporter.get_by_role("button", name="Melding versturen")).to_be_visible()
    reporter_context.close()


def test_a_handler_finds_a_new_report_and_a_new_answer_waiting_on_their_home(
    browser: Browser, server: str
) -> None:
    # A member reports by name: listed at once (an unnamed one waits until the next day).
    member_context = sign_in(browser, server, "medewerker")
    member = member_context.new_page()
    member.goto(f"{server}/report/")
    member.get_by_label("Mogelijke integriteitsschending").check()
    member.get_by_label("Met naam: de behandelaars zien mijn naam").check()
    member.get_by_label("Wat is er gebeurd?").fill("Een collega neemt brandstof mee voor thuis.")
    member.get_by_role("button", name="Melding versturen").click()
    expect(member.get_by_role("heading", name="Uw melding is ontvangen")).to_be_visible()
    receipt = member.locator(".receipt-code code").inner_text().strip()
    number = member.locator("dl.facts dd").first.inner_text().strip()
    member_context.close()

    handler_context = sign_in(browser, server, "toezicht", bypass_csp=True)
    handler = handler_context.new_page()
    handler.goto(f"{server}/")
    # The home page counts the cases to acknowledge; the count leads to the list of them.
    to_acknowledge = handler.get_by_role("link", name=re.compile(r"\d+ dossiers? te bevestigen"))
    expect(to_acknowledge).to_be_visible()
    shoot(handler, "inbox-to-acknowledge")
    assert run_axe(handler) == []
    to_acknowledge.click()
    expect(handler).to_have_url(re.compile(r"/cases/\?status=received"))

    # From the list to the case: acknowledged, and a question for the reporter.
    case_row(handler, number).get_by_role("link", name=number, exact=True).click()
    expect(handler.get_by_role("heading", name=f"Dossier {number}")).to_be_visible()
    step(handler, "Ontvangst bevestigen", "Ontvangst bevestigd")
    send_to_the_reporter(handler, "Over welke wagen gaat het?")
    handler.goto(f"{server}/cases/?status=received")  # the list behind the count is up to date
    expect(handler.get_by_role("link", name=number, exact=True)).to_have_count(0)

    # The reporter answers with the receipt.
    reporter_context = browser.new_context(locale="nl-BE")
    reporter = reporter_context.new_page()
    open_follow_up(reporter, server, receipt)
    expect(reporter.get_by_text("Over welke wagen gaat het?")).to_be_visible()
    message_box(reporter).get_by_role("textbox", name="Bericht:").fill("De combi van ploeg B.")
    message_box(reporter).get_by_role("button", name="Versturen").click()
    expect(reporter.get_by_role("status").filter(has_text=SENT)).to_be_visible()
    reporter_context.close()

    # The answer waits on the handler's home and is marked in the case list.
    handler.goto(f"{server}/")
    answers = inbox_list(handler, "Nieuwe antwoorden van melders")
    expect(answers.get_by_role("link", name=number, exact=True)).to_be_visible()
    shoot(handler, "inbox-new-answer")
    assert run_axe(handler) == []
    handler.goto(f"{server}/cases/")
    expect(case_row(handler, number)).to_contain_text("nieuw antwoord")
    shoot(handler, "cases-new-answer")
    assert run_axe(handler) == []

    # Opening the case shows which message is new, once; then the marks are gone.
    case_row(handler, number).get_by_role("link", name=number, exact=True).click()
    answer = handler.locator("ol.conversation li.reporter").filter(has_text="De combi van ploeg B.")
    expect(answer.locator("strong.new")).to_have_text("nieuw")
    shoot(handler, "case-new-answer")
    assert run_axe(handler) == []
    handler.reload()
    expect(answer).to_be_visible()
    expect(answer.locator("strong.new")).to_have_count(0)
    handler.goto(f"{server}/")
    expect(handler.get_by_role("region", name="Uw dossiers")).to_be_visible()
    expect(
        inbox_list(handler, "Nieuwe antwoorden van melders").get_by_role("link", name=number)
    ).to_have_count(0)
    handler.goto(f"{server}/cases/")
    expect(case_row(handler, number)).to_be_visible()
    expect(case_row(handler, number)).not_to_contain_text("nieuw antwoord")
    handler_context.close()
