"""Conflict-of-interest signals: the member signals, the direct leader takes a measure at once."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from kompas.accounts.roles import Role
from kompas.audit.models import AuditEvent
from kompas.registers.models import ConflictSignal, ConflictStatus
from kompas.registers.tests.pages import field_errors, linked
from kompas.testing import make_person, sign_in

pytestmark = pytest.mark.django_db


def signal(**fields) -> dict:
    data = {
        "token": "conflict-token-000001",
        "task_kind": "case",
        "task": "PV 2026/1234 over een burenruzie",
        "relation": "private",
        "people": "Mijn schoonbroer",
        "occurred_on": "2026-11-25",
    }
    data.update(fields)
    return data


def test_the_direct_leader_is_told_at_once_and_hands_the_task_over(
    client: Client, personas, mailbox, django_capture_on_commit_callbacks
) -> None:
    member, leader = personas.member, personas[Role.COORDINATOR]
    sign_in(client, member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("registers:conflict_new"), signal())
    item = ConflictSignal.objects.get()
    assert item.leader == leader
    [mail] = mailbox.wait_for(1)
    assert mail["To"] == leader.email
    assert "schoonbroer" not in mail.get_payload(decode=True).decode()

    boss = sign_in(Client(), leader)
    assert linked(boss.get(reverse("registers:mine")), "registers:conflict") == [item.pk]
    boss.post(reverse("registers:conflict", args=[item.pk]), {"measure": "handed_over"})
    item.refresh_from_db()
    assert (item.status, item.measure, item.measured_by) == (
        ConflictStatus.MEASURED,
        "handed_over",
        leader,
    )
    assert {"registers.conflict_signalled", "registers.conflict_measured"} <= set(
        AuditEvent.objects.values_list("action", flat=True)
    )


def test_keeping_the_task_needs_a_supervisor_and_instructions(client: Client, personas) -> None:
    sign_in(client, personas.member)
    client.post(reverse("registers:conflict_new"), signal(after_the_fact="on"))
    item = ConflictSignal.objects.get()
    assert item.after_the_fact
    boss = sign_in(Client(), personas[Role.COORDINATOR])
    url = reverse("registers:conflict", args=[item.pk])
    response = boss.post(url, {"measure": "supervised"})
    assert response.status_code == 200
    item.refresh_from_db()
    assert item.status == ConflictStatus.OPEN
    boss.post(
        url,
        {
            "measure": "supervised",
            "supervisor": personas[Role.HEAD_OF_SERVICE].pk,
            "instructions": "Alleen in duo, verslag via het diensthoofd.",
        },
    )
    item.refresh_from_db()
    assert item.supervisor == personas[Role.HEAD_OF_SERVICE]


def test_others_see_nothing(client: Client, personas) -> None:
    sign_in(client, personas.member)
    client.post(reverse("registers:conflict_new"), signal())
    url = reverse("registers:conflict", args=[ConflictSignal.objects.get().pk])
    colleague = make_person(personas.zone, service=personas.team)
    for person in (colleague, personas[Role.HR], personas.outsider):
        assert sign_in(Client(), person).get(url).status_code == 404
    assert sign_in(Client(), personas[Role.INTEGRITY_OFFICER]).get(url).status_code == 200
    # The member cannot take the measure on their own signal.
    assert client.post(url, {"measure": "handed_over"}).status_code == 403


def test_a_double_submit_signals_once_and_a_bad_date_is_refused(client: Client, personas) -> None:
    sign_in(client, personas.member)
    client.post(reverse("registers:conflict_new"), signal())
    client.post(reverse("registers:conflict_new"), signal())
    assert ConflictSignal.objects.count() == 1
    response = client.post(
        reverse("registers:conflict_new"),
        signal(token="another-token-00000002", occurred_on="2001-01-01"),
    )
    assert "occurred_on" in field_errors(response)
    assert ConflictSignal.objects.count() == 1


def test_leaders_are_reminded_of_what_waits_for_them(
    client: Client, personas, mailbox, django_capture_on_commit_callbacks
) -> None:
    from datetime import timedelta

    from django.core.management import call_command

    from kompas.accounts.models import RoleAssignment
    from kompas.lib.clock import today
    from kompas.registers.models import GiftDeclaration

    RoleAssignment.objects.filter(role=Role.HEAD_OF_SERVICE).update(service=personas.service)
    sign_in(client, personas.member)
    client.post(reverse("registers:conflict_new"), signal())
    client.post(
        reverse("registers:gift_new"),
        {
            "token": "gift-token-reminder-01",
            "kind": "gift",
            "description": "Pralines",
            "giver_name": "Bakker",
            "giver_type": "organisation",
            "value": "5",
            "given_on": today().isoformat(),
        },
    )
    week_ago = today() - timedelta(days=8)
    GiftDeclaration.objects.update(declared_on=week_ago)
    ConflictSignal.objects.update(signalled_on=week_ago)
    mailbox.messages.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders")
    recipients = sorted(m["To"] for m in mailbox.wait_for(2))
    assert recipients == sorted(
        [personas[Role.HEAD_OF_SERVICE].email, personas[Role.COORDINATOR].email]
    )
    assert all("Pralines" not in m.get_payload(decode=True).decode() for m in mailbox.messages)


def test_a_leader_seeing_others_signals_and_side_activities_to_decide_is_audited(
    client: Client, personas
) -> None:
    sign_in(client, personas.member)
    client.post(reverse("registers:conflict_new"), signal())
    boss = sign_in(Client(), personas[Role.COORDINATOR])
    boss.get(reverse("registers:mine"))
    [event] = AuditEvent.objects.filter(action="registers.pending_viewed")
    assert (event.actor_id, event.object_type, event.detail["shown"]) == (
        personas[Role.COORDINATOR].pk,
        "registers.conflictsignal",
        1,
    )
    # The member's own page lists only their own signals: nothing of others, nothing audited.
    client.get(reverse("registers:mine"))
    assert AuditEvent.objects.filter(action="registers.pending_viewed").count() == 1
