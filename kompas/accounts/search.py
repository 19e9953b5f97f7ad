"""People search: the people of a zone kept in memory, in the list's order, until they change.

A common name matches a few thousand people of a national zone ("Peeters": 1,688 of 50,000).
Asked of the database, every match had to be found, read and sorted to show the first fifty:
through a trigram index and a narrow copy of the person table kept by triggers, that still took
some 3 ms of a 10 ms page. Here each server process keeps, per zone, the zone's people in the
order of the list (last name, first name, key, as the database sorts them) as one text of
their first names, last names and e-mail addresses in upper case, one person after another.
A search walks that text from the start and stops as soon as it has the page it shows: the
first fifty "Peeters" take some 0.6 ms, a word found nowhere about 1 ms, whatever the page.

What is kept is worked out again after any change of the zone's people that a search could see:
the organisation stamp (`kompas.accounts.organisation`) changes, in the same statement, with any
new, removed or moved person and any change of a name, e-mail address or staff number, however
it is made; the stamp is read with the session on every page, so a search is never older than
the page that asks. Working it out reads the zone's people once (about 0.2 s for 50,000).

The page then reads the people shown by their keys, through the scope of the person asking
(`Person.objects.managed_by`): what is kept only says where to look and in which order.

Both sides are put in upper case by Python, so that a search follows the same rules on SQLite
and PostgreSQL (neither database's UPPER is used).
"""

from __future__ import annotations

import heapq
from array import array
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

# Between a person's fields, and between two people. Python's str.split() takes both for white
# space, so no word of a search holds them: a word is found within one field of one person.
SEPARATOR = "\x1f"
_NEXT = "\x1e"
# Services matched by name whose people are shown (a word like "e" matches most of them).
SERVICES_AT_MOST = 500


class Directory:
    """A zone's people in the list's order: their keys, and texts to search them in (about
    5 MB for 50,000 people)."""

    def __init__(self, rows: Iterable[tuple[int, str, str, str, str, int | None]]) -> None:
        self.keys = array("q")
        self.starts = array("q", [1])  # where each person's words begin (and the end, last)
        self.staff_starts = array("q", [1])  # the same for their staff numbers
        by_service: dict[int, array[int]] = {}
        words, staff_numbers = [_NEXT], [_NEXT]
        for position, (pk, first, last, email, staff_number, service_id) in enumerate(rows):
            text = f"{first}{SEPARATOR}{last}{SEPARATOR}{email}".upper()
            words.append(text + _NEXT)
            self.starts.append(self.starts[-1] + len(text) + 1)
            number = staff_number.upper()
            staff_numbers.append(number + _NEXT)
            self.staff_starts.append(self.staff_starts[-1] + len(number) + 1)
            self.keys.append(pk)
            if service_id is not None:
                by_service.setdefault(service_id, array("q")).append(position)
        self.text = "".join(words)
        self.staff_text = "".join(staff_numbers)
        self.by_service = by_service

    @classmethod
    def of_zone(cls, zone_id: int) -> Directory:
        from django.db.models.functions import Lower

        from kompas.accounts.models import Person

        people = (
            Person.objects.filter(zone_id=zone_id)
            .order_by(Lower("last_name"), Lower("first_name"), "pk")
            .values_list("pk", "first_name", "last_name", "email", "staff_number", "service_id")
        )
        return cls(people)

    def __len__(self) -> int:
        return len(self.keys)

    def found(self, query: str, services: Iterable[int] = ()) -> Iterator[int]:
        """The keys of the people the search finds, in the list's order: every word of the
        search in part of their first name, last name or e-mail address, or the whole search
        as their staff number, or one of these services as theirs."""
        query = query.strip()
        if not query:
            return iter(())
        sources: list[Iterable[int]] = [self._named(words_of(query))]
        if _NEXT not in query:
            sources.append(self._numbered(query.upper()))
        sources += [self.by_service[s] for s in services if s in self.by_service]
        found = heapq.merge(*sources) if len(sources) > 1 else sources[0]
        return (self.keys[position] for position in _once(found))

    def _named(self, words: list[str]) -> Iterator[int]:
        """The positions of the people whose text holds every word, in order: the longest word
        is looked for through the whole text, the others in each person it finds."""
        first, *others = sorted((w.upper() for w in words), key=len, reverse=True)
        text, starts = self.text, self.starts
        at = text.find(first)
        while at >= 0:
            position = bisect_right(starts, at) - 1
            end = starts[position + 1] - 1
            person = text[starts[position] : end]
            if all(word in person for word in others):
                yield position
            at = text.find(first, end)

    def _numbered(self, number: str) -> Iterator[int]:
        """The positions of the people with this whole staff number, in order."""
        text, starts, needle = self.staff_text, self.staff_starts, f"{_NEXT}{number}{_NEXT}"
        at = text.find(needle)
        while at >= 0:
            yield bisect_right(starts, at + 1) - 1
            at = text.find(needle, at + len(needle) - 1)


def words_of(query: str) -> list[str]:
    """A whole name ("Jan Peeters") finds the person: every word (up to three) in a first name,
    last name or e-mail address. Words of one or two letters ("De Smet") are left out when
    longer ones are there; alone, they are looked for together as written ("n De")."""
    words = query.split()
    return ([w for w in words if len(w) > 2] or [" ".join(words)])[:3]


def _once(positions: Iterable[int]) -> Iterator[int]:
    """Each position once (the sources merged are each in order)."""
    last = -1
    for position in positions:
        if position != last:
            yield position
            last = position


def directory(person: Any) -> Directory:
    """The directory of the person's zone, as kept while its organisation stamp stays."""
    from kompas.accounts.organisation import kept

    zone_id = person.zone_id
    return kept(
        "people-search", zone_id, person.organisation_stamp, lambda: Directory.of_zone(zone_id)
    )


def search(person: Any, query: str, start: int, count: int) -> list[int]:
    """``count`` keys from ``start`` on of the people of the person's zone the search finds,
    in the list's order; services are matched by name (the zone's names as kept)."""
    from kompas.accounts.organisation import service_names

    wanted = query.strip().upper()
    services = [pk for pk, name in service_names(person) if wanted in name.upper()]
    found = directory(person).found(query, services[:SERVICES_AT_MOST])
    return list(islice(found, start, start + count))
