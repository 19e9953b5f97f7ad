"""Every migration applies on an empty database and unapplies where it can."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

# Serialized like the live-server test: the flush after it then leaves the content types to
# that test's restore instead of recreating them (which made that restore collide when both
# ran in one process, as pytest-xdist may arrange).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_migrations_go_back_to_zero_and_forward_again() -> None:
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    # SQLite rebuilds a table to change a column, without its triggers: the audit log's
    # migrations make its append-only guards again, back (here) and forward (at the end).
    assert _audit_guards() == _GUARDS[connection.vendor]
    executor.migrate([("audit", "0001_initial")])
    assert _audit_guards() == _GUARDS[connection.vendor]
    executor = MigrationExecutor(connection)
    # Back: every app of ours to before its first migration (reporting first: it depends on the rest).
    targets = [(app, None) for app in ("reporting", "accounts", "audit")]
    executor.migrate(targets)
    executor.loader.build_graph()
    tables = set(connection.introspection.table_names())
    assert not any(t.startswith(("reporting_", "audit_")) for t in tables)
    # And forward to the latest state, of every app (those depending on ours went back too).
    executor = MigrationExecutor(connection)
    executor.migrate(leaves)
    tables = set(connection.introspection.table_names())
    assert {
        "reporting_report",
        "audit_auditevent",
        "accounts_person",
        "registers_giftdeclaration",
        "compass_dilemma",
        "risks_riskanalysis",
        "plans_activity",
    } <= tables
    assert not MigrationExecutor(connection).migration_plan(leaves)  # nothing left to apply
    assert _audit_guards() == _GUARDS[connection.vendor]


_GUARDS = {
    "postgresql": {"audit_auditevent_append_only"},
    "sqlite": {"audit_auditevent_no_update", "audit_auditevent_no_delete"},
}


def _audit_guards() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_auditevent'::regclass"
                " AND NOT tgisinternal"
            )
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger'"
                " AND tbl_name = 'audit_auditevent'"
            )
        return {row[0] for row in cursor.fetchall()}
