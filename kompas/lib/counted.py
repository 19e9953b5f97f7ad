"""Figures counted at most once every few minutes per zone, year and language.

Dashboards, statistics and the signals beside a risk analysis aggregate a whole year of reports and declarations: in a national
installation that is hundreds of thousands of rows, too much to count again on every view. The
figures are kept in Django's shared cache (Redis in production, so every worker and server
counts once), counted again every REFRESH_SECONDS, and the pages say when they were counted.
Lists of cases and declarations are never cached: they always show the present.

Once REFRESH_SECONDS have passed, the one request that then adds the figures' freshness mark
(`cache.add`, atomic in Redis and in the database cache) counts them again; the requests that
come while it counts show the figures kept, with the time they were counted, instead of all
counting the same year at once. Under load, such a stampede (eight requests counting a national
year together on two cores) took a page's throughput from about 85 to 22-30 requests per second
for a second or two every five minutes (`make bench`, session 18). The mark lives in the cache,
so the cache's clock decides, not each server's. Figures nobody looked at for KEPT_SECONDS are
counted before the page is shown, as the first time. (Django's file cache, a default of `make
demo`, checks and adds in two steps: two of its workers may then count at once, as before.)
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
KEPT_SECONDS = 3600  # the figures themselves: shown past REFRESH_SECONDS only while one counts


def counted(
    name: str, zone_id: int, scope: int | str, compute: Callable[[], T]
) -> tuple[T, datetime]:
    """The figures of a zone for a scope (a year, a service on a day) and when they were counted;
    `compute` runs when none are kept, or when they are older than REFRESH_SECONDS and no other
    request is counting them already (this one then shows those kept). Labels may be translated
    while counting, hence the language in the key."""
    key = f"kompas:counted:{name}:{zone_id}:{scope}:{translation.get_language()}".replace(" ", "_")
    fresh = f"{key}:fresh"
    stored = cache.get(key)
    if stored is None:
        return _count(key, fresh, compute)
    # Only what _settled pickled; the cache is ours (Django's cache unpickles its values too).
    kept: tuple[T, datetime] = pickle.loads(stored)  # noqa: S301  # nosec B301
    # The mark is there while the figures are fresh or being counted again: then they are shown.
    if not cache.add(fresh, 1, REFRESH_SECONDS):
        return kept
    try:
        return _count(key, fresh, compute)
    except BaseException:
        cache.delete(fresh)  # the next request tries again
        raise


def _count(key: str, fresh: str, compute: Callable[[], T]) -> tuple[T, datetime]:
    kept = (compute(), clock.now())
    cache.set(key, _settled(kept), KEPT_SECONDS)
    cache.set(fresh, 1, REFRESH_SECONDS)
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
