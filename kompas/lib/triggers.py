"""Database triggers that this code installs by name (the organisation stamp; migrations 0007
and 0008 of accounts, people search's former copy): which of them the database has."""

from __future__ import annotations

from typing import Any


def installed(connection: Any, prefix: str) -> set[str]:
    """The names of the triggers in the database that start with ``prefix``."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgname LIKE %s",
                [f"{prefix}%"],
            )
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
                [f"{prefix}%"],
            )
        return {row[0] for row in cursor.fetchall()}


# What a PostgreSQL trigger run once per statement is handed: the rows the statement changed.
PG_TRANSITIONS = {
    "INSERT": "REFERENCING NEW TABLE AS new_rows",
    "UPDATE": "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "DELETE": "REFERENCING OLD TABLE AS old_rows",
}
