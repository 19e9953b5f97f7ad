"""Figures betray no report to the people it concerns. These tests play the attacker: a head of
service named in a report (and kept out of the case with the chief, as the reporter's own
leaders) and the chief watch every figure they can see; the integrity officer, who does not
handle the case either, watches the register's statistics."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import date, datetime, time

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kompas.accounts.roles import Role
from kompas.plans.models import AutoIndicator, Indicator, PlanPeriod
from kompas.reporting.models import Report
from kompas.reporting.tests.test_register_and_retention import file
from kompas.risks import services as risks
from kompas.testing import sign_in

pytestmark = pytest.mark.django_db

FILED = date(2026, 5, 12)  # the day the report about the head of service is filed
MONTH_END = date(2026, 5, 31)


@pytest.fixture
def clock(monkeypatch) -> Iterator[object]:
    """Kompas's one clock (kompas.lib.clock), moved to a day; figures are counted afresh."""

    def at(day: date) -> None:
        moment = timezone.make_aware(datetime.combine(day, time(10)))
        monkeypatch.setattr("kompas.lib.clock.now", lambda: moment)
        cache.clear()  # as five minutes later: nothing counted before is kept

    yield at


@pytest.fixture
def analysis(personas, handlers, clock):
    """The head of service's risk analysis (with its signals), and a plan whose indicator counts
    reports acknowledged in time; three reports about the service came in in April."""
    clock(date(2026, 4, 3))
    head = personas[Role.HEAD_OF_SERVICE]
    found, _ = risks.start_analysis(
        by=head, service=personas.service, title="Analyse", light=True, token="side-channel-0001"
    )
    period = PlanPeriod.objects.create(
        zone=personas.zone,
        name="Actieplan",
        starts_on=date(2026, 1, 1),
        ends_on=date(2027, 12, 31),
    )
    Indicator.objects.create(period=period, auto=AutoIndicator.REPORTS_ACKNOWLEDGED, unit="%")
    for _ in range(3):
        file(personas, services=[personas.team], values=["quality"])
    return found


def about_the_head(personas) -> Report:
    """A member of his service reports him, ticking "my own leaders are involved"."""
    head = personas[Role.HEAD_OF_SERVICE]
    report = file(
        personas,
        involved=[head],
        own_leaders_involved=True,
        services=[personas.team],
        values=["quality", "leadership"],
    )
    kept_out = {personas[Role.HEAD_OF_SERVICE].pk, personas[Role.CHIEF].pk}
    assert kept_out.isdisjoint(report.grants.values_list("person_id", flat=True))
    return report


def seen(personas, analysis) -> dict[str, str]:
    """Every page with figures the head of service, the chief and the integrity officer see,
    without what changes from one view to the next (form tokens, the moment of counting)."""
    from pypdf import PdfReader

    head = sign_in(Client(), personas[Role.HEAD_OF_SERVICE])
    chief = sign_in(Client(), personas[Role.CHIEF])
    officer = sign_in(Client(), personas[Role.INTEGRITY_OFFICER])
    year = FILED.year
    pages = {
        "head: risk analysis": (head, reverse("risks:analysis", args=[analysis.pk])),
        "head: action plan": (head, reverse("plans:plan")),
        "chief: dashboard": (chief, reverse("insights:dashboard")),
        "chief: yearly report": (chief, reverse("insights:report", args=[year])),
        "chief: action plan": (chief, reverse("plans:plan")),
        "chief: risk analysis": (chief, reverse("risks:analysis", args=[analysis.pk])),
        "integrity officer: statistics": (officer, reverse("reporting:statistics")),
        "integrity officer: dashboard": (officer, reverse("insights:dashboard")),
    }
    found = {}
    for name, (browser, url) in pages.items():
        response = browser.get(url)
        assert response.status_code == 200, name
        html = response.content.decode()
        html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
        html = re.sub(r'"X-CSRFToken": "[^"]*"', "", html)
        if browser is officer:  # the years of the register lines the officer sees anyway
            html = re.sub(r'<select id="year".*?</select>', "", html)
        html = re.sub(r"Geteld om \d\d:\d\d", "", html)
        found[name] = html
    pdf = chief.get(reverse("insights:report", args=[year]), {"format": "pdf"})
    reader = PdfReader(io.BytesIO(pdf.content))
    found["chief: yearly report (PDF)"] = "\n".join(p.extract_text() for p in reader.pages)
    return found


def assert_same(before: dict[str, str], after: dict[str, str]) -> None:
    for name in before:
        assert after[name] == before[name], name


