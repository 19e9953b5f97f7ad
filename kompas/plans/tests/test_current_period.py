"""The action plan opens on the period running today (else the latest), the others one click
away."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from kompas.accounts.roles import Role
from kompas.lib.clock import today
from kompas.plans.models import PlanPeriod
from kompas.testing import sign_in

pytestmark = pytest.mark.django_db


def period(personas, name: str, first_year: int, last_year: int) -> PlanPeriod:
    return PlanPeriod.objects.create(
        zone=personas.zone,
        name=name,
        starts_on=date(first_year, 1, 1),
        ends_on=date(last_year, 12, 31),
    )


def shown(page: str) -> str:
    """The period the page shows: the one its period links mark as current."""
    current = re.findall(r'<a href="[^"]*\?period=\d+" aria-current="page">([^<]+)</a>', page)
    assert len(current) == 1
    return current[0]


def test_the_action_plan_opens_on_the_period_running_today(personas) -> None:
    year = today().year
    period(personas, "Vorig plan", year - 4, year - 1)
    running = period(personas, "Lopend plan", year, year + 3)
    period(personas, "Volgend plan", year + 4, year + 7)
    url = reverse("plans:plan")
    assert Client().get(url).status_code == 302
    member = sign_in(Client(), personas.member)
    page = member.get(url).content.decode()
    assert shown(page) == "Lopend plan"
    assert f'<p class="lead">Lopend plan · {running.starts_on:%d/%m/%Y}' in page
    # Every other period is a link away.
    links = dict(
        (name, href)
        for href, name in re.findall(r'<a href="([^"]*\?period=\d+)"[^>]*>([^<]+)</a>', page)
    )
    assert set(links) == {"Vorig plan", "Lopend plan", "Volgend plan"}
    assert shown(member.get(links["Vorig plan"]).content.decode()) == "Vorig plan"


def test_without_a_period_running_today_the_action_plan_opens_on_the_latest(personas) -> None:
    year = today().year
    period(personas, "Oud plan", year - 8, year - 5)
    period(personas, "Vorig plan", year - 4, year - 1)
    page = sign_in(Client(), personas[Role.INTEGRITY_OFFICER]).get(reverse("plans:plan"))
    assert shown(page.content.decode()) == "Vorig plan"


def test_a_period_of_another_zone_is_not_found(personas) -> None:
    from kompas.testing import make_zone

    elsewhere = PlanPeriod.objects.create(
        zone=make_zone("Elders"),
        name="Ander plan",
        starts_on=date(today().year, 1, 1),
        ends_on=date(today().year, 12, 31),
    )
    page = sign_in(Client(), personas.member).get(reverse("plans:plan"), {"period": elsewhere.pk})
    assert page.status_code == 404
