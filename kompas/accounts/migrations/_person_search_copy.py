"""People search's narrow copy of each person, as migration 0007 made it and 0008 removed it.

Kept here, apart from the code that runs, so that those two migrations build and take down
exactly what they did (a module of `migrations/` whose name starts with "_" is not a migration).
"""

from __future__ import annotations

from typing import Any

from kompas.lib.triggers import PG_TRANSITIONS

# What a search matches or sorts on: a change of anything else (a sign-in, a language) leaves
# the copy alone.
COLUMNS = ("zone_id", "service_id", "first_name", "last_name", "email", "staff_number")
# Between the fields in `words`. Python's str.split() takes it for white space, so no word of a
# query holds it, and a word cannot match across two fields.
SEPARATOR = "\x1f"
TABLE = "accounts_personsearch"
EVENTS = ("INSERT", "UPDATE", "DELETE")
COPIED = ("zone_id", "service_id", "last_key", "first_key", "words", "staff_number")
_TARGET = f"{TABLE} (person_id, {', '.join(COPIED)})"
# A row already there takes the new values (written by the database in both dialects).
_UPSERT = "ON CONFLICT (person_id) DO UPDATE SET " + ", ".join(  # nosec B608
    f"{c} = excluded.{c}" for c in COPIED
)


def _row(alias: str, vendor: str) -> str:
    """The copy of a person row, in the order of _TARGET."""
    sep = "chr(31)" if vendor == "postgresql" else "char(31)"
    a = alias
    return (
        f"{a}.id, {a}.zone_id, {a}.service_id, LOWER({a}.last_name), LOWER({a}.first_name), "
        f"UPPER({a}.first_name || {sep} || {a}.last_name || {sep} || {a}.email), {a}.staff_number"
    )


# Only names and constants are written into the SQL below.
_PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION kompas_person_search_sync() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM {TABLE} s USING old_rows o WHERE s.person_id = o.id;
    ELSIF TG_OP = 'INSERT' THEN
        INSERT INTO {_TARGET} SELECT {_row("n", "postgresql")} FROM new_rows n;
    ELSE
        INSERT INTO {_TARGET}
        SELECT {_row("n", "postgresql")} FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE ({", ".join(f"n.{c}" for c in COLUMNS)})
              IS DISTINCT FROM ({", ".join(f"o.{c}" for c in COLUMNS)})
        {_UPSERT};
    END IF;
    RETURN NULL;
END
$$
"""  # noqa: S608  # nosec B608


def trigger_name(event: str) -> str:
    return f"kompas_person_search_{event.lower()}"


def _statements(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [_PG_FUNCTION] + [
            f"CREATE TRIGGER {trigger_name(event)} AFTER {event} ON accounts_person"
            f" {transition} FOR EACH STATEMENT EXECUTE FUNCTION kompas_person_search_sync()"
            for event, transition in PG_TRANSITIONS.items()
        ]
    if vendor == "sqlite":
        changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in COLUMNS)
        copy = f"INSERT OR REPLACE INTO {_TARGET} SELECT {_row('NEW', 'sqlite')};"
        forget = f"DELETE FROM {TABLE} WHERE person_id = OLD.id;"  # noqa: S608  # nosec B608
        return [
            f"CREATE TRIGGER {trigger_name('INSERT')} AFTER INSERT ON accounts_person"
            f" FOR EACH ROW BEGIN {copy} END",
            f"CREATE TRIGGER {trigger_name('UPDATE')} AFTER UPDATE ON accounts_person"
            f" FOR EACH ROW WHEN {changed} BEGIN {copy} END",
            f"CREATE TRIGGER {trigger_name('DELETE')} AFTER DELETE ON accounts_person"
            f" FOR EACH ROW BEGIN {forget} END",
        ]
    raise RuntimeError(f"no people search triggers for {vendor}")


def drop_triggers(connection: Any) -> None:
    with connection.cursor() as cursor:
        for event in EVENTS:
            on = " ON accounts_person" if connection.vendor == "postgresql" else ""
            cursor.execute(f"DROP TRIGGER IF EXISTS {trigger_name(event)}{on}")
        if connection.vendor == "postgresql":
            cursor.execute("DROP FUNCTION IF EXISTS kompas_person_search_sync()")


def install_triggers(connection: Any) -> None:
    """(Re)creates the triggers as this code writes them, and brings the copy up to date with
    the person table: rows that differ are written again, the rest is left alone (no churn of
    a national zone's 50,000 rows at every `migrate`)."""
    statements = _statements(connection.vendor)
    drop_triggers(connection)
    differs = " IS DISTINCT FROM " if connection.vendor == "postgresql" else " IS NOT "
    changed = " OR ".join(f"{TABLE}.{c}{differs}excluded.{c}" for c in COPIED)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
        cursor.execute(
            f"DELETE FROM {TABLE} WHERE NOT EXISTS"  # noqa: S608  # nosec B608
            f" (SELECT 1 FROM accounts_person p WHERE p.id = {TABLE}.person_id)"
        )
        # (WHERE TRUE: SQLite reads ON CONFLICT after a SELECT as the upsert it is.)
        cursor.execute(
            f"INSERT INTO {_TARGET} SELECT {_row('p', connection.vendor)}"  # noqa: S608  # nosec B608
            f" FROM accounts_person p WHERE TRUE {_UPSERT} WHERE {changed}"
        )


def add_triggers_and_copy(apps, schema_editor):
    """The triggers, the copy of every person, and on PostgreSQL with pg_trgm (migration 0003)
    a trigram index for the words."""
    connection = schema_editor.connection
    install_triggers(connection)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
            if cursor.fetchone():
                cursor.execute(
                    "CREATE INDEX IF NOT EXISTS person_search_words_trgm ON accounts_personsearch "
                    "USING gin (words gin_trgm_ops)"
                )


def remove_triggers(apps, schema_editor):
    drop_triggers(schema_editor.connection)
