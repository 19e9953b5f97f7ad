"""Who leads whom, as the registers need it: deciders for a member, and the people one leads."""

from __future__ import annotations

from django.db.models import Q

from kompas.accounts.models import Person, Service
from kompas.accounts.roles import Role


def services_led_by(person: Person) -> set[int]:
    """The services a person heads, with every service below them."""
    heads = {a.service_id for a in person.role_assignments if a.role == Role.HEAD_OF_SERVICE}
    if not heads:
        return set()
    children: dict[int | None, list[int]] = {}
    for pk, parent in Service.objects.filter(zone_id=person.zone_id).values_list("pk", "parent_id"):
        children.setdefault(parent, []).append(pk)
    found, todo = set(), [s for s in heads if s is not None]
    while todo:
        current = todo.pop()
        if current not in found:
            found.add(current)
            todo.extend(children.get(current, []))
    return found


def led_people_filter(person: Person, prefix: str) -> Q:
    """A filter on ``prefix`` (a person field) for the people this person leads: direct reports,
    and everyone in the services they head."""
    services = services_led_by(person)
    condition = Q(**{f"{prefix}__leader": person})
    if services:
        condition |= Q(**{f"{prefix}__service__in": services})
    return condition & ~Q(**{prefix: person})


def deciders_for(member: Person) -> list[Person]:
    """Who decides on the member's gifts: the nearest head of service above them (the chief of
    police for a head of service at the top)."""
    chain = member.chain_of_command()
    ids = [p.pk for p in chain]
    heads = set(
        Person.objects.filter(
            pk__in=ids, roles_held__role__in=[Role.HEAD_OF_SERVICE, Role.CHIEF]
        ).values_list("pk", flat=True)
    )
    for leader in chain:
        if leader.pk in heads:
            return [leader]
    return []
