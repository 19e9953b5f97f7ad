"""The registers' rules as data, kept by the integrity officer: gift rules, side-activity rules,
retention, the wording of the questions and checks, integrity-sensitive posts and the zone's
suppliers. Every change adds a row (history) and is audited; nothing is edited in place.

Also the two workflows those rules drive: asking for a side activity to be looked at again when its
holder moves to another service or a sensitive post, and the scheduled purge of old declarations.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from kompas.accounts.models import Person, Service, Zone
from kompas.audit.services import record
from kompas.lib import mail
from kompas.lib.clock import today
from kompas.registers.models import (
    CHECKS,
    QUESTIONS,
    ConflictSignal,
    GiftDeclaration,
    GiftRules,
    RetentionRules,
    SideActivity,
    SideActivityRules,
    SideActivityStatus,
    Supplier,
    VersionedRules,
    Wording,
)
from kompas.registers.services import giver_key

R = TypeVar("R", bound=VersionedRules)

WORDING_KEYS = [f"question:{k}" for k in QUESTIONS] + [f"check:{k}" for k in CHECKS]


def _require(by: Person) -> None:
    if not by.has_perm("registers.configure"):
        raise PermissionDenied


def _new_rules(model: type[R], action: str, by: Person, values: dict[str, Any]) -> R:
    """Put new rules in force as a new row (`VersionedRules.new_version`), audited; rules equal
    to those in force add nothing."""
    _require(by)
    with transaction.atomic():
        rules, added = model.new_version(zone_id=by.zone_id, by=by, values=values)
        if added:
            record(action, actor=by, obj=rules, zone_id=by.zone_id)
    return rules


def change_gift_rules(*, by: Person, values: dict[str, Any]) -> GiftRules:
    return _new_rules(GiftRules, "registers.gift_rules_changed", by, values)


def change_side_rules(*, by: Person, values: dict[str, Any]) -> SideActivityRules:
    return _new_rules(SideActivityRules, "registers.side_rules_changed", by, values)


def change_retention(*, by: Person, values: dict[str, Any]) -> RetentionRules:
    return _new_rules(RetentionRules, "registers.retention_changed", by, values)


@transaction.atomic
def change_wording(*, by: Person, key: str, texts: dict[str, str]) -> Wording:
    _require(by)
    if key not in WORDING_KEYS:
        raise ValidationError(_("Unknown question or check."))
    cleaned = {lang: text.strip() for lang, text in texts.items() if text and text.strip()}
    if "nl" not in cleaned:
        raise ValidationError(_("The Dutch wording is required."))
    newest = Wording.objects.filter(zone_id=by.zone_id, key=key).order_by("-pk").first()
    if newest is not None and newest.texts == cleaned:
        return newest  # a double submit or a retry
    wording = Wording.objects.create(
        zone_id=by.zone_id, key=key, texts=cleaned, created_on=today(), created_by=by
    )
    record("registers.wording_changed", actor=by, obj=wording, detail={"key": key})
    return wording


@transaction.atomic
def set_sensitive_functions(*, by: Person, service: Service, functions: str) -> None:
    _require(by)
    if service.zone_id != by.zone_id:
        raise PermissionDenied
    service.sensitive_functions = functions.strip()
    service.save(update_fields=["sensitive_functions"])
    record(
        "registers.sensitive_post_changed",
        actor=by,
        obj=service,
        detail={"sensitive": bool(service.sensitive_functions)},
    )


@transaction.atomic
def add_suppliers(*, by: Person, names: list[str]) -> int:
    _require(by)
    known = set(Supplier.objects.filter(zone_id=by.zone_id).values_list("key", flat=True))
    new = []
    for name in names:
        name = name.strip()[:200]
        key = giver_key(name)
        if key and key not in known:
            known.add(key)
            new.append(Supplier(zone_id=by.zone_id, name=name, key=key, added_on=today()))
    Supplier.objects.bulk_create(new)
    if new:
        record(
            "registers.suppliers_added",
            actor=by,
            object_type="registers.supplier",
            zone_id=by.zone_id,
            detail={"count": len(new)},
        )
    return len(new)


@transaction.atomic
def remove_supplier(*, by: Person, supplier: Supplier) -> None:
    _require(by)
    if supplier.zone_id != by.zone_id:
        raise PermissionDenied
    record("registers.supplier_removed", actor=by, obj=supplier)
    supplier.delete()


# --- A move to another service or a sensitive post --------------------------------------------


def ask_renewal_after_move(*, person: Person, old_service_id: int | None) -> int:
    """A member changed service: every approved or pending side activity is flagged to be
    looked at again, and the member is asked by mail to renew it. Returns how many."""
    new = person.service
    if new is None or new.pk == old_service_id:
        return 0
    activities = list(
        SideActivity.objects.filter(
            person=person,
            status__in=[SideActivityStatus.APPROVED, SideActivityStatus.PENDING],
        ).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today()))
    )
    if not activities:
        return 0
    with translation.override(person.language or "nl"):
        reason = (
            _("Moved to %(service)s, an integrity-sensitive post (%(functions)s).")
            % {"service": new.name, "functions": new.sensitive_functions}
            if new.sensitive_functions
            else _("Moved to %(service)s.") % {"service": new.name}
        )
        body = _(
            "You moved to another service. Please declare your side activities again, so the "
            "competent authority can check they still fit your new post."
        )
        subject = _("Kompas: please renew your side activity declaration")
    for activity in activities:
        activity.renewal_requested_on = today()
        activity.renewal_reason = reason[:300]
        activity.save(update_fields=["renewal_requested_on", "renewal_reason"])
        record(
            "registers.side_activity_renewal_requested",
            obj=activity,
            detail={"sensitive": bool(new.sensitive_functions)},
        )
    link = f"{settings.SITE_URL}/registers/side-activities/new/"
    mail.send(subject, f"{body}\n\n{reason}\n\n{link}", person.email)
    return len(activities)


# --- Retention -------------------------------------------------------------------------------


def _years_before(day: date, years: int) -> date:
    return day - timedelta(days=round(365.25 * years))


def purge_expired_declarations(*, on: date | None = None) -> dict[str, int]:
    """Delete the declarations whose retention period has passed, zone by zone (each zone in
    its own transaction), and audit how many (never what)."""
    counts = {"gifts": 0, "conflicts": 0, "side_activities": 0}
    for zone_id in Zone.objects.values_list("pk", flat=True):
        for key, n in purge_zone_declarations(zone_id=zone_id, on=on).items():
            counts[key] += n
    return counts


@transaction.atomic
def purge_zone_declarations(*, zone_id: int, on: date | None = None) -> dict[str, int]:
    """Delete one zone's declarations past their retention period, audited by count. Pending
    declarations and current side activities are always kept."""
    on = on or today()
    rules = RetentionRules.current(zone_id)
    gifts = GiftDeclaration.objects.filter(
        zone_id=zone_id, declared_on__lt=_years_before(on, rules.gift_years)
    ).exclude(status="pending")
    conflicts = ConflictSignal.objects.filter(
        zone_id=zone_id, signalled_on__lt=_years_before(on, rules.conflict_years)
    ).exclude(status="open")
    side_limit = _years_before(on, rules.side_activity_years)
    sides = SideActivity.objects.filter(zone_id=zone_id).filter(
        Q(ends_on__lt=side_limit)
        | Q(status=SideActivityStatus.REFUSED, decided_on__lt=side_limit)
        | Q(valid_until__lt=side_limit)
    )
    found = {
        "gifts": gifts.delete()[1].get("registers.GiftDeclaration", 0),
        "conflicts": conflicts.delete()[1].get("registers.ConflictSignal", 0),
        "side_activities": sides.delete()[1].get("registers.SideActivity", 0),
    }
    if any(found.values()):
        record(
            "registers.declarations_purged",
            object_type="registers",
            zone_id=zone_id,
            detail=dict(found),
        )
    return found
