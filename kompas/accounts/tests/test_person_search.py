"""People search (HR and the administrator's people page) asks the person table: it finds every
word of the search within one field of one person, a whole staff number or a service's name, in
the list's order, within what the person asking manages, and records the look."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import Q
from django.db.models.functions import Lower
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kompas.accounts.models import Person
from kompas.accounts.roles import Role
from kompas.accounts.tests import listed
from kompas.audit.models import AuditEvent
from kompas.testing import make_person, make_service, sign_in

pytestmark = pytest.mark.django_db


def found_by_search(client: Client, query: str) -> list[int]:
    return listed(client.get(reverse("accounts:people"), {"q": query}))


def test_the_search_follows_every_change_of_a_person(client: Client, personas) -> None:
    zone, team = personas.zone, personas.team
    sign_in(client, personas[Role.HR])
    new = make_person(zone, first_name="Ilse", last_name="Van Damme", service=team)
    assert found_by_search(client, "van damme") == [new.pk]
    new.first_name, new.email = "Ilona", "ilona@example.test"
    new.save()
    assert found_by_search(client, "ilona@") == [new.pk] and not found_by_search(client, "ilse")
    # Bulk updates and other paths that bypass the model are followed too.
    Person.objects.filter(pk=new.pk).update(last_name="Claes", staff_number="Z9", service=None)
    assert found_by_search(client, "claes") == [new.pk] == found_by_search(client, "z9")
    assert not found_by_search(client, "van damme")
    # Someone who left is still found (the list says so); someone moved to another zone not.
    Person.objects.filter(pk=new.pk).update(is_active=False)
    assert found_by_search(client, "claes") == [new.pk]
    other = make_service(personas.outsider.zone, "Elders")
    Person.objects.filter(pk=new.pk).update(zone=other.zone, service=other)
    assert not found_by_search(client, "claes")
    Person.objects.filter(pk=new.pk).update(zone=zone, service=team)
    assert found_by_search(client, "claes") == [new.pk]
    Person.objects.filter(pk=new.pk).delete()
    assert not found_by_search(client, "claes")


def test_a_word_is_found_within_one_field_of_one_person_as_it_is_written(
    client: Client, personas
) -> None:
    zone = personas.zone
    smet = make_service(zone, "Verkeer Smetlaan")
    anna = make_person(zone, first_name="Anna", last_name="100% Smet", staff_number="S-1")
    piet = make_person(
        zone, first_name="Piet_Claes", last_name="O'Brien \\ Back", email="piet@example.test"
    )
    eloise = make_person(zone, first_name="Éloïse", last_name="Van Dijk", staff_number="s-2")
    jan = make_person(zone, first_name="Jan", last_name="De Smet", service=smet)
    lies = make_person(zone, first_name="Lies", last_name="Maes", service=smet)
    sign_in(client, personas[Role.HR])
    # What LIKE would read as a wildcard or an escape is looked for as it is written.
    assert found_by_search(client, "00%") == [anna.pk] == found_by_search(client, "10")
    assert not found_by_search(client, "1%") and not found_by_search(client, "P_")
    assert found_by_search(client, "t_C") == [piet.pk] == found_by_search(client, "\\ B")
    assert found_by_search(client, "o'brien") == [piet.pk]
    assert found_by_search(client, "0% S") == [anna.pk]
    assert found_by_search(client, "Éloïse") == [eloise.pk]
    # Written in small letters, a letter beyond ASCII is found within a name on both databases
    # (SQLite's UPPER leaves "ï" as it is, and so does the search there).
    assert found_by_search(client, "loïse") == [eloise.pk]
    if connection.vendor == "postgresql":  # SQLite's LIKE ignores the case of ASCII only
        assert found_by_search(client, "éLOÏSE") == [eloise.pk]
    # Not across two fields ("n De": first name Jan, last name De Smet), nor two people; each
    # word may be in another field of the same person.
    assert not found_by_search(client, "n De")
    assert found_by_search(client, "test Piet") == [piet.pk]
    assert not found_by_search(client, "testpiet")
    # A whole staff number in any case, never a part of it.
    assert found_by_search(client, "S-1") == [anna.pk] == found_by_search(client, "s-1")
    assert found_by_search(client, "S-2") == [eloise.pk] and not found_by_search(client, "S-")
    # The people of a service found by its name, each once, in the list's order.
    assert found_by_search(client, "smet") == [anna.pk, jan.pk, lies.pk]


def test_a_search_is_ordered_by_name_whatever_its_case(client: Client, personas) -> None:
    zone = personas.zone
    jan = make_person(zone, first_name="Jan", last_name="Peeters")
    anna = make_person(zone, first_name="anna", last_name="peeters")
    jana = make_person(zone, first_name="Jana", last_name="PEETERS")
    piet = make_person(zone, first_name="Piet", last_name="Peetersen")
    twin = make_person(zone, first_name="Jan", last_name="Peeters")
    sign_in(client, personas[Role.HR])
    assert found_by_search(client, "peeters") == [anna.pk, jan.pk, twin.pk, jana.pk, piet.pk]
    assert found_by_search(client, "jan peeters") == [jan.pk, twin.pk, jana.pk]


def found_in_person_table(zone_id: int, query: str) -> list[int]:
    """What the search should find, written out: the start of a name for one or two letters,
    else every word in one of the fields."""
    people = Person.objects.filter(zone_id=zone_id)
    ordered_by_name = (Lower("last_name"), Lower("first_name"), "pk")
    if len(query) < 3:
        started = Q(first_name__istartswith=query) | Q(last_name__istartswith=query)
        people = people.filter(started | Q(staff_number__iexact=query))
        return list(people.order_by(*ordered_by_name).values_list("pk", flat=True)[:50])
    words = [w for w in query.split() if len(w) > 2] or [" ".join(query.split())]
    named = Q()
    for word in words[:3]:
        named &= (
            Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(email__icontains=word)
        )
    matched = named | Q(staff_number__iexact=query) | Q(service__name__icontains=query)
    ordered = people.filter(matched).order_by(*ordered_by_name)
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
        "example", "zz", "e", "De", "nd", "J",
    ):  # fmt: skip
        assert found_by_search(client, query) == found_in_person_table(zone.pk, query), query
    assert personas.outsider.pk not in found_by_search(client, personas.outsider.last_name)


def test_people_search_pages_through_the_matches(client: Client, personas) -> None:
    zone = personas.zone
    made = [make_person(zone, first_name=f"Wim{n:03}", last_name="Wouters") for n in range(55)]
    sign_in(client, personas[Role.HR])
    first = client.get(reverse("accounts:people"), {"q": "wouters"})
    second = client.get(reverse("accounts:people"), {"q": "wouters", "page": "2"})
    assert len(listed(first)) == 50 and 'href="?q=wouters&amp;page=2"' in first.content.decode()
    assert len(listed(second)) == 5 and "page=3" not in second.content.decode()
    assert [*listed(first), *listed(second)] == [p.pk for p in made]


def test_a_search_is_recorded_without_what_was_searched(client: Client, personas) -> None:
    hr = personas[Role.HR]
    sign_in(client, hr)
    found_by_search(client, "Peeters")
    event = AuditEvent.objects.filter(action="accounts.people_listed").latest("seq")
    assert event.actor_id == hr.pk and event.detail == {"searched": True}
    assert "peeters" not in str(vars(event)).lower()


def test_one_or_two_letters_find_the_start_of_a_first_or_last_name_only(
    client: Client, personas
) -> None:
    zone = personas.zone
    desmet = make_person(zone, first_name="Jan", last_name="desmet", staff_number="DE")
    quinten = make_person(zone, first_name="Quinten", last_name="Aps", email="de@example.test")
    make_person(zone, first_name="Anna", last_name="Vande Velde")  # "de" within the name
    make_person(zone, first_name="Lies", last_name="Maes", service=make_service(zone, "De Wijk"))
    sign_in(client, personas[Role.HR])
    # The start of either name in any case, or a whole staff number; never the middle of a
    # name, an address or a service's name (three letters find those).
    assert found_by_search(client, "De") == [desmet.pk] == found_by_search(client, " de ")
    assert found_by_search(client, "qu") == [quinten.pk]
    assert found_by_search(client, "vande") == found_by_search(client, "Va")
    assert len(found_by_search(client, "de ")) == 1 and len(found_by_search(client, "de w")) == 1


def test_on_postgresql_the_start_of_a_name_has_an_index_per_zone() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the indexes serve PostgreSQL's UPPER(name) LIKE 'DE%'")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE 'person_%_prefix'"
        )
        found = dict(cursor.fetchall())
    for column in ("first_name", "last_name"):
        definition = found[f"person_{column}_prefix"]
        assert f"(zone_id, upper(({column})::text) text_pattern_ops)" in definition


def test_a_search_costs_what_the_list_costs_however_many_people_match(
    client: Client, personas
) -> None:
    sign_in(client, personas[Role.HR])
    url = reverse("accounts:people")

    def queries(query: str) -> int:
        asked = {"q": query} if query else {}
        client.get(url, asked)  # the session as it is on any later page
        with CaptureQueriesContext(connection) as captured:
            client.get(url, asked)
        return len(captured)

    searches = ("", "e", "Pe", "eva", "nobody-at-all")
    few = {query: queries(query) for query in searches}
    for n in range(60):
        make_person(personas.zone, first_name="Eva", last_name=f"Peeters{n}", service=personas.team)
    many = {query: queries(query) for query in searches}
    # From three letters a search also looks for the services whose name holds it, in the same
    # statement as the people (`lib.lookups.AnyOf` with a query).
    assert few == many
    assert few["e"] == few["Pe"] == few["eva"] == few["nobody-at-all"] == few[""]


def test_on_postgresql_staff_numbers_have_an_index_in_any_case() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the index serves PostgreSQL's UPPER(staff_number) = UPPER(...)")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'person_staff_number_upper'"
        )
        (definition,) = cursor.fetchone()
    assert "upper((staff_number)::text)" in definition
