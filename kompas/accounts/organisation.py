"""What is worked out from a zone's organisation, kept until the organisation changes.

A national zone has a thousand services and thousands of role holders: who decides on whose
declarations (`kompas.registers.people.Deciders`) or the services offered in a select box took a
few milliseconds to read and work out on every page. Each zone has a stamp
(`models.OrganisationStamp`) that database triggers change in the same statement as any change
to its services, role assignments or people's place in it, whatever makes that change (a form,
an import, a bulk update, a restore). The stamp is read with the session on every page
(`Person.organisation_stamp`), and `kept()` keeps a value per zone in the shared cache for as long as the stamp it was
worked out under stays the same.

A value is worked out after the stamp was read, so it is never older than its stamp says. Pages
use kept values; a service that decides something (who is told of a new declaration) reads the
organisation afresh.

The triggers: on PostgreSQL one per table and kind of statement, run once per statement with the
rows it changed (an import of 50,000 people changes the stamp once); it takes the audit chain's
lock before the stamp's row, the order every audited change takes them in, so two changes cannot
wait on each other. On SQLite one per row (one writer at a time there). A migration that rebuilds
one of the tables on SQLite drops its triggers: they are installed again after every `migrate`
(`AccountsConfig.ready`), and a test checks that they are there.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import transaction

from kompas.lib.triggers import PG_TRANSITIONS

T = TypeVar("T")

TABLES = ("accounts_service", "accounts_person", "accounts_roleassignment")
EVENTS = ("INSERT", "UPDATE", "DELETE")
# What makes a person part of the organisation: not a sign-in, a language, a password or a name
# (nothing kept per stamp shows a person's name).
STAMPED_COLUMNS = ("zone_id", "service_id", "leader_id", "is_active")
# Only names and constants are written into the SQL below; {chain_lock} is the audit chain's lock
# (kompas.audit.services.PG_CHAIN_LOCK), taken first as every audited change takes it.
_PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION kompas_organisation_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    zones bigint[];
BEGIN
    IF TG_TABLE_NAME = 'accounts_roleassignment' THEN
        IF TG_OP = 'INSERT' THEN
            SELECT array_agg(DISTINCT p.zone_id) INTO zones
            FROM new_rows r JOIN accounts_person p ON p.id = r.person_id;
        ELSIF TG_OP = 'DELETE' THEN
            SELECT array_agg(DISTINCT p.zone_id) INTO zones
            FROM old_rows r JOIN accounts_person p ON p.id = r.person_id;
        ELSE
            SELECT array_agg(DISTINCT p.zone_id) INTO zones
            FROM (SELECT person_id FROM new_rows UNION SELECT person_id FROM old_rows) r
            JOIN accounts_person p ON p.id = r.person_id;
        END IF;
    ELSIF TG_TABLE_NAME = 'accounts_person' AND TG_OP = 'UPDATE' THEN
        SELECT array_agg(DISTINCT z) INTO zones
        FROM new_rows n JOIN old_rows o ON o.id = n.id,
             LATERAL unnest(ARRAY[n.zone_id, o.zone_id]) AS z
        WHERE ({", ".join(f"n.{c}" for c in STAMPED_COLUMNS)})
              IS DISTINCT FROM ({", ".join(f"o.{c}" for c in STAMPED_COLUMNS)});
    ELSIF TG_OP = 'INSERT' THEN
        SELECT array_agg(DISTINCT zone_id) INTO zones FROM new_rows;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(DISTINCT zone_id) INTO zones FROM old_rows;
    ELSE
        SELECT array_agg(DISTINCT z) INTO zones
        FROM (SELECT zone_id AS z FROM new_rows UNION SELECT zone_id FROM old_rows) t;
    END IF;
    IF zones IS NOT NULL THEN
        PERFORM pg_advisory_xact_lock({{chain_lock}});
        INSERT INTO accounts_organisationstamp (zone_id, stamp)
        SELECT z, floor(random() * 9.2e18)::bigint FROM unnest(zones) AS z ORDER BY z
        ON CONFLICT (zone_id) DO UPDATE SET stamp = EXCLUDED.stamp;
    END IF;
    RETURN NULL;
END
$$
"""  # noqa: S608  # nosec B608


_SQLITE_STAMP = (
    "INSERT INTO accounts_organisationstamp (zone_id, stamp) {rows}"
    " ON CONFLICT (zone_id) DO UPDATE SET stamp = excluded.stamp;"
)


def trigger_name(table: str, event: str) -> str:
    return f"kompas_organisation_{table.removeprefix('accounts_')}_{event.lower()}"


