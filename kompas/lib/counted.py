"""Figures counted at most once every few minutes per zone, year and language.

Dashboards, statistics and the signals beside a risk analysis aggregate a whole year of reports and declarations: in a national
installation that is hundreds of thousands of rows, too much to count again on every view. The
figures are kept in Django's shared cache (Redis in production, so every worker and server
counts once) for a few minutes, and the pages say when they were counted. Lists of cases and declarations are never cached: they always show the present.
"""

from __future__ import annotations

import io
import pickle  # nosec B403 - only what this module pickled, read back from our own cache
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.functional import Promise

T = TypeVar("T")

REFRESH_SECONDS = 300


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
        return pickle.loads(stored)  # type: ignore[no-any-return]  # noqa: S301  # nosec B301
    kept = (compute(), timezone.now())
    cache.set(key, _settled(kept), REFRESH_SECONDS)
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
