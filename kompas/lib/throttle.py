"""Shared budgets per minute, kept in process memory only: they count, they never identify.

The reporting channel may not store or log the address of an anonymous visitor, so where others
would throttle per address, Kompas throttles everybody together within a budget per minute.
"""

from __future__ import annotations

import time

from django.core.cache import cache


class Budget:
    def __init__(self, name: str, per_minute: int) -> None:
        self.name, self.per_minute = name, per_minute

    def _key(self) -> str:
        return f"kompas-budget:{self.name}:{int(time.time() // 60)}"

    def exhausted(self) -> bool:
        return int(cache.get(self._key(), 0)) >= self.per_minute

    def spend(self) -> None:
        key = self._key()
        cache.add(key, 0, timeout=120)
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, timeout=120)
