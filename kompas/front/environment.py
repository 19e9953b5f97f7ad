"""The Jinja2 environment every page is written with (Django's `Jinja2` backend, settings'
TEMPLATES): Django's URLs, static files, translations and the few Django filters the pages use.

Why Jinja2 and not Django's template language: measured in `make bench` (docs/performance.md),
Django's engine spent about 10 µs on each value a page shows, most of the time of the longest
pages; Jinja2 compiles a template into Python once per process. It is the only engine: forms are
written by Django's form renderer from Django's own Jinja2 form templates (`TemplatesSetting`).

Differences from Django templates that matter when writing a page:
- a method is called with `()` (`form.kind.as_field_group()`, `page.has_next()`), a URL is
  `url("app:name", arg)`, a static file `static("path")`, a form's token `csrf_input`;
- texts are `_("...")` (`pgettext`, `ngettext` too) or `{% trans %}...{% endtrans %}`: the same
  catalogues, the same msgids (`%(name)s` placeholders) as Django's tags;
- every value is escaped (autoescape), translated texts are not; an unknown name renders empty;
  numbers and dates are written in the reader's language, as Django's templates do (`shown`);
- `{% cache seconds, "name", key, ... %}...{% endcache %}` keeps a fragment in Django's cache.
"""

from __future__ import annotations

import datetime
import decimal
import hashlib
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.template import defaultfilters
from django.templatetags.static import static
from django.urls import get_script_prefix, reverse
from django.utils import formats, timezone, translation
from django.utils.html import format_html
from jinja2 import Environment, nodes, pass_context
from jinja2.ext import Extension
from jinja2.parser import Parser
from jinja2.runtime import Context
from markupsafe import Markup

from kompas.lib.dates import shown_day, shown_moment


def url(name: str, *args: Any, **kwargs: Any) -> str:
    """`{% url %}`: the path of a named URL."""
    if kwargs:  # named arguments (a password-reset link's token) are never kept
        return reverse(name, kwargs=kwargs)
    try:
        return _reversed(name, args, get_script_prefix())
    except TypeError:  # an argument that is not hashable: not kept
        return reverse(name, args=args or None)


@lru_cache(maxsize=8192, typed=True)
def _reversed(name: str, args: tuple, prefix: str) -> str:
    """A URL reversed once per process for the same name, positional arguments (of the same
    types) and script prefix: the URLconf does not change while the server runs, and Django's
    `reverse` took some 30 µs a link (35 links on a short page, 50 rows of a list; measured,
    docs/performance.md)."""
    return reverse(name, args=args or None)


def querystring(request: Any, **changes: Any) -> str:
    """`{% querystring %}`: the current query string with some keys changed (None drops one)."""
    query = request.GET.copy()
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


def _local(value: Any) -> Any:
    """A moment in the current time zone, as Django's filters with `expects_localtime` get it."""
    if hasattr(value, "tzinfo") and hasattr(value, "hour") and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def day(value: Any) -> str:
    """A date as the zone writes it, 29/11/2026 (kompas.lib.dates); a time in local time."""
    return shown_day(_local(value))


def moment(value: Any) -> str:
    """A time as the zone writes it, 29/11/2026 14:05, in the zone's time zone."""
    return shown_moment(_local(value))


def date(value: Any, arg: str | None = None) -> str:
    """Django's `date` filter (in local time)."""
    return defaultfilters.date(_local(value), arg)


def time(value: Any, arg: str | None = None) -> str:
    """Django's `time` filter (in local time)."""
    return defaultfilters.time(_local(value), arg)


def linebreaksbr(value: Any) -> str:
    """Django's `linebreaksbr`: the text escaped, its line breaks as <br> (a SafeString,
    which Jinja2 does not escape again)."""
    return defaultfilters.linebreaksbr(value, autoescape=True)  # type: ignore[no-any-return]


def paragraphs(value: Any) -> str:
    """Django's `linebreaks`: the text escaped, in paragraphs (a SafeString)."""
    return defaultfilters.linebreaks_filter(value, autoescape=True)  # type: ignore[no-any-return]


def yesno(value: Any, arg: str | None = None) -> str:
    return str(defaultfilters.yesno(value, arg))


def truncatechars(value: Any, length: int) -> str:
    return defaultfilters.truncatechars(value, length)  # type: ignore[no-any-return]


def filesizeformat(value: Any) -> str:
    """Django's file sizes (in the reader's language), not Jinja2's."""
    return defaultfilters.filesizeformat(value)  # type: ignore[no-any-return]


