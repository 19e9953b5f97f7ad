"""The navigation: each person sees only what their roles allow (asked of kompas.permissions)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.http import HttpRequest
from django.urls import get_script_prefix, reverse
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


def navigation(request: HttpRequest) -> dict[str, Any]:
    user: Any = getattr(request, "user", None)
    items = []
    # Until the second factor is done, a holder of a sensitive role gets no menu at all.
    if (
        user is not None
        and user.is_authenticated
        and (user.is_verified() or not user.needs_second_factor)
    ):
        for label, name, perm in NAVIGATION:
            if perm is None or user.has_perm(perm):
                url = _url(name, get_script_prefix())
                items.append({"label": label, "url": url, "current": request.path == url})
    language = getattr(request, "LANGUAGE_CODE", "nl")
    return {"nav_items": items, "html_lang": HTML_LANG.get(language, language)}
