"""The decision aid's step labels (issue 22, point 7): at every width and in each language, no step
label, with its number, lies over another, and the page does not scroll sideways."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Browser

from e2e.conftest import shoot, sign_in
from e2e.test_pages import run_axe

WIDTHS = [320, 390, 768, 1280]
READERS = {"nl": "medewerker", "fr": "agent.fr", "en": "agent.en"}

# Each step as drawn: its box, and its number's box, which must lie inside it (a list marker
# hangs outside its item, which is how the numbers came to sit on the label before them).
STEPS = """() => {
  const box = e => { const r = e.getBoundingClientRect();
                     return {l: r.left, t: r.top, r: r.right, b: r.bottom}; };
  const items = [...document.querySelectorAll('ol.steps > li')];
  const steps = items.map(box);
  const hit = (a, b) => a.l < b.r - 0.5 && b.l < a.r - 0.5 && a.t < b.b - 0.5 && b.t < a.b - 0.5;
  const overlaps = [];
  steps.forEach((a, i) => steps.forEach((b, j) => {
    if (i < j && hit(a, b)) overlaps.push([items[i].textContent, items[j].textContent]);
  }));
  const outside = items.filter((li, i) => {
    const n = box(li.querySelector('.step-number')), s = steps[i];
    return n.l < s.l - 0.5 || n.r > s.r + 0.5 || n.t < s.t - 0.5 || n.b > s.b + 0.5;
  }).map(li => li.textContent);
  const markers = items.filter(li => getComputedStyle(li).listStyleType !== 'none').length;
  return {count: items.length, overlaps, outside, markers,
          labels: items.map(li => li.textContent.trim())};
}"""


@pytest.mark.parametrize("language", list(READERS))
def test_the_step_labels_never_overlap(browser: Browser, server: str, language: str) -> None:
    context = sign_in(browser, server, READERS[language], bypass_csp=True)
    page = context.new_page()
    page.goto(f"{server}/compass/aid/new/")
    page.locator("textarea").first.fill("e2e")
    page.locator("form.stacked button[type=submit]:not([name])").click()  # next
    page.wait_for_url("**/step/1/")
    step = page.url
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(step)
        drawn = page.evaluate(STEPS)
        assert drawn["count"] == 8
        assert drawn["labels"][0].startswith("1. ") and drawn["labels"][7].startswith("8. ")
        assert drawn["overlaps"] == [], (width, drawn["overlaps"])
        assert drawn["outside"] == [] and drawn["markers"] == 0, width
        assert page.evaluate("document.documentElement.scrollWidth") <= width, width
        if width in (320, 1280):
            shoot(page, f"aid-steps-{language}-{width}")
    violations = run_axe(page)
    assert violations == [], json.dumps([v["id"] for v in violations])
    context.close()
