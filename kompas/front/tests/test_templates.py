"""Template hygiene that no page test sees: a page title holds text, never markup."""

from __future__ import annotations

import re
from datetime import UTC
from pathlib import Path

import pytest

TEMPLATES = sorted(Path(__file__).resolve().parents[2].rglob("templates/**/*.html"))


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(p.parents[3])))
def test_the_title_block_holds_text_only(path: Path) -> None:
    found = re.search(r"\{% block title %\}(.*?)\{% endblock %\}", path.read_text(), re.S)
    if found:
        assert "<" not in found.group(1), "markup inside {% block title %}"
        assert "\n" not in found.group(1)


@pytest.mark.parametrize(
    "value",
    [
        "2026-11-29",
        "2026-01-05T23:30:00+00:00",  # already 6 January in Brussels
        "2026-07-31T22:15:00+00:00",  # summer time: 1 August in Brussels
        None,
        "",
        "not a date",
    ],
)
def test_the_day_filter_shows_what_django_s_date_filter_shows(value: str | None) -> None:
    from datetime import date, datetime

    from django.template import engines

    given: object = value
    if value and value[0].isdigit():
        given = (datetime if "T" in value else date).fromisoformat(value)
    render = engines["django"].from_string
    context = {"value": given}
    assert render("{{ value|day }}").render(context) == render('{{ value|date:"d/m/Y" }}').render(
        context
    )


def test_the_moment_filter_shows_day_and_time_in_the_zone_s_time() -> None:
    from datetime import datetime

    from django.template import engines

    evening = datetime(2026, 7, 31, 22, 15, tzinfo=UTC)  # 1 August, 00:15 in Brussels
    shown = engines["django"].from_string("{{ value|moment }}").render({"value": evening})
    assert shown == "01/08/2026 00:15"
    assert engines["django"].from_string("{{ value|moment }}").render({"value": None}) == ""


def test_templates_are_compiled_once_per_process_also_in_production(settings) -> None:
    """No loaders are named in TEMPLATES: Django wraps them in its cached loader, for the pages
    and for the form renderer, whatever DEBUG says."""
    from django.forms.renderers import DjangoTemplates
    from django.template import engines
    from django.template.loaders.cached import Loader

    assert [engine.name for engine in engines.all()] == ["django"]
    pages = engines["django"].engine.template_loaders  # type: ignore[attr-defined]
    assert len(pages) == 1  # django-template-partials' loader, around Django's cached one
    assert [type(loader) for loader in pages[0].loaders] == [Loader]
    forms = DjangoTemplates().engine.engine.template_loaders  # type: ignore[attr-defined]
    assert [type(loader) for loader in forms] == [Loader]
