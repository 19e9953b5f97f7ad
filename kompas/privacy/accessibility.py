"""The result of the automated accessibility checks, as the statement shows it.

`make accessibility-record` runs axe-core in Chromium on every page the browser suite checks
(e2e/test_pages.py and this app's pages, e2e/test_privacy.py) and writes `RECORD` only when
none has a violation; the file is committed with the code it checked. A test keeps it honest:
zero violations, and every page it names still checked by the browser suite (which fails on any
violation), so the statement never claims a page that is no longer checked.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

RECORD = Path(__file__).parent / "data" / "accessibility-checks.json"


@dataclass(frozen=True)
class Checks:
    checked_on: date
    tool: str
    browser: str
    rules: list[str]
    pages: list[str]
    violations: int


def checks() -> Checks | None:
    """The last recorded run, or None when none was recorded."""
    try:
        data = json.loads(RECORD.read_text())
    except FileNotFoundError:
        return None
    return Checks(
        checked_on=date.fromisoformat(data["checked_on"]),
        tool=data["tool"],
        browser=data["browser"],
        rules=list(data["rules"]),
        pages=list(data["pages"]),
        violations=int(data["violations"]),
    )
