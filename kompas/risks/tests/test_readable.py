"""What the M-team and the heads of service read: the signals beside an analysis keep "< 3" on
one line, and the multi-year plan shows each measure once in every year it runs."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from kompas.accounts.roles import Role
from kompas.lib.clock import today
from kompas.risks.models import Measure
from kompas.risks.tests.test_analysis import agreed_scenario
from kompas.testing import sign_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_the_signals_panel_keeps_a_hidden_count_on_one_line(personas, language) -> None:
    scenario = agreed_scenario(personas)
    url = reverse("risks:analysis", args=[scenario.process.analysis_id])
    head = personas[Role.HEAD_OF_SERVICE]
    head.language = language
    head.save()
    page = sign_in(Client(), head).get(url).content.decode()
    aside = page.split('<aside class="info">')[1].split("</aside>")[0]
    # No report in the zone: every report count reads "< 3", its two halves never apart.
    assert aside.count("<dd>&lt;\u00a03</dd>") >= 2
    assert "&lt; 3" not in aside
    assert "&lt;\u00a03" in aside.split("</p>")[0]  # the explanation above the counts, too


def plan_years(page: str) -> dict[int, list[str]]:
    """The measures each year's section of the plan page lists."""
    return {
        int(year): re.findall(r"<tr><td>([^<]+)</td>", section)
        for year, section in re.findall(r"<section><h2>(\d{4})</h2>(.*?)</section>", page, re.S)
    }


def test_the_multi_year_plan_shows_each_measure_once_in_every_year_it_runs(personas) -> None:
    scenario = agreed_scenario(personas)
    year = today().year
    owner = personas[Role.HEAD_OF_SERVICE]

    def measure(title: str, starts_on: date, due_on: date) -> None:
        Measure.objects.create(
            scenario=scenario,
            title=title,
            owner=owner,
            starts_on=starts_on,
            due_on=due_on,
            effort="medium",
        )

    measure("Steekproef op opzoekingen", date(year, 11, 1), date(year + 2, 3, 31))
    measure("Opleiding databanken", date(year + 1, 2, 1), date(year + 1, 6, 30))
    measure("Logging nakijken", date(year, 12, 1), date(year, 12, 31))
    url = reverse("risks:plan")
    assert Client().get(url).status_code == 302
    assert sign_in(Client(), personas.member).get(url).status_code == 403
    page = sign_in(Client(), personas[Role.MTEAM]).get(url)
    assert page.status_code == 200
    assert plan_years(page.content.decode()) == {
        year: ["Logging nakijken", "Steekproef op opzoekingen"],
        year + 1: ["Opleiding databanken", "Steekproef op opzoekingen"],
        year + 2: ["Steekproef op opzoekingen"],
    }