def _sqlite_triggers() -> list[str]:
    def stamp(zone: str) -> str:
        return _SQLITE_STAMP.format(rows=f"VALUES ({zone}, random())")

    def stamp_of_person(person: str) -> str:
        # (The WHERE makes SQLite read ON CONFLICT as the upsert it is, not as a join.)
        return _SQLITE_STAMP.format(
            rows=f"SELECT zone_id, random() FROM accounts_person WHERE id = {person}"  # noqa: S608  # nosec B608
        )

    moved = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in STAMPED_COLUMNS)
    bodies = {
        ("accounts_service", "INSERT"): ("", stamp("NEW.zone_id")),
        ("accounts_service", "UPDATE"): ("", stamp("OLD.zone_id") + stamp("NEW.zone_id")),
        ("accounts_service", "DELETE"): ("", stamp("OLD.zone_id")),
        ("accounts_person", "INSERT"): ("", stamp("NEW.zone_id")),
        ("accounts_person", "UPDATE"): (
            f" WHEN {moved}",
            stamp("OLD.zone_id") + stamp("NEW.zone_id"),
        ),
        ("accounts_person", "DELETE"): ("", stamp("OLD.zone_id")),
        ("accounts_roleassignment", "INSERT"): ("", stamp_of_person("NEW.person_id")),
        ("accounts_roleassignment", "UPDATE"): (
            "",
            stamp_of_person("OLD.person_id") + stamp_of_person("NEW.person_id"),
        ),
        ("accounts_roleassignment", "DELETE"): ("", stamp_of_person("OLD.person_id")),
    }
    return [
        f"CREATE TRIGGER {trigger_name(table, event)} AFTER {event} ON {table}"
        f" FOR EACH ROW{when} BEGIN {body} END"
        for (table, event), (when, body) in bodies.items()
    ]


def drop_triggers(connection: Any) -> None:
    with connection.cursor() as cursor:
        for table in TABLES:
            for event in EVENTS:
                on = f" ON {table}" if connection.vendor == "postgresql" else ""
                cursor.execute(f"DROP TRIGGER IF EXISTS {trigger_name(table, event)}{on}")
        if connection.vendor == "postgresql":
            cursor.execute("DROP FUNCTION IF EXISTS kompas_organisation_changed()")


def install_triggers(connection: Any) -> None:
    """(Re)creates the triggers as this code writes them."""
    if connection.vendor == "postgresql":
        from kompas.audit.services import PG_CHAIN_LOCK

        statements = [_PG_FUNCTION.format(chain_lock=PG_CHAIN_LOCK)] + [
            f"CREATE TRIGGER {trigger_name(table, event)} AFTER {event} ON {table}"
            f" {transition} FOR EACH STATEMENT EXECUTE FUNCTION kompas_organisation_changed()"
            for table in TABLES
            for event, transition in PG_TRANSITIONS.items()
        ]
    elif connection.vendor == "sqlite":
        statements = _sqlite_triggers()
    else:
        raise RuntimeError(f"no organisation triggers for {connection.vendor}")
    drop_triggers(connection)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def installed_triggers(connection: Any) -> set[str]:
    from kompas.lib.triggers import installed

    return installed(connection, "kompas_organisation_")


def reinstall_after_migrate(using: str = "default", **kwargs: Any) -> None:
    """After every `migrate`: a table rebuilt by a migration on SQLite lost its triggers."""
    from django.db import connections

    connection = connections[using]
    if "accounts_organisationstamp" in connection.introspection.table_names():
        install_triggers(connection)


def stamp_of(zone_id: int) -> int:
    """The zone's stamp as the database has it now (0: its organisation never changed)."""
    from kompas.accounts.models import OrganisationStamp

    found = OrganisationStamp.objects.filter(zone_id=zone_id).values_list("stamp", flat=True)
    return next(iter(found), 0)


# How long a value worked out under one stamp stays in the cache: a new stamp makes a new key, so
# this only bounds how long values of a past organisation take room.
KEPT_SECONDS = 24 * 3600
_MISSING = object()


def kept(name: str, zone_id: int, stamp: int, work_out: Callable[[], T]) -> T:
    """``work_out()`` for this zone, kept in the shared cache (Django's, so every worker and
    every server sees it) while its organisation keeps ``stamp`` (read before: what is worked
    out now is at least as new as the stamp). The stamp is in the key: a changed organisation
    is never answered from a value of the old one."""
    key = f"kompas:organisation:{name}:{zone_id}:{stamp}"
    found = cache.get(key, _MISSING)
    if found is not _MISSING:
        value: T = found
        return value
    value = work_out()
    # Kept once what it was worked out from is committed (at once outside a transaction): never
    # what a transaction that then rolls back saw.
    transaction.on_commit(lambda: cache.set(key, value, KEPT_SECONDS))
    return value
