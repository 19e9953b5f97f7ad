"""Reminders for leaders: gifts waiting too long for a decision, conflict signals without measure.

Run daily by `kompas send-reminders`. Mails name the member and a link, never the gift or the giver.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils.translation import gettext_lazy

from kompas.audit.services import record
from kompas.lib.dates import shown_day
from kompas.registers.models import ConflictSignal, ConflictStatus, GiftDeclaration, GiftStatus
from kompas.registers.people import Deciders
from kompas.registers.services import notify

DECISION_DAYS = 7
MEASURE_DAYS = 1


def send_register_reminders(today: date) -> int:
    sent = 0
    late_gifts = GiftDeclaration.objects.filter(
        status=GiftStatus.PENDING, declared_on__lte=today - timedelta(days=DECISION_DAYS)
    ).select_related("person")
    deciders: dict[int, Deciders] = {}
    for declaration in late_gifts:
        zone_deciders = deciders.setdefault(declaration.zone_id, Deciders(declaration.zone_id))
        decider = zone_deciders.for_member(declaration.person)
        if decider is None:
            continue
        notify(
            [decider],
            gettext_lazy("Kompas: a gift still waits for your decision"),
            gettext_lazy(
                "The declaration of %(name)s has waited more than a week for your decision."
            ),
            {"name": declaration.person.full_name},
            f"/registers/gifts/{declaration.pk}/",
        )
        record("registers.reminder_sent", obj=declaration, detail={"what": "gift_decision"})
        sent += 1
    late_signals = ConflictSignal.objects.filter(
        status=ConflictStatus.OPEN,
        signalled_on__lte=today - timedelta(days=MEASURE_DAYS),
        leader__isnull=False,
    ).select_related("person", "leader")
    for signal in late_signals:
        assert signal.leader is not None
        notify(
            [signal.leader],
            gettext_lazy("Kompas: a conflict signal still needs a measure"),
            gettext_lazy("The signal of %(name)s still waits for your measure."),
            {"name": signal.person.full_name},
            f"/registers/conflicts/{signal.pk}/",
        )
        record("registers.reminder_sent", obj=signal, detail={"what": "conflict_measure"})
        sent += 1
    return sent + send_renewal_reminders(today)


RENEWAL_NOTICE_DAYS = 30


def send_renewal_reminders(today: date) -> int:
    """Members whose approved side activity expires within a month are asked to renew, once."""
    from kompas.registers.models import SideActivity, SideActivityStatus

    due = SideActivity.objects.filter(
        status=SideActivityStatus.APPROVED,
        valid_until__lte=today + timedelta(days=RENEWAL_NOTICE_DAYS),
        valid_until__gte=today,
        renewal_reminded_on__isnull=True,
    ).select_related("person")
    count = 0
    for activity in due:
        notify(
            [activity.person],
            gettext_lazy("Kompas: renew your side activity"),
            gettext_lazy(
                "The approval of your side activity ends on %(day)s. Declare it again "
                "if it goes on."
            ),
            {"day": shown_day(activity.valid_until) if activity.valid_until else ""},
            f"/registers/side-activities/{activity.pk}/",
        )
        activity.renewal_reminded_on = today
        activity.save(update_fields=["renewal_reminded_on"])
        record("registers.reminder_sent", obj=activity, detail={"what": "side_activity_renewal"})
        count += 1
    return count
