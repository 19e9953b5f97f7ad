"""The zone's recovery key, split with Shamir's scheme (SLIP-39 word shares) among people.

No single administrator can open a case: the recovery private key is never stored. At set-up it is
printed once as word shares for named holders (for example the chief of police, the integrity
officer and the mayor); any ``threshold`` of them together can give a case back to a handler whose
key was lost. Every use is audited with the case and the person it was given to.
"""

from __future__ import annotations

import shamir_mnemonic
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from nacl.public import PrivateKey

from kompas.accounts.models import Person, Zone
from kompas.audit.services import record
from kompas.lib.clock import today
from kompas.reporting import crypto
from kompas.reporting.models import Grant, GrantReason, HandlerKey, RecoveryKey, Report


@transaction.atomic
def set_up(*, zone: Zone, holders: list[str], threshold: int) -> list[tuple[str, str]]:
    """Make a new recovery key; returns (holder, word share) pairs to hand out on paper.

    Reports filed from now on are sealed to it; the previous key stops being used for new ones.
    """
    if not 2 <= threshold <= len(holders) <= 16:
        raise ValidationError(_("Choose at least two holders and a threshold between 2 and them."))
    private = PrivateKey.generate()
    [shares] = shamir_mnemonic.generate_mnemonics(1, [(threshold, len(holders))], bytes(private))
    RecoveryKey.objects.filter(zone=zone, active=True).update(active=False)
    key = RecoveryKey.objects.create(
        zone=zone,
        public_key=bytes(private.public_key),
        threshold=threshold,
        shares=len(holders),
        holders=", ".join(holders)[:500],
        created_on=today(),
    )
    record(
        "reporting.recovery_key_created",
        obj=key,
        zone_id=zone.pk,
        detail={"threshold": threshold, "shares": len(holders)},
    )
    return list(zip(holders, shares, strict=True))


def seal_for_recovery(zone_id: int, case_key: bytes) -> bytes | None:
    key = RecoveryKey.objects.filter(zone_id=zone_id, active=True).first()
    return crypto.seal(bytes(key.public_key), case_key) if key else None


def _private_key(zone: Zone, shares: list[str]) -> bytes:
    try:
        secret = shamir_mnemonic.combine_mnemonics([s.strip() for s in shares if s.strip()])
    except (shamir_mnemonic.MnemonicError, ValueError) as exc:
        raise ValidationError(
            _("These shares do not fit together: %(error)s") % {"error": exc}
        ) from exc
    public = bytes(PrivateKey(secret).public_key)
    if not RecoveryKey.objects.filter(zone=zone, public_key=public).exists():
        raise ValidationError(_("These shares belong to another recovery key."))
    return secret


@transaction.atomic
def restore(*, zone: Zone, shares: list[str], reports: list[Report], to: Person) -> int:
    """Give ``to`` the cases, opened with the recovery key; returns how many were restored."""
    private_key = _private_key(zone, shares)
    target = HandlerKey.objects.filter(person=to, active=True).first()
    if target is None or to.zone_id != zone.pk:
        raise ValidationError(_("The person needs a key: let them sign in once first."))
    restored = 0
    for report in reports:
        if report.zone_id != zone.pk or report.recovery_box is None:
            continue
        case_key = crypto.unseal(private_key, bytes(report.recovery_box))
        excluded = set(crypto.decrypt_json(case_key, report.content_box).get("excluded", []))
        if to.pk in excluded:
            continue
        Grant.objects.filter(report=report, person=to, active=True).update(active=False)
        Grant.objects.create(
            report=report,
            person=to,
            key=target,
            sealed_case_key=crypto.seal(bytes(target.public_key), case_key),
            reason=GrantReason.RECOVERY,
            granted_on=today(),
        )
        record("reporting.recovery_used", obj=report, zone_id=zone.pk, detail={"to": to.pk})
        restored += 1
    return restored
