"""Paging without counting: a page of rows and whether another page follows.

Django's Paginator counts every matching row to print "page 3 of 4,000"; on a register of a million
declarations that COUNT costs more than the page itself. Here a page fetches one row more than it
shows, so a list costs the same whatever the size of the table.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, Generic, TypeVar, overload

from kompas.lib.ids import whole_number

T = TypeVar("T")

# Deep pages are reached by following "Next"; nobody reads page 100,000 of a register.
LAST_PAGE = 10_000


class Page(Sequence[T], Generic[T]):
    def __init__(self, rows: list[T], number: int, has_next: bool) -> None:
        self.rows = rows
        self.number = number
        self._has_next = has_next

    @overload
    def __getitem__(self, index: int) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[T]: ...
    def __getitem__(self, index: int | slice) -> T | Sequence[T]:
        return self.rows[index]

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[T]:
        return iter(self.rows)

    def __repr__(self) -> str:
        return f"<Page {self.number}>"

    def has_next(self) -> bool:
        return self._has_next

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next() or self.has_previous()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


def page_number(number: Any) -> int:
    """The page asked for (1 when it is missing, not a number or past the last page read)."""
    page = whole_number(number or "")
    return page if page is not None and 1 <= page <= LAST_PAGE else 1


def page_of(queryset: Any, number: Any, per_page: int) -> Page[Any]:
    """The page asked for in the query string (1 when it is missing or not a number)."""
    page = page_number(number)
    start = (page - 1) * per_page
    rows = list(queryset[start : start + per_page + 1])
    return Page(rows[:per_page], page, has_next=len(rows) > per_page)


def prepared_page(query: Any, number: Any, per_page: int, **values: Any) -> Page[Any]:
    """The same page as `page_of`, of a list read through SQL compiled once
    (`kompas.lib.prepared.Prepared.window`)."""
    page = page_number(number)
    rows = query.window((page - 1) * per_page, per_page + 1, **values)
    return Page(rows[:per_page], page, has_next=len(rows) > per_page)
