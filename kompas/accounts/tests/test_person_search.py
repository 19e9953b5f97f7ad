"""People search's narrow copy follows every change of a person, however it is made, and the
search finds through it exactly whom it found in the person table."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.models import Q
from django.db.models.functions import Lower
from django.test import Client
from django.urls import reverse

from kompas.accounts import search
from kompas.accounts.models import Person, PersonSearch
from kompas.accounts.roles import Role
from kompas.testing import make_person, make_service, sign_in

pytestmark = pytest.mark.django_db

SEP = search.SEPARATOR


def copy_of(person: Person) -> tuple[Any, ...] | None:
    found = PersonSearch.objects.filter(person_id=person.pk).values_list(
        "zone_id", "service_id", "last_key", "first_key", "words", "staff_number"
    )
    return next(iter(found), None)


def as_copied(person: Person) -> tuple[Any, ...]:
    person.refresh_from_db()
    return (
        person.zone_id,
        person.service_id,
        person.last_name.lower(),
        person.first_name.lower(),
        f"{person.first_name}{SEP}{person.last_name}{SEP}{person.email}".upper(),
        person.staff_number,
    )


def test_the_copy_follows_every_change_of_a_person(personas) -> None:
    zone, team = personas.zone, personas.team
    assert installed() == {search.trigger_name(e) for e in search.EVENTS}
    # Every person is there, as the person table has them.
    assert PersonSearch.objects.count() == Person.objects.count()
    for person in Person.objects.all():
        assert copy_of(person) == as_copied(person)

    new = make_person(zone, first_name="Ilse", last_name="Van Damme", service=team)
    assert copy_of(new) == as_copied(new)
    new.first_name, new.email = "Ilona", "ilona@example.test"
    new.save()
    assert copy_of(new) == as_copied(new)
    # Bulk updates and other paths that bypass the model are followed too.
    Person.objects.filter(pk=new.pk).update(last_name="Claes", staff_number="Z9", service=None)
    assert copy_of(new) == as_copied(new)
    other = make_service(personas.outsider.zone, "Elders")
    Person.objects.filter(pk=new.pk).update(zone=other.zone, service=other)
    assert copy_of(new) == as_copied(new)
    # What the search does not read leaves the copy alone (no write at a sign-in).
    before = copy_of(new)
    Person.objects.filter(pk=new.pk).update(language="fr", is_active=False)
    assert copy_of(new) == before
    Person.objects.filter(pk=new.pk).delete()
    assert copy_of(new) is None


def installed() -> set[str]:
    return search.installed_triggers(connection)


def test_after_a_migrate_the_triggers_are_there_and_the_copy_is_whole(personas) -> None:
    member = personas.member
    gone = make_person(personas.zone, first_name="Weg")
    untouched = personas[Role.CHIEF]
    written_at = row_version(untouched)
    search.drop_triggers(connection)
    Person.objects.filter(pk=member.pk).update(last_name="Onbekend")
    PersonSearch.objects.filter(person_id=personas[Role.HR].pk).delete()
    Person.objects.filter(pk=gone.pk).delete()
    assert copy_of(member) != as_copied(member) and copy_of(gone) is not None

    search.reinstall_after_migrate()

    assert installed() == {search.trigger_name(e) for e in search.EVENTS}
    assert copy_of(member) == as_copied(member)
    assert copy_of(personas[Role.HR]) == as_copied(personas[Role.HR])
    assert copy_of(gone) is None
    assert PersonSearch.objects.count() == Person.objects.count()
    # A row that was right is left as it was (not written again at every migrate).
    assert row_version(untouched) == written_at


def row_version(person: Person) -> Any:
    """PostgreSQL: where the row version lies (a row written again moves); SQLite: its values."""
    if connection.vendor != "postgresql":
        return copy_of(person)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ctid::text FROM accounts_personsearch WHERE person_id = %s", [person.pk]
        )
        return cursor.fetchone()[0]


def found_by_search(client: Client, query: str) -> list[int]:
    page = client.get(reverse("accounts:people"), {"q": query}).context["page"]
    return [p["pk"] for p in page]


def found_in_person_table(zone_id: int, query: str) -> list[int]:
    """What the search found before the copy: every word in one of the fields."""
    words = [w for w in query.split() if len(w) > 2] or [" ".join(query.split())]
    named = Q()
    for word in words[:3]:
        named &= (
            Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(email__icontains=word)
        )
    people = Person.objects.filter(zone_id=zone_id).filter(named | Q(staff_number__iexact=query))
    ordered = people.order_by(Lower("last_name"), Lower("first_name"), "pk")
    return list(ordered.values_list("pk", flat=True)[:50])


def test_the_search_finds_whom_the_person_table_finds_in_the_same_order(
    client: Client, personas
) -> None:
    zone = personas.zone
    for first, last in (
        ("Jan", "Peeters"), ("Jana", "Peeters"), ("Anna", "peeters"), ("Piet", "Peetersen"),
        ("Jan", "De Smet"), ("Ann", "Desmet"), ("Éloïse", "Dubois"), ("Nand", "Jansen"),
    ):  # fmt: skip
        make_person(zone, first_name=first, last_name=last)
    sign_in(client, personas[Role.HR])
    for query in (
        "peeters", "Jan Peeters", "jan", "de smet", "an", "Dubois", "n De", "nand jan",
        "example", "zz",
    ):  # fmt: skip
        assert found_by_search(client, query) == found_in_person_table(zone.pk, query), query
    # A word is matched within one field, never across two ("n De": first name Jan, last
    # name De Smet).
    assert not found_by_search(client, "n De")
    assert personas.outsider.pk not in found_by_search(client, personas.outsider.last_name)


def test_people_search_pages_through_the_matches(client: Client, personas) -> None:
    zone = personas.zone
    made = [make_person(zone, first_name=f"Wim{n:03}", last_name="Wouters") for n in range(55)]
    sign_in(client, personas[Role.HR])
    first = client.get(reverse("accounts:people"), {"q": "wouters"}).context["page"]
    second = client.get(reverse("accounts:people"), {"q": "wouters", "page": "2"}).context["page"]
    assert len(first) == 50 and first.has_next()
    assert len(second) == 5 and not second.has_next()
    assert [p["pk"] for p in [*first, *second]] == [p.pk for p in made]
