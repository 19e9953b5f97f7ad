"""The compass as a picture (issue 22, point 5), in Chromium: the eight values around a compass
rose, each a link, with no name over another or over the rose at any width and in each language;
on a phone the rose and a list of the names; the poster printed to PDF on exactly one page, A4 and
A3, also with the longest French texts the compass accepts; axe finds nothing."""

from __future__ import annotations

import io
import json

import pytest
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from e2e.conftest import SCREENSHOTS, shoot, sign_in
from e2e.test_pages import run_axe

WIDTHS = [320, 390, 768, 1280]
# A demo account per language (agent.fr and agent.en read Kompas in French and English).
READERS = {"nl": "medewerker", "fr": "agent.fr", "en": "agent.en"}

# The boxes of the names, the numbered badges and the dial as drawn; which overlap.
LAYOUT = """() => {
  const box = e => { const r = e.getBoundingClientRect();
                     return {l: r.left, t: r.top, r: r.right, b: r.bottom}; };
  const svg = document.querySelector('svg.compass-wide');
  const names = [...svg.querySelectorAll('.value-name')];
  const others = [...svg.querySelectorAll('.badge'), svg.querySelector('.dial')];
  const hit = (a, b) => a.l < b.r - 0.5 && b.l < a.r - 0.5 && a.t < b.b - 0.5 && b.t < a.b - 0.5;
  const n = names.map(box), o = others.map(box), frame = box(svg);
  const clashes = [];
  n.forEach((a, i) => {
    n.forEach((b, j) => { if (i < j && hit(a, b)) clashes.push([names[i].textContent, names[j].textContent]); });
    o.forEach(b => { if (hit(a, b)) clashes.push([names[i].textContent, 'rose']); });
    if (a.l < frame.l || a.r > frame.r || a.t < frame.t || a.b > frame.b)
      clashes.push([names[i].textContent, 'outside']);
  });
  const sizes = names.map(t => parseFloat(getComputedStyle(t).fontSize) * (frame.r - frame.l) / svg.viewBox.baseVal.width);
  return {names: names.length, clashes, smallest: Math.min(...sizes)};
}"""

LEGEND = """() => {
  const items = [...document.querySelectorAll('.compass-legend a')].map(a => a.getBoundingClientRect());
  return items.slice(1).filter((b, i) => b.top < items[i].bottom - 0.5 && b.left < items[i].right - 0.5
                                       && items[i].left < b.right - 0.5).length;
}"""


