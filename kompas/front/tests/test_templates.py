"""Template hygiene that no page test sees: a page title holds text, never markup."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

TEMPLATES = sorted(Path(__file__).resolve().parents[2].rglob("templates/**/*.html"))


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(p.parents[3])))
def test_the_title_block_holds_text_only(path: Path) -> None:
    found = re.search(r"\{% block title %\}(.*?)\{% endblock %\}", path.read_text(), re.S)
    if found:
        assert "<" not in found.group(1), "markup inside {% block title %}"
        assert "\n" not in found.group(1)
