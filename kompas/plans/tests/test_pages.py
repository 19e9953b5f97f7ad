"""The plan and insights pages in French and English with no Dutch left; constant query counts."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from kompas.accounts.models import Person
from kompas.accounts.roles import Role
from kompas.lib.clock import today
from kompas.plans.models import (
    Activity,
    AutoIndicator,
    Indicator,
    OperationalObjective,
    PlanPeriod,
    StrategicObjective,
)
from kompas.reporting.tests.test_page_translations import assert_translated
from kompas.testing import PageCounts, assert_written, sign_in

pytestmark = pytest.mark.django_db


def grow(personas, n: int) -> None:
    period = PlanPeriod.objects.first() or PlanPeriod.objects.create(
        zone=personas.zone,
        name="Plan",
        starts_on=today().replace(month=1, day=1),
        ends_on=today().replace(year=today().year + 1),
    )
    if not period.indicators.exists():
        for kind in AutoIndicator.values:
            Indicator.objects.create(period=period, name="", auto=kind)
    strategic = StrategicObjective.objects.create(
        period=period, code=str(n), title=f"Objective {n}"
    )
    objective = OperationalObjective.objects.create(
        strategic=strategic, code=f"{n}.A", title=f"Op {n}"
    )
    for k in range(3):
        Activity.objects.create(
            objective=objective,
            title=f"Act {n}.{k}",
            starts_on=period.starts_on,
            ends_on=period.ends_on,
            frequency="once",
        )


def pages() -> list[tuple[str, str]]:
    activity = Activity.objects.order_by("pk")[0]
    return [
        (Role.INTEGRITY_OFFICER, reverse("plans:plan")),
        (Role.INTEGRITY_OFFICER, reverse("plans:plan_edit")),
        (Role.INTEGRITY_OFFICER, reverse("plans:activity", args=[activity.pk])),
        (Role.INTEGRITY_OFFICER, reverse("plans:evaluation")),
        (Role.INTEGRITY_OFFICER, reverse("plans:questions")),
        (Role.MTEAM, reverse("insights:dashboard")),
        (Role.MTEAM, reverse("insights:report", args=[today().year])),
    ]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_plan_and_insight_page_is_translated(personas, language) -> None:
    grow(personas, 1)
    for who, url in pages():
        person = personas[who]
        person.language = language
        person.save()
        page = sign_in(Client(), person).get(url)
        assert page.status_code == 200, url
        assert_translated(page.content.decode(), language, url)
        assert_written(page.content.decode(), url)


def test_query_counts_do_not_grow_with_the_data(personas) -> None:
    grow(personas, 1)
    counts = PageCounts()

    def asked() -> list[tuple[Person, str]]:
        return [(personas[who], url) for who, url in pages()]

    small = counts(asked())
    for n in range(2, 6):
        grow(personas, n)
    assert counts(asked()) == small
