"""Migration 0003: the scores of earlier analyses become counts (and back)."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from kompas.accounts.roles import Role
from kompas.lib.clock import today
from kompas.risks.models import ScoreCount

# Serialized like the other migration tests: the flush after them leaves the starter library to
# the restore.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = [("risks", "0002_scenario_target_impact_scenario_target_likelihood")]
AFTER = [("risks", "0003_score_counts_instead_of_scores")]


def migrate(targets):  # type: ignore[no-untyped-def]
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_scores_become_counts_in_grid_order_and_go_back(personas) -> None:
    apps = migrate(BEFORE)
    RiskMatrix = apps.get_model("risks", "RiskMatrix")
    RiskAnalysis = apps.get_model("risks", "RiskAnalysis")
    AnalysedProcess = apps.get_model("risks", "AnalysedProcess")
    Scenario = apps.get_model("risks", "Scenario")
    Score = apps.get_model("risks", "Score")
    wide = RiskMatrix.objects.create(zone_id=personas.zone.pk, created_on=today())
    small = RiskMatrix.objects.create(
        zone_id=personas.zone.pk, likelihood_steps=4, impact_steps=3, created_on=today()
    )

    def scenario(matrix: Any, status: str, scoring_open: bool) -> Any:
        analysis = RiskAnalysis.objects.create(
            zone_id=personas.zone.pk,
            title=status,
            matrix=matrix,
            led_by_id=personas[Role.HEAD_OF_SERVICE].pk,
            status=status,
            started_on=today(),
            scoring_open=scoring_open,
            submission_token=f"migration-{RiskAnalysis.objects.count():06d}",
        )
        process = AnalysedProcess.objects.create(
            analysis=analysis, name="Databanken", vulnerability=3
        )
        return Scenario.objects.create(process=process, description=status)

    agreed = scenario(small, "agreed", scoring_open=False)
    running = scenario(wide, "open", scoring_open=True)
    unscored = scenario(wide, "open", scoring_open=False)
    # In the order they were given.
    given = [(4, 3), (1, 1), (4, 3), (2, 2), (1, 1), (4, 3)]
    for likelihood, impact in given:
        Score.objects.create(scenario=agreed, likelihood=likelihood, impact=impact)
    Score.objects.create(scenario=running, likelihood=5, impact=1)

    try:
        migrate(AFTER)
        cells = ScoreCount.objects.order_by("pk")
        assert list(cells.filter(scenario_id=agreed.pk).values_list("likelihood", "impact")) == [
            (li, im) for li in range(1, 5) for im in range(1, 4)
        ]
        assert {
            (c.likelihood, c.impact): c.count
            for c in cells.filter(scenario_id=agreed.pk, count__gt=0)
        } == {(4, 3): 3, (1, 1): 2, (2, 2): 1}
        # An analysis open for scoring can go on; one not scored gets its cells when it opens.
        assert list(cells.filter(scenario_id=running.pk).values_list("count", flat=True)) == [
            1 if (li, im) == (5, 1) else 0 for li in range(1, 6) for im in range(1, 6)
        ]
        assert not cells.filter(scenario_id=unscored.pk).exists()
        tables = set(connection.introspection.table_names())
        assert "risks_scorecount" in tables and "risks_score" not in tables

        apps = migrate(BEFORE)
        Score = apps.get_model("risks", "Score")
        assert Counter(Score.objects.values_list("scenario", "likelihood", "impact")) == {
            (agreed.pk, 4, 3): 3,
            (agreed.pk, 1, 1): 2,
            (agreed.pk, 2, 2): 1,
            (running.pk, 5, 1): 1,
        }
        assert "risks_scorecount" not in set(connection.introspection.table_names())
    finally:
        executor = MigrationExecutor(connection)
        migrate(executor.loader.graph.leaf_nodes())