def test_a_report_about_a_head_of_service_moves_no_figure_he_or_the_chief_sees_until_its_month_ends(
    personas, analysis, clock
) -> None:
    from kompas.insights.views import context

    clock(MONTH_END)
    at_month_end = seen(personas, analysis)
    clock(FILED)
    on_the_day = seen(personas, analysis)

    report = about_the_head(personas)
    assert report.received_on == FILED
    assert_same(on_the_day, seen(personas, analysis))  # the day it is filed
    clock(MONTH_END)
    assert_same(at_month_end, seen(personas, analysis))  # and until its month has ended

    # Once May has ended it counts, among the other reports of May.
    clock(date(2026, 6, 1))
    assert context(personas.zone.pk, 2026)["reporting"]["total"].value == 4
    signals = {s.label: s.count for s in risks.signals(personas.service, personas.zone.pk)}
    assert signals["Meldingen: Mogelijke integriteitsschending"] == 4


def test_zero_one_and_two_reports_look_the_same_everywhere(personas, analysis, clock) -> None:
    Report.objects.all().delete()  # no report at all in the zone
    clock(FILED)
    none = seen(personas, analysis)
    for n in (1, 2):
        clock(date(2026, 4, 10))
        file(personas, services=[personas.team], values=["quality"])
        clock(FILED)
        assert Report.objects.count() == n
        assert_same(none, seen(personas, analysis))


def test_a_total_beside_hidden_kinds_gives_nothing_back_by_subtraction(
    personas, analysis, clock
) -> None:
    from kompas.insights.views import context

    clock(FILED)
    chief = sign_in(Client(), personas[Role.CHIEF])
    page = chief.get(reverse("insights:dashboard"))
    reporting = context(personas.zone.pk, FILED.year)["reporting"]  # what the page was written from
    shown = [count for _label, count in reporting["kinds"] if not count.hidden]
    assert [c.value for c in shown] == [3]  # the three breaches of April
    # The other four kinds are "< 3" (3 to 11 in all), and so are January to March (3 to 9):
    # the total is the range both allow, and subtracting the 3 shown gives back "0 to 6".
    assert reporting["total"].hidden
    assert reporting["total"].shown == "3\u20139"
    assert f"<dd>{reporting['total'].shown}</dd>" in page.content.decode()


def test_the_figures_cost_the_same_queries_whatever_the_data(
    personas, analysis, clock, django_assert_num_queries
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kompas.insights.figures import year_figures
    from kompas.reporting.benchdata import generate_reports
    from kompas.reporting.register import statistics
    from kompas.testing import make_service

    clock(FILED)
    pages = [
        (Role.HEAD_OF_SERVICE, reverse("risks:analysis", args=[analysis.pk])),
        (Role.CHIEF, reverse("insights:dashboard")),
        (Role.CHIEF, reverse("insights:report", args=[FILED.year])),
        (Role.CHIEF, reverse("plans:plan")),
        (Role.INTEGRITY_OFFICER, reverse("reporting:statistics")),
        (Role.INTEGRITY_OFFICER, reverse("reporting:register")),
        (Role.COUNSELLOR, reverse("reporting:register")),
    ]
    browsers = {role: sign_in(Client(), personas[role]) for role, _url in pages}

    def measure() -> list[tuple[int, int]]:
        found = []
        for role, url in pages:
            browsers[role].get(url)
            cache.clear()
            with CaptureQueriesContext(connection) as counting:
                assert browsers[role].get(url).status_code == 200
            with CaptureQueriesContext(connection) as counted:
                browsers[role].get(url)
            found.append((len(counting), len(counted)))
        return found

    up_to = date(2026, 4, 30)
    with django_assert_num_queries(5):  # reports, gifts, side activities, conflicts, trainings
        year_figures(personas.zone.pk, FILED.year, up_to)
    with django_assert_num_queries(5):  # kinds, outcomes, services, values, deadlines met
        statistics(personas.zone.pk, FILED.year, up_to)
    with django_assert_num_queries(6):  # services below, gifts, reports, and three counts
        risks.signals(personas.service, personas.zone.pk)
    small = measure()
    for n in range(5):
        team = make_service(personas.zone, f"Ploeg {n}", parent=personas.service)
        file(personas, services=[team], values=["quality", "objectivity"])
        file(personas, kind="wellbeing", services=[team])
    generate_reports(personas.zone, 60)  # over five years, of every kind and outcome
    assert measure() == small
