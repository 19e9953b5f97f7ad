"""Votes are counted in tallies instead of one row per vote.

A row per vote was made in the same transaction as its ballot and in the same order, so its id
(and its place) matched the ballot's, and the ballot's key follows from a phone's cookie and the
server key. Tallies (one per item and option, one per item for the own options with their texts
in alphabetical order, one per zone, dilemma and option for the library) keep the counts only.
Forward: the votes and own options become tallies, made item by item in option order (not in the
order of the votes), and the Vote and OwnOption tables are dropped. Backward: the tallies become
rows again, option by option, which is all the old tables can hold.
"""

from collections import Counter

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Count, Q

BATCH = 2000


def to_tallies(apps, schema_editor):  # type: ignore[no-untyped-def]
    Vote = apps.get_model("compass", "Vote")
    OwnOption = apps.get_model("compass", "OwnOption")
    SessionItem = apps.get_model("compass", "SessionItem")
    DilemmaOption = apps.get_model("compass", "DilemmaOption")
    Tally = apps.get_model("compass", "Tally")

    counts: Counter = Counter()  # (item, option) or (zone, dilemma, option) -> votes
    played: set[tuple[int, int]] = set()  # (zone, dilemma) of the library's votes
    voted: set[int] = set()
    for row in (
        Vote.objects.values("zone", "dilemma", "item", "option")
        .annotate(n=Count("id"))
        .order_by()
    ):
        if row["item"] is None:
            counts[(row["zone"], row["dilemma"], row["option"])] += row["n"]
            played.add((row["zone"], row["dilemma"]))
        else:
            counts[(row["item"], row["option"])] += row["n"]
            voted.add(row["item"])
    texts: dict[int, list[str]] = {}
    for item_id, text in OwnOption.objects.values_list("item", "text"):
        texts.setdefault(item_id, []).append(text)
    options: dict[int, list[int]] = {}
    for dilemma_id, pk in DilemmaOption.objects.order_by("dilemma", "position").values_list(
        "dilemma", "pk"
    ):
        options.setdefault(dilemma_id, []).append(pk)

    tallies = []
    items = (
        SessionItem.objects.filter(Q(pk__in=voted) | Q(session__status="open"))
        .order_by("pk")
        .values_list("pk", "session__zone", "dilemma")
    )
    for item_id, zone_id, dilemma_id in items.iterator():
        for option_id in [*options.get(dilemma_id, []), None]:
            tallies.append(
                Tally(
                    zone_id=zone_id,
                    dilemma_id=dilemma_id,
                    item_id=item_id,
                    option_id=option_id,
                    count=counts[(item_id, option_id)],
                    texts=sorted(texts.get(item_id, [])) if option_id is None else [],
                )
            )
    for zone_id, dilemma_id in sorted(played):
        for option_id in options.get(dilemma_id, []):
            tallies.append(
                Tally(
                    zone_id=zone_id,
                    dilemma_id=dilemma_id,
                    option_id=option_id,
                    count=counts[(zone_id, dilemma_id, option_id)],
                )
            )
    Tally.objects.bulk_create(tallies, batch_size=BATCH)


def to_votes(apps, schema_editor):  # type: ignore[no-untyped-def]
    Vote = apps.get_model("compass", "Vote")
    OwnOption = apps.get_model("compass", "OwnOption")
    Tally = apps.get_model("compass", "Tally")

    votes, own = [], []
    for tally in Tally.objects.filter(count__gt=0).order_by("pk").iterator():
        votes += [
            Vote(
                zone_id=tally.zone_id,
                dilemma_id=tally.dilemma_id,
                item_id=tally.item_id,
                option_id=tally.option_id,
                own=tally.option_id is None,
            )
            for _ in range(tally.count)
        ]
        own += [OwnOption(item_id=tally.item_id, text=text) for text in tally.texts or []]
    Vote.objects.bulk_create(votes, batch_size=BATCH)
    OwnOption.objects.bulk_create(own, batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("compass", "0002_starter_library"),
    ]

    operations = [
        migrations.CreateModel(
            name="Tally",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("count", models.PositiveIntegerField(default=0)),
                ("texts", models.JSONField(blank=True, default=list)),
                (
                    "dilemma",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="compass.dilemma",
                    ),
                ),
                (
                    "item",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="tallies",
                        to="compass.sessionitem",
                    ),
                ),
                (
                    "option",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="compass.dilemmaoption",
                    ),
                ),
                (
                    "zone",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="accounts.zone",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        condition=Q(item__isnull=False, option__isnull=False),
                        fields=("item", "option"),
                        name="compass_tally_option_once",
                    ),
                    models.UniqueConstraint(
                        condition=Q(option__isnull=True),
                        fields=("item",),
                        name="compass_tally_own_once",
                    ),
                    models.UniqueConstraint(
                        condition=Q(item__isnull=True),
                        fields=("zone", "dilemma", "option"),
                        name="compass_tally_library_once",
                    ),
                    models.CheckConstraint(
                        condition=Q(item__isnull=False) | Q(option__isnull=False),
                        name="compass_tally_own_in_a_session",
                    ),
                ],
            },
        ),
        migrations.RunPython(to_tallies, to_votes),
        migrations.DeleteModel(name="OwnOption"),
        migrations.DeleteModel(name="Vote"),
    ]
