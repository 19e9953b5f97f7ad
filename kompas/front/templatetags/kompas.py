"""Template tags and filters every page has without loading them (`builtins` in the settings):
Django's own i18n tags and filters, and the zone's way of writing days and moments."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags import i18n as django_i18n
from django.templatetags.static import static

from kompas.lib.dates import shown_day, shown_moment

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
