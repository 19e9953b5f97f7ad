"""PostgreSQL plans a statement the pages run again and again once per connection."""

from __future__ import annotations

import pytest
from django.db import connection

from kompas.accounts.models import Zone

pytestmark = pytest.mark.django_db


def test_on_postgresql_a_statement_run_twice_is_prepared_and_many_are_kept() -> None:
    from django.conf import settings

    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are what PostgreSQL connections keep")
    if not settings.PG_PREPARE_THRESHOLD:
        pytest.skip("turned off (KOMPAS_PG_PREPARE_THRESHOLD=0)")
    list(Zone.objects.filter(pk=-1))  # opens the connection
    assert connection.connection.prepared_max == 500
    # Server-side binding: the value travels apart, so every run is the same statement.
    for pk in (-1, -2, -3):
        list(Zone.objects.filter(pk=pk))
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        kept = [row[0] for row in cursor.fetchall()]
    assert any('FROM "accounts_zone" WHERE "accounts_zone"."id" = $1' in s for s in kept), kept
