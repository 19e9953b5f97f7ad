"""Every risk page in French and English with no Dutch left, and query counts that do not grow."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from kompas.accounts.models import Person
from kompas.accounts.roles import Role
from kompas.reporting.tests.test_page_translations import assert_translated
from kompas.risks import services
from kompas.risks.models import Scenario
from kompas.testing import PageCounts, assert_written, sign_in

pytestmark = pytest.mark.django_db


def analysed(personas, n: int) -> None:
    head = personas[Role.HEAD_OF_SERVICE]
    analysis, _ = services.start_analysis(
        by=head,
        service=personas.service,
        title=f"Analyse {n}",
        light=False,
        token=f"pages-analysis-{n:06d}",
    )
    process = services.add_process(
        by=head, analysis=analysis, code="cash", name="", vulnerability=3, factors={"history": 1}
    )
    for k in range(3):
        scenario = services.add_scenario(
            by=head,
            process=process,
            description=f"Risk {n}.{k}",
            values=["quality"],
            likelihood=4,
            impact=4,
        )
        services.add_control(by=head, scenario=scenario, description="Controle", maturity=1)
    services.agree(by=head, analysis=analysis)


def pages(personas) -> list[tuple[str, str]]:
    scenario = Scenario.objects.order_by("pk")[0]
    return [
        (Role.HEAD_OF_SERVICE, reverse("risks:analyses")),
        (Role.HEAD_OF_SERVICE, reverse("risks:analysis_new")),
        (Role.HEAD_OF_SERVICE, reverse("risks:analysis", args=[scenario.process.analysis_id])),
        (Role.MTEAM, reverse("risks:scenario", args=[scenario.pk])),
        (Role.MTEAM, reverse("risks:heat_map")),
        (Role.MTEAM, reverse("risks:plan")),
        (Role.MTEAM, reverse("risks:reviews")),
        (Role.INTEGRITY_OFFICER, reverse("risks:matrix")),
    ]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_risk_page_is_translated(personas, language) -> None:
    analysed(personas, 1)
    for who, url in pages(personas):
        person = personas[who]
        person.language = language
        person.save()
        page = sign_in(Client(), person).get(url)
        assert page.status_code == 200, url
        assert_translated(page.content.decode(), language, url)
        assert_written(page.content.decode(), url)


def test_query_counts_do_not_grow_with_the_data(personas) -> None:
    analysed(personas, 1)
    counts = PageCounts()

    def asked() -> list[tuple[Person, str]]:
        return [(personas[who], url) for who, url in pages(personas)]

    small = counts(asked())
    for n in range(2, 6):
        analysed(personas, n)
    assert counts(asked()) == small
