"""Charts people read on a phone: the M-team's dashboard and the yearly report at 390 pixels
wide, with the months named, no label over its neighbour and nothing scrolling sideways; the
multi-year plan and the action plan fit too."""

from __future__ import annotations

from datetime import date

from playwright.sync_api import Browser

from e2e.conftest import shoot, sign_in

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}

# The labels' boxes as drawn, and whether any two neighbours overlap.
LABELS = """() => [...document.querySelectorAll('figure.chart')].map(figure => {
  const boxes = [...figure.querySelectorAll('svg text')].map(t => t.getBoundingClientRect());
  return {
    labels: [...figure.querySelectorAll('svg text')].map(t => t.textContent),
    overlaps: boxes.slice(1).filter((b, i) => b.left < boxes[i].right).length,
    smallest: Math.min(...boxes.map(b => b.height)),
  };
})"""


def test_the_charts_read_on_a_phone(browser: Browser, server: str) -> None:
    context = sign_in(browser, server, "korpschef", **PHONE)
    page = context.new_page()
    for path, name in (
        ("/insights/", "dashboard-phone"),
        (f"/insights/report/{date.today().year}/", "yearly-report-phone"),
    ):
        page.goto(server + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
        charts = page.evaluate(LABELS)
        assert len(charts) == 3, path
        for chart in charts:
            assert chart["labels"][:3] == ["jan", "feb", "mrt"], path
            assert chart["overlaps"] == 0, path
            assert chart["smallest"] >= 9, path  # drawn at a size a phone shows legibly
        shoot(page, name)
    for path, name in (("/risks/plan/", "risk-plan-phone"), ("/plans/", "action-plan-phone")):
        page.goto(server + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
        shoot(page, name)
    context.close()
