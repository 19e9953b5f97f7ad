"""Who leads whom, as the registers need it: deciders for a member, and the people one leads."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from kompas.accounts.models import Person, RoleAssignment, Service
from kompas.accounts.roles import Role


def services_led_by(person: Person) -> set[int]:
    """The services a person heads, with every service below them (the zone's service tree as
    kept while its organisation stays the same: `kompas.accounts.organisation`)."""
    from kompas.accounts.organisation import kept

    heads = {a.service_id for a in person.role_assignments if a.role == Role.HEAD_OF_SERVICE}
    if not heads:
        return set()
    zone_id = person.zone_id
    children = kept(
        "service-children", zone_id, person.organisation_stamp, lambda: service_children(zone_id)
    )
    return subtree(children, [s for s in heads if s is not None])


def service_children(zone_id: int) -> dict[int | None, list[int]]:
    """The zone's service tree: each service's children, by the parent's pk (None: the tops)."""
    children: dict[int | None, list[int]] = {}
    for pk, parent in _service_parents(zone_id):
        children.setdefault(parent, []).append(pk)
    return children


def subtree(children: dict[int | None, list[int]], roots: list[int]) -> set[int]:
    """The services ``roots`` with every service below them in the tree ``children``."""
    found, todo = set(), list(roots)
    while todo:
        current = todo.pop()
        if current not in found:
            found.add(current)
            todo.extend(children.get(current, []))
    return found


def reads_whole_registers(person: Person) -> bool:
    """The integrity officer reads every entry of the zone's registers."""
    return bool(
        person.is_authenticated and person.is_active and person.has_role(Role.INTEGRITY_OFFICER)
    )


def register_scope(queryset: Any, person: Person, *, also: Q | None = None) -> Any:
    """What a person may read in a register: their own entries, those of the people they lead,
    and (``also``) what their role adds; the integrity officer reads the whole zone."""
    if not person.is_authenticated or not person.is_active:
        return queryset.none()
    zone = queryset.filter(zone_id=person.zone_id)
    if reads_whole_registers(person):
        return zone
    allowed = Q(person=person) | led_people_filter(person, "person")
    if also is not None:
        allowed |= also
    return zone.filter(allowed)


def led_people_filter(person: Person, prefix: str) -> Q:
    """A filter on ``prefix`` (a person field) for the people this person leads: direct reports,
    and everyone in the services they head."""
    services = services_led_by(person)
    condition = Q(**{f"{prefix}__leader": person})
    if services:
        condition |= Q(**{f"{prefix}__service__in": services})
    return condition & ~Q(**{prefix: person})


def _service_parents(zone_id: int) -> Any:
    """Each service of the zone with its parent, as (pk, parent_id) pairs."""
    return Service.objects.filter(zone_id=zone_id).values_list("pk", "parent_id")


def _deciding_roles(zone_id: int) -> Any:
    """Who heads what, and the chief: (role, service_id, person_id, person's own service)."""
    return (
        RoleAssignment.objects.filter(
            person__zone_id=zone_id,
            person__is_active=True,
            role__in=[Role.HEAD_OF_SERVICE, Role.CHIEF],
        )
        .order_by("pk")
        .values_list("role", "service_id", "person_id", "person__service_id")
    )


class _Tree:
    """A zone's service tree and who heads what, as deciding needs it (ids only): read in two
    queries, then only read from, so that a page can keep it while the organisation stays the
    same (`kompas.accounts.organisation`)."""

    def __init__(self, zone_id: int) -> None:
        self.parent: dict[int, int | None] = dict(_service_parents(zone_id))
        self.heads: dict[int, list[int]] = {}
        self.chief: int | None = None
        self.head_services: dict[int, int | None] = {}  # each head's own service, as a member
        for role, service_id, person_id, own_service in _deciding_roles(zone_id):
            if role == Role.CHIEF:
                self.chief = self.chief or person_id
            elif service_id is not None:
                self.heads.setdefault(service_id, []).append(person_id)
                self.head_services[person_id] = own_service
        self.first_heads = self._first_heads()
        self._decided: dict[int, _Decided] = {}

    def decider_of(self, member: int, service: int | None) -> int | None:
        node = service
        seen: set[int] = set()
        while node is not None and node not in seen:
            seen.add(node)
            for head in self.heads.get(node, []):
                if head != member:
                    return head
            node = self.parent.get(node)
        if self.chief is not None and self.chief != member:
            return self.chief
        return None

    def decided(self, me: int) -> _Decided:
        """Whom ``me`` decides for, by service and by person (worked out once per person)."""
        found = self._decided.get(me)
        if found is None:
            found = self._decided[me] = self._work_out(me)
        return found

    def _work_out(self, me: int) -> _Decided:
        chief_decides = self.chief is not None and self.chief == me
        if me not in self.head_services and not chief_decides:
            return _Decided()  # only heads of service and the chief decide
        first = self.first_heads
        services = frozenset(s for s, head in first.items() if head is not None and head == me)
        # A head is decided on by the next head up (or the chief), not by themself.
        special = frozenset(
            pk for pk, service in self.head_services.items() if self.decider_of(pk, service) == me
        )
        without_head = (
            frozenset(s for s, head in first.items() if head is None)
            if chief_decides
            else frozenset()
        )
        return _Decided(
            decides=True,
            services=services,
            chief=chief_decides,
            without_head=without_head,
            others=frozenset(self.head_services) - special,
            special=special,
        )

    def _first_heads(self) -> dict[int, int | None]:
        """For every service, the first head met going up the tree from it (None: the chief)."""
        found: dict[int, int | None] = {}

        def first(service: int, path: set[int]) -> int | None:
            if service in found:
                return found[service]
            if self.heads.get(service):
                head: int | None = self.heads[service][0]
            else:
                parent = self.parent.get(service)
                head = None if parent is None or parent in path else first(parent, path | {service})
            found[service] = head
            return head

        for service in self.parent:
            first(service, {service})
        return found