class FragmentCache(Extension):
    """`{% cache 300, "name", key1, key2 %}...{% endcache %}`: Django's `{% cache %}` tag for
    Jinja2, a fragment kept in Django's shared cache for that many seconds under its name and
    keys (with the language: a fragment is written in one). After Jinja2's own example."""

    tags = {"cache"}

    def parse(self, parser: Parser) -> nodes.Node:
        lineno = next(parser.stream).lineno
        args = [parser.parse_expression()]
        while parser.stream.skip_if("comma"):
            args.append(parser.parse_expression())
        body = parser.parse_statements(("name:endcache",), drop_needle=True)
        return nodes.CallBlock(
            self.call_method("_cached", [nodes.List(args)]), [], [], body
        ).set_lineno(lineno)

    def _cached(self, args: list[Any], caller: Any) -> str:
        seconds, name, *keys = args
        # The fragment's links are written below the script prefix, its texts in a language.
        parts = (*(str(key) for key in keys), translation.get_language() or "", get_script_prefix())
        digest = hashlib.md5(repr(parts).encode(), usedforsecurity=False).hexdigest()
        key = f"kompas:fragment:{name}:{digest}"
        kept = cache.get(key)
        if kept is None:
            kept = str(caller())
            cache.set(key, kept, seconds)
        # What our own template wrote, every value escaped when it was written.
        return Markup(kept)  # noqa: S704  # nosec B704


@pass_context
def shown(context: Context, value: Any) -> Any:
    """What `{{ value }}` writes, as Django's templates write it: numbers and dates in the
    reader's language (12,50 in Dutch and French), moments in the zone's time zone. Django's
    own form templates are left as Django wrote them (a `min="0.5"` stays a number HTML reads)."""
    if isinstance(value, str) or value is None or isinstance(value, bool):
        return value
    if type(value) is int and not settings.USE_THOUSAND_SEPARATOR:
        # What Django writes for a whole number without grouping (its own shortcut in
        # numberformat.format), without first looking up three formats of the language: the
        # dashboard's and statistics' figures spent a fifth of their time there.
        return str(value)
    if context.name and context.name.startswith("django/forms/"):
        return value
    if isinstance(value, datetime.datetime):
        value = _local(value)
    if isinstance(value, (int, float, decimal.Decimal, datetime.date, datetime.time)):
        return formats.localize(value)
    return value


# Jinja2's "new style" gettext (its i18n extension, `newstyle=True`): a text is marked safe (what
# a translator wrote is not escaped) and always formatted with its named values, which are
# escaped. Jinja2's own callables do this through two context lookups per text (`_` resolves
# `gettext` in the render's context, which calls Django's gettext through the context again, to
# honour a per-render `gettext` and autoescape setting); these call Django's directly, as every
# page here autoescapes and none passes its own gettext. A page writes 60 to 90 texts: each
# cost 10 µs through Jinja2's callables, 4.7 µs through these (docs/performance.md).
def gettext(message: str, /, **variables: Any) -> Markup:
    return Markup(translation.gettext(message)) % variables  # noqa: S704  # nosec B704


def ngettext(singular: str, plural: str, number: int, /, **variables: Any) -> Markup:
    variables.setdefault("num", number)
    return Markup(translation.ngettext(singular, plural, number)) % variables  # noqa: S704  # nosec B704


def pgettext(context: str, message: str, /, **variables: Any) -> Markup:
    variables.setdefault("context", context)
    return Markup(translation.pgettext(context, message)) % variables  # noqa: S704  # nosec B704


def npgettext(context: str, singular: str, plural: str, number: int, /, **variables: Any) -> Markup:
    variables.setdefault("context", context)
    variables.setdefault("num", number)
    translated = translation.npgettext(context, singular, plural, number)
    return Markup(translated) % variables  # noqa: S704  # nosec B704


def environment(**options: Any) -> Environment:
    options.setdefault("finalize", shown)
    options.pop("autoescape", None)  # always on, whatever the settings say
    env = Environment(autoescape=True, **options)
    # Compiles `{% trans %}` blocks in the new style; the callables are then the ones above.
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext, ngettext, newstyle=True, pgettext=pgettext, npgettext=npgettext
    )
    env.globals.update(
        _=gettext, gettext=gettext, ngettext=ngettext, pgettext=pgettext, npgettext=npgettext
    )
    # format_html: Django's form field template (kompas/jinja2/django/forms/field.html) writes
    # a label with its suffix as BoundField.label_tag does.
    env.globals.update(url=url, static=static, querystring=querystring, format_html=format_html)
    env.filters.update(
        day=day,
        moment=moment,
        date=date,
        time=time,
        linebreaksbr=linebreaksbr,
        linebreaks=paragraphs,
        yesno=yesno,
        truncatechars=truncatechars,
        filesizeformat=filesizeformat,
    )
    return env
