"""The {% url %} tag of every page: Django's, with addresses kept while the server runs."""

from __future__ import annotations

import pytest


def test_url_tag_writes_what_django_s_writes_and_keeps_the_address() -> None:
    from django.template import Context, Engine, Template, engines
    from django.urls import NoReverseMatch, get_script_prefix, set_script_prefix

    from kompas.front.templatetags.kompas import _KeptURLNode

    source = (
        "{% url 'reporting:case' number %}|{% url 'front:home' %}|"
        "{% url 'reporting:case' number=number %}|{% url 'reporting:case' number as there %}"
        "[{{ there }}]|{% url 'nowhere:at-all' as missing %}[{{ missing }}]"
    )
    ours = engines["django"].from_string(source)
    djangos = Template(source, engine=Engine())
    assert any(isinstance(n, _KeptURLNode) for n in ours.template.nodelist)  # type: ignore[attr-defined]
    for number in ("2026-0001", "2026-0002"):
        assert ours.render({"number": number}) == djangos.render(Context({"number": number}))
    before = get_script_prefix()
    try:
        set_script_prefix("/kompas/")
        assert ours.render({"number": "2026-0001"}).startswith("/kompas/cases/2026-0001/|/kompas/|")
    finally:
        set_script_prefix(before)
    with pytest.raises(NoReverseMatch):
        engines["django"].from_string("{% url 'nowhere:at-all' %}").render({})