@dataclass(frozen=True)
class _Decided:
    """Whom one person decides for: members of ``services`` (and, for the chief, of services
    without a head up the tree and members without a service), never the heads in ``others``,
    always the heads in ``special``. Kept with the tree, so never changed."""

    decides: bool = False
    services: frozenset[int] = frozenset()
    chief: bool = False
    without_head: frozenset[int] = frozenset()
    others: frozenset[int] = frozenset()
    special: frozenset[int] = frozenset()


class Deciders:
    """Who decides on a member's declarations: the nearest head of service up the service tree
    from the member's service (never the member), else the chief of police. Two queries for a
    whole zone, however many members are looked up (ids only; a decider is read when first
    asked for, once). `Deciders.kept_for(person)` uses the tree kept for the zone while its
    organisation stays the same, and whom a person decides for kept on its own, read when first
    asked for (pages); `Deciders(zone_id)` reads it afresh (services)."""

    def __init__(self, zone_id: int, tree: _Tree | None = None, stamp: int | None = None) -> None:
        self.zone_id = zone_id
        self._tree = tree if tree is not None or stamp is not None else _Tree(zone_id)
        self._stamp = stamp  # kept_for: the tree, and whom each person decides for, are kept
        self._people: dict[int, Person] = {}

    @classmethod
    def kept_for(cls, person: Person) -> Deciders:
        return cls(person.zone_id, stamp=person.organisation_stamp)

    @property
    def tree(self) -> _Tree:
        if self._tree is None:  # kept_for's, read when first needed
            from kompas.accounts.organisation import kept

            zone_id, stamp = self.zone_id, self._stamp or 0
            self._tree = kept("deciders", zone_id, stamp, lambda: _Tree(zone_id))
        return self._tree

    def decided(self, me: int) -> _Decided:
        """Whom ``me`` decides for. Kept on its own under the organisation's stamp (pages): a
        page asking only this reads a small value, not the zone's whole tree."""
        if self._tree is not None or self._stamp is None:
            return self.tree.decided(me)
        from kompas.accounts.organisation import kept

        return kept(f"decided-{me}", self.zone_id, self._stamp, lambda: self.tree.decided(me))

    def for_member(self, member: Person) -> Person | None:
        decider = self.decider_of(member.pk, member.service_id)
        if decider is None:
            return None
        if decider not in self._people:
            found = Person.objects.filter(pk=decider).first()  # gone meanwhile: nobody
            if found is None:
                return None
            self._people[decider] = found
        return self._people[decider]

    def decider_of(self, member: int, service: int | None) -> int | None:
        return self.tree.decider_of(member, service)

    def decided_by(self, person: Person, prefix: str = "person") -> Q:
        """A filter on ``prefix`` (a person field) for the members whose decider is ``person``:
        the same answer as ``for_member``, asked of the database for any number of members."""
        nobody = Q(pk__in=[])
        decided = self.decided(person.pk)
        if not decided.decides:
            return nobody
        condition = (
            Q(**{f"{prefix}__service__id__any_of": decided.services})
            if decided.services
            else nobody
        )
        if decided.chief:
            condition |= Q(**{f"{prefix}__service__isnull": True})
            if decided.without_head:
                condition |= Q(**{f"{prefix}__service__id__any_of": decided.without_head})
        condition &= ~Q(**{f"{prefix}_id__in": decided.others}) if decided.others else Q()
        if decided.special:
            condition |= Q(**{f"{prefix}_id__in": decided.special})
        return condition & ~Q(**{prefix: person})


def deciders_for(member: Person) -> list[Person]:
    decider = Deciders(member.zone_id).for_member(member)
    return [decider] if decider else []
