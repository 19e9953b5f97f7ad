"""Budgets and allowances are shared by every worker through Redis, and keep no key in clear."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import caches

from kompas.lib.tests.shared_cache import SharedCache, in_another_worker, on_redis
from kompas.lib.throttle import Allowance, Budget


@pytest.fixture
def shared(settings: Any) -> Iterator[SharedCache]:
    with on_redis(settings) as cache:
        yield cache


def test_the_other_worker_has_its_own_cache_client(shared) -> None:
    mine = caches["default"]
    theirs = in_another_worker(lambda: caches["default"])
    assert mine is not theirs
    assert type(mine).__name__ == type(theirs).__name__ == "RedisCache"


def test_what_one_worker_spends_the_other_cannot_spend_again(shared) -> None:
    budget = Budget("test-shared", 3)
    for _ in range(2):
        in_another_worker(budget.spend)
    assert not budget.exhausted()
    budget.spend()
    assert budget.exhausted()
    assert in_another_worker(budget.exhausted)
    assert in_another_worker(budget.used) == 3


def test_a_budget_per_key_counts_each_key_apart_and_stores_only_a_keyed_hash(shared) -> None:
    budget = Budget("test-keyed", 2, seconds=600)
    for _ in range(2):
        in_another_worker(lambda: budget.spend("WX7Q"))
    assert budget.exhausted("WX7Q")
    assert not budget.exhausted("WX7R")
    assert not any(b"WX7Q" in item for item in shared.everything())


def test_an_allowance_taken_in_one_worker_is_gone_in_the_other(shared) -> None:
    mails = Allowance("test-shared-mails", 2)
    assert in_another_worker(lambda: mails.take("203.0.113.9"))
    assert mails.take("203.0.113.9")
    assert not in_another_worker(lambda: mails.take("203.0.113.9"))
    assert not any(b"203.0.113.9" in item for item in shared.everything())


def test_a_worker_started_with_kompas_cache_url_counts_in_the_same_store(settings) -> None:
    """A real second process, configured as in production by KOMPAS_CACHE_URL alone."""
    import os
    import secrets
    import subprocess
    import sys

    from kompas.lib.tests.shared_cache import REDIS_URL

    name = f"test-worker-{secrets.token_hex(6)}"
    worker = (
        "import django; django.setup()\n"
        "from kompas.lib.throttle import Budget\n"
        f"budget = Budget({name!r}, 5)\n"
        "budget.spend(); budget.spend()\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "kompas.settings", "KOMPAS_CACHE_URL": REDIS_URL}
    subprocess.run([sys.executable, "-c", worker], env=env, check=True, timeout=60)
    with on_redis(settings) as shared:
        # As the worker's settings name its keys (its secret key is this run's).
        prefixed = {**settings.CACHES["default"], "KEY_PREFIX": settings.CACHE_KEY_PREFIX}
        settings.CACHES = {"default": prefixed, "throttle": prefixed}
        try:
            # Counts live in fixed windows of a minute: the worker may have spent in the window
            # before this one (or one use in each), so both are read.
            budget = Budget(name, 5)
            assert budget.used() + budget.used(earlier=1) == 2
        finally:
            for key in shared.store.scan_iter(f"*{name}*"):
                shared.store.delete(key)
