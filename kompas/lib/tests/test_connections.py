"""What a new connection is given: PostgreSQL plans a statement the pages run again and again
once per connection; a SQLite database is a file only its owner may read."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from kompas.accounts.models import Zone


@pytest.mark.django_db
def test_on_postgresql_a_statement_run_twice_is_prepared_and_many_are_kept() -> None:
    from django.conf import settings

    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are what PostgreSQL connections keep")
    if not settings.PG_PREPARE_THRESHOLD:
        pytest.skip("turned off (KOMPAS_PG_PREPARE_THRESHOLD=0)")
    list(Zone.objects.filter(pk=-1))  # opens the connection
    assert connection.connection.prepared_max == 500
    # Server-side binding: the value travels apart, so every run is the same statement.
    for pk in (-1, -2, -3):
        list(Zone.objects.filter(pk=pk))
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        kept = [row[0] for row in cursor.fetchall()]
    assert any('FROM "accounts_zone" WHERE "accounts_zone"."id" = $1' in s for s in kept), kept


# A server process on SQLite: it writes a row and tells the mode of each file while the
# connection is open (the -wal and -shm files exist only then).
_SERVER = """
import json, os, sys
os.umask(0o022)  # the usual default: a file made without a mode is readable by everyone
import django
django.setup()
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE IF NOT EXISTS t (a integer)")
    cursor.execute("INSERT INTO t VALUES (1)")
name = connection.settings_dict["NAME"]
print(json.dumps({s: oct(os.stat(f"{name}{s}").st_mode & 0o777) for s in ("", "-wal", "-shm")}))
"""


def _serve_once(data_dir: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "KOMPAS_DATA_DIR": str(data_dir),
        "KOMPAS_DATABASE_URL": f"sqlite:///{data_dir / 'kompas.sqlite3'}",
        "KOMPAS_HTTPS": "false",
        "DJANGO_SETTINGS_MODULE": "kompas.settings",
    }
    done = subprocess.run(
        [sys.executable, "-c", _SERVER], env=env, capture_output=True, text=True, check=True
    )
    return dict(json.loads(done.stdout.splitlines()[-1]))


def test_the_sqlite_database_and_its_wal_and_shm_files_are_readable_by_their_owner_only(
    tmp_path: Path,
) -> None:
    assert _serve_once(tmp_path) == {"": "0o600", "-wal": "0o600", "-shm": "0o600"}


def test_a_sqlite_database_left_readable_to_others_is_closed_to_them(tmp_path: Path) -> None:
    database = tmp_path / "kompas.sqlite3"
    with sqlite3.connect(database) as made_earlier:  # as an older Kompas left it
        made_earlier.execute("PRAGMA journal_mode=WAL")
    for name in (database, tmp_path / "kompas.sqlite3-wal"):
        name.touch()
        name.chmod(0o644)
    assert _serve_once(tmp_path) == {"": "0o600", "-wal": "0o600", "-shm": "0o600"}


def test_a_database_in_memory_is_opened_as_sqlite_opens_it(tmp_path: Path) -> None:
    from kompas.lib.connections import PrivateSQLite

    for name in (":memory:", "file:memorydb?mode=memory&cache=shared"):
        sqlite3.connect(name, uri=True, factory=PrivateSQLite).close()
    assert not list(tmp_path.iterdir()) and not Path(":memory:").exists()
