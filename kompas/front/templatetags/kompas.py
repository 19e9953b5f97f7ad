"""Template tags and filters every page has without loading them (`builtins` in the settings):
Django's own i18n tags and filters, and the zone's way of writing days and moments."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template import engines
from django.templatetags import i18n as django_i18n
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from kompas.lib.dates import shown_day, shown_moment
from kompas.lib.jinja import request_values

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
