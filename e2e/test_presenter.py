"""The presenter view of a live dilemma session (issue 22, point 4), on a 1920x1080 projector: the
leader opens it, the room votes from phones, the bars appear with the options' text, and the
leader's keys (and the control page on the leader's phone) move the room along. Type sizes are
measured as a browser lays them out; axe finds nothing."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from e2e.conftest import shoot, sign_in
from e2e.test_pages import run_axe

PROJECTOR = {"viewport": {"width": 1920, "height": 1080}}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def font_px(page: Page, selector: str) -> float:
    """The laid-out size of the first element that matches, read from the page as it is now
    (a locator's element may be swapped out by the next poll while it is read)."""
    return float(
        page.evaluate(
            "s => parseFloat(getComputedStyle(document.querySelector(s)).fontSize)", selector
        )
    )


def fits(page: Page) -> bool:
    """The slide needs no scrolling: nothing runs off the projected screen."""
    return bool(
        page.evaluate(
            """() => { const main = document.querySelector('.stage-main');
                       return main.scrollHeight <= main.clientHeight
                         && document.documentElement.scrollHeight <= innerHeight
                         && document.documentElement.scrollWidth <= innerWidth; }"""
        )
    )


def test_the_leader_presents_a_session_that_the_back_of_the_room_can_read(
    browser: Browser, server: str
) -> None:
    # bypass_csp: only to let the axe script in, as e2e/test_pages.py does.
    laptop_context = sign_in(browser, server, "teamleider", bypass_csp=True, **PROJECTOR)
    laptop = laptop_context.new_page()
    laptop.goto(f"{server}/compass/trainings/new/")
    laptop.get_by_label("Titel").fill("Briefing presentatie e2e")
    laptop.get_by_label("Eén keer tanken").check()
    laptop.get_by_label("Gratis koffie").check()
    laptop.get_by_role("button", name="Voorbereiden").click()
    laptop.get_by_role("button", name="De sessie starten").click()

    # The control page names the presenter view's keys.
    expect(laptop.get_by_role("heading", name="Toetsen in de presentatieweergave")).to_be_visible()
    expect(laptop.locator("dt", has_text="→")).to_be_visible()
    leader_name = laptop.locator(".site-header .tools a").first.inner_text().strip()
    assert leader_name
    control_url = laptop.url
    assert run_axe(laptop) == []
    shoot(laptop, "presenter-control-page")
    presenter_link = laptop.get_by_role("link", name=re.compile("De presentatieweergave openen"))
    present_url = server + str(presenter_link.get_attribute("href"))
    laptop.goto(present_url)
    # Every step is drawn in place: a reload would flash and leave full screen.
    reloads: list[str] = []
    laptop.on("framenavigated", lambda frame: reloads.append(frame.url))

    # Full screen, no menu, no name, nothing to sign out with.
    expect(laptop.get_by_role("heading", name="Eén keer tanken")).to_be_visible()
    assert laptop.locator(".site-header, nav, footer").count() == 0
    body = laptop.locator("body").inner_text()
    assert leader_name not in body and "Afmelden" not in body
    assert laptop.get_by_role("button", name="Afmelden").count() == 0
    code = laptop.locator(".stage-join-code strong").inner_text().replace(" ", "")
    assert re.fullmatch(r"\d{6}", code)
    qr = laptop.get_by_role("img", name="QR-code die de sessie op een gsm opent")
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")
    assert qr.bounding_box()["width"] >= 300  # type: ignore[index]
    options = laptop.locator(".stage-options li")
    expect(options).to_have_count(3)
    option_texts = [t.strip() for t in options.locator(".stage-option-text").all_inner_texts()]
    assert all(len(text) > 10 for text in option_texts), option_texts  # in full, not A/B/C
    # Read from 5 m: measured at 1920x1080.
    assert font_px(laptop, ".stage-main h1") >= 48
    assert font_px(laptop, ".stage-situation > p") >= 48
    assert font_px(laptop, ".stage-option-text") >= 36
    assert font_px(laptop, ".stage-join-code strong") >= 60
    assert font_px(laptop, ".stage-count strong") >= 36
    assert fits(laptop)
    expect(laptop.locator(".stage-bar")).to_have_count(0)  # nobody voted yet
    expect(laptop.locator(".stage-count")).to_contain_text("0 stemmen")
    assert run_axe(laptop) == []
    shoot(laptop, "presenter-question")

    # The room votes from phones: one vote shows as a count, no bars (fewer than five).
    phones = []
    for n in range(5):
        context = browser.new_context(locale="nl-BE", **PHONE)
        phone = context.new_page()
        phone.goto(f"{server}/t/")
        phone.get_by_label("Sessiecode").fill(code)
        phone.get_by_role("button", name="Deelnemen").click()
        phone.get_by_role("button", name=re.compile("^A " if n < 3 else "^B ")).click()
        expect(phone.get_by_role("status")).to_be_visible()
        phones.append((context, phone))
        if n == 0:
            expect(laptop.locator(".stage-count strong")).to_have_text("1 stem", timeout=5000)
            expect(laptop.locator(".stage-bar")).to_have_count(0)
    shoot(phones[0][1], "presenter-phone-voted")

    # From the smallest group on, each option's bar shows beside its full text.
    expect(laptop.locator(".stage-count strong")).to_have_text("5 stemmen", timeout=5000)
    expect(laptop.locator(".stage-bar")).to_have_count(3)
    first, second = options.nth(0), options.nth(1)
    expect(first.locator(".stage-option-text")).to_have_text(option_texts[0])
    expect(first.locator(".stage-percent")).to_have_text("60% (3)")
    expect(second.locator(".stage-percent")).to_have_text("40% (2)")
    assert font_px(laptop, ".stage-percent") >= 36
    assert fits(laptop)
    assert run_axe(laptop) == []
    shoot(laptop, "presenter-results")

    # Keys: R shows the reflection (voting closes), → moves to the next dilemma.
    laptop.keyboard.press("r")
    expect(laptop.get_by_role("heading", name="Reflectie")).to_be_visible(timeout=5000)
    expect(laptop.locator(".stage-count")).to_contain_text("De stemming is gesloten.")
    expect(laptop.locator(".stage-situation")).to_have_count(0)
    expect(laptop.locator(".stage-bar")).to_have_count(3)
    assert fits(laptop)
    assert run_axe(laptop) == []
    shoot(laptop, "presenter-reflection")
    for _context, phone in phones:
        expect(phone.get_by_role("heading", name="Reflectie")).to_be_visible(timeout=5000)

    laptop.keyboard.press("ArrowRight")
    expect(laptop.get_by_role("heading", name="Gratis koffie")).to_be_visible(timeout=5000)
    expect(laptop.locator(".stage-meta").first).to_contain_text("Dilemma 2 van 2")
    expect(laptop.locator(".stage-count strong")).to_have_text("0 stemmen")
    for _context, phone in phones:
        expect(phone.get_by_role("heading", name="Gratis koffie")).to_be_visible(timeout=5000)
    laptop.keyboard.press("PageUp")  # a presentation clicker's "back"
    expect(laptop.get_by_role("heading", name="Eén keer tanken")).to_be_visible(timeout=5000)
    laptop.keyboard.press("n")
    expect(laptop.get_by_role("heading", name="Gratis koffie")).to_be_visible(timeout=5000)

    # The leader's own phone steers too: lecture mode from the control page.
    leader_phone_context = sign_in(browser, server, "teamleider", **PHONE)
    leader_phone = leader_phone_context.new_page()
    leader_phone.goto(control_url)
    assert leader_phone.evaluate("document.documentElement.scrollWidth") <= 390
    leader_phone.get_by_role("button", name="Lezingmodus").click()
    expect(leader_phone.get_by_role("button", name="Lezingmodus")).to_have_attribute(
        "aria-pressed", "true"
    )
    shoot(leader_phone, "presenter-control-phone")
    expect(laptop.locator(".stage-meta").first).to_contain_text("Lezingmodus", timeout=5000)
    expect(laptop.locator(".stage-situation")).to_have_count(0)
    expect(laptop.locator(".stage-option-text")).to_have_count(3)
    assert run_axe(laptop) == []
    shoot(laptop, "presenter-lecture")
    laptop.keyboard.press("l")
    expect(laptop.locator(".stage-situation")).to_have_count(1, timeout=5000)

    # The controls are there for the mouse and the Tab key, out of sight otherwise.
    controls = laptop.locator(".stage-controls")
    assert float(controls.evaluate("e => getComputedStyle(e).opacity")) == 0
    laptop.keyboard.press("Tab")
    assert float(controls.evaluate("e => getComputedStyle(e).opacity")) == 1
    laptop.locator("body").click(position={"x": 900, "y": 300})  # back to the slide

    # A text too long for the slide (a zone's own dilemma may run to 3,000 characters): the
    # type steps down, then the situation scrolls in a box of its own; the options stay in full
    # size on the screen.
    laptop.evaluate(
        """() => { document.querySelector('.stage-situation > p').textContent =
                     'Een situatie die maar doorgaat. '.repeat(120);
                   dispatchEvent(new Event('resize')); }"""
    )
    assert "fit-clip" in str(laptop.evaluate("document.querySelector('main.stage').className"))
    assert fits(laptop)
    last = laptop.locator(".stage-option-text").last.bounding_box()
    assert last is not None and last["y"] + last["height"] <= 1080
    assert font_px(laptop, ".stage-option-text") >= 36
    shoot(laptop, "presenter-long-text")

    # Signed out meanwhile (the session ran out): the view reloads into the sign-in page rather
    # than draw that page inside the slide.
    second_context = sign_in(browser, server, "teamleider", **PROJECTOR)
    second = second_context.new_page()
    second.goto(present_url)
    expect(second.locator("#stage")).to_be_visible()
    second_context.clear_cookies()
    expect(second).to_have_url(re.compile("/account/sign-in/"), timeout=5000)
    assert second.locator("#stage").count() == 0
    second_context.close()

    # E ends the session only when pressed twice.
    laptop.keyboard.press("e")
    expect(laptop.get_by_role("status")).to_have_text(re.compile("Druk nog eens op E"))
    laptop.wait_for_timeout(1500)
    expect(laptop.get_by_role("heading", name="Gratis koffie")).to_be_visible()
    laptop.keyboard.press("e")
    expect(
        laptop.get_by_role("heading", name=re.compile("Deze sessie is afgelopen"))
    ).to_be_visible(timeout=5000)
    expect(laptop.locator(".stage-join")).to_be_hidden()
    assert reloads == []
    assert run_axe(laptop) == []
    shoot(laptop, "presenter-ended")
    for context, phone in phones:
        expect(phone.get_by_text("Deze sessie is afgelopen")).to_be_visible(timeout=5000)
        context.close()
    # The control page on the leader's phone moves on to the results.
    expect(leader_phone.get_by_role("heading", name="Resultaten")).to_be_visible(timeout=5000)
    leader_phone_context.close()
    laptop_context.close()


ROOM_FOR_BARS = """() => {
  const main = document.querySelector('.stage-main');
  const options = [...main.querySelectorAll('.stage-options li')];
  const line = parseFloat(getComputedStyle(options[0]).fontSize) * 1.25;
  const top = main.getBoundingClientRect().top;
  const used = Math.max(...[...main.children].map(c => c.getBoundingClientRect().bottom)) - top;
  return {used, bars: options.length * line, room: main.clientHeight,
          fitted: document.querySelector('main.stage').className.includes('fit-')};
}"""


def test_every_starter_dilemma_fits_the_slide_in_each_language(
    browser: Browser, server: str
) -> None:
    """The whole starter library, in nl, fr and en: the question (with room for the bars that
    come with the votes) and the reflection fit at 1920x1080 in full-size type."""
    context = sign_in(browser, server, "korpschef", **PROJECTOR)
    page = context.new_page()
    page.goto(f"{server}/compass/trainings/new/")
    page.get_by_label("Titel").fill("Alle dilemma's e2e")
    boxes = page.locator("input[name=dilemmas]")
    total = boxes.count()
    assert total >= 27
    for n in range(total):
        boxes.nth(n).check()
    page.get_by_role("button", name="Voorbereiden").click()
    page.get_by_role("button", name="De sessie starten").click()
    control_url = page.url
    present_url = control_url.replace("/screen/", "/present/")
    try:
        for language in ("nl", "fr", "en"):
            page.goto(control_url)
            page.locator(f"form.language button[value={language}]").click()
            page.goto(present_url)
            reloads: list[str] = []
            page.on("framenavigated", lambda frame, seen=reloads: seen.append(frame.url))
            for position in range(total):
                if position:
                    page.keyboard.press("ArrowRight")
                expect(page.locator(".stage-meta").first).to_contain_text(
                    f" {position + 1} ", timeout=5000
                )
                expect(page.locator(".stage-situation")).to_have_count(1)
                title = page.locator(".stage-main h1").inner_text()
                room = page.evaluate(ROOM_FOR_BARS)
                assert not room["fitted"], (language, title, room)
                assert room["used"] + room["bars"] <= room["room"], (language, title, room)
                assert font_px(page, ".stage-main h1") >= 48
                assert font_px(page, ".stage-situation > p") >= 48, (language, title)
                assert font_px(page, ".stage-option-text") >= 36
                page.keyboard.press("r")
                expect(page.locator(".stage-main.revealed")).to_have_count(1, timeout=5000)
                room = page.evaluate(ROOM_FOR_BARS)
                assert not room["fitted"], (language, title, "reflection", room)
                assert room["used"] + room["bars"] <= room["room"], (language, title, room)
            shoot(page, f"presenter-last-{language}")
            assert reloads == [], language
            # Back to the first dilemma for the next language.
            for position in range(total - 1, 0, -1):
                page.keyboard.press("PageUp")
                expect(page.locator(".stage-meta").first).to_contain_text(
                    f" {position} ", timeout=5000
                )
    finally:
        page.goto(control_url)
        page.locator("form.language button[value=nl]").click()
        page.locator("form[action$='/steer/'] button[value=close]").last.click()
        context.close()
