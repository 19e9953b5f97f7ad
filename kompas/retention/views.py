"""The zone's retention periods, all on one page: the integrity officer changes them, the data
protection officer reads them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kompas.lib.http import AuthenticatedHttpRequest
from kompas.registers.models import RetentionRules
from kompas.retention import services
from kompas.retention.forms import PeriodsForm
from kompas.retention.models import RetentionSettings


@login_required
def settings_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    person = request.user
    if not person.has_perm("retention.view_settings"):
        raise PermissionDenied
    may_change = person.has_perm("retention.change_settings")
    if request.method == "POST" and not may_change:
        raise PermissionDenied
    zone_id = person.zone_id
    form = PeriodsForm(
        request.POST if request.method == "POST" else None,
        report_months=services.report_months(zone_id),
        declarations=RetentionRules.current(zone_id),
        periods=RetentionSettings.current(zone_id),
        read_only=not may_change,
    )
    if request.method == "POST" and form.is_valid():
        changed = services.change_periods(
            by=person,
            reports=form.report_months(),
            declarations=form.declaration_values(),
            periods=form.settings_values(),
        )
        if changed:
            messages.success(request, _("The new retention periods are in force."))
        else:
            messages.info(request, _("Nothing changed: these periods were already in force."))
        return redirect("retention:settings")
    history = RetentionSettings.objects.filter(zone_id=zone_id).select_related("created_by")[:20]
    return render(
        request,
        "retention/settings.html",
        {"form": form, "may_change": may_change, "history": history},
        status=400 if request.method == "POST" else 200,
    )
