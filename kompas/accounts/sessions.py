"""Sessions in the database, as Django keeps them, read on every page with one plain query.

Django's own store reads a session through the ORM, which compiles the same query afresh on
every request (more than the round trip itself). This store reads the one column it needs with
SQL written once; saving, expiry and everything else are Django's.
"""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import connections, router
from django.utils import timezone


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self) -> Any:
        model: Any = self.model
        using = router.db_for_read(model)
        connection = connections[using]
        table = connection.ops.quote_name(model._meta.db_table)
        # The table name comes from the model; key and time are parameters.
        sql = (
            f"SELECT session_data FROM {table}"  # noqa: S608  # nosec B608
            " WHERE session_key = %s AND expire_date > %s"
        )
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.session_key, now])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return None
        return model(session_key=self._session_key, session_data=row[0])
