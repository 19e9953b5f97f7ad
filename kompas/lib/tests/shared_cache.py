"""Django's cache on a real Redis, as workers share it in production.

CI starts Redis on 127.0.0.1:6379 (`.ci/run`); `KOMPAS_TEST_REDIS_URL` points elsewhere. Each test
gets a key prefix of its own, removed afterwards, so that runs in parallel do not meet.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

import redis

REDIS_URL = os.environ.get("KOMPAS_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
T = TypeVar("T")


@dataclass
class SharedCache:
    store: redis.Redis
    prefix: str

    def everything(self) -> list[bytes]:
        """Every key and value Kompas left in Redis, as a dump of it would show them."""
        found: list[bytes] = []
        for key in self.store.scan_iter(f"{self.prefix}:*"):
            for item in (key, self.store.get(key)):
                if item is not None:
                    found.append(item if isinstance(item, bytes) else str(item).encode())
        return found


@contextmanager
def on_redis(settings: Any) -> Iterator[SharedCache]:
    """Django's default and throttle caches are Redis until the end of the block."""
    prefix = f"kompas-test-{secrets.token_hex(8)}"
    store = redis.Redis.from_url(REDIS_URL)
    store.ping()  # CI guarantees Redis: a test that cannot reach it fails, it is not skipped
    on_it = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": prefix,
    }
    settings.CACHES = {"default": on_it, "throttle": on_it}
    try:
        yield SharedCache(store, prefix)
    finally:
        leftovers = list(store.scan_iter(f"{prefix}:*"))
        if leftovers:
            store.delete(*leftovers)
        store.close()


def in_another_worker(work: Callable[[], T]) -> T:
    """Runs ``work`` in another thread, which opens its own cache client as another worker
    (another process or server) would."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(work).result()
