from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import CharField, OuterRef, Q, Subquery, Value
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Concat
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kompas.accounts.models import Person
from kompas.audit.models import CASE_EVENTS, AuditEvent
from kompas.audit.services import record, verify_chain
from kompas.lib.http import AuthenticatedHttpRequest
from kompas.lib.paging import page_of, prepared_page
from kompas.lib.prepared import Prepared


def _may_read_the_log(request: AuthenticatedHttpRequest) -> None:
    if not request.user.has_perm("audit.view_log"):
        raise PermissionDenied


def _integrity_only_requests(zone_id: int) -> Any:
    """The zone's data-subject requests that only the integrity officer handles (a person
    concerned's, a restricted one): their events would tell others that someone is involved in
    a report, as a case's would (a subquery, no query of its own)."""
    from kompas.privacy.models import DataSubjectRequest

    only = DataSubjectRequest.objects.filter(zone_id=zone_id, integrity_only=True)
    return only.annotate(key=Cast("pk", CharField())).values("key")


def _shown(events: Any, zone_id: int) -> Any:
    # Only the columns the page shows (not the detail or the two hashes of every event), with
    # the name of each actor of the zone in the same query (an actor is a plain id: another
    # zone's, or one since removed, stays a number).
    actors = Person.objects.filter(pk=OuterRef("actor_id"), zone_id=zone_id)
    named = actors.annotate(name=Concat("first_name", Value(" "), "last_name")).values("name")
    return events.only(
        "seq", "at", "actor_id", "actor_digest", "actor_role", "action", "object_type", "object_id"
    ).annotate(actor_full_name=Subquery(named[:1]))


def _without_integrity_only(events: Any, zone_id: int) -> Any:
    """What happened to which case, who opened it and who asked for a case they may not open
    would tell others who is kept out of which case (and so who is involved in it): the
    integrity officer's only."""
    return events.exclude(object_type__in=CASE_EVENTS).exclude(
        object_type="privacy.datasubjectrequest",
        object_id__in=_integrity_only_requests(zone_id),
    )


# The log as it opens (no search, no export asked for), read through SQL compiled once
# (`kompas.lib.prepared`): for the integrity officer, and for the others without the events
# that are the integrity officer's only.
_OPENED = {
    True: Prepared(lambda zone_id: _shown(AuditEvent.objects.filter(zone_id=zone_id), zone_id)),
    False: Prepared(
        lambda zone_id: _shown(
            _without_integrity_only(AuditEvent.objects.filter(zone_id=zone_id), zone_id), zone_id
        )
    ),
}


def _searched(zone_id: int, officer: bool, action: str, exported: Q | None) -> Any:
    """The events the log shows when an action or an exported file is searched for."""
    events = AuditEvent.objects.filter(zone_id=zone_id)
    if not officer:
        events = _without_integrity_only(events, zone_id)
    if action:
        events = events.filter(action__startswith=action)
    if exported is not None:
        events = events.filter(exported)
    shown = _shown(events, zone_id)
    if exported is not None:  # the page then says which number and file it found
        shown = shown.annotate(export=KT("detail__export"), sha256=KT("detail__sha256"))
    return shown


@login_required
def audit_log(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The zone's audit events, newest first; looking at them is itself audited."""
    _may_read_the_log(request)
    action = request.GET.get("action", "").strip()[:80]
    zone_id = request.user.zone_id
    officer = request.user.has_role("integrity_officer")
    exported = _exported_file(request.GET.get("file", ""))
    number = request.GET.get("page")
    # The look is recorded after the page's reads (which it does not show), committed before
    # the page is written.
    if action or exported is not None:
        page = page_of(_searched(zone_id, officer, action, exported), number, 50)
    else:
        page = prepared_page(_OPENED[officer], number, 50, zone_id=zone_id)
    record(
        "audit.log_viewed",
        actor=request.user,
        role=_role(request),
        object_type="audit.auditevent",
    )
    for event in page:
        name = (event.actor_full_name or "").strip()  # type: ignore[attr-defined]
        if event.is_pseudonymised:  # past the zone's period: their role says who it was
            name = _("pseudonymised")
        event.actor_name = name or event.actor_id  # type: ignore[attr-defined]
        event.day_only = day_only(event.at)  # type: ignore[attr-defined]
    template = "audit/_log_events.html" if request.htmx else "audit/log.html"
    return render(
        request,
        template,
        {"page": page, "action": action, "file": request.GET.get("file", "").strip()[:80]},
    )


def _exported_file(typed: str) -> Q | None:
    """The events of a file exported (a case file: `reporting.export`) by the export number
    printed on its pages, or by the file's SHA-256, as typed or pasted; None when nothing is
    typed. A number is random and a hash is the file's own: either finds that one export."""
    cleaned = "".join(typed.split()).upper()[:80]
    if not cleaned:
        return None
    if re.fullmatch(r"[0-9A-F]{64}", cleaned):
        return Q(detail__sha256=cleaned.lower())
    return Q(detail__export=cleaned)


@login_required
@require_POST
def verify(request: AuthenticatedHttpRequest) -> HttpResponse:
    _may_read_the_log(request)
    report = verify_chain()
    record(
        "audit.chain_verified",
        actor=request.user,
        role=_role(request),
        object_type="audit.auditevent",
        detail={"intact": report.intact},
    )
    template = "audit/verify.html" if request.htmx else "audit/verify_page.html"
    return render(request, template, {"report": report})


def day_only(at: datetime) -> date | None:
    """The day of an event recorded with its day only (a reporter's act), else None.

    Such an event has no time: it is stored at midnight exactly, to the millisecond, either
    the zone's midnight or (as recorded so far) midnight in UTC, which the zone's clock reads as
    01:00 or 02:00. Shown as a moment, it would seem to have one. A timed event falls on either
    midnight to the millisecond once in some 43 million; it then shows its day only."""
    local = timezone.localtime(at)
    if local.time() == time.min:
        return local.date()
    in_utc = at.astimezone(UTC)
    if in_utc.time() == time.min:
        return in_utc.date()
    return None


def _role(request: AuthenticatedHttpRequest) -> str:
    """The role under which the log is read: the administrator's, the integrity officer's or
    the data protection officer's (`audit.view_log`)."""
    for role in ("admin", "integrity_officer", "dpo"):
        if request.user.has_role(role):
            return role
    return ""
