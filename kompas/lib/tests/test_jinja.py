"""The rows of long tables, written by Jinja2 inside Django pages: escaped, translated, strict."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.template import engines
from django.utils import translation
from jinja2 import UndefinedError


def jinja(source: str, **context) -> str:
    return engines["jinja2"].from_string(source).render(context)


def test_every_value_is_escaped() -> None:
    assert jinja("<td>{{ name }}</td>", name='<script>"x"</script>') == (
        "<td>&lt;script&gt;&#34;x&#34;&lt;/script&gt;</td>"
    )


def test_a_misspelt_name_is_an_error_not_an_empty_cell() -> None:
    with pytest.raises(UndefinedError):
        jinja("{{ nmae }}", name="x")


@pytest.mark.parametrize(("language", "late"), [("nl", "te laat"), ("fr", "en retard")])
def test_texts_come_from_the_catalogues_of_the_pages(language: str, late: str) -> None:
    with translation.override(language):
        assert jinja('{{ _("late") }}') == late
        shown = jinja('{{ _("from %(day)s")|format(day="<01/12/2026>") }}')
        assert shown.endswith("&lt;01/12/2026&gt;") and "%" not in shown


def test_days_are_shown_in_the_zone_s_time_as_on_the_pages() -> None:
    late_evening = datetime(2026, 1, 5, 23, 30, tzinfo=UTC)  # 6 January in Brussels
    page = engines["django"].from_string("{{ value|day }}").render({"value": late_evening})
    assert jinja("{{ value|day }}", value=late_evening) == page == "06/01/2026"
    assert jinja("{{ value|day or '—' }}", value=None) == "—"
    assert jinja("{{ value|day }}", value=date(2026, 1, 5)) == "05/01/2026"  # a day stays that day


def test_a_django_page_takes_its_rows_from_a_jinja2_template(rf) -> None:
    page = engines["django"].from_string('<tbody>{% rows "reporting/cases_rows.html" %}</tbody>')
    with translation.override("en"):
        assert "No open cases." in page.render({"page": [], "_": "x", "url": "y"}, rf.get("/"))


def test_widget_attributes_are_escaped_and_written_as_django_writes_them() -> None:
    from kompas.lib.jinja import attrs

    written = attrs({"id": "x", "required": True, "disabled": False, "title": '"><script>'})
    assert written == ' id="x" required title="&#34;&gt;&lt;script&gt;"'
    assert attrs({'"onload': "1"}) == ' &#34;onload="1"'


def test_addresses_are_those_django_writes_also_under_another_script_prefix() -> None:
    from django.urls import get_script_prefix, reverse, set_script_prefix

    from kompas.lib.jinja import url

    assert url("reporting:case", "2026-0001") == reverse("reporting:case", args=["2026-0001"])
    assert url("front:home") == reverse("front:home") == "/"
    before = get_script_prefix()
    try:
        set_script_prefix("/kompas/")
        assert url("reporting:case", "2026-0001") == "/kompas/cases/2026-0001/"
        assert url("front:home") == "/kompas/"
    finally:
        set_script_prefix(before)
    assert url("reporting:case", "2026-0001") == "/cases/2026-0001/"
    assert url("accounts:person", 7) == reverse("accounts:person", args=[7])
    assert url("reporting:case_file", "2026-0001", 7) == reverse(
        "reporting:case_file", args=["2026-0001", 7]
    )


def test_a_page_s_rows_use_its_script_prefix_and_language_asked_once(rf) -> None:
    """The tag that writes the rows asks Django for the script prefix and the language once
    and hands them to every row: the same addresses and words as asking on each row."""
    from django.urls import get_script_prefix, set_script_prefix

    page = engines["django"].from_string('{% rows "accounts/people_rows.html" %}')
    row = {"pk": 7, "full_name": "An <Smet>", "staff_number": "1", "service_name": None}
    before = get_script_prefix()
    try:
        set_script_prefix("/kompas/")
        with translation.override("fr"):
            written = page.render({"page": [{**row, "is_active": False}]}, rf.get("/"))
    finally:
        set_script_prefix(before)
    assert 'href="/kompas/account/people/7/"' in written and "An &lt;Smet&gt;" in written
    assert "<td>non</td>" in written
    # A Jinja2 template written without the tag asks Django itself.
    with translation.override("nl-be"):
        assert jinja("{{ url('accounts:person', 7) }} {{ x|yesno }}", x=True) == (
            "/account/people/7/ ja"
        )
