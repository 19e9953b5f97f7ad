"""Every migration applies on an empty database and unapplies where it can."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

APPS = ["accounts", "audit", "reporting"]


def test_migrations_go_back_to_zero_and_forward_again() -> None:
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    ours = [node for node in leaves if node[0] in APPS]
    # Back: every app of ours to before its first migration (reporting first: it depends on the rest).
    targets = [(app, None) for app in ("reporting", "accounts", "audit")]
    executor.migrate(targets)
    executor.loader.build_graph()
    tables = set(connection.introspection.table_names())
    assert not any(t.startswith(("reporting_", "audit_")) for t in tables)
    # And forward to the latest state.
    executor = MigrationExecutor(connection)
    executor.migrate(ours)
    tables = set(connection.introspection.table_names())
    assert {"reporting_report", "audit_auditevent", "accounts_person"} <= tables
