"""What every new database connection is given before its first statement."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from typing import Any

from django.conf import settings

PRIVATE = 0o600


def keep_prepared_statements(sender: Any, connection: Any, **kwargs: Any) -> None:
    """A PostgreSQL connection that prepares statements (settings.PG_PREPARE_THRESHOLD) keeps
    up to settings.PG_PREPARED_MAX of them: the pages together run a few hundred different
    statements, more than psycopg's 100, which would otherwise push each other out and be
    planned again."""
    if connection.vendor != "postgresql" or not connection.settings_dict["OPTIONS"].get(
        "prepare_threshold"
    ):
        return
    connection.connection.prepared_max = settings.PG_PREPARED_MAX


class PrivateSQLite(sqlite3.Connection):
    """A SQLite connection (settings' OPTIONS["factory"]) to a database file that only its owner
    may read and write (0600, as the secret key), and so its -wal, -shm and -journal files, which
    SQLite creates with the database file's mode. The file is made so before SQLite opens it, so
    no other account can open it while it is world-readable even for a moment; one made
    readable to others earlier (by an older Kompas, or a copy) is closed to them here."""

    def __init__(self, database: Any, *args: Any, **kwargs: Any) -> None:
        path = _file_of(database)
        if path is not None:
            # There already, or no folder for it (SQLite then says so).
            with contextlib.suppress(FileExistsError, FileNotFoundError):
                os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE))
        super().__init__(database, *args, **kwargs)
        if path is not None:
            for name in (path, f"{path}-wal", f"{path}-shm", f"{path}-journal"):
                _close_to_others(name)


def _file_of(database: Any) -> str | None:
    """The file a database name is, if it is a plain path (not in memory, not a file: URI)."""
    name = os.fsdecode(database) if isinstance(database, str | bytes | os.PathLike) else ""
    if not name or name == ":memory:" or name.startswith("file:"):
        return None
    return name


def _close_to_others(name: str) -> None:
    try:
        mode = os.stat(name).st_mode
    except FileNotFoundError:
        return
    if mode & 0o077:
        os.chmod(name, PRIVATE)
