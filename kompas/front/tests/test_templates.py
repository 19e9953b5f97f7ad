"""Template hygiene that no page test sees, and the Jinja2 environment's Django parts
(`kompas.front.environment`) against what Django itself writes."""

from __future__ import annotations

import re
from datetime import UTC
from pathlib import Path

import pytest

KOMPAS = Path(__file__).resolve().parents[2]
TEMPLATES = sorted([*KOMPAS.rglob("templates/**/*.html"), *KOMPAS.rglob("jinja2/**/*.html")])


def django(source: str, **context: object) -> str:
    """What Django's own template language writes (an engine of its own: Kompas has none)."""
    from django.template import Context, Engine

    return Engine().from_string(source).render(Context(context))


def jinja(source: str, **context: object) -> str:
    from django.template import engines

    return engines["jinja2"].from_string(source).render(context)


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(KOMPAS)))
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

    given: object = value
    if value and value[0].isdigit():
        given = (datetime if "T" in value else date).fromisoformat(value)
    expected = django('{{ value|date:"d/m/Y" }}', value=given)
    assert jinja("{{ value|day }}", value=given) == expected
    assert jinja('{{ value|date("d/m/Y") }}', value=given) == expected


def test_the_moment_filter_shows_day_and_time_in_the_zone_s_time() -> None:
    from datetime import datetime

    evening = datetime(2026, 7, 31, 22, 15, tzinfo=UTC)  # 1 August, 00:15 in Brussels
    assert jinja("{{ value|moment }}", value=evening) == "01/08/2026 00:15"
    assert jinja('{{ value|time("H:i") }}', value=evening) == "00:15"
    assert jinja("{{ value|moment }}", value=None) == ""


def test_django_s_filters_write_what_django_writes() -> None:
    text = "<b>one</b>\ntwo"
    for jinja_source, django_source in [
        ("{{ v|linebreaksbr }}", "{{ v|linebreaksbr }}"),
        ("{{ v|linebreaks }}", "{{ v|linebreaks }}"),
        ("{{ v|truncatechars(5) }}", "{{ v|truncatechars:5 }}"),
        ('{{ v|yesno("ja,nee") }}', '{{ v|yesno:"ja,nee" }}'),
    ]:
        assert jinja(jinja_source, v=text) == django(django_source, v=text)
    assert jinja("{{ v|filesizeformat }}", v=2048) == django("{{ v|filesizeformat }}", v=2048)


def test_values_are_escaped_and_translated_texts_are_not() -> None:
    from django.utils import translation

    with translation.override("nl"):
        shown = jinja('{{ _("Page %(number)s", number=n) }} {{ v }}', n="<1>", v="<i>")
    assert shown == "Pagina &lt;1&gt; &lt;i&gt;"


@pytest.mark.parametrize(
    "source",
    [
        '{{ _("Sign out") }}',
        '{{ _("Page %(number)s", number=n) }}',
        '{{ gettext("Page %(number)s", number="<b>") }}',
        '{{ _("100%%") }}',
        "{% trans %}Sign out{% endtrans %}",
        "{% trans number=n %}Page {{ number }}{% endtrans %}",
        '{{ ngettext("%(n)s proposal to review", "%(n)s proposals to review", 2, n=2) }}',
        '{{ ngettext("case to acknowledge", "cases to acknowledge", 1) }}',
        "{% trans count=n %}{{ count }} day{% pluralize %}{{ count }} days{% endtrans %}",
        '{{ pgettext("month name", "May") }}',
        '{{ npgettext("people", "%(num)s person", "%(num)s people", 3) }}',
        '{{ _("Sign out")|upper }} {{ x|default(_("to be weighed"), true) }}',
    ],
)
@pytest.mark.parametrize("language", ["nl-be", "fr", "en"])
def test_texts_are_written_as_jinja2_s_own_gettext_writes_them(source: str, language: str) -> None:
    """`environment.gettext` and its kin call Django's translations directly instead of through
    the render's context (docs/performance.md): the same text, marked safe, formatted and with
    its values escaped, as Jinja2's new-style callables write it."""
    from django.template import engines
    from django.template.backends.jinja2 import Jinja2
    from django.utils import translation
    from jinja2 import Environment

    engine = engines["jinja2"]
    assert isinstance(engine, Jinja2)
    own = engine.env
    reference = Environment(autoescape=True, extensions=["jinja2.ext.i18n"], finalize=own.finalize)
    reference.install_gettext_callables(  # type: ignore[attr-defined]
        translation.gettext,
        translation.ngettext,
        newstyle=True,
        pgettext=translation.pgettext,
        npgettext=translation.npgettext,
    )
    with translation.override(language):
        written = own.from_string(source).render(n=4)
        expected = reference.from_string(source).render(n=4)
    assert written == expected


