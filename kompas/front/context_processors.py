"""The navigation: each person sees only what their roles allow (asked of kompas.permissions).

The main menu has at most seven items, named after what people come to do: the home page, then
groups of pages (report, the registers, the compass and its trainings, cases, risks and plans,
administration). A group shows when its person may open at least one of its pages, and lists only
those; a group of one page is that page's link. Deny by default: a page without a permission
that allows it is not in anyone's menu.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import get_script_prefix
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kompas.front import environment

# A page of the menu: (label, url name, permission or permissions, any of which opens it; None
# for every signed-in member).
Item = tuple[Any, str, str | tuple[str, ...] | None]

# (key, label, pages): the groups of the main menu, in the order shown; seven at most.
NAVIGATION: list[tuple[str, Any, list[Item]]] = [
    ("home", _("Home"), [(_("Home"), "front:home", None)]),
    (
        "report",
        _("Report"),
        [
            (_("Report, ask for advice or congratulate"), "reporting:new", "reporting.report"),
            (_("Follow up a report"), "reporting:follow_up", "reporting.report"),
        ],
    ),
    (
        "registers",
        _("Registers"),
        [
            (_("My declarations"), "registers:mine", "registers.declare"),
            (_("Declare a gift or invitation"), "registers:gift_new", "registers.declare"),
            (_("Declare a side activity"), "registers:side_new", "registers.declare"),
            (
                _("Signal a possible conflict of interest"),
                "registers:conflict_new",
                "registers.declare",
            ),
            (
                _("Registers overview"),
                "registers:overview",
                ("registers.view_overview", "registers.view_yearly"),
            ),
            (_("Rules of the registers"), "registers:rules", "registers.configure"),
        ],
    ),
    (
        "compass",
        _("Compass & trainings"),
        [
            (_("Our ethical compass"), "compass:compass", "compass.view"),
            (_("Dilemma library"), "compass:library", "compass.view"),
            (_("Dilemma decision aid"), "compass:aid_list", "compass.view"),
            (_("Conversation guides"), "compass:guides", "compass.view"),
            (_("Propose a dilemma"), "compass:propose", "compass.propose_dilemma"),
            (_("Proposed dilemmas"), "compass:proposals", "compass.review_dilemmas"),
            (_("Dilemma trainings"), "compass:trainings", "compass.facilitate"),
            (
                _("Dilemma sessions per service"),
                "compass:training_stats",
                "compass.view_training_stats",
            ),
        ],
    ),
    (
        "cases",
        _("Cases"),
        [
            (_("Cases"), "reporting:cases", "reporting.handle_cases"),
            (_("Record an oral report"), "reporting:record_oral", "reporting.record_oral"),
            (
                _("Requests to reveal an identity"),
                "reporting:reveal_requests",
                "reporting.approve_reveals",
            ),
            (_("Register of reports"), "reporting:register", "reporting.view_register"),
        ],
    ),
    (
        "risks",
        _("Risks & plans"),
        [
            (_("Integrity risk analyses"), "risks:analyses", "risks.view"),
            (_("Heat map of uncovered risks"), "risks:heat_map", "risks.weigh"),
            (_("Reviews due"), "risks:reviews", "risks.weigh"),
            (_("Multi-year plan"), "risks:plan", "risks.view"),
            (_("Integrity action plan"), "plans:plan", "plans.view"),
            (_("Integrity questions for selection"), "plans:questions", "plans.view_questions"),
            (_("M-team dashboard"), "insights:dashboard", "insights.view_dashboard"),
        ],
    ),
    (
        "admin",
        _("Administration"),
        [
            (_("People"), "accounts:people", "accounts.manage_people"),
            (_("Organisation"), "accounts:organisation", "accounts.view_organisation"),
            (_("Audit log"), "audit:log", "audit.view_log"),
            (_("Records of processing"), "privacy:records", "privacy.view_records"),
            (_("What the registers hold"), "privacy:holdings", "privacy.view_holdings"),
            (_("Retention periods"), "retention:settings", "retention.view_settings"),
            (_("Data-subject requests"), "privacy:requests", "privacy.handle_requests"),
            (_("API tokens"), "api:tokens", "api.manage_tokens"),
            (_("Sign-in through the provider"), "sso:choices", "sso.manage"),
        ],
    ),
]

HTML_LANG = {"nl": "nl-BE", "fr": "fr-BE", "en": "en"}


def may_open(person: Any, perm: str | tuple[str, ...] | None) -> bool:
    """Whether a menu page is for this person: any of its permissions (None: every member)."""
    if perm is None:
        return True
    if isinstance(perm, str):
        return bool(person.has_perm(perm))
    return any(person.has_perm(one) for one in perm)


Menu = tuple[tuple[str, Any, tuple[tuple[Any, str], ...]], ...]

# The menu of each set of roles, per script prefix (few: the zone's combinations of roles).
_MENUS: dict[tuple[frozenset[str], str, str | None], Menu] = {}


def _menu(person: Any, prefix: str) -> Menu:
    """The menu of an active member with these roles: its groups, each with the pages the person
    may open (a group without any is left out). Every permission of the menu is a page-level
    check that asks only whether the person is an active member and which roles they hold
    (kompas.permissions; a test compares this with asking each time, for everyone), so it is
    worked out once per set of roles and language, its labels translated then."""
    key = (frozenset(person.roles), prefix, get_language())
    menu = _MENUS.get(key)
    if menu is None:
        if len(_MENUS) > 512:
            _MENUS.clear()
        groups = []
        for group, label, pages in NAVIGATION:
            shown = tuple(
                (str(page), environment.url(name))
                for page, name, perm in pages
                if may_open(person, perm)
            )
            if shown:
                groups.append((group, str(label), shown))
        menu = _MENUS[key] = tuple(groups)
    return menu


@lru_cache(maxsize=8)
def _language_names(active: str | None) -> tuple[tuple[str, str], ...]:
    """The interface's languages with their names in the active language, translated once."""
    return tuple((code, str(name)) for code, name in settings.LANGUAGES)


def _in_group(path: str, urls: list[str]) -> bool:
    """Whether a page lies in a group: it is one of the group's pages or below one of them
    (the home page is only itself)."""
    return any(path == url or (url != "/" and path.startswith(url)) for url in urls)


def navigation(request: HttpRequest) -> dict[str, Any]:
    user: Any = getattr(request, "user", None)
    menu: Menu = ()
    # Until the second factor is done, a holder of a sensitive role gets no menu at all.
    if (
        user is not None
        and user.is_authenticated
        and user.is_active
        and (user.is_verified() or not user.needs_second_factor)
    ):
        menu = _menu(user, get_script_prefix())
    path = request.path
    groups = []
    for key, label, pages in menu:
        urls = [url for _label, url in pages]
        groups.append(
            {
                "key": key,
                "label": label,
                "current": _in_group(path, urls),
                "pages": [
                    {"label": page, "url": url, "current": path == url} for page, url in pages
                ],
            }
        )
    language = getattr(request, "LANGUAGE_CODE", "nl")
    active = get_language()
    return {
        "nav_groups": groups,
        "languages": [
            {"code": code, "name": name, "current": code == active}
            for code, name in _language_names(active)
        ],
        "html_lang": HTML_LANG.get(language, language),
    }
