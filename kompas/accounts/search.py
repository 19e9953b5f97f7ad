"""People search: the people one manages whom a search finds, in the list's order.

A search of one or two letters ("e", "De") finds the people whose first or last name starts
with them, in any case, or whose staff number it is: on PostgreSQL the indexes of migration 0011
on (zone, UPPER(name)) find them; a part of a name, address or service needs three letters.
A longer search is one query on both databases: every word of the search in part of a first
name, last name or e-mail address (`Person.search_text`, the three in capitals, kept by the
database), or the whole search as a staff number, or as part of the name of the person's service
(the zone's services whose name holds it, asked in the same statement as a list of ids that
PostgreSQL reads first, `lib.lookups.AnyOf`, `IN (SELECT ...)` on SQLite: a join on the service,
or `IN (SELECT ...)` on PostgreSQL, would keep it from combining the indexes below; a query of
their own cost a round trip, 11 to 16 % of the page's throughput under 8 clients, session 24).
Case is ignored by comparing capitals, the search put in capitals once, in Python. On PostgreSQL the
trigram index of migration 0015 finds the words of three letters or more, the index on
upper-case staff numbers (migration 0010) the staff numbers and the trigram index of 0014 the
services; shorter words are looked for in every person of the zone. The list is sorted on the
names in small letters, kept by the database too (`Person.last_name_key`, `first_name_key`).
SQLite's UPPER() knows the ASCII letters only, and so does `capitals` there: a letter beyond
them ("é") matches when written in the field's own case.
"""

from __future__ import annotations

import string
from typing import TYPE_CHECKING

from django.db import connection
from django.db.models import Q
from django.db.models.functions import Upper

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from kompas.accounts.models import Person, PersonQuerySet, Service

# The list's order: by name whatever its case (kept by the database), then by key for people of
# the same name.
ORDER = ("last_name_key", "first_name_key", "pk")

# Shorter searches are the start of a name: PostgreSQL's trigram indexes need three letters.
SHORTEST_PART = 3


def found(asking: Person, query: str) -> PersonQuerySet:
    """The people ``asking`` manages (`Person.objects.managed_by`) whom the search finds, in the
    list's order."""
    from kompas.accounts.models import Person

    query = " ".join(query.split())
    people = Person.objects.managed_by(asking)
    if not query:
        return people.none()
    # Case is ignored by comparing capitals: the search is put in capitals once, here (written
    # as UPPER(%s) in the SQL, a prepared statement's plan makes them again for every row it
    # checks), and compared with fields the database keeps in capitals or upper-cases.
    wanted = capitals(query)
    people = people.alias(staff_key=Upper("staff_number"))
    if len(query) < SHORTEST_PART:
        people = people.alias(first_key=Upper("first_name"), last_key=Upper("last_name"))
        started = Q(last_key__startswith=wanted) | Q(first_key__startswith=wanted)
        return people.filter(started | Q(staff_key=wanted)).order_by(*ORDER)
    named = Q()
    for word in words_of(wanted):
        named &= Q(search_text__contains=word)
    # The services named are asked in the same statement (`any_of` with a query: one round trip,
    # and on PostgreSQL their ids take the service index within the OR).
    in_services = Q(service__id__any_of=services_named(asking, query))
    return people.filter(named | Q(staff_key=wanted) | in_services).order_by(*ORDER)


def services_named(asking: Person, text: str) -> QuerySet[Service, int]:
    """The ids of the services ``asking`` sees (their zone's) whose name holds ``text``, in any
    case (a query): on PostgreSQL through the trigram index of migration 0014 (three letters or
    more)."""
    from kompas.accounts.models import Service

    services = (
        Service.objects.visible_to(asking)
        .alias(name_key=Upper("name"))
        .filter(name_key__contains=capitals(" ".join(text.split())))
        .order_by()
    )
    return services.values_list("pk", flat=True)


# SQLite's UPPER() changes the 26 ASCII letters only.
_ASCII_CAPITALS = str.maketrans(string.ascii_lowercase, string.ascii_uppercase)


def capitals(text: str) -> str:
    """``text`` in capitals as the database's UPPER() writes them: on SQLite the ASCII letters
    only, so that "josé" finds "José" there too (UPPER gives "JOSé")."""
    if connection.vendor == "sqlite":
        return text.translate(_ASCII_CAPITALS)
    return text.upper()


def words_of(query: str) -> list[str]:
    """A whole name ("Jan Peeters") finds the person: every word (up to three) in a first name,
    last name or e-mail address. Words of one or two letters ("De Smet") are left out when
    longer ones are there; alone, they are looked for together as written ("n De")."""
    words = query.split()
    return ([w for w in words if len(w) > 2] or [" ".join(words)])[:3]
