"""The shared cache as an operator configures it: KOMPAS_CACHE_URL, read by a fresh process."""

from __future__ import annotations

import os
import subprocess
import sys

from kompas.lib.tests.shared_cache import REDIS_URL

SHOW = (
    "import django; django.setup()\n"
    "from django.core.cache import caches\n"
    "for name in ('default', 'throttle'):\n"
    "    print(name, type(caches[name]).__name__)\n"
)


def started_with(tmp_path, **variables: str) -> subprocess.CompletedProcess[str]:
    """A worker process started with these variables (and no cache address from this run)."""
    env = {k: v for k, v in os.environ.items() if k not in ("KOMPAS_CACHE_URL", "KOMPAS_REDIS_URL")}
    env.update(DJANGO_SETTINGS_MODULE="kompas.settings", KOMPAS_DATA_DIR=str(tmp_path), **variables)
    run = [sys.executable, "-c", SHOW]
    return subprocess.run(run, env=env, capture_output=True, text=True, timeout=60)


def test_with_kompas_cache_url_both_caches_are_redis(tmp_path) -> None:
    started = started_with(tmp_path, KOMPAS_CACHE_URL=REDIS_URL)
    assert started.returncode == 0, started.stderr
    assert started.stdout.split("\n")[:2] == ["default RedisCache", "throttle RedisCache"]


def test_the_former_name_kompas_redis_url_is_still_read(tmp_path) -> None:
    started = started_with(tmp_path, KOMPAS_REDIS_URL=REDIS_URL)
    assert started.returncode == 0, started.stderr
    assert started.stdout.split("\n")[:2] == ["default RedisCache", "throttle RedisCache"]


def test_without_it_the_cache_is_files_and_throttles_stay_in_memory(tmp_path) -> None:
    """Files for what the workers of one machine must share (sessions, figures), but never for
    throttles, whose times would say when a reporter was here."""
    started = started_with(tmp_path)
    assert started.returncode == 0, started.stderr
    assert started.stdout.split("\n")[:2] == ["default FileBasedCache", "throttle LocMemCache"]


def test_an_address_that_is_not_redis_stops_the_start(tmp_path) -> None:
    started = started_with(tmp_path, KOMPAS_CACHE_URL="memcached://127.0.0.1:11211")
    assert started.returncode != 0
    assert "KOMPAS_CACHE_URL must be a redis://" in started.stderr


PREFIX = (
    "import django; django.setup()\n"
    "from django.core.cache import caches\n"
    "print(caches['default'].key_prefix)\n"
)


def test_two_installations_on_one_redis_keep_their_keys_apart(tmp_path) -> None:
    """Each installation's keys carry a prefix from its own secret key: staging beside
    production on one Redis never reads the other's sessions, figures or kept values."""

    def prefix_of(secret: str) -> str:
        env = {k: v for k, v in os.environ.items() if not k.startswith("KOMPAS_")}
        env.update(
            DJANGO_SETTINGS_MODULE="kompas.settings",
            KOMPAS_HTTPS="false",
            KOMPAS_DATA_DIR=str(tmp_path),
            KOMPAS_CACHE_URL=REDIS_URL,
            KOMPAS_SECRET_KEY=secret,
        )
        run = [sys.executable, "-c", PREFIX]
        started = subprocess.run(run, env=env, capture_output=True, text=True, timeout=60)
        assert started.returncode == 0, started.stderr
        return started.stdout.strip()

    one, same, other = prefix_of("a" * 50), prefix_of("a" * 50), prefix_of("b" * 50)
    assert one == same and one != other and one and "a" * 8 not in one
