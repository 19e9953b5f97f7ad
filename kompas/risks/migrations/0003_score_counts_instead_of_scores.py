"""Scores are counted per scenario, likelihood and impact instead of one row per score.

A row per score was made in the same transaction as its ballot and in the same order, so its id
(and its place) matched the ballot's, and the ballot's key follows from a device's cookie and the
server key. ScoreCounts (one per scenario and cell of its analysis's matrix) keep the counts only.
Forward: the scores become counts, made scenario by scenario in grid order (not in the order of
the scores), for every scenario that was scored or whose analysis is open for scoring, and the
Score table is dropped. Backward: the counts become rows again, cell by cell, which is all the
old table can hold.
"""

from collections import Counter

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Count, Q

BATCH = 2000


def to_counts(apps, schema_editor):  # type: ignore[no-untyped-def]
    Score = apps.get_model("risks", "Score")
    Scenario = apps.get_model("risks", "Scenario")
    ScoreCount = apps.get_model("risks", "ScoreCount")

    counts: dict[int, Counter] = {}  # scenario -> (likelihood, impact) -> scores
    grouped = Score.objects.values_list("scenario", "likelihood", "impact").annotate(n=Count("id"))
    for scenario_id, likelihood, impact, n in grouped.order_by():
        counts.setdefault(scenario_id, Counter())[(likelihood, impact)] += n
    cells = []
    scenarios = (
        Scenario.objects.filter(
            Q(pk__in=Score.objects.values("scenario"))
            | Q(process__analysis__scoring_open=True, process__analysis__status="open")
        )
        .order_by("pk")
        .values_list(
            "pk",
            "process__analysis__matrix__likelihood_steps",
            "process__analysis__matrix__impact_steps",
        )
    )
    for scenario_id, likelihood_steps, impact_steps in scenarios.iterator():
        # A score beyond the matrix (none is accepted) would widen the grid rather than be lost.
        given = counts.get(scenario_id, Counter())
        top_likelihood = max([likelihood_steps, *(li for li, _im in given)])
        top_impact = max([impact_steps, *(im for _li, im in given)])
        cells += [
            ScoreCount(
                scenario_id=scenario_id,
                likelihood=likelihood,
                impact=impact,
                count=given[(likelihood, impact)],
            )
            for likelihood in range(1, top_likelihood + 1)
            for impact in range(1, top_impact + 1)
        ]
    ScoreCount.objects.bulk_create(cells, batch_size=BATCH)


def to_scores(apps, schema_editor):  # type: ignore[no-untyped-def]
    Score = apps.get_model("risks", "Score")
    ScoreCount = apps.get_model("risks", "ScoreCount")

    scores = []
    for cell in ScoreCount.objects.filter(count__gt=0).order_by("pk").iterator():
        scores += [
            Score(scenario_id=cell.scenario_id, likelihood=cell.likelihood, impact=cell.impact)
            for _ in range(cell.count)
        ]
    Score.objects.bulk_create(scores, batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [
        ("risks", "0002_scenario_target_impact_scenario_target_likelihood"),
    ]

    operations = [
        migrations.CreateModel(
            name="ScoreCount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("likelihood", models.PositiveSmallIntegerField()),
                ("impact", models.PositiveSmallIntegerField()),
                ("count", models.PositiveIntegerField(default=0)),
                (
                    "scenario",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="score_counts",
                        to="risks.scenario",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("scenario", "likelihood", "impact"),
                        name="risks_score_cell_once",
                    )
                ],
            },
        ),
        migrations.RunPython(to_counts, to_scores),
        migrations.DeleteModel(name="Score"),
    ]
