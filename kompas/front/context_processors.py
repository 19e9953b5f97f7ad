"""The navigation: each person sees only what their roles allow (asked of kompas.permissions)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# (label, url name, permission); the permission is asked of the person signed in.
NAVIGATION = [
    (_("Home"), "front:home", None),
    (_("Report"), "reporting:new", "reporting.report"),
    (_("Gifts"), "registers:mine", "registers.declare"),
    (_("Compass"), "compass:compass", "compass.view"),
    (_("Trainings"), "compass:trainings", "compass.facilitate"),
    (_("Risks"), "risks:analyses", "risks.view"),
    (_("Action plan"), "plans:plan", "plans.view"),
    (_("Dashboard"), "insights:dashboard", "insights.view_dashboard"),
    (_("Cases"), "reporting:cases", "reporting.handle_cases"),
    (_("Reveal requests"), "reporting:reveal_requests", "reporting.approve_reveals"),
    (_("Register"), "reporting:register", "reporting.view_register"),
    (_("Registers overview"), "registers:overview", "registers.view_overview"),
    (_("Registers per year"), "registers:yearly", "registers.view_yearly"),
    (_("Organisation"), "accounts:organisation", "accounts.view_organisation"),
    (_("People"), "accounts:people", "accounts.manage_people"),
    (_("Audit log"), "audit:log", "audit.view_log"),
]

HTML_LANG = {"nl": "nl-BE", "fr": "fr-BE", "en": "en"}


@lru_cache(maxsize=64)
def _url(name: str, prefix: str) -> str:
    # The URLs of the menu never change while the server runs (per script prefix).
    return reverse(name)


# The menu of each set of roles, per script prefix (few: the zone's combinations of roles).
_MENUS: dict[tuple[frozenset[str], str], tuple[tuple[Any, str], ...]] = {}


def _menu(person: Any, prefix: str) -> tuple[tuple[Any, str], ...]:
    """The menu items of an active member with these roles. Every permission of the menu is a
    page-level check that asks only whether the person is an active member and which roles
    they hold (kompas.permissions; a test compares this with asking each time, for everyone),
    so it is worked out once per set of roles."""
    key = (frozenset(person.roles), prefix)
    menu = _MENUS.get(key)
    if menu is None:
        if len(_MENUS) > 512:
            _MENUS.clear()
        menu = _MENUS[key] = tuple(
            (label, _url(name, prefix))
            for label, name, perm in NAVIGATION
            if perm is None or person.has_perm(perm)
        )
    return menu


def navigation(request: HttpRequest) -> dict[str, Any]:
    user: Any = getattr(request, "user", None)
    menu: tuple[tuple[Any, str], ...] = ()
    # Until the second factor is done, a holder of a sensitive role gets no menu at all.
    if (
        user is not None
        and user.is_authenticated
        and user.is_active
        and (user.is_verified() or not user.needs_second_factor)
    ):
        menu = _menu(user, get_script_prefix())
    path = request.path
    items = [{"label": label, "url": url, "current": path == url} for label, url in menu]
    language = getattr(request, "LANGUAGE_CODE", "nl")
    active = get_language()
    return {
        "nav_items": items,
        "languages": [
            {"code": code, "name": name, "current": code == active}
            for code, name in settings.LANGUAGES
        ],
        "html_lang": HTML_LANG.get(language, language),
    }
