"""Throttles kept in Django's cache.

`Budget`: shared budgets per minute that count and never identify. The reporting channel may not
store or log the address of an anonymous visitor, so where others would throttle per address,
Kompas throttles everybody together within a budget per minute.

`Allowance`: a few uses per key in any hour, for staff accounts (password-reset mails per account
and per client address), never for the reporting channel.
"""

from __future__ import annotations

import time

from django.core.cache import cache
from django.utils.crypto import salted_hmac


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


class Allowance:
    """At most ``times`` uses per key in any ``seconds`` (an hour), counted in Django's cache.

    Each use holds one of ``times`` places for ``seconds``; a place is taken with `cache.add`,
    which only one worker can win, so two requests at once cannot both take the last one. The
    cache keeps a keyed hash of the key (an address, an account), never the key itself.
    """

    def __init__(self, name: str, times: int, seconds: int = 3600) -> None:
        self.name, self.times, self.seconds = name, times, seconds

    def take(self, key: str) -> bool:
        """True, and one use fewer, if ``key`` has a use left; False (nothing spent) if not."""
        tag = salted_hmac("kompas-allowance", f"{self.name}:{key}").hexdigest()[:32]
        return any(
            cache.add(f"kompas-allowance:{self.name}:{tag}:{place}", 1, timeout=self.seconds)
            for place in range(self.times)
        )
