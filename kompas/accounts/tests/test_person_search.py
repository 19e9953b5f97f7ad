"""People search finds through what each server process keeps of a zone's people exactly whom
the person table holds, in the list's order, and follows every change of a person however it
is made (the organisation stamp changes with it)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import Q
from django.db.models.functions import Lower
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kompas.accounts import search
from kompas.accounts.models import Person
from kompas.accounts.roles import Role
from kompas.testing import make_person, make_service, sign_in

pytestmark = pytest.mark.django_db


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


def test_what_is_kept_is_read_again_only_when_the_people_change(client: Client, personas) -> None:
    sign_in(client, personas[Role.HR])
    found_by_search(client, "mila")

    def reads_people(query: str) -> bool:
        with CaptureQueriesContext(connection) as queries:
            found_by_search(client, query)
        return any("LOWER(" in q["sql"].upper() for q in queries.captured_queries)

    assert not reads_people("mila") and not reads_people("peeters")
    # A sign-in or another language changes nothing the search finds: nothing is read again.
    Person.objects.filter(pk=personas.member.pk).update(language="fr", last_login=None)
    assert not reads_people("mila")
    Person.objects.filter(pk=personas.member.pk).update(staff_number="NEW1")
    assert reads_people("new1") and not reads_people("new1")


def test_a_word_is_found_within_one_field_of_one_person_as_it_is_written() -> None:
    rows = [
        (1, "Anna", "100% Smet", "anna@example.test", "S-1", 10),
        (2, "Piet_Claes", "O'Brien \\ Back", "piet@example.test", "s-2", None),
        (3, "Éloïse", "Straße", "eloise@example.test", "", 10),
        (4, "Jan", "De Smet", "jan@example.test", "", 11),
    ]
    kept = search.Directory(rows)

    def found(query: str, services: tuple[int, ...] = ()) -> list[int]:
        return list(kept.found(query, services))

    assert found("%") == [1] and found("_") == [2] and found("\\") == [2]
    assert found("o'brien") == [2] and found("0% S") == [1]
    assert found("éLOÏSE") == [3] and found("STRASSE") == [3] == found("straße")
    # Not across two fields ("n De": first name Jan, last name De Smet), nor two people.
    assert found("n De") == [] and found("test Piet") == [2] and found("testpiet") == []
    # A whole staff number in any case, never a part of it; the people of a service; each once.
    assert found("S-1") == [1] == found("s-1") and found("S-") == []
    assert found("smet", services=(10, 11)) == [1, 3, 4]
    assert found("  ") == [] and len(kept) == 4
    assert list(search.Directory([]).found("smet", (10,))) == []


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
