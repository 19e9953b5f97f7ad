"""The daily purge (`kompas purge-expired`): every period of every zone applied, each part in
its own transaction, so that a crash leaves every part either done or not begun; a second run
finds nothing more to do. It says what it did in counts per kind: printed by the command, and
one audit event per zone (`retention.purged`, counts only)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from kompas.accounts.models import Zone
from kompas.audit.models import CASE_EVENTS
from kompas.audit.services import record
from kompas.lib.clock import add_months
from kompas.retention.models import RetentionSettings

# The kinds counted, in the order the command prints them.
KINDS = (
    "closed_cases",
    "inactive_cases",
    "register_lines",
    "gifts",
    "conflicts",
    "side_activities",
    "join_codes",
    "ballots",
    "training_sessions",
    "rejected_dilemmas",
    "audit_events",
    "leavers",
)
# The kinds that concern the reporting channel's cases (see `purge_zone`).
CASE_KINDS = ("closed_cases", "inactive_cases", "register_lines")


def purge_all(*, today: date) -> dict[int, dict[str, int]]:
    """Apply every zone's periods; the counts per zone (``None`` for a part not available)."""
    return {
        zone_id: purge_zone(zone_id=zone_id, today=today)
        for zone_id in Zone.objects.order_by("pk").values_list("pk", flat=True)
    }


def purge_zone(*, zone_id: int, today: date) -> dict[str, int]:
    """Apply one zone's periods, part by part, and audit the counts."""
    from kompas.registers.configuration import purge_zone_declarations
    from kompas.reporting import retention as cases

    periods = RetentionSettings.current(zone_id)
    counts: dict[str, int] = dict.fromkeys(KINDS, 0)
    counts["closed_cases"] = cases.purge_expired(today, zone_id)  # a transaction per case
    counts["inactive_cases"] = purge_inactive_cases(
        zone_id=zone_id, months=periods.open_case_months, today=today
    )
    counts["register_lines"] = cases.delete_register_lines(
        zone_id=zone_id, years=periods.register_years, today=today
    )
    counts.update(purge_zone_declarations(zone_id=zone_id, on=today))
    counts.update(purge_trainings(zone_id=zone_id, periods=periods, today=today))
    audit, leavers = _pseudonymisers()
    if audit is not None:
        before = timezone_start(add_months(today, -periods.audit_months))
        counts["audit_events"] = audit(zone_id=zone_id, before=before)
    if leavers is not None:
        counts["leavers"] = leavers(
            zone_id=zone_id, left_before=add_months(today, -periods.leaver_months)
        )
    day = today.isoformat()
    channel = {kind: counts[kind] for kind in CASE_KINDS}
    with transaction.atomic():
        record(
            "retention.purged",
            object_type="retention",
            zone_id=zone_id,
            detail={**{k: n for k, n in counts.items() if k not in CASE_KINDS}, "day": day},
        )
        # The reporting channel's counts move with a single report (a case destroyed, a
        # register line deleted): they go in an event of the cases' type, which the audit log
        # shows to the integrity officer only (`audit.models.CASE_EVENTS`), written every day
        # whether or not anything went, so that neither its figures nor its presence tell.
        record(
            "reporting.cases_purged",
            object_type=CASE_EVENTS[0],
            zone_id=zone_id,
            detail={**channel, "day": day},
        )
    return counts


def timezone_start(day: date) -> datetime:
    """The first moment of ``day`` in the installation's time zone (the audit log is timed)."""
    return timezone.make_aware(datetime.combine(day, time.min))


def _pseudonymisers() -> tuple[Callable[..., int] | None, Callable[..., int] | None]:
    """The audit log's and the accounts' pseudonymisation (helper apps'), when present."""
    try:
        from kompas.audit.retention import pseudonymise_events
    except ImportError:
        pseudonymise_events = None  # type: ignore[assignment]
    try:
        from kompas.accounts.retention import pseudonymise_leavers
    except ImportError:
        pseudonymise_leavers = None  # type: ignore[assignment]
    return pseudonymise_events, pseudonymise_leavers


def purge_inactive_cases(*, zone_id: int, months: int, today: date) -> int:
    """Destroy the zone's cases never closed that saw no activity for ``months`` (a transaction
    per case, as for closed cases)."""
    from kompas.reporting import retention as cases

    found = cases.inactive_cases(zone_id=zone_id, months=months, today=today)
    return sum(cases.purge_inactive(report, months=months, today=today) for report in found)


@transaction.atomic
def purge_trainings(*, zone_id: int, periods: RetentionSettings, today: date) -> dict[str, int]:
    """Trainings' data past its period, in one transaction: join codes and who-voted marks
    (`Ballot`) of sessions held ``join_code_days`` ago; sessions with their items and counted
    votes ``training_months`` after they were held (or, never held, made); proposed dilemmas
    not taken into the library ``declined_dilemma_months`` after the review."""
    from kompas.compass.models import (
        Ballot,
        Dilemma,
        DilemmaStatus,
        SessionItem,
        SessionStatus,
        TrainingSession,
    )

    codes_before = today - timedelta(days=periods.join_code_days)
    held = TrainingSession.objects.filter(
        zone_id=zone_id, status=SessionStatus.CLOSED, held_on__lte=codes_before
    )
    ballots = Ballot.objects.filter(item__session__in=held.values("pk")).delete()[0]
    join_codes = held.exclude(code="").update(code="")
    sessions_before = add_months(today, -periods.training_months)
    old = TrainingSession.objects.filter(zone_id=zone_id).filter(
        Q(held_on__lte=sessions_before)
        | Q(
            held_on__isnull=True,
            created_on__lte=sessions_before,
        )
        & (Q(planned_for__isnull=True) | Q(planned_for__lte=sessions_before))
    )
    sessions = old.delete()[1].get("compass.TrainingSession", 0)
    rejected_before = add_months(today, -periods.declined_dilemma_months)
    used = SessionItem.objects.values("dilemma")
    rejected = (
        Dilemma.objects.filter(
            zone_id=zone_id, status=DilemmaStatus.REJECTED, reviewed_on__lte=rejected_before
        )
        .exclude(pk__in=used)
        .delete()[1]
        .get("compass.Dilemma", 0)
    )
    found = {
        "join_codes": join_codes,
        "ballots": ballots,
        "training_sessions": sessions,
        "rejected_dilemmas": rejected,
    }
    if any(found.values()):
        record(
            "compass.training_data_purged",
            object_type="compass",
            zone_id=zone_id,
            detail=dict(found),
        )
    return found
