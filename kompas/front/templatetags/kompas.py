"""Template tags and filters every page has without loading them (`builtins` in the settings).

Django's i18n tags and filters are among them, so pages never `{% load i18n %}` (which would
put Django's own back in place of the kept `{% translate %}` below; a test checks that no
template does)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template import engines
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.templatetags import i18n as django_i18n
from django.templatetags.static import static
from django.urls import NoReverseMatch
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from kompas.lib.dates import shown_day, shown_moment
from kompas.lib.jinja import kept_reverse, request_values

register = template.Library()
register.tags.update(django_i18n.register.tags)
register.filters.update(django_i18n.register.filters)


@register.filter(expects_localtime=True)
def day(value: Any) -> str:
    """A date as the zone writes it, 29/11/2026 (kompas.lib.dates); a time in local time."""
    return shown_day(value)


@register.filter(expects_localtime=True)
def moment(value: Any) -> str:
    """A time as the zone writes it, 29/11/2026 14:05, in the zone's time zone."""
    return shown_moment(value)


class _KeptURLNode(URLNode):
    """Django's {% url %}, with the address kept per name and arguments (kept_reverse)."""

    def render(self, context: template.Context) -> str:
        args = tuple(arg.resolve(context) for arg in self.args)
        kwargs = tuple(sorted((k, v.resolve(context)) for k, v in self.kwargs.items()))
        view_name = self.view_name.resolve(context)
        try:
            current_app = context.request.current_app  # type: ignore[attr-defined]
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace  # type: ignore[attr-defined]
            except AttributeError:
                current_app = None
        address = ""
        try:
            address = kept_reverse(view_name, args, kwargs, current_app)
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = address
            return ""
        return conditional_escape(address) if context.autoescape else address


@register.tag
def url(parser: template.base.Parser, token: template.base.Token) -> URLNode:
    """Django's {% url %} tag (same syntax), with addresses kept (see _KeptURLNode)."""
    node = django_url(parser, token)
    node.__class__ = _KeptURLNode
    return node


@register.simple_tag
def asset(path: str) -> str:
    """Django's {% static %} for the page shell, each address worked out once (the manifest of
    the collected files does not change while the server runs)."""
    return _asset(path)


@lru_cache(maxsize=64)
def _asset(path: str) -> str:
    return static(path)


@receiver(setting_changed)
def _forget_assets(*, setting: str, **kwargs: Any) -> None:
    if setting in ("STORAGES", "STATIC_URL", "STATIC_ROOT"):
        _asset.cache_clear()


@register.simple_tag(takes_context=True)
def jinja(context: template.Context, template_name: str, **more: Any) -> SafeString:
    """A part of a page written by a Jinja2 template (kompas.lib.jinja) with the page's context
    (and ``more`` values, as `{% include ... with %}` gives): the rows of a long table
    (`{% rows %}`), or the body of a page that writes many values, which Django's engine
    writes at some ten times the cost. That template escapes every value itself (autoescape
    on, tested)."""
    engine = engines["jinja2"]
    values: dict[str, Any] = context.flatten()  # type: ignore[assignment]
    values.update(more)
    for helper in engine.env.globals:  # type: ignore[attr-defined]
        values.pop(helper, None)  # a page's own `url` or `_` never hides the helpers
    values.update(request_values())
    request = context.get("request")
    token = context.get("csrf_token")  # the page's own (Django's context processor)
    if request is None or token is None:
        written = engine.get_template(template_name).render(values, request=request)
        return mark_safe(written)  # noqa: S308  # nosec B308, B703
    # Django's Jinja2 backend would mask the CSRF secret afresh for every form the part writes
    # (32 random characters each, seven times on a case's page); the page's one token serves
    # every form of the page, as it does in the Django templates around it.
    values["request"] = request
    values["csrf_token"] = token = str(token)
    values["csrf_input"] = format_html(
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token
    )
    written = engine.get_template(template_name).template.render(values)  # type: ignore[attr-defined]
    return mark_safe(written)  # noqa: S308  # nosec B308, B703


register.simple_tag(jinja, takes_context=True, name="rows")


# {% translate "a constant" %}, kept per language and escaping: the catalogues do not change
# while the server runs, and a page has dozens of such texts, each some 30 calls to write.
_KEPT: dict[tuple[str | None, str, bool], str] = {}


class _KeptTranslateNode(django_i18n.TranslateNode):
    def render(self, context: template.Context) -> str:
        key = (get_language(), self.filter_expression.var.literal, context.autoescape)
        written = _KEPT.get(key)
        if written is None:
            if len(_KEPT) > 20_000:
                _KEPT.clear()
            written = _KEPT[key] = super().render(context)
        return written


@register.tag("translate")
@register.tag("trans")
def translate(parser: template.base.Parser, token: template.base.Token) -> template.Node:
    """Django's {% translate %}; a constant text without `noop`, `context` or `as` is kept."""
    node: Any = django_i18n.do_translate(parser, token)
    expression = node.filter_expression
    if (
        not node.noop
        and node.asvar is None
        and node.message_context is None
        and not expression.filters
        and isinstance(getattr(expression.var, "literal", None), str)
    ):
        node.__class__ = _KeptTranslateNode
    return node
