"""Migration helpers for PostgreSQL-only indexes (SQLite has no covering indexes)."""

from __future__ import annotations

from typing import Any

from django.db import migrations


def covering_index(name: str, table: str, keys: list[str], include: list[str]) -> Any:
    """A RunPython operation that, on PostgreSQL only, adds an index whose extra columns let a
    yearly count read the index alone instead of visiting every row of the table."""

    def forwards(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
                f"({', '.join(keys)}) INCLUDE ({', '.join(include)})"
            )

    def backwards(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")

    return migrations.RunPython(forwards, backwards)
