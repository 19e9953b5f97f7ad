"""People search reads a narrow copy of what it matches and sorts on, kept by the database.

A common name matches a few thousand people of a national zone ("Peeters": 1,688 of 50,000),
and all of them are sorted to show the first fifty. Read from the person table, that meant
visiting most of its pages (a person's row is wide) and working out the upper and lower case of
every name of every match again: 11 ms on the national dataset. `models.PersonSearch` holds per
person only the zone, the service, the sort keys (the lowered last and first names), one text of
first name, last name and e-mail address in upper case, and the staff number; the same search
reads it in about 3.5 ms and then reads the fifty people shown by their keys. Cases are changed
by the database on both sides, as `icontains` does (`UPPER(words) LIKE UPPER(...)`), with the
stored side changed once.

Database triggers keep it, in the same statement as any change of a person, whatever makes the
change (a form, an import, a bulk update, a restore): on PostgreSQL one per kind of statement,
with the rows it changed; on SQLite one per row. They are installed again after every `migrate`
(a migration that rebuilds the person table on SQLite drops them), and the copy is then brought
up to date with the person table, so that it is whole whatever a migration did.
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


def installed_triggers(connection: Any) -> set[str]:
    from kompas.lib.triggers import installed

    return installed(connection, "kompas_person_search_")


def reinstall_after_migrate(using: str = "default", **kwargs: Any) -> None:
    """After every `migrate`: the triggers as this code writes them and the copy up to date."""
    from django.db import connections, transaction

    connection = connections[using]
    if TABLE in connection.introspection.table_names():
        with transaction.atomic(using=using):
            install_triggers(connection)
