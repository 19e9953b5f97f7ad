"""Figures counted at most once every few minutes per zone, year and language.

Dashboards, statistics and the signals beside a risk analysis aggregate a whole year of reports and declarations: in a national
installation that is hundreds of thousands of rows, too much to count again on every view. The
figures are kept in Django's shared cache (Redis in production, so every worker and server
counts once) for a few minutes, and the pages say when they were counted. Lists of cases and declarations are never cached: they always show the present.

Figures older than REFRESH_SECONDS are counted again by one request at a time (it holds a
`cache.add` mark while it counts); the requests that come meanwhile show the figures kept, with
the time they were counted, instead of all counting the same year at once. Under load, such a
stampede (eight requests counting a national year together on two cores) took a page's
throughput from about 100 to 25-40 requests per second for several seconds every five minutes
(`make bench`, session 18). The figures are kept KEPT_SECONDS for that; after that long without
a view they are counted before the page is shown, as the first time.
"""

from __future__ import annotations

import io
import pickle  # nosec B403 - only what this module pickled, read back from our own cache
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

from django.core.cache import cache
from django.utils import translation
from django.utils.functional import Promise

from kompas.lib import clock

T = TypeVar("T")

REFRESH_SECONDS = 300
KEPT_SECONDS = 3600  # figures past REFRESH_SECONDS still shown while one request counts again
COUNTING_SECONDS = 120  # a count that takes longer (or whose worker died) is left to another


def counted(
    name: str, zone_id: int, scope: int | str, compute: Callable[[], T]
) -> tuple[T, datetime]:
    """The figures of a zone for a scope (a year, a service on a day) and when they were counted;
    `compute` runs when none younger than REFRESH_SECONDS are kept. Labels may be translated
    while counting, hence the language in the key."""
    key = f"kompas:counted:{name}:{zone_id}:{scope}:{translation.get_language()}".replace(" ", "_")
    stored = cache.get(key)
    if stored is not None:
        # Only what _settled pickled; the cache is ours (Django's cache unpickles its values too).
        kept: tuple[T, datetime] = pickle.loads(stored)  # noqa: S301  # nosec B301
        if (clock.now() - kept[1]).total_seconds() < REFRESH_SECONDS:
            return kept
        # Past their time, the figures are counted again by the request that takes the mark;
        # the others show them as they are, with when they were counted.
        counting = f"{key}:counting"
        if not cache.add(counting, 1, COUNTING_SECONDS):
            return kept
        try:
            return _count(key, compute)
        finally:
            cache.delete(counting)
    return _count(key, compute)


def _count(key: str, compute: Callable[[], T]) -> tuple[T, datetime]:
    kept = (compute(), clock.now())
    cache.set(key, _settled(kept), KEPT_SECONDS)
    return kept


class _Settling(pickle.Pickler):
    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, Promise):  # a lazily translated label, in the key's language
            return str, (str(obj),)
        return NotImplemented


def _settled(value: Any) -> bytes:
    """The figures pickled with their labels as plain text: unpickling a lazy label builds a
    new class each time (a third of a millisecond per label on every view)."""
    buffer = io.BytesIO()
    _Settling(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    return buffer.getvalue()
