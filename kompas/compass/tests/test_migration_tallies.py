"""Migration 0003: the votes of earlier sessions and of the library become tallies (and back)."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from kompas.accounts.roles import Role
from kompas.compass.models import Tally
from kompas.lib.clock import today

# Serialized like the other migration tests: the flush after them leaves the starter library to
# the restore.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = [("compass", "0002_starter_library")]
AFTER = [("compass", "0003_tallies_instead_of_votes")]


def migrate(targets):  # type: ignore[no-untyped-def]
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_votes_become_tallies_in_option_order_and_go_back(personas) -> None:
    apps = migrate(BEFORE)
    Dilemma = apps.get_model("compass", "Dilemma")
    TrainingSession = apps.get_model("compass", "TrainingSession")
    SessionItem = apps.get_model("compass", "SessionItem")
    Vote = apps.get_model("compass", "Vote")
    OwnOption = apps.get_model("compass", "OwnOption")
    coffee = Dilemma.objects.get(key="free-coffee")
    fuel = Dilemma.objects.get(key="fuel-card")
    a, b, c = coffee.options.order_by("position")

    def session(status: str, code: str = "") -> Any:
        held = TrainingSession.objects.create(
            zone_id=personas.zone.pk,
            facilitator_id=personas[Role.COORDINATOR].pk,
            title=status,
            status=status,
            code=code,
            created_on=today(),
            min_group=5,
        )
        return SessionItem.objects.create(session=held, dilemma=coffee, position=0)

    held, running, planned = session("closed"), session("open", "123456"), session("planned")
    zone = personas.zone.pk
    # In the order they were cast: C, A, own, B, A, own, A.
    for option in (c, a, None, b, a, None, a):
        Vote.objects.create(
            zone_id=zone, dilemma=coffee, item=held, option=option, own=option is None
        )
    OwnOption.objects.create(item=held, text="Zelf betalen")
    OwnOption.objects.create(item=held, text="Aanspreken")
    fuel_c = fuel.options.order_by("position").last()
    for _ in range(2):
        Vote.objects.create(zone_id=zone, dilemma=fuel, option=fuel_c)

    try:
        migrate(AFTER)
        tallies = Tally.objects.order_by("pk")
        assert list(tallies.filter(item_id=held.pk).values_list("option", "count", "texts")) == [
            (a.pk, 3, []),
            (b.pk, 1, []),
            (c.pk, 1, []),
            (None, 2, ["Aanspreken", "Zelf betalen"]),
        ]
        # A running session can go on voting; a planned one gets its tallies when it opens.
        assert list(tallies.filter(item_id=running.pk).values_list("option", "count")) == [
            (a.pk, 0),
            (b.pk, 0),
            (c.pk, 0),
            (None, 0),
        ]
        assert not tallies.filter(item_id=planned.pk).exists()
        assert list(tallies.filter(item=None).values_list("zone", "option", "count")) == [
            (zone, o.pk, 2 if o.pk == fuel_c.pk else 0) for o in fuel.options.order_by("position")
        ]
        tables = set(connection.introspection.table_names())
        assert "compass_tally" in tables
        assert not {"compass_vote", "compass_ownoption"} & tables

        apps = migrate(BEFORE)
        Vote = apps.get_model("compass", "Vote")
        OwnOption = apps.get_model("compass", "OwnOption")
        assert Counter(Vote.objects.values_list("item", "option", "own")) == {
            (held.pk, a.pk, False): 3,
            (held.pk, b.pk, False): 1,
            (held.pk, c.pk, False): 1,
            (held.pk, None, True): 2,
            (None, fuel_c.pk, False): 2,
        }
        assert sorted(OwnOption.objects.values_list("text", flat=True)) == [
            "Aanspreken",
            "Zelf betalen",
        ]
    finally:
        executor = MigrationExecutor(connection)
        migrate(executor.loader.graph.leaf_nodes())
