"""Figures counted at most once every few minutes per zone, year and language.

Dashboards, statistics and the signals beside a risk analysis aggregate a whole year of reports and declarations: in a national
installation that is hundreds of thousands of rows, too much to count again on every view. The
figures are kept in the cache (in memory, never on disk) for a few minutes, and the pages say when
they were counted. Lists of cases and declarations are never cached: they always show the present.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from django.core.cache import cache
from django.utils import timezone, translation

T = TypeVar("T")

REFRESH_SECONDS = 300


def counted(
    name: str, zone_id: int, scope: int | str, compute: Callable[[], T]
) -> tuple[T, datetime]:
    """The figures of a zone for a scope (a year, a service on a day) and when they were counted;
    `compute` runs when none younger than REFRESH_SECONDS are kept. Labels may be translated
    while counting, hence the language in the key."""
    key = f"kompas:counted:{name}:{zone_id}:{scope}:{translation.get_language()}".replace(" ", "_")
    kept = cache.get(key)
    if kept is None:
        kept = (compute(), timezone.now())
        cache.set(key, kept, REFRESH_SECONDS)
    return kept  # type: ignore[no-any-return]
