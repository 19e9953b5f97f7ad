"""The organisation: services as a tree, and a chain of command for every person."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from kompas.accounts.models import RoleAssignment
from kompas.accounts.roles import Role
from kompas.testing import make_person, make_service, make_zone, sign_in

pytestmark = pytest.mark.django_db


def test_the_chain_of_command_runs_from_the_direct_leader_to_the_chief() -> None:
    zone = make_zone()
    operations = make_service(zone, "Operaties")
    intervention = make_service(zone, "Interventie", parent=operations)
    team = make_service(zone, "Ploeg A", parent=intervention)
    chief = make_person(zone, roles=(Role.CHIEF,), first_name="Chief")
    director = make_person(
        zone, roles=(Role.HEAD_OF_SERVICE,), service=operations, leader=chief, first_name="Director"
    )
    head = make_person(
        zone,
        roles=(Role.HEAD_OF_SERVICE,),
        service=intervention,
        leader=director,
        first_name="Head",
    )
    coordinator = make_person(
        zone, roles=(Role.COORDINATOR,), service=team, leader=head, first_name="Coordinator"
    )
    member = make_person(zone, service=team, leader=coordinator, first_name="Member")
    assert [p.first_name for p in member.chain_of_command()] == [
        "Coordinator",
        "Head",
        "Director",
        "Chief",
    ]
    assert chief.chain_of_command() == []


def test_heads_of_service_count_even_when_no_direct_leader_is_set() -> None:
    zone = make_zone()
    operations = make_service(zone, "Operaties")
    team = make_service(zone, "Ploeg B", parent=operations)
    head = make_person(zone, roles=(Role.HEAD_OF_SERVICE,), service=operations, first_name="Head")
    situational = make_person(zone, first_name="Functional")
    member = make_person(zone, service=team, leader=situational, first_name="Member")
    make_person(zone, roles=(Role.CHIEF,), first_name="Chief")
    assert [p.first_name for p in member.chain_of_command()] == ["Functional", "Head", "Chief"]
    assert head not in head.chain_of_command()


def test_a_deep_chain_costs_the_same_queries_and_a_circle_in_the_data_ends_it(
    django_assert_num_queries,
) -> None:
    from kompas.accounts.models import Person, Service

    zone = make_zone()
    services = [make_service(zone, "Niveau 0")]
    for level in range(1, 8):
        services.append(make_service(zone, f"Niveau {level}", parent=services[-1]))
    leaders = [make_person(zone, roles=(Role.CHIEF,), first_name="L0")]
    for level in range(1, 8):
        leaders.append(make_person(zone, leader=leaders[-1], first_name=f"L{level}"))
    member = make_person(zone, service=services[-1], leader=leaders[-1], first_name="Member")
    # Who (the line of leaders, the heads of the services upward, the chief), then those people.
    with django_assert_num_queries(2):
        chain = member.chain_of_command()
    assert [p.first_name for p in chain] == [f"L{n}" for n in range(7, -1, -1)]
    # Data written around the checks (an import, a hand edit) may close a circle: it ends there.
    Person.objects.filter(pk=leaders[0].pk).update(leader=leaders[3])
    Service.objects.filter(pk=services[0].pk).update(parent=services[4])
    assert [p.first_name for p in member.chain_of_command()] == [f"L{n}" for n in range(7, -1, -1)]


def test_a_leader_circle_is_refused() -> None:
    zone = make_zone()
    a = make_person(zone)
    b = make_person(zone, leader=a)
    a.leader = b
    with pytest.raises(ValidationError):
        a.full_clean()


def test_a_service_cannot_lie_under_itself() -> None:
    zone = make_zone()
    top = make_service(zone, "Top")
    below = make_service(zone, "Below", parent=top)
    top.parent = below
    with pytest.raises(ValidationError):
        top.full_clean()


def test_a_head_of_service_role_must_name_a_service(personas) -> None:
    assignment = RoleAssignment(person=personas.member, role=Role.HEAD_OF_SERVICE)
    with pytest.raises(ValidationError):
        assignment.full_clean()


def test_every_member_sees_the_organisation_of_their_own_zone(client: Client, personas) -> None:
    sign_in(client, personas.member)
    page = client.get(reverse("accounts:organisation")).content.decode()
    assert "Interventie" in page
    assert "Coordinator" in page
    assert personas.outsider.zone.name not in page


def test_the_organisation_page_escapes_names_and_counts_active_members(
    client: Client, personas
) -> None:
    odd = make_service(personas.zone, name='R&D <script>"x"</script>')
    for n in range(3):
        make_person(personas.zone, service=odd, is_active=n < 2)
    sign_in(client, personas.member)
    page = client.get(reverse("accounts:organisation")).content.decode()
    assert "R&D <script>" not in page
    row = page[page.index("R&amp;D &lt;script&gt;") :].split("</tr>")[0]
    assert row.endswith("<td>—</td><td>2</td>")  # nobody leads it; two of three are active


def test_head_counts_are_counted_again_after_five_minutes_and_say_when(
    client: Client, personas
) -> None:
    from django.core.cache import cache

    odd = make_service(personas.zone, name="Nieuwe dienst")
    make_person(personas.zone, service=odd)
    sign_in(client, personas.member)

    def row() -> str:
        page = client.get(reverse("accounts:organisation")).content.decode()
        assert "Geteld om" in page
        return page[page.index("Nieuwe dienst") :].split("</tr>")[0]

    assert row().endswith("<td>1</td>")
    make_person(personas.zone, service=odd)
    assert row().endswith("<td>1</td>")  # the figures of a few minutes ago
    cache.clear()  # five minutes later
    assert row().endswith("<td>2</td>")
