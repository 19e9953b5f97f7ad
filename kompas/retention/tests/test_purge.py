"""The daily purge, told as stories with the clock moved (`kompas.lib.clock.now`): a case
never closed is warned of, then destroyed; a look never keeps it, a note does; register lines
and trainings' data go after their period; the purge counts what it did, per zone, and a second
run finds nothing; each part stands or falls on its own."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from kompas.accounts.roles import Role
from kompas.audit.models import AuditEvent
from kompas.compass import services as compass
from kompas.compass.models import (
    Ballot,
    Dilemma,
    DilemmaStatus,
    Mode,
    SessionStatus,
    Tally,
    TrainingSession,
)
from kompas.reporting import crypto
from kompas.reporting.models import Grant, Message, Report, Status
from kompas.reporting.reminders import send_reminders
from kompas.reporting.services import NewReport, submit_report
from kompas.reporting.tests.conftest import signed_in_handler
from kompas.retention.models import RetentionSettings
from kompas.retention.purge import purge_all, purge_zone

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(monkeypatch):
    """Set the one clock of Kompas to a day (noon, the installation's time zone)."""

    def set_to(day: date) -> None:
        moment = timezone.make_aware(datetime.combine(day, time(12)))
        monkeypatch.setattr("kompas.lib.clock.now", lambda: moment)

    return set_to


def filed(personas, clock, day: date) -> Report:
    clock(day)
    report, _ = submit_report(
        zone=personas.zone,
        data=NewReport(
            kind="breach",
            channel="public",
            identity_mode="anonymous",
            what="Geheime feiten die nooit in een mail of telling mogen staan.",
        ),
        receipt=crypto.new_receipt(),
    )
    return report


def inactive_warnings() -> list[AuditEvent]:
    """Every warning of a coming destruction sent so far."""
    return list(
        AuditEvent.objects.filter(action="reporting.reminder_sent", detail__deadline="inactive")
    )


def test_a_case_never_closed_is_warned_of_then_destroyed_and_a_look_does_not_keep_it(
    personas, handlers, clock, mailbox, django_capture_on_commit_callbacks
) -> None:
    report = filed(personas, clock, date(2026, 1, 5))  # the default: 36 months, warned 30 days
    handler = personas[Role.OVERSIGHT]
    clock(date(2028, 12, 5))
    # The handler reads the case the day before the warning: a look is no activity.
    assert (
        signed_in_handler(handler).get(reverse("reporting:case", args=[report.number])).status_code
        == 200
    )
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders(date(2028, 12, 5))
    assert not inactive_warnings()
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders(date(2028, 12, 6))
        send_reminders(date(2028, 12, 6))  # cron and the worker both
        send_reminders(date(2028, 12, 7))  # once per day it is due to go
    [warned] = inactive_warnings()
    assert warned.detail["due"] == "2029-01-05"
    mails = [m for m in mailbox.wait_for(1) if "05/01/2029" in m.get_payload(decode=True).decode()]
    [mail] = mails
    body = mail.get_payload(decode=True).decode()
    assert report.number in body and "Geheime feiten" not in body
    assert mail["To"] == handler.email
    clock(date(2029, 1, 4))
    assert purge_zone(zone_id=personas.zone.pk, today=date(2029, 1, 4))["inactive_cases"] == 0
    clock(date(2029, 1, 5))
    with django_capture_on_commit_callbacks(execute=True):
        counts = purge_zone(zone_id=personas.zone.pk, today=date(2029, 1, 5))
    assert counts["inactive_cases"] == 1
    report.refresh_from_db()
    assert report.purged_on == date(2029, 1, 5) and bytes(report.content_box) == b""
    assert report.receipt_box is None and not Grant.objects.filter(report=report).exists()
    assert report.status == Status.RECEIVED  # the register tells it was never closed
    purged = AuditEvent.objects.get(action="reporting.case_purged", object_id=str(report.pk))
    assert purged.detail["inactive"] is True
    # Nothing is left to warn of, and a second run destroys nothing more.
    assert purge_zone(zone_id=personas.zone.pk, today=date(2029, 1, 5))["inactive_cases"] == 0
    clock(date(2029, 1, 6))
    send_reminders(date(2029, 1, 6))
    assert len(inactive_warnings()) == 1


def test_a_note_keeps_the_case_and_moves_the_day(personas, handlers, clock) -> None:
    report = filed(personas, clock, date(2026, 1, 5))
    clock(date(2028, 12, 20))
    browser = signed_in_handler(personas[Role.OVERSIGHT])
    response = browser.post(
        reverse("reporting:case_write", args=[report.number]),
        {"body": "Wachten op het parket; niet vernietigen.", "internal": "1"},
    )
    assert response.status_code == 302
    assert Message.objects.filter(report=report, internal=True).exists()
    clock(date(2029, 1, 5))
    assert purge_zone(zone_id=personas.zone.pk, today=date(2029, 1, 5))["inactive_cases"] == 0
    clock(date(2031, 11, 20))
    send_reminders(date(2031, 11, 20))  # 30 days before 20/12/2031
    [warned] = inactive_warnings()
    assert warned.detail["due"] == "2031-12-20"
    assert purge_zone(zone_id=personas.zone.pk, today=date(2031, 12, 20))["inactive_cases"] == 1


def test_a_legal_hold_and_a_closed_case_are_left_to_their_own_rules(
    personas, handlers, clock
) -> None:
    held = filed(personas, clock, date(2026, 1, 5))
    closed = filed(personas, clock, date(2026, 1, 5))
    Report.objects.filter(pk=held.pk).update(legal_hold=True)
    Report.objects.filter(pk=closed.pk).update(status=Status.CLOSED, closed_on=date(2026, 2, 1))
    clock(date(2031, 2, 1))
    counts = purge_zone(zone_id=personas.zone.pk, today=date(2031, 2, 1))
    assert counts["inactive_cases"] == 0 and counts["closed_cases"] == 1  # breach: 60 months
    held.refresh_from_db()
    assert held.purged_on is None
    send_reminders(date(2031, 2, 1))
    assert not inactive_warnings()


def test_the_zone_s_own_period_and_warning_apply(personas, handlers, clock) -> None:
    RetentionSettings.new_version(
        zone_id=personas.zone.pk,
        by=personas[Role.INTEGRITY_OFFICER],
        values={"open_case_months": 12, "open_case_warning_days": 7},
    )
    filed(personas, clock, date(2026, 1, 5))
    clock(date(2026, 12, 28))
    send_reminders(date(2026, 12, 28))
    assert not inactive_warnings()
    clock(date(2026, 12, 29))
    send_reminders(date(2026, 12, 29))
    assert len(inactive_warnings()) == 1
    clock(date(2027, 1, 5))
    assert purge_zone(zone_id=personas.zone.pk, today=date(2027, 1, 5))["inactive_cases"] == 1


def test_a_register_line_goes_after_the_register_s_period(personas, handlers, clock) -> None:
    closed = filed(personas, clock, date(2026, 1, 5))
    never_closed = filed(personas, clock, date(2026, 1, 5))
    kept = filed(personas, clock, date(2026, 1, 5))
    Report.objects.filter(pk__in=[closed.pk, kept.pk]).update(
        status=Status.CLOSED, closed_on=date(2026, 3, 1)
    )
    clock(date(2031, 3, 1))
    first = purge_zone(zone_id=personas.zone.pk, today=date(2031, 3, 1))
    assert first["closed_cases"] == 2 and first["inactive_cases"] == 1
    Report.objects.filter(pk=kept.pk).update(legal_hold=True)
    # Ten years (the default) after the closure, or after the destruction of one never closed.
    assert purge_zone(zone_id=personas.zone.pk, today=date(2036, 2, 28))["register_lines"] == 0
    assert purge_zone(zone_id=personas.zone.pk, today=date(2036, 3, 1))["register_lines"] == 1
    assert not Report.objects.filter(pk=closed.pk).exists()
    assert Report.objects.filter(pk=never_closed.pk).exists()  # destroyed on 2031-03-01
    assert purge_zone(zone_id=personas.zone.pk, today=date(2041, 3, 1))["register_lines"] == 1
    assert list(Report.objects.values_list("pk", flat=True)) == [kept.pk]  # held
    event = AuditEvent.objects.filter(action="reporting.cases_purged").first()
    assert event is not None and event.detail["register_lines"] == 1


def training(personas, clock, day: date) -> TrainingSession:
    """A session held on ``day`` with two votes, then closed."""
    clock(day)
    leader = personas[Role.COORDINATOR]
    session, _ = compass.create_session(
        facilitator=leader,
        title="Briefing",
        mode=Mode.LIVE,
        dilemmas=[Dilemma.objects.filter(status=DilemmaStatus.PUBLISHED).order_by("pk")[0]],
        service_id=personas.team.pk,
        min_group=5,
        token=f"token-{TrainingSession.objects.count()}",
    )
    session = compass.open_session(session=session, by=leader)
    item = compass.current_item(session)
    assert item is not None
    option = item.dilemma.options.order_by("position")[0]
    for phone in ("phone-a", "phone-b"):
        assert compass.cast_vote(session=session, device=phone, option_id=option.pk)
    return compass.steer_session(session=session, by=leader, action="close")


def test_trainings_data_goes_after_its_periods(personas, clock) -> None:
    session = training(personas, clock, date(2026, 3, 2))
    assert session.code and Ballot.objects.filter(item__session=session).count() == 2
    rejected = Dilemma.objects.create(
        zone=personas.zone,
        status=DilemmaStatus.REJECTED,
        title={"nl": "Voorstel"},
        reviewed_on=date(2026, 3, 2),
        proposed_on=date(2026, 3, 1),
    )
    early = purge_zone(zone_id=personas.zone.pk, today=date(2026, 3, 8))
    assert early["join_codes"] == 0 and early["ballots"] == 0
    counts = purge_zone(zone_id=personas.zone.pk, today=date(2026, 3, 9))  # 7 days
    assert counts["join_codes"] == 1 and counts["ballots"] == 2
    session.refresh_from_db()
    assert session.code == "" and session.status == SessionStatus.CLOSED
    assert Tally.objects.filter(item__session=session).exists()  # the counted votes stay
    assert purge_zone(zone_id=personas.zone.pk, today=date(2027, 3, 2))["rejected_dilemmas"] == 1
    assert not Dilemma.objects.filter(pk=rejected.pk).exists()
    assert purge_zone(zone_id=personas.zone.pk, today=date(2029, 3, 1))["training_sessions"] == 0
    assert purge_zone(zone_id=personas.zone.pk, today=date(2029, 3, 2))["training_sessions"] == 1
    assert not TrainingSession.objects.filter(pk=session.pk).exists()
    assert not Tally.objects.filter(item__session_id=session.pk).exists()


def test_the_purge_counts_per_zone_once_and_a_second_run_finds_nothing(
    personas, handlers, clock, capsys
) -> None:
    filed(personas, clock, date(2026, 1, 5))
    clock(date(2029, 1, 5))
    call_command("purge_expired")
    out = capsys.readouterr().out
    zone = personas.zone.pk
    assert f"Zone {zone}:" in out and f"Zone {personas.outsider.zone_id}:" in out
    assert "1 case(s) never closed purged after their inactivity period" in out
    assert "0 register line(s) deleted" in out and "0 join code(s) cleared" in out
    [event] = AuditEvent.objects.filter(action="reporting.cases_purged", zone_id=zone)
    assert event.detail["inactive_cases"] == 1 and event.detail["day"] == "2029-01-05"
    [general] = AuditEvent.objects.filter(action="retention.purged", zone_id=zone)
    assert "inactive_cases" not in general.detail and general.detail["day"] == "2029-01-05"
    again = purge_all(today=date(2029, 1, 5))
    assert all(n == 0 for counts in again.values() for n in counts.values())
    other = AuditEvent.objects.filter(
        action="reporting.cases_purged", zone_id=personas.outsider.zone_id
    )
    assert [e.detail["inactive_cases"] for e in other] == [0, 0]


def test_what_the_administrator_reads_of_a_purge_does_not_move_with_one_report(
    personas, handlers, clock
) -> None:
    """The attacker reads the audit log as the functional administrator (or the DPO) on the
    days after purges: one that destroyed a case and one that destroyed none read alike; the
    reporting channel's counts are in an event of the cases' type, which the log shows to the
    integrity officer only (tested with the log page), written on both days."""
    from kompas.audit.models import CASE_EVENTS

    filed(personas, clock, date(2026, 1, 5))
    zone = personas.zone.pk
    assert purge_zone(zone_id=zone, today=date(2027, 1, 5))["inactive_cases"] == 0
    assert purge_zone(zone_id=zone, today=date(2029, 1, 5))["inactive_cases"] == 1
    shown = AuditEvent.objects.filter(zone_id=zone, action__startswith="retention.").exclude(
        object_type__in=CASE_EVENTS
    )
    details = [{k: v for k, v in e.detail.items() if k != "day"} for e in shown]
    assert len(details) == 2 and details[0] == details[1]
    kept = AuditEvent.objects.filter(zone_id=zone, action="reporting.cases_purged")
    assert kept.count() == 2 and all(e.object_type in CASE_EVENTS for e in kept)


def test_a_part_that_fails_leaves_the_others_done_and_itself_untouched(
    personas, handlers, clock, monkeypatch
) -> None:
    """A crash in the trainings' part: the cases destroyed before it stay destroyed, its own
    deletions are rolled back whole, and the next run does it."""
    from kompas.audit import services as audit

    report = filed(personas, clock, date(2026, 1, 5))
    session = training(personas, clock, date(2028, 12, 1))
    real = audit.record

    def failing(action: str, **event):
        if action == "compass.training_data_purged":
            raise RuntimeError("the disk is full")
        return real(action, **event)

    monkeypatch.setattr("kompas.retention.purge.record", failing)
    with pytest.raises(RuntimeError):
        purge_zone(zone_id=personas.zone.pk, today=date(2029, 1, 5))
    report.refresh_from_db()
    session.refresh_from_db()
    assert report.purged_on == date(2029, 1, 5)
    assert session.code and Ballot.objects.filter(item__session=session).count() == 2
    monkeypatch.setattr("kompas.retention.purge.record", real)
    counts = purge_zone(zone_id=personas.zone.pk, today=date(2029, 1, 5))
    assert counts["inactive_cases"] == 0 and counts["join_codes"] == 1 and counts["ballots"] == 2


def test_the_people_who_left_are_pseudonymised_with_the_zone_s_period(personas, clock) -> None:
    """The accounts' part (`kompas.accounts.retention.pseudonymise_leavers`) gets the zone's
    period: someone who left 24 months ago (the default) is counted, once."""

    leaver = personas.member
    leaver.is_active = False
    leaver.left_on = date(2026, 1, 5)
    leaver.save()
    assert purge_zone(zone_id=personas.zone.pk, today=date(2028, 1, 4))["leavers"] == 0
    assert purge_zone(zone_id=personas.zone.pk, today=date(2028, 1, 6))["leavers"] == 1
    assert purge_zone(zone_id=personas.zone.pk, today=date(2028, 1, 6))["leavers"] == 0


def test_old_audit_events_lose_their_actor_with_the_zone_s_period_and_the_chain_verifies(
    personas, clock
) -> None:
    """The audit's part (`kompas.audit.retention.pseudonymise_events`) gets the zone's period:
    ten years by default; the other zone's events keep their actor."""
    from kompas.audit.services import record, verify_chain

    clock(date(2016, 1, 4))
    old = record("test.old", actor=personas.member, obj=personas.member)
    elsewhere = record("test.elsewhere", actor=personas.outsider, obj=personas.outsider)
    clock(date(2016, 1, 6))
    recent = record("test.recent", actor=personas.member, obj=personas.member)
    clock(date(2026, 1, 5))
    counts = purge_zone(zone_id=personas.zone.pk, today=date(2026, 1, 5))
    assert counts["audit_events"] == 1
    assert AuditEvent.objects.get(pk=old.pk).actor_id is None
    assert AuditEvent.objects.get(pk=recent.pk).actor_id == personas.member.pk
    assert AuditEvent.objects.get(pk=elsewhere.pk).actor_id == personas.outsider.pk
    assert purge_zone(zone_id=personas.zone.pk, today=date(2026, 1, 5))["audit_events"] == 0
    assert verify_chain().intact
