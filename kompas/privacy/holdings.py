"""What the registers hold, for the data protection officer: how many entries each keeps, since
when, and the retention in force beside it, so that an entry older than its period shows. Counts
only, never an entry; counted at most every few minutes (`kompas.lib.counted`).

Figures about reports follow `kompas.lib.small_counts`: reports received up to the end of the
last complete month, a count below the minimum shown as "< 3", so that no figure moves with one
report filed today.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, Min, Q
from django.utils.translation import gettext as _

from kompas.lib.clock import today
from kompas.lib.counted import counted
from kompas.lib.small_counts import Count as SmallCount
from kompas.lib.small_counts import complete_to


@dataclass(frozen=True)
class Holding:
    register: str
    entries: str
    oldest: date | None
    retention: str
    note: str = ""


def _month(value: date | datetime | None) -> date | None:
    """The first day of the month of ``value``: the page says the month, never the day."""
    if value is None:
        return None
    day = value.date() if isinstance(value, datetime) else value
    return day.replace(day=1)


def holdings(zone_id: int) -> tuple[list[Holding], date, datetime]:
    """The registers' counts for the zone, the day report figures count to, and when counted."""
    on = today()
    found, at = counted("privacy-holdings", zone_id, on.isoformat(), lambda: _count(zone_id, on))
    return found, complete_to(on), at


def _count(zone_id: int, on: date) -> list[Holding]:
    from kompas.accounts.models import Person
    from kompas.audit.models import AuditEvent
    from kompas.compass.models import TrainingSession
    from kompas.privacy.retention import periods
    from kompas.registers.models import ConflictSignal, GiftDeclaration, SideActivity
    from kompas.reporting.models import Report
    from kompas.risks.models import RiskAnalysis

    kept = periods(zone_id)

    def retention(key: str, index: int) -> str:
        period = kept[key][index].period
        return period or _("no period is set")

    reports = Report.objects.filter(zone_id=zone_id, received_on__lte=complete_to(on)).aggregate(
        content=Count("pk", filter=Q(purged_on__isnull=True)),
        purged=Count("pk", filter=Q(purged_on__isnull=False)),
        held=Count("pk", filter=Q(legal_hold=True)),
        oldest=Min("received_on", filter=Q(purged_on__isnull=True)),
    )

    def plain(n: int) -> str:
        return str(SmallCount(n, zero_shown=True).shown)

    def hidden(n: int) -> str:
        return str(SmallCount(n).shown)

    def first(queryset: object, field: str) -> tuple[int, date | datetime | None]:
        row = queryset.aggregate(n=Count("pk"), oldest=Min(field))  # type: ignore[attr-defined]
        return row["n"], row["oldest"]

    gifts = first(GiftDeclaration.objects.filter(zone_id=zone_id), "declared_on")
    conflicts = first(ConflictSignal.objects.filter(zone_id=zone_id), "signalled_on")
    sides = first(SideActivity.objects.filter(zone_id=zone_id), "declared_on")
    sessions = first(TrainingSession.objects.filter(zone_id=zone_id), "created_on")
    analyses = first(RiskAnalysis.objects.filter(zone_id=zone_id), "started_on")
    people = Person.objects.filter(zone_id=zone_id).aggregate(
        active=Count("pk", filter=Q(is_active=True)),
        left=Count("pk", filter=Q(is_active=False)),
    )
    events = first(AuditEvent.objects.filter(zone_id=zone_id), "at")
    return [
        Holding(
            _("Reports with their content"),
            hidden(reports["content"]),
            _month(reports["oldest"]),
            _("per kind, after the case is closed (see the records)"),
            _("%(held)s under a legal hold; %(purged)s whose content was destroyed")
            % {"held": hidden(reports["held"]), "purged": hidden(reports["purged"])},
        ),
        Holding(
            _("Gifts and invitations"), plain(gifts[0]), _month(gifts[1]), retention("registers", 0)
        ),
        Holding(
            _("Conflicts of interest"),
            plain(conflicts[0]),
            _month(conflicts[1]),
            retention("registers", 1),
        ),
        Holding(_("Side activities"), plain(sides[0]), _month(sides[1]), retention("registers", 2)),
        Holding(
            _("Training sessions"),
            plain(sessions[0]),
            _month(sessions[1]),
            retention("trainings", 0),
        ),
        Holding(_("Risk analyses"), plain(analyses[0]), _month(analyses[1]), retention("risks", 0)),
        Holding(
            _("People"),
            plain(people["active"]),
            None,
            retention("accounts", 0),
            _("%(left)s who left, still kept") % {"left": plain(people["left"])},
        ),
        Holding(_("Audit events"), plain(events[0]), _month(events[1]), retention("accounts", 4)),
    ]
