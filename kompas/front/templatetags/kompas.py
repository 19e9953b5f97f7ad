"""Template filters every page has without loading them (`builtins` in the settings)."""

from __future__ import annotations

from typing import Any

from django import template
from django.template import engines
from django.utils.safestring import SafeString, mark_safe

from kompas.lib.dates import shown_day, shown_moment

register = template.Library()


@register.filter(expects_localtime=True)
def day(value: Any) -> str:
    """A date as the zone writes it, 29/11/2026 (kompas.lib.dates); a time in local time."""
    return shown_day(value)


@register.filter(expects_localtime=True)
def moment(value: Any) -> str:
    """A time as the zone writes it, 29/11/2026 14:05, in the zone's time zone."""
    return shown_moment(value)


@register.simple_tag(takes_context=True)
def rows(context: template.Context, template_name: str) -> SafeString:
    """The rows of a long table, written by a Jinja2 template (kompas.lib.jinja) with the page's
    context. That template escapes every value itself (autoescape on, tested)."""
    engine = engines["jinja2"]
    values: dict[str, Any] = context.flatten()  # type: ignore[assignment]
    for helper in engine.env.globals:  # type: ignore[attr-defined]
        values.pop(helper, None)  # a page's own `url` or `_` never hides the helpers
    written = engine.get_template(template_name).render(values, request=context.get("request"))
    return mark_safe(written)  # noqa: S308  # nosec B308, B703
