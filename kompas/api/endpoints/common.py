"""What every endpoint shares: its gate and refusals, paging, counts as Kompas shows them."""

from __future__ import annotations

from typing import Any

from ninja import Query

from kompas.api.auth import TokenAuth
from kompas.api.schemas import Error
from kompas.lib.paging import LAST_PAGE
from kompas.lib.small_counts import Count, Total

REFUSALS: dict[int, Any] = {
    400: Error,
    401: Error,
    403: Error,
    404: Error,
    413: Error,
    422: Error,
    429: Error,
}

PageNumber = Query(1, ge=1, le=LAST_PAGE, description="Pages are followed with `next_page`.")


def gate(scope: str, answer: Any, summary: str) -> dict[str, Any]:
    """The keyword arguments of an endpoint that needs ``scope`` and answers with ``answer``:
    its gate, the refusals it may give, and the scope in its schema (``x-kompas-scope``)."""
    return {
        "auth": TokenAuth(scope),
        "response": {200: answer, **REFUSALS},
        "summary": summary,
        "openapi_extra": {"x-kompas-scope": scope},
    }


def paged(rows: list[Any], number: int, size: int) -> dict[str, Any]:
    """A page of ``rows`` read with one row more than a page holds (`kompas.lib.paging`)."""
    more = len(rows) > size
    return {"items": rows[:size], "page": number, "next_page": number + 1 if more else None}


def window(queryset: Any, number: int, size: int) -> list[Any]:
    start = (number - 1) * size
    return list(queryset[start : start + size + 1])


def count(value: Count | Total) -> dict[str, Any]:
    """A count as the pages show it: hidden below its minimum, bounded by low and high."""
    return {"shown": value.shown, "low": value.low, "high": value.high}
