from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from kompas.accounts.models import Person
from kompas.audit.models import AuditEvent
from kompas.audit.services import record, verify_chain
from kompas.lib.http import AuthenticatedHttpRequest
from kompas.lib.paging import page_of, prepared_page
from kompas.lib.prepared import Prepared


def _visible_events(request: AuthenticatedHttpRequest):  # type: ignore[no-untyped-def]
    if not request.user.has_perm("audit.view_log"):
        raise PermissionDenied
    return AuditEvent.objects.filter(zone_id=request.user.zone_id)


def _shown(events: Any) -> Any:
    # Only the columns the page shows (not the detail or the two hashes of every event).
    return events.only("seq", "at", "actor_id", "actor_role", "action", "object_type", "object_id")


# The zone's events, newest first, read page by page (kompas.lib.prepared).
_EVENTS = Prepared(lambda zone_id: _shown(AuditEvent.objects.filter(zone_id=zone_id)))


@login_required
def audit_log(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The zone's audit events, newest first; looking at them is itself audited."""
    events = _visible_events(request)
    action = request.GET.get("action", "").strip()[:80]
    if action:
        page = page_of(
            _shown(events.filter(action__startswith=action)), request.GET.get("page"), 50
        )
    else:  # the zone's events, as _visible_events gives them (checked above)
        page = prepared_page(_EVENTS, request.GET.get("page"), 50, zone_id=request.user.zone_id)
    actor_ids = {event.actor_id for event in page if event.actor_id}
    names = {
        p.pk: p.full_name
        for p in Person.objects.visible_to(request.user)
        .filter(pk__in=actor_ids)
        .only("first_name", "last_name")
    }
    for event in page:
        event.actor_name = names.get(event.actor_id, event.actor_id)  # type: ignore[attr-defined]
    record(
        "audit.log_viewed", actor=request.user, role=_role(request), object_type="audit.auditevent"
    )
    template = "audit/log.html#events" if request.htmx else "audit/log.html"
    return render(request, template, {"page": page, "names": names, "action": action})


@login_required
@require_POST
def verify(request: AuthenticatedHttpRequest) -> HttpResponse:
    _visible_events(request)
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


def _role(request: AuthenticatedHttpRequest) -> str:
    return "admin" if request.user.has_role("admin") else "integrity_officer"
