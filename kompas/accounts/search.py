"""People search: the people one manages whom a search finds, in the list's order.

A search of one or two letters ("e", "De") finds the people whose first or last name starts
with them, in any case, or whose staff number it is: on PostgreSQL the indexes of migration 0011
on (zone, UPPER(name)) find them; a part of a name, address or service needs three letters.
A longer search is the same query on both databases: every word of the search in part of a first name, last name
or e-mail address (``icontains``), or the whole search as a staff number in any case, or as part
of the name of the person's service (the zone's services whose name holds it are read first, so
that the people's query names their ids: a join on the service would keep PostgreSQL from
combining the indexes below). On PostgreSQL the trigram indexes of migration 0003 find the
parts of names and addresses of three letters or more, and the index on upper-case staff
numbers (migration 0010) the staff numbers; shorter words are looked for in every person of the
zone. On SQLite ``icontains`` ignores the case of ASCII letters only (SQLite's LIKE).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q
from django.db.models.functions import Lower

if TYPE_CHECKING:
    from kompas.accounts.models import Person, PersonQuerySet

# The list's order: by name whatever its case, then by key for people of the same name.
ORDER = (Lower("last_name"), Lower("first_name"), "pk")

# Shorter searches are the start of a name: PostgreSQL's trigram indexes need three letters.
SHORTEST_PART = 3


def found(asking: Person, query: str) -> PersonQuerySet:
    """The people ``asking`` manages (`Person.objects.managed_by`) whom the search finds, in the
    list's order."""
    from kompas.accounts.models import Person, Service

    query = " ".join(query.split())
    people = Person.objects.managed_by(asking)
    if not query:
        return people.none()
    if len(query) < SHORTEST_PART:
        started = Q(last_name__istartswith=query) | Q(first_name__istartswith=query)
        return people.filter(started | Q(staff_number__iexact=query)).order_by(*ORDER)
    named = Q()
    for word in words_of(query):
        named &= (
            Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(email__icontains=word)
        )
    services = Service.objects.visible_to(asking).filter(name__icontains=query)
    services_ids = list(services.values_list("pk", flat=True))
    return people.filter(
        named | Q(staff_number__iexact=query) | Q(service_id__in=services_ids)
    ).order_by(*ORDER)


def words_of(query: str) -> list[str]:
    """A whole name ("Jan Peeters") finds the person: every word (up to three) in a first name,
    last name or e-mail address. Words of one or two letters ("De Smet") are left out when
    longer ones are there; alone, they are looked for together as written ("n De")."""
    words = query.split()
    return ([w for w in words if len(w) > 2] or [" ".join(words)])[:3]
