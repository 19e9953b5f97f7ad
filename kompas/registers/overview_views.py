"""The overview of the registers: one page, one tab per view of the zone's registers.

Gifts and invitations, side activities and conflicts of interest (filtered lists with exports,
for the integrity officer), the counts per service and year (M-team and chief) and the patterns
across the registers (integrity officer). The tabs are links: only the tab asked for is worked out
and written, so a tab costs what its page cost alone. The addresses of the former pages
(`yearly/`, `overview/patterns/`) send to their tab.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kompas.audit.services import record
from kompas.lib.dates import shown_day
from kompas.lib.http import AuthenticatedHttpRequest
from kompas.lib.ids import whole_number
from kompas.lib.paging import page_of
from kompas.lib.urls import addresses
from kompas.registers.forms import OverviewForm
from kompas.registers.models import ConflictSignal, GiftDeclaration, SideActivity

# (tab, label, the permission that opens it), in the order the page shows them.
TABS = (
    ("gifts", gettext_lazy("Gifts and invitations"), "registers.view_overview"),
    ("side", gettext_lazy("Side activities"), "registers.view_overview"),
    ("conflicts", gettext_lazy("Conflicts of interest"), "registers.view_overview"),
    ("yearly", gettext_lazy("Per service and year"), "registers.view_yearly"),
    ("patterns", gettext_lazy("Patterns"), "registers.view_overview"),
)
LISTS = ("gifts", "side", "conflicts")


def tabs_for(person: Any) -> list[tuple[str, Any]]:
    """The tabs this person may open (deny by default: none, and the page is refused)."""
    return [(tab, label) for tab, label, perm in TABS if person.has_perm(perm)]


@login_required
def overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    person = request.user
    tabs = tabs_for(person)
    if not tabs:
        raise PermissionDenied
    opened = dict(tabs)
    tab = request.GET.get("register", "")
    if tab not in opened:
        if any(tab == known for known, _label, _perm in TABS):
            raise PermissionDenied  # a tab that exists, not for this person
        tab = tabs[0][0]
    context: dict[str, Any] = {"tabs": tabs, "register": tab, "tab_label": opened[tab]}
    if tab == "yearly":
        context |= _yearly(request)
    elif tab == "patterns":
        context |= _patterns(request)
    else:
        listed = _listed(request, tab)
        if isinstance(listed, HttpResponse):
            return listed  # an export
        context |= listed
    status = 400 if context.get("export_refused") else 200
    return render(request, "registers/overview.html", context, status=status)


def _split(item: Any, make: Any, link: int, url: str) -> tuple[str, list[Any], Any, list[Any]]:
    """An overview row as its page writes it: the address of its entry, the cells before the
    one that links to it, that cell, and the cells after it. Dates are written here rather than
    asked of every cell (amounts and hours are written in the reader's language by the
    templates' environment)."""
    cells = [shown_day(cell) if isinstance(cell, date) else cell for cell in make(item)]
    return url, cells[:link], cells[link], cells[link + 1 :]


def _listed(request: AuthenticatedHttpRequest, register: str) -> dict[str, Any] | HttpResponse:
    """All declarations of the zone in one register, filtered, a page of them or an export."""
    from kompas.accounts.search import services_named
    from kompas.registers import overview as ov

    person = request.user
    filters = any(key not in ("register", "page", "export") for key in request.GET)
    form = OverviewForm(request.GET if filters else None, register=register)
    values = form.cleaned_data if form.is_bound and form.is_valid() else {}
    export = request.GET.get("export") in ("csv", "xlsx")
    # A filter that is not right filters nothing on the page (which shows why); an export of it
    # would hold every row the officer did not ask for: nothing is downloaded, the page says so.
    export_refused = export and form.is_bound and not form.is_valid()
    if export_refused:
        export = False
    named = values.get("service", "")
    common = {
        "services": list(services_named(person, named)) if named else None,
        "start": values.get("start"),
        "end": values.get("end"),
        "giver": values.get("giver", ""),
        "export": export,
    }
    found: Any
    if register == "gifts":
        found = ov.filtered(
            GiftDeclaration.objects.visible_to(person),
            decision=values.get("decision", ""),
            minimum=values.get("minimum"),
            **common,
        )
        head, make = ov.header(export), ov.gift_rows(export)
        title, kind = _("Gifts and invitations"), "giftdeclaration"
    elif register == "side":
        found = ov.filtered_side(
            SideActivity.objects.visible_to(person), status=values.get("status", ""), **common
        )
        head, make = ov.side_header(export), ov.side_rows(export)
        title, kind = _("Side activities"), "sideactivity"
    else:
        found = ov.filtered_conflicts(
            ConflictSignal.objects.visible_to(person), status=values.get("status", ""), **common
        )
        head, make = ov.conflict_header(export), ov.conflict_rows(export)
        title, kind = _("Conflicts of interest"), "conflictsignal"
    if export:
        file_format = request.GET["export"]
        record(
            "registers.overview_exported",
            actor=person,
            object_type=f"registers.{kind}",
            detail={"format": file_format, "rows": found.count()},
        )
        if file_format == "csv":
            data, content = ov.as_csv(found, head, make), "text/csv; charset=utf-8"
        else:
            data = ov.as_xlsx(found, head, make, title)
            content = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        response = HttpResponse(data, content_type=content)
        name = {"gifts": "gifts", "side": "side-activities", "conflicts": "conflicts"}[register]
        response["Content-Disposition"] = f'attachment; filename="{name}.{file_format}"'
        return response
    record("registers.overview_viewed", actor=person, object_type=f"registers.{kind}")
    page = page_of(found, request.GET.get("page"), 50)
    detail = {"gifts": "registers:gift", "side": "registers:side_activity"}.get(
        register, "registers:conflict"
    )
    url_of = addresses(detail)
    link = 4 if register == "gifts" else 3
    return {
        "form": form,
        "export_refused": export_refused,
        "page": page,
        "title": title,
        "head": head,
        "rows": [_split(item, make, link, url_of(item["pk"])) for item in page],
    }


def _yearly(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    """Counts per top-level service in a year, small counts hidden, counted at most once every
    few minutes (`kompas.lib.counted`)."""
    from kompas.lib.clock import today
    from kompas.lib.counted import counted
    from kompas.registers.yearly import yearly

    person = request.user
    year = whole_number(request.GET.get("year", "")) or 0
    year = year if 2000 <= year <= 2100 else today().year
    rows, counted_at = counted(
        "registers-yearly", person.zone_id, year, lambda: yearly(person.zone_id, year)
    )
    return {
        "rows": rows,
        "year": year,
        "years": range(today().year, today().year - 6, -1),
        "counted_at": counted_at,
    }


def _patterns(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    """Patterns across the registers, for the integrity officer to look at."""
    from kompas.lib.clock import today
    from kompas.registers.crosscheck import patterns

    person = request.user
    record("registers.cross_checks_viewed", actor=person, object_type="registers.giftdeclaration")
    return {"patterns": patterns(person.zone_id, today())}


def _to_tab(request: AuthenticatedHttpRequest, tab: str) -> HttpResponse:
    """A former page's address: to its tab, with what was asked (a year) kept; refused as the
    tab would be, so that the old address says nothing the new one does not."""
    perm = next(perm for known, _label, perm in TABS if known == tab)
    if not request.user.has_perm(perm):
        raise PermissionDenied
    query = [("register", tab)]
    query += [(key, str(value)) for key, value in request.GET.items() if key != "register"]
    target = reverse("registers:overview") + "?" + urlencode(query)
    return redirect(target)


@login_required
def yearly_overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _to_tab(request, "yearly")


@login_required
def cross_checks(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _to_tab(request, "patterns")
