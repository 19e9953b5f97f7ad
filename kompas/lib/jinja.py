"""Jinja2 for the rows of long tables and the bodies of busy pages.

Pages are Django templates. A page's long table (50 cases, declarations or log entries a page)
costs Django's template engine some 10 µs a value, most of the page's time; its rows are
written by a Jinja2 template instead (`{% rows "app/x_rows.html" %}` in the page), which does the
same at a twentieth of the cost. The body of a page that writes many values (a case) is written
the same way (`{% jinja "app/x_body.html" %}`); the page's shell stays Django's. Escaping is on,
an unknown name is an error (never a silently empty cell), and the helpers are those of the
pages: `_()` and `ngettext()` from Django's catalogues, `url()`, `csrf_input`, and the `day`,
`moment`, `time`, `yesno`, `linebreaksbr` and `filesize` filters (Django's own).

`make messages` finds a text in these templates only when it is written `_("a constant")`
(Django's own extraction): values go in with the format filter, as in
`{{ _("from %(day)s")|format(day=row.purge_on|day) }}`.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any

from django.template.defaultfilters import filesizeformat, linebreaksbr
from django.template.defaultfilters import time as django_time
from django.template.defaultfilters import yesno as django_yesno
from django.urls import get_script_prefix, reverse
from django.utils import translation
from django.utils.timezone import template_localtime  # type: ignore[attr-defined]
from jinja2 import BaseLoader, Environment, StrictUndefined, pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

from kompas.lib.dates import shown_day, shown_moment

# What every row would otherwise ask Django again (each a lookup in a request-local store, a
# few µs): the script prefix and the language of this request, written into the template's
# values once by the tag that writes it (`{% rows %}`, `{% jinja %}`; see `request_values`).
PREFIX, LANGUAGE = "kompas_script_prefix", "kompas_language"


def request_values() -> dict[str, Any]:
    return {PREFIX: get_script_prefix(), LANGUAGE: translation.get_language()}


def url(name: str, *args: Any, prefix: str | None = None) -> str:
    """A page's address, as Django's `{% url %}` writes it (see `kept_reverse`); ``prefix``:
    the script prefix, if known."""
    if len(args) == 1 and type(args[0]) in _PLAIN:  # a row's one number or text: kept at once
        return _reverse(name, args, (), None, prefix or get_script_prefix())
    return kept_reverse(name, args)


@pass_context
def _url_in(context: Context, name: str, *args: Any) -> str:
    """`url()` in a template: the script prefix from its values."""
    return url(name, *args, prefix=context.parent.get(PREFIX))


_PLAIN = (int, str)


def kept_reverse(
    name: str,
    args: tuple[Any, ...] = (),
    kwargs: tuple[tuple[str, Any], ...] = (),
    current_app: str | None = None,
) -> str:
    """Django's reverse(), kept per name, arguments and script prefix: the URL patterns do not
    change while the server runs, and the rows of a long table name one address per row (a
    case, a person), each of which Django works out afresh (about 20 µs). Only plain numbers
    and texts are kept as arguments; anything else is reversed every time."""
    if all(type(a) in (int, str) for a in args) and all(type(v) in (int, str) for _k, v in kwargs):
        return _reverse(name, args, kwargs, current_app, get_script_prefix())
    return reverse(name, args=args or None, kwargs=dict(kwargs) or None, current_app=current_app)


@lru_cache(maxsize=8192)
def _reverse(
    name: str,
    args: tuple[Any, ...],
    kwargs: tuple[tuple[str, Any], ...],
    current_app: str | None,
    prefix: str,
) -> str:
    return reverse(name, args=args or None, kwargs=dict(kwargs) or None, current_app=current_app)


def local_day(value: Any) -> str:
    """The `day` filter of the pages, a time first put in the zone's time zone as they do."""
    if type(value) is date:  # a day has no time zone to put it in
        return shown_day(value)
    return shown_day(template_localtime(value))