def test_url_static_and_querystring() -> None:
    from django.test import RequestFactory

    request = RequestFactory().get("/cases/?late=1&page=2")
    assert jinja("{{ url('front:home') }}") == "/"
    assert jinja("{{ static('kompas/css/kompas.css') }}").startswith("/static/kompas/css/")
    assert jinja("{{ querystring(request, page=3) }}", request=request) == "?late=1&amp;page=3"
    assert jinja("{{ querystring(request, late=None) }}", request=request) == "?page=2"


def test_a_kept_url_is_what_django_s_reverse_gives_under_every_script_prefix() -> None:
    from django.urls import NoReverseMatch, reverse, set_script_prefix

    from kompas.front.environment import url

    for _twice in range(2):  # the second time from what was kept
        assert url("reporting:case", "2026-0001") == reverse("reporting:case", args=["2026-0001"])
        assert url("accounts:person", pk=7) == reverse("accounts:person", kwargs={"pk": 7})
        assert url("accounts:person", 8) != url("accounts:person", 7)
    # Named arguments (a password-reset token) are never kept in the process.
    from kompas.front.environment import _reversed

    kept = _reversed.cache_info().currsize
    assert "secret-token" in url(
        "accounts:password_reset_confirm", uidb64="MQ", token="secret-token"
    )
    assert _reversed.cache_info().currsize == kept
    try:
        set_script_prefix("/kompas/")  # Kompas served below a path of the zone's site
        assert url("front:home") == "/kompas/" == reverse("front:home")
    finally:
        set_script_prefix("/")
    assert url("front:home") == "/"
    with pytest.raises(NoReverseMatch):
        url("accounts:person")  # a missing argument is an error, as with Django's tag


def test_a_cached_fragment_is_written_once_per_key_and_language(settings) -> None:
    from django.utils import translation

    # A cache of this test's own: other tests running beside it empty the shared one.
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    source = '{% cache 60, "t", key %}{{ n }}{% endcache %}'
    assert jinja(source, key=1, n="first") == "first"
    assert jinja(source, key=1, n="second") == "first"  # kept
    assert jinja(source, key=2, n="second") == "second"  # another key
    with translation.override("fr"):
        assert jinja(source, key=1, n="third") == "third"  # another language


def test_one_page_engine_compiles_each_template_once_per_process() -> None:
    """Jinja2 keeps what it compiled (auto_reload only follows DEBUG); forms are written by
    Django's form renderer with the same engines, from Django's Jinja2 form templates."""
    from django.conf import settings
    from django.template import engines

    env = engines["jinja2"].env  # type: ignore[attr-defined]
    assert env.auto_reload is False
    assert env.get_template("base.html") is env.get_template("base.html")
    assert settings.FORM_RENDERER == "django.forms.renderers.TemplatesSetting"
    from django.forms.renderers import TemplatesSetting

    field = TemplatesSetting().get_template("django/forms/field.html")
    assert type(field).__module__ == "django.template.backends.jinja2"


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_numbers_and_dates_are_written_as_django_writes_them(language: str) -> None:
    from datetime import date, datetime
    from decimal import Decimal

    from django.utils import translation

    for value in (Decimal("12.50"), 12.5, 1000, True, date(2026, 3, 1), datetime(2026, 3, 1, 9)):
        with translation.override(language):
            expected = django("{{ v }}", v=value)
            assert jinja("{{ v }}", v=value) == expected, value


@pytest.mark.parametrize("grouping", [False, True])
@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_whole_numbers_are_written_as_django_writes_them(language: str, grouping, settings) -> None:
    from django.utils import translation

    settings.USE_THOUSAND_SEPARATOR = grouping
    for value in (0, 7, -3, 999, 1000, -12345, 1234567, 10**12):
        with translation.override(language):
            assert jinja("{{ v }}", v=value) == django("{{ v }}", v=value), value


def test_django_s_form_templates_write_numbers_as_html_reads_them() -> None:
    from decimal import Decimal

    from django import forms
    from django.utils import translation

    class Form(forms.Form):
        amount = forms.DecimalField(min_value=Decimal("0.5"), decimal_places=2)

    with translation.override("nl"):
        html = str(Form(initial={"amount": Decimal("12.50")})["amount"])
    assert 'min="0.5"' in html and 'step="0.01"' in html and 'value="12.50"' in html
