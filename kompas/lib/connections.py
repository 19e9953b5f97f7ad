"""What every new database connection is given before its first statement."""

from __future__ import annotations

from typing import Any

from django.conf import settings


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
