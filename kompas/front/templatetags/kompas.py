"""The zone's way of writing days and moments, a filter every page has without loading it
(`builtins` in the settings, beside Django's own i18n and static tags)."""

from __future__ import annotations

from typing import Any

from django import template

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
