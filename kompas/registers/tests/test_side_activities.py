"""Side activities: declared with the compatibility checks, decided by the competent authority of
the member's cadre, with an expiry and a renewal reminder."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from kompas.accounts.roles import Role
from kompas.audit.models import AuditEvent
from kompas.registers.models import SideActivity, SideActivityRules, SideActivityStatus
from kompas.registers.tests.pages import field_errors, linked
from kompas.testing import make_person, sign_in

pytestmark = pytest.mark.django_db


def activity(**fields) -> dict:
    data = {
        "token": "side-activity-token-01",
        "activity": "Lesgever zelfverdediging",
        "organisation": "Sportclub Heist",
        "hours_per_week": "3",
        "paid": "on",
        "starts_on": "2026-09-01",
        **{
            f"check_{k}": "yes"
            for k in ("dignity", "no_contact", "no_means", "rest", "not_forbidden")
        },
    }
    data.update(fields)
    return data


def test_the_chief_decides_for_the_operational_cadre_with_an_expiry(
    client: Client, personas, mailbox, django_capture_on_commit_callbacks
) -> None:
    sign_in(client, personas.member)  # operational cadre
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("registers:side_new"), activity())
    item = SideActivity.objects.get()
    assert response["Location"] == reverse("registers:side_activity", args=[item.pk])
    [mail] = mailbox.wait_for(1)
    assert mail["To"] == personas[Role.CHIEF].email

    chief = sign_in(Client(), personas[Role.CHIEF])
    assert linked(chief.get(reverse("registers:mine")), "registers:side_activity") == [item.pk]
    listed = AuditEvent.objects.get(action="registers.pending_viewed")
    assert (listed.object_type, listed.detail["shown"]) == ("registers.sideactivity", 1)
    chief.post(
        reverse("registers:side_activity", args=[item.pk]),
        {"approve": "yes", "reason": "Geen raakvlak met het werk van de zone."},
    )
    item.refresh_from_db()
    assert item.status == SideActivityStatus.APPROVED
    assert item.decided_on is not None
    from kompas.lib.clock import add_months

    assert item.valid_until == add_months(item.decided_on, 24)
    assert AuditEvent.objects.filter(action="registers.side_activity_decided").exists()


def test_the_authority_per_cadre_is_data(client: Client, personas) -> None:
    calog = make_person(personas.zone, service=personas.team, cadre="calog", first_name="Cal")
    SideActivityRules.objects.create(
        zone=personas.zone, authority_calog="hr", created_on=date(2026, 1, 1)
    )
    sign_in(client, calog)
    client.post(reverse("registers:side_new"), activity())
    item = SideActivity.objects.get()
    hr = sign_in(Client(), personas[Role.HR])
    hr.post(
        reverse("registers:side_activity", args=[item.pk]),
        {"approve": "no", "reason": "Te veel uren naast een voltijdse job."},
    )
    item.refresh_from_db()
    assert item.status == SideActivityStatus.REFUSED and item.valid_until is None
    # The chief is not the authority for CALog here.
    chief = sign_in(Client(), personas[Role.CHIEF])
    assert (
        chief.post(
            reverse("registers:side_activity", args=[item.pk]), {"approve": "yes", "reason": "x"}
        ).status_code
        == 403
    )


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"ends_on": "2026-08-01"}, "ends_on"),
        ({"hours_per_week": "200"}, "hours_per_week"),
        ({"contact_with_zone": "on"}, "contact_explained"),
        ({"check_rest": ""}, "check_rest"),
    ],
)
def test_bad_input_gets_a_clear_error(client: Client, personas, fields, error) -> None:
    sign_in(client, personas.member)
    response = client.post(reverse("registers:side_new"), activity(**fields))
    assert error in field_errors(response)
    assert "Sportclub Heist" in response.content.decode()
    assert not SideActivity.objects.exists()


def test_a_renewal_reminder_goes_out_once_before_expiry(
    client: Client, personas, mailbox, django_capture_on_commit_callbacks
) -> None:
    from django.db import transaction

    from kompas.lib.clock import today
    from kompas.registers.reminders import send_renewal_reminders

    sign_in(client, personas.member)
    client.post(reverse("registers:side_new"), activity())
    SideActivity.objects.update(
        status=SideActivityStatus.APPROVED, valid_until=today() + timedelta(days=20)
    )
    mailbox.messages.clear()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        assert send_renewal_reminders(today()) == 1
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        assert send_renewal_reminders(today()) == 0
    [mail] = mailbox.wait_for(1)
    assert mail["To"] == personas.member.email


def test_others_see_nothing(client: Client, personas) -> None:
    sign_in(client, personas.member)
    client.post(reverse("registers:side_new"), activity())
    url = reverse("registers:side_activity", args=[SideActivity.objects.get().pk])
    colleague = make_person(personas.zone, service=personas.team)
    for person in (colleague, personas[Role.HR], personas.outsider):
        assert sign_in(Client(), person).get(url).status_code == 404
    assert sign_in(Client(), personas[Role.INTEGRITY_OFFICER]).get(url).status_code == 200