def shoot_picture(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator(".compass-picture").screenshot(path=str(SCREENSHOTS / f"{name}.png"))


@pytest.mark.parametrize("language", list(READERS))
def test_the_picture_reads_at_every_width(browser: Browser, server: str, language: str) -> None:
    context = sign_in(browser, server, READERS[language])
    page = context.new_page()
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{server}/compass/")
        assert page.evaluate("document.documentElement.scrollWidth") <= width, width
        wide = page.locator("svg.compass-wide")
        if width < 480:  # a phone: the rose, and the names as links under it
            expect(wide).to_be_hidden()
            expect(page.locator(".compass-legend a")).to_have_count(8)
            expect(page.locator(".compass-legend a").first).to_be_visible()
            assert page.evaluate(LEGEND) == 0, width
            shoot_picture(page, f"compass-picture-{language}-{width}")
            continue
        expect(wide).to_be_visible()
        expect(page.locator(".compass-compact")).to_be_hidden()
        layout = page.evaluate(LAYOUT)
        assert layout["names"] == 8
        assert layout["clashes"] == [], (width, layout["clashes"])
        assert layout["smallest"] >= 12, width  # the names are drawn at a readable size
        shoot_picture(page, f"compass-picture-{language}-{width}")
    context.close()


def test_each_point_leads_to_its_value_and_the_keyboard_reaches_it(
    browser: Browser, server: str
) -> None:
    context = sign_in(browser, server, "medewerker")
    page = context.new_page()
    page.goto(f"{server}/compass/")
    point = page.get_by_role("link", name="3. Objectiviteit")
    expect(point).to_have_count(1)
    point.focus()
    expect(point).to_be_focused()
    shoot(page, "compass-picture-focus")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Objectiviteit", level=1)).to_be_visible()
    context.close()


@pytest.mark.parametrize(
    ("width", "account", "path"),
    [
        (1280, "medewerker", "/compass/"),
        (390, "medewerker", "/compass/"),
        (1280, "medewerker", "/"),
        (390, "medewerker", "/"),
        (390, "integriteit", "/compass/settings/"),
        (1280, "integriteit", "/compass/settings/"),
    ],
)
def test_axe_finds_nothing_on_the_picture_and_its_settings(
    browser: Browser, server: str, width: int, account: str, path: str
) -> None:
    # bypass_csp: only to let the axe script in, as e2e/test_pages.py does.
    context = sign_in(
        browser, server, account, bypass_csp=True, viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    page.goto(server + path)
    if "settings" not in path:  # the compass page and home show the picture
        expect(page.locator(".compass-picture")).to_have_count(1)
        links = "svg.compass-wide a" if width > 480 else ".compass-legend a"
        expect(page.locator(links)).to_have_count(8)
        expect(page.locator(links).first).to_be_visible()
    violations = run_axe(page)
    report = [{"id": v["id"], "nodes": [n["target"] for n in v["nodes"]][:5]} for v in violations]
    assert violations == [], json.dumps(report, indent=1)
    shoot(page, f"compass-on-{path.strip('/').replace('/', '-') or 'home'}-{width}")
    context.close()


def pages_of(page: Page, **options: object) -> tuple[int, tuple[int, int]]:
    """How many pages the page prints on, and the first page's size in millimetres."""
    reader = PdfReader(io.BytesIO(page.pdf(print_background=True, **options)))  # type: ignore[arg-type]
    box = reader.pages[0].mediabox
    return len(reader.pages), (
        round(float(box.width) / 72 * 25.4),
        round(float(box.height) / 72 * 25.4),
    )


SIZES = {"a4": (210, 297), "a3": (297, 420)}


def assert_one_page_poster(page: Page, server: str, name: str) -> None:
    for size, millimetres in SIZES.items():
        page.goto(f"{server}/compass/?size={size}")
        assert pages_of(page, prefer_css_page_size=True) == (1, millimetres), (name, size)
        # Printed from the plain page on paper of that size, too.
        page.goto(f"{server}/compass/")
        assert pages_of(page, format=size.upper())[0] == 1, (name, size, "plain")
    page.goto(f"{server}/compass/?size=a4")
    page.emulate_media(media="print")
    shoot(page, name)
    page.emulate_media(media="screen")


@pytest.mark.parametrize("language", list(READERS))
def test_the_poster_prints_on_one_page_a4_and_a3(
    browser: Browser, server: str, language: str
) -> None:
    context = sign_in(browser, server, READERS[language])
    page = context.new_page()
    assert_one_page_poster(page, server, f"compass-poster-{language}")
    context.close()


# The longest texts the compass accepts (forms.NAME_LENGTH, SUMMARY_LENGTH), in French, which runs
# longest of the three languages.
LONG_NAME = "Loyauté, collaboration et respect mutuel"
LONG_SUMMARY = (
    "Nous sommes loyaux envers les institutions démocratiques, la loi et les uns envers les "
    "autres, dans le respect des différences ; la loyauté envers un supérieur n'est pas "
    "absolue : un ordre contraire à la loi ou à nos valeurs est signalé au supérieur "
    "suivant, en toute discrétion."
)
VALUES = [
    "customer-focus",
    "quality",
    "objectivity",
    "ethical-leadership",
    "loyalty",
    "networking",
    "reliability",
    "transparency",
]


def publish_french(page: Page, server: str, texts: dict[str, tuple[str, str]]) -> None:
    for value, (name, summary) in texts.items():
        page.goto(f"{server}/compass/values/{value}/edit/")
        page.locator("[name=name_fr]").fill(name)
        page.locator("[name=summary_fr]").fill(summary)
        page.locator("[name=note]").fill("e2e: longest French texts")
        page.get_by_role("button", name="Publiceren").click()
        expect(page.locator(".message.success")).to_be_visible()


def test_the_poster_fits_one_page_with_the_longest_french_texts(
    browser: Browser, server: str
) -> None:
    assert len(LONG_NAME) == 40 and 275 <= len(LONG_SUMMARY) <= 280
    officer = sign_in(browser, server, "integriteit").new_page()
    earlier: dict[str, tuple[str, str]] = {}
    for value in VALUES:
        officer.goto(f"{server}/compass/values/{value}/edit/")
        earlier[value] = (
            officer.locator("[name=name_fr]").input_value(),
            officer.locator("[name=summary_fr]").input_value(),
        )
    publish_french(officer, server, {value: (LONG_NAME, LONG_SUMMARY) for value in VALUES})
    try:
        reader = sign_in(browser, server, "agent.fr")
        page = reader.new_page()
        page.goto(f"{server}/compass/")
        assert page.get_by_role("link", name=f"1. {LONG_NAME}").count() == 1
        layout = page.evaluate(LAYOUT)
        assert layout["clashes"] == [], layout["clashes"]
        assert_one_page_poster(page, server, "compass-poster-fr-longest")
        reader.close()
    finally:
        publish_french(officer, server, earlier)  # the demo zone's compass as it was
        officer.context.close()
