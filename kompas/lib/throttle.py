"""Throttles kept in Django's cache ``throttle``, which all workers share in Redis
(`KOMPAS_CACHE_URL`) and which is each worker's memory without it: never files, whose times
would tell when a reporter filed or followed up (settings.CACHES).

`Budget`: at most so many uses per window (a minute unless told), counted for everybody together
or per key. The reporting channel may not store or log the address of an anonymous visitor, so
where others would throttle per address, Kompas counts per something the visitor typed (a keyed
hash of it) or for everybody together.

`Allowance`: a few uses per key in any hour, for staff accounts (password-reset mails per account
and per client address), never for the reporting channel.
"""

from __future__ import annotations

import time

from django.core.cache import BaseCache, caches
from django.utils.crypto import salted_hmac


def throttle_cache() -> BaseCache:
    return caches["throttle"]


def _tag(name: str, key: str) -> str:
    """A keyed hash: the cache never holds the key itself (an address, part of a receipt)."""
    return salted_hmac("kompas-allowance", f"{name}:{key}").hexdigest()[:32]


class Budget:
    """At most ``times`` uses per window of ``seconds``, per key (or for everybody together).

    Windows are fixed (they start at multiples of ``seconds``), so a count is one cache entry
    that lives two windows: `used(earlier=1)` reads the window before.
    """

    def __init__(self, name: str, times: int, seconds: int = 60) -> None:
        self.name, self.times, self.seconds = name, times, seconds

    def _key(self, key: str, earlier: int = 0) -> str:
        window = int(time.time() // self.seconds) - earlier
        tag = _tag(self.name, key) if key else "all"
        return f"kompas-budget:{self.name}:{tag}:{window}"

    def used(self, key: str = "", *, earlier: int = 0) -> int:
        return int(throttle_cache().get(self._key(key, earlier), 0))

    def exhausted(self, key: str = "") -> bool:
        return self.used(key) >= self.times

    def spend(self, key: str = "") -> None:
        entry = self._key(key)
        throttle_cache().add(entry, 0, timeout=2 * self.seconds)
        try:
            throttle_cache().incr(entry)
        except ValueError:  # gone between the two calls
            throttle_cache().set(entry, 1, timeout=2 * self.seconds)


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
        tag = _tag(self.name, key)
        return any(
            throttle_cache().add(
                f"kompas-allowance:{self.name}:{tag}:{place}", 1, timeout=self.seconds
            )
            for place in range(self.times)
        )