def yesno(value: Any, language: str | None = None) -> str:
    """Django's `yesno` filter without an argument, its three words translated once per
    language instead of on every row."""
    language = language or translation.get_language()
    words = _YES_NO.get(language)
    if words is None:
        said = str(django_yesno(True)), str(django_yesno(False)), str(django_yesno(None))
        words = _YES_NO[language] = said
    return words[2] if value is None else words[0] if value else words[1]


_YES_NO: dict[str | None, tuple[str, str, str]] = {}


@pass_context
def _yesno_in(context: Context, value: Any) -> str:
    """`yesno` in a template: the language from its values."""
    return yesno(value, context.parent.get(LANGUAGE))


def local_moment(value: Any) -> str:
    return shown_moment(template_localtime(value))


def local_time(value: Any, format: str | None = None) -> str:
    """Django's `time` filter, the time first put in the zone's time zone as the pages do."""
    return str(django_time(template_localtime(value), format))


def environment(**options: Any) -> Environment:
    options["undefined"] = StrictUndefined
    options.pop("autoescape", None)  # always on, whatever the settings say
    env = Environment(autoescape=True, extensions=["jinja2.ext.i18n"], **options)
    env.install_gettext_callables(  # type: ignore[attr-defined]
        translation.gettext, translation.ngettext, newstyle=False
    )
    env.globals["url"] = _url_in
    env.filters["day"] = local_day
    env.filters["moment"] = local_moment
    env.filters["yesno"] = _yesno_in
    env.filters["linebreaksbr"] = linebreaksbr  # escapes, then marks safe, as in the pages
    env.filters["filesize"] = filesizeformat  # Django's words and units, not Jinja's
    env.filters["time"] = local_time
    return env


# The option templates that the form templates write in their loop instead of including.
_INLINE_OPTIONS = frozenset(
    f"django/forms/widgets/{name}_option.html" for name in ("input", "radio", "checkbox")
)


def attrs(values: dict[str, Any]) -> Markup:
    """A widget's attributes as Django's attrs.html writes them: False leaves one out, True
    writes the bare name, anything else is escaped (a template include per widget and option
    cost more than the rest of the field)."""
    parts = []
    for name, value in values.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {escape(name)}")
        else:
            parts.append(f' {escape(name)}="{escape(value)}"')
    # Every name and value above went through escape().
    return Markup("".join(parts))  # noqa: S704  # nosec B704


# Django's widget templates that only include another one, answered with that one's source.
_INPUTS = "checkbox color date datetime email file hidden number password search tel text time url"
_SAME_AS = {
    **{
        f"django/forms/widgets/{n}.html": "django/forms/widgets/input.html" for n in _INPUTS.split()
    },
    **{
        f"django/forms/widgets/{n}_option.html": "django/forms/widgets/input_option.html"
        for n in ("radio", "checkbox")
    },
    **{
        f"django/forms/widgets/{n}.html": "django/forms/widgets/multiple_input.html"
        for n in ("radio", "checkbox_select")
    },
}


class _SameAs(BaseLoader):
    def __init__(self, loader: BaseLoader) -> None:
        self.loader = loader

    def get_source(self, environment: Environment, template: str) -> Any:
        return self.loader.get_source(environment, _SAME_AS.get(template, template))


def form_environment(**options: Any) -> Environment:
    """Django's form templates, ours first (kompas/lib/form_templates: the same HTML with the
    attribute and option includes written in place, and a widget template that only includes
    another answered with that one). Undefined stays quietly empty here, as Django's templates
    expect (`widget.attrs.class` of a widget without one)."""
    options.pop("autoescape", None)
    options["loader"] = _SameAs(options["loader"])
    env = Environment(autoescape=True, **options)
    env.filters["attrs"] = attrs
    env.globals["inline_options"] = _INLINE_OPTIONS
    return env
