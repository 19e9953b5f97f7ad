"""A zone's organisation stamp changes with every change of its organisation, however it is
made, and what pages keep per stamp follows at once."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from kompas.accounts import organisation
from kompas.accounts.models import Person, RoleAssignment, Service
from kompas.accounts.organisation import kept, stamp_of
from kompas.accounts.roles import Role
from kompas.testing import make_person, make_service, sign_in

pytestmark = pytest.mark.django_db


def changes_stamp(zone: Any, change: Callable[[], Any]) -> bool:
    before = stamp_of(zone.pk)
    change()
    return stamp_of(zone.pk) != before


def test_every_change_of_the_organisation_changes_the_zone_stamp(personas) -> None:
    zone, service, team = personas.zone, personas.service, personas.team
    member = personas.member
    assert stamp_of(zone.pk) != 0  # the personas' services and people made it

    new: dict[str, Any] = {}
    assert changes_stamp(zone, lambda: new.setdefault("service", make_service(zone, "Verkeer")))
    assert changes_stamp(zone, lambda: Service.objects.filter(pk=team.pk).update(name="Wijk"))
    assert changes_stamp(zone, lambda: Service.objects.filter(pk=team.pk).update(parent=None))
    assert changes_stamp(zone, lambda: new["service"].delete())
    assert changes_stamp(zone, lambda: new.setdefault("person", make_person(zone, service=team)))
    assert changes_stamp(zone, lambda: Person.objects.filter(pk=member.pk).update(service=service))
    assert changes_stamp(zone, lambda: Person.objects.filter(pk=member.pk).update(leader=None))
    assert changes_stamp(zone, lambda: Person.objects.filter(pk=member.pk).update(is_active=False))
    grant = lambda: RoleAssignment.objects.create(  # noqa: E731
        person=member, role=Role.HEAD_OF_SERVICE, service=team
    )
    assert changes_stamp(zone, grant)
    assert changes_stamp(
        zone, lambda: RoleAssignment.objects.filter(person=member).update(service=service)
    )
    assert changes_stamp(zone, lambda: RoleAssignment.objects.filter(person=member).delete())
    assert changes_stamp(zone, lambda: new["person"].delete())


def test_a_bulk_import_changes_the_stamp_and_a_sign_in_or_a_new_name_does_not(
    personas,
) -> None:
    zone, member = personas.zone, personas.member
    people = [
        Person(
            zone=zone,
            email=f"bulk{n}@example.test",
            staff_number=f"B{n}",
            first_name="Bulk",
            last_name=str(n),
            cadre="operational",
            status="statutory",
            service=personas.team,
        )
        for n in range(30)
    ]
    assert changes_stamp(zone, lambda: Person.objects.bulk_create(people))
    # A sign-in, another language or password leaves the organisation as it was.
    assert not changes_stamp(zone, lambda: member.save(update_fields=["last_login"]))
    assert not changes_stamp(
        zone, lambda: Person.objects.filter(zone=zone).update(language="fr", password="x")
    )
    # Nor does a new name, e-mail address or staff number: nothing kept per stamp shows them
    # (people search asks the person table).
    for change in (
        {"first_name": "Anders"}, {"last_name": "Anders"},
        {"email": "anders@example.test"}, {"staff_number": "A1"},
    ):  # fmt: skip
        update = Person.objects.filter(pk=member.pk).update
        assert not changes_stamp(zone, functools.partial(update, **change))
    member.refresh_from_db()
    assert not changes_stamp(zone, member.save)  # saved as it is


def test_one_zone_changing_leaves_the_others_stamp_alone_and_a_move_changes_both(
    personas,
) -> None:
    here, elsewhere = personas.zone, personas.outsider.zone
    before = stamp_of(elsewhere.pk)
    make_service(here, "Recherche")
    assert stamp_of(elsewhere.pk) == before
    assert changes_stamp(
        elsewhere,
        lambda: Person.objects.filter(pk=personas.member.pk).update(zone=elsewhere, service=None),
    )


def test_kept_values_are_worked_out_again_only_when_the_stamp_changes(
    django_capture_on_commit_callbacks: Any,
) -> None:
    worked: list[int] = []

    def work_out() -> int:
        worked.append(1)
        return len(worked)

    with django_capture_on_commit_callbacks(execute=True):
        assert kept("test", -1, 7, work_out) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert kept("test", -1, 7, work_out) == 1
        assert kept("test", -2, 7, work_out) == 2  # another zone
        assert kept("test", -1, 8, work_out) == 3  # the organisation changed
    assert len(worked) == 3


def test_a_value_worked_out_in_a_transaction_that_rolls_back_is_not_kept() -> None:
    """What a transaction saw of an organisation it then rolled back is never shared."""
    with transaction.atomic():
        kept("test", -3, 9, lambda: "seen inside")
        transaction.set_rollback(True)
    assert kept("test", -3, 9, lambda: "read afresh") == "read afresh"


def test_the_triggers_are_there_after_migrating_and_come_back_after_a_migrate(
    django_db_blocker: Any,
) -> None:
    expected = {
        organisation.trigger_name(table, event)
        for table in organisation.TABLES
        for event in organisation.EVENTS
    }
    assert organisation.installed_triggers(connection) == expected
    # A migration that rebuilds a table on SQLite drops its triggers: migrate puts them back.
    with connection.cursor() as cursor:
        on = " ON accounts_person" if connection.vendor == "postgresql" else ""
        cursor.execute(f"DROP TRIGGER {organisation.trigger_name('accounts_person', 'INSERT')}{on}")
    assert organisation.installed_triggers(connection) != expected
    organisation.reinstall_after_migrate(using="default")
    assert organisation.installed_triggers(connection) == expected


def test_on_postgresql_a_change_takes_the_audit_chains_lock_first(personas) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time")
    from kompas.audit.services import PG_CHAIN_LOCK

    with transaction.atomic(), connection.cursor() as cursor:
        make_service(personas.zone, "Onthaal")
        cursor.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()"
            " AND classid = %s AND objid = %s AND objsubid = 1",
            [PG_CHAIN_LOCK >> 32, PG_CHAIN_LOCK & 0xFFFFFFFF],
        )
        assert cursor.fetchone()[0] == 1


def test_a_page_reads_the_stamp_afresh_when_it_shows_what_is_kept_under_it(
    client: Client, personas
) -> None:
    def stamp_read_by(url: str) -> Any:
        person = client.get(url).wsgi_request.user
        while hasattr(person, "_wrapped"):  # the person, read when the page asked for them
            person = person._wrapped
        return vars(person).get("organisation_stamp")

    sign_in(client, personas[Role.HEAD_OF_SERVICE])
    # Gifts to decide follow who decides, kept per stamp; the profile keeps nothing.
    assert stamp_read_by(reverse("registers:gift_pending")) == stamp_of(personas.zone.pk) != 0
    assert stamp_read_by(reverse("accounts:profile")) is None
    make_service(personas.zone, "Onthaal")
    assert stamp_read_by(reverse("registers:gift_pending")) == stamp_of(personas.zone.pk)


def test_the_services_a_head_leads_follow_a_new_service_below_theirs_at_once(personas) -> None:
    from kompas.registers.people import services_led_by

    def head() -> Person:  # as a page reads the person signed in: afresh, with the stamp
        return Person.objects.get(pk=personas[Role.HEAD_OF_SERVICE].pk)

    led = services_led_by(head())
    assert personas.team.pk in led
    below = make_service(personas.zone, "Fietsbrigade", parent=personas.team)
    assert services_led_by(head()) == led | {below.pk}
    Service.objects.filter(pk=below.pk).update(parent=None)  # moved out from under them
    assert services_led_by(head()) == led
