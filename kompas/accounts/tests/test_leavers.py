"""People who left: HR's deactivation records the day, and after the zone's period the person is
pseudonymised: nothing names them or lets anyone in as them, their history stays."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from axes.models import AccessAttempt
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from kompas.accounts import services
from kompas.accounts.models import Person
from kompas.accounts.retention import pseudonymise_leavers
from kompas.accounts.roles import Role
from kompas.audit.models import AuditEvent
from kompas.audit.services import verify_chain
from kompas.lib import clock
from kompas.registers.models import GiftDeclaration
from kompas.registers.tests.test_overview import declare_gift
from kompas.reporting import keys
from kompas.reporting.models import Grant, HandlerKey
from kompas.reporting.tests.test_routing import _file
from kompas.scim.models import UserLink
from kompas.sso.models import Identity
from kompas.testing import PASSWORD, give_device, make_person, sign_in

pytestmark = pytest.mark.django_db

LEFT = date(2024, 1, 15)


@pytest.fixture
def on_day(monkeypatch):
    """The clock, set to a day."""

    def set_to(day: date) -> date:
        monkeypatch.setattr(clock, "today", lambda: day)
        return day

    return set_to


def _leave(personas, person: Person, on_day, day: date = LEFT) -> Person:
    on_day(day)
    services.update_person(by=personas[Role.HR], person=person, changes={"is_active": False})
    person.refresh_from_db()
    return person


def test_deactivation_records_the_day_and_coming_back_empties_it(personas, on_day) -> None:
    member = _leave(personas, personas.member, on_day)
    assert member.left_on == LEFT
    on_day(LEFT + timedelta(days=3))
    services.update_person(by=personas[Role.HR], person=member, changes={"is_active": True})
    member.refresh_from_db()
    assert member.left_on is None


def test_people_who_left_before_the_cut_off_are_pseudonymised(personas, on_day) -> None:
    member = personas.member
    declare_gift(member, 1, "Garage Janssens", "20")
    give_device(member)
    AccessAttempt.objects.create(
        username=member.email, ip_address="192.0.2.1", failures_since_start=2
    )
    epoch = member.session_epoch
    Identity.objects.create(person=member, issuer="https://idp.example.test", subject="s-1")
    UserLink.objects.create(zone=personas.zone, person=member, external_id="HR-0001")
    _leave(personas, member, on_day)
    later = make_person(personas.zone, first_name="Later")
    _leave(personas, later, on_day, LEFT + timedelta(days=60))
    elsewhere = make_person(personas.outsider.zone, first_name="Elders")
    # Another zone's leaver (that zone's HR deactivated them).
    Person.objects.filter(pk=elsewhere.pk).update(is_active=False, left_on=LEFT)
    on_day(LEFT + timedelta(days=400))

    assert (
        pseudonymise_leavers(zone_id=personas.zone.pk, left_before=LEFT + timedelta(days=30)) == 1
    )

    member.refresh_from_db()
    assert member.is_pseudonymised and member.pseudonymised_on == LEFT + timedelta(days=400)
    assert member.first_name == "Gewezen lid"  # the zone's language
    code = member.last_name
    assert len(code) == 6 and code.isalnum() and code.isupper()
    assert member.email == f"former-{code.lower()}@pseudonymised.invalid"
    assert member.staff_number == f"X-{code}"
    assert "Mila" not in str(member)
    assert not member.has_usable_password()
    assert member.session_epoch > epoch
    assert not TOTPDevice.objects.filter(user=member).exists()
    assert not AccessAttempt.objects.exists()
    assert not Identity.objects.exists() and not UserLink.objects.exists()
    # The history holds: their leader, their service, their declaration.
    assert member.leader == personas[Role.COORDINATOR] and member.service == personas.team
    assert GiftDeclaration.objects.get().person == member
    # Left later, or in another zone: as they were.
    later.refresh_from_db()
    elsewhere.refresh_from_db()
    assert later.first_name == "Later" and not later.is_pseudonymised
    assert elsewhere.first_name == "Elders" and not elsewhere.is_pseudonymised
    # Audited: the person by id only, and the counts.
    event = AuditEvent.objects.get(action="accounts.person_pseudonymised")
    assert event.object_id == str(member.pk) and event.actor_id is None
    assert event.detail == {"cases_only_theirs": 0}
    counts = AuditEvent.objects.get(action="accounts.leavers_pseudonymised")
    assert counts.detail["people"] == 1 and counts.zone_id == personas.zone.pk
    assert verify_chain().intact


def test_each_gets_a_pseudonym_of_their_own_and_a_second_run_changes_nothing(
    personas, on_day
) -> None:
    people = [make_person(personas.zone, first_name=f"P{n}") for n in range(5)]
    for person in people:
        _leave(personas, person, on_day)
    cut = LEFT + timedelta(days=1)
    assert pseudonymise_leavers(zone_id=personas.zone.pk, left_before=cut) == 5
    codes = set(Person.objects.filter(pseudonymised_on__isnull=False).values_list("last_name"))
    assert len(codes) == 5
    before = list(Person.objects.order_by("pk").values())
    assert pseudonymise_leavers(zone_id=personas.zone.pk, left_before=cut) == 0
    assert list(Person.objects.order_by("pk").values()) == before


def test_a_former_handler_keeps_no_usable_key(personas, on_day) -> None:
    for role in keys.HANDLER_ROLES:  # every handler signed in once
        keys.create_key(personas[role], PASSWORD)
    report = _file(personas, "breach", [])
    handler = personas[Role.OVERSIGHT]
    grant = Grant.objects.get(report=report, person=handler)
    assert grant.sealed_case_key
    _leave(personas, handler, on_day)
    pseudonymise_leavers(zone_id=personas.zone.pk, left_before=LEFT + timedelta(days=1))
    key = HandlerKey.objects.get(person=handler)
    assert (bytes(key.wrapped_private_key), bytes(key.salt), key.active) == (b"", b"", False)
    grant.refresh_from_db()
    assert (bytes(grant.sealed_case_key), grant.active) == (b"", False)
    # The case was theirs alone (a breach goes to oversight): the event says so, without which.
    event = AuditEvent.objects.get(action="accounts.person_pseudonymised")
    assert event.detail == {"cases_only_theirs": 1}
    assert report.recovery_box is None or bytes(report.recovery_box)  # the way back, if set up
    assert verify_chain().intact


def _pseudonymised(personas, on_day) -> Person:
    member = _leave(personas, personas.member, on_day)
    pseudonymise_leavers(zone_id=personas.zone.pk, left_before=LEFT + timedelta(days=1))
    member.refresh_from_db()
    return member


def test_hr_sees_the_pseudonym_and_can_change_nothing(client: Client, personas, on_day) -> None:
    member = _pseudonymised(personas, on_day)
    hr, admin = personas[Role.HR], personas[Role.ADMIN]
    sign_in(client, hr)
    page = client.get(reverse("accounts:person", args=[member.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert member.full_name in html and "Mila" not in html
    assert 'id="pseudonymised"' in html and 'name="first_name"' not in html
    refused = client.post(
        reverse("accounts:person", args=[member.pk]), {"first_name": "Mila", "is_active": "on"}
    )
    assert refused.status_code == 403
    sign_in(client, admin)
    assert client.get(reverse("accounts:person", args=[member.pk])).status_code == 200
    grant = client.post(reverse("accounts:grant_role", args=[member.pk]), {"role": "hr"})
    assert grant.status_code == 403
    reset = client.post(reverse("accounts:reset_second_factor", args=[member.pk]))
    assert reset.status_code == 403
    member.refresh_from_db()
    assert member.first_name == "Gewezen lid" and not member.roles_held.exists()
    with pytest.raises(PermissionDenied):
        services.update_person(by=hr, person=member, changes={"first_name": "Mila"})


def test_the_people_list_and_search_show_the_pseudonym(client: Client, personas, on_day) -> None:
    member = _pseudonymised(personas, on_day)
    sign_in(client, personas[Role.HR])
    listed = client.get(reverse("accounts:people")).content.decode()
    assert member.full_name in listed and "Mila" not in listed
    found = client.get(reverse("accounts:people"), {"q": member.last_name}).content.decode()
    assert reverse("accounts:person", args=[member.pk]) in found
    assert (
        reverse("accounts:person", args=[member.pk])
        not in client.get(reverse("accounts:people"), {"q": "Mila"}).content.decode()
    )


def test_the_registers_show_the_pseudonym_and_keep_the_declaration(
    client: Client, personas, on_day
) -> None:
    declare_gift(personas.member, 1, "Garage Janssens", "20")
    member = _pseudonymised(personas, on_day)
    sign_in(client, personas[Role.INTEGRITY_OFFICER])
    overview = client.get(reverse("registers:overview")).content.decode()
    assert "Garage Janssens" in overview
    assert member.last_name in overview and "Mila" not in overview


def test_someone_deactivated_elsewhere_starts_their_period_when_the_purge_first_sees_them(
    personas, on_day
) -> None:
    """SCIM or the database may deactivate without the day: the period then starts late, never
    early."""
    Person.objects.filter(pk=personas.member.pk).update(is_active=False)
    on_day(LEFT)
    assert pseudonymise_leavers(zone_id=personas.zone.pk, left_before=LEFT) == 0
    personas.member.refresh_from_db()
    assert personas.member.left_on == LEFT and not personas.member.is_pseudonymised
    assert pseudonymise_leavers(zone_id=personas.zone.pk, left_before=LEFT + timedelta(1)) == 1


def test_the_daily_purge_pseudonymises_with_the_zones_periods(
    personas, on_day, monkeypatch
) -> None:
    """`kompas purge-expired` (kompas.retention.purge) calls both pseudonymisations with the
    zone's periods (by default 120 months for the audit log, 24 for people who left)."""
    from datetime import datetime

    from django.utils import timezone

    from kompas.audit.services import record
    from kompas.retention.purge import purge_all

    hr = personas[Role.HR]
    long_ago = timezone.make_aware(datetime(2020, 3, 2, 10, 0))
    monkeypatch.setattr(clock, "now", lambda: long_ago)
    record("accounts.person_viewed", actor=hr, role="hr", obj=personas.member)
    monkeypatch.undo()
    member = _leave(personas, personas.member, on_day, date(2020, 1, 15))
    day = on_day(date(2030, 6, 1))
    counts = purge_all(today=day)[personas.zone.pk]
    assert counts["leavers"] == 1 and counts["audit_events"] >= 1
    member.refresh_from_db()
    assert member.is_pseudonymised
    old = AuditEvent.objects.get(action="accounts.person_viewed", at=long_ago)
    assert old.actor_id is None and old.actor_role == "hr"
    assert verify_chain().intact
    again = purge_all(today=day)[personas.zone.pk]
    assert (again["leavers"], again["audit_events"]) == (0, 0)


def test_an_import_cannot_write_over_a_pseudonymised_person(personas, on_day) -> None:
    from kompas.accounts import importing

    member = _pseudonymised(personas, on_day)
    result = importing.import_records(
        zone_id=personas.zone.pk,
        role="api",
        records=[
            {
                "staff_number": member.staff_number,
                "first_name": "Mila",
                "last_name": "Terug",
                "email": "mila@example.test",
                "service": "Operaties",
                "cadre": "operational",
                "status": "statutory",
                "leader": "",
                "language": "nl",
            }
        ],
    )
    assert not result.ok and "gepseudonimiseerd" in str(result.errors[0].message)
    member.refresh_from_db()
    assert member.first_name == "Gewezen lid"
