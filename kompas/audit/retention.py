"""Retention of the audit log: after the zone's period an event's actor is pseudonymised.

What goes: the actor's id and the salt of the commitment to it (`AuditEvent.actor_salt`). What
stays: the role the actor acted under, the action, the object, the detail, the moment and the
commitment (`actor_digest`), which the chain's HMAC covers, so the chain still verifies and
nobody, not even with the audit key, can tell who acted. The object is kept as the issue asks,
also when it is a person (the person acted upon); a person who left is pseudonymised in their
own record (`kompas.accounts.retention`), so that such an id then names their pseudonym only.
Ids of people in ``detail`` (a case shared *to* someone, say) are kept likewise, for the same
reason: they say whom the act was about, not who did it.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from kompas.audit.models import AuditEvent, HeldEvent
from kompas.audit.services import PSEUDONYMISED, record


@transaction.atomic
def pseudonymise_events(*, zone_id: int, before: datetime) -> int:
    """Replace the actor of the zone's events older than ``before`` by their role; returns how
    many events lost their actor. Idempotent. Audited with the counts and the cut-off, never
    with whom: `services.verify_chain` accepts an event without its actor only below a cut-off
    recorded so, after it in the chain.

    Held events (a reporter's acts of a day not yet released to the chain) of a day before the
    cut-off lose their actor too: they join the chain without one."""
    chained = AuditEvent.objects.filter(zone_id=zone_id, at__lt=before, actor_id__isnull=False)
    # An event without a commitment (one written before migration 0006 whose chain was
    # already broken, so it could not be sealed) cannot lose its actor and still verify: the
    # database refuses it, and it is counted as left.
    left = chained.filter(actor_digest="").count()
    pseudonymised = chained.exclude(actor_digest="").update(actor_id=None, actor_salt="")
    held = HeldEvent.objects.filter(
        zone_id=zone_id, day__lt=timezone.localdate(before), actor_id__isnull=False
    ).update(actor_id=None)
    record(
        PSEUDONYMISED,
        zone_id=zone_id,
        role="system",
        object_type="audit.auditevent",
        detail={
            "events": pseudonymised,
            "held": held,
            "left_unsealed": left,
            "before": before.isoformat(),
        },
    )
    return pseudonymised + held
