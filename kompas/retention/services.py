"""Changing the zone's retention periods: every period in one transaction, each change audited."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from kompas.accounts.models import Person
from kompas.audit.services import record
from kompas.registers.models import RetentionRules
from kompas.reporting.models import DEFAULT_RETENTION_MONTHS, Kind, RetentionPeriod
from kompas.retention.models import RetentionSettings


def report_months(zone_id: int) -> dict[str, int]:
    """The months after closure in force per kind of report (the zone's own, else the default)."""
    own = dict(RetentionPeriod.objects.filter(zone_id=zone_id).values_list("kind", "months"))
    return {kind: own.get(kind, DEFAULT_RETENTION_MONTHS[Kind(kind)]) for kind in Kind.values}


@transaction.atomic
def change_periods(
    *,
    by: Person,
    reports: dict[str, int],
    declarations: dict[str, int],
    periods: dict[str, int],
) -> int:
    """Put these periods in force for the zone of ``by``; how many of the three sets changed.
    Values equal to those in force change nothing (a double submit adds no row, no event)."""
    if not by.has_perm("retention.change_settings"):
        raise PermissionDenied
    zone_id = by.zone_id
    changed = 0
    list(
        RetentionPeriod.objects.select_for_update(no_key=True)
        .filter(zone_id=zone_id)
        .values_list("pk")
    )
    was = report_months(zone_id)
    moved = {kind: months for kind, months in reports.items() if was[kind] != months}
    for kind, months in moved.items():
        RetentionPeriod.objects.update_or_create(
            zone_id=zone_id, kind=Kind(kind), defaults={"months": months}
        )
    if moved:
        record(
            "reporting.retention_changed",
            actor=by,
            object_type="reporting.retentionperiod",
            zone_id=zone_id,
            detail={kind: months for kind, months in moved.items()},
        )
        changed += 1
    rules, added = RetentionRules.new_version(zone_id=zone_id, by=by, values=declarations)
    if added:
        record("registers.retention_changed", actor=by, obj=rules, zone_id=zone_id)
        changed += 1
    settings, added = RetentionSettings.new_version(zone_id=zone_id, by=by, values=periods)
    if added:
        record(
            "retention.settings_changed",
            actor=by,
            obj=settings,
            zone_id=zone_id,
            detail=dict(periods),
        )
        changed += 1
    return changed
