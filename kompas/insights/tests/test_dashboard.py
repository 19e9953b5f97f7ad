"""The M-team dashboard and the yearly report reflect the risks, the plan, the registers and the
reports, with small counts suppressed; the PDF holds the same."""

from __future__ import annotations

import io
import re
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from kompas.accounts.roles import Role
from kompas.audit.models import AuditEvent
from kompas.insights.figures import Count, Total
from kompas.lib.clock import today
from kompas.plans.models import Activity, OperationalObjective, PlanPeriod, StrategicObjective
from kompas.registers.tests.test_overview import declare_gift
from kompas.risks import services as risks
from kompas.testing import sign_in

pytestmark = pytest.mark.django_db


def facts(page: str) -> dict[str, str]:
    """The figures a page shows, by their label in Dutch (its <dt> and <dd>)."""
    return {
        unescape(label): unescape(value)
        for label, value in re.findall(r"<dt>([^<]*)</dt><dd>([^<]*)</dd>", page)
    }


def label(text: str) -> str:
    with translation.override("nl"):
        return translation.gettext(text)


def setup_zone(personas) -> None:
    head = personas[Role.HEAD_OF_SERVICE]
    analysis, _ = risks.start_analysis(
        by=head, service=personas.service, title="Analyse", light=False, token="dash-analysis-0001"
    )
    process = risks.add_process(
        by=head, analysis=analysis, code="databases", name="", vulnerability=4, factors={}
    )
    risks.add_scenario(
        by=head,
        process=process,
        description="Opzoekingen voor privédoeleinden",
        values=["quality"],
        likelihood=5,
        impact=4,
    )
    risks.agree(by=head, analysis=analysis)
    year = today().year
    period = PlanPeriod.objects.create(
        zone=personas.zone,
        name="Actieplan test",
        starts_on=today().replace(month=1, day=1),
        ends_on=today().replace(year=year + 2),
    )
    strategic = StrategicObjective.objects.create(period=period, code="1", title="Een open cultuur")
    objective = OperationalObjective.objects.create(
        strategic=strategic, code="1.A", title="Trainingen"
    )
    Activity.objects.create(
        objective=objective,
        title="Themadag",
        starts_on=period.starts_on,
        ends_on=period.ends_on,
        frequency="yearly",
        progress=40,
        status="running",
    )
    for n in range(2):
        declare_gift(personas.member, n, "Garage", "10")


def test_the_m_team_sees_the_dashboard_and_small_counts_are_hidden(personas) -> None:
    setup_zone(personas)
    url = reverse("insights:dashboard")
    for person in (personas.member, personas[Role.HEAD_OF_SERVICE], personas[Role.ADMIN]):
        assert sign_in(Client(), person).get(url).status_code == 403
    assert Client().get(url).status_code == 302
    page = sign_in(Client(), personas[Role.MTEAM]).get(url)
    assert page.status_code == 200
    shown = page.content.decode()
    figures = facts(shown)
    assert figures[label("Gifts and invitations declared")] == "< 3"
    assert figures[label("Uncovered risks")] == "1"
    assert figures[label("Still to be weighed by the M-team")] == "1"
    assert 'Actieplan test: <progress max="100" value="40"' in shown
    gifts_chart = shown.split('<figure class="chart">')[2]
    assert "<svg" in gifts_chart and '<rect x="' not in gifts_chart  # two gifts: not drawn
    assert sign_in(Client(), personas[Role.INTEGRITY_OFFICER]).get(url).status_code == 200


def test_the_yearly_report_as_html_and_pdf(personas) -> None:
    from pypdf import PdfReader

    setup_zone(personas)
    mteam = sign_in(Client(), personas[Role.CHIEF])
    year = today().year
    html = mteam.get(reverse("insights:report", args=[year]))
    assert html.status_code == 200 and "Actieplan test" in html.content.decode()
    pdf = mteam.get(reverse("insights:report", args=[year]), {"format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert f"Integriteitsrapport {year}" in text
    assert "Actieplan test" in text and "40%" in text
    assert "Niet-gedekte risico's" in text and "< 3" in text
    assert "Garage" not in text and personas.member.last_name not in text
    assert AuditEvent.objects.filter(
        action="insights.report_exported", actor_id=personas[Role.CHIEF].pk
    ).exists()
    assert mteam.get(reverse("insights:report", args=[1999])).status_code == 404
    assert (
        sign_in(Client(), personas.member).get(reverse("insights:report", args=[year])).status_code
        == 403
    )


def test_a_count_below_three_is_never_shown_and_zero_looks_like_one_or_two() -> None:
    assert [Count(n).shown for n in (0, 1, 2, 3)] == ["< 3", "< 3", "< 3", "3"]
    assert Count(2).safe == 0 and Count(5).safe == 5
    # Declarations and trainings are not about reports: their 0 is shown as it always was.
    assert [Count(n, zero_shown=True).shown for n in (0, 1, 3)] == ["0", "< 3", "3"]


def test_a_total_beside_hidden_parts_is_the_range_they_allow() -> None:
    assert Total.of([Count(4), Count(7)]).shown == "11"
    for hidden in (0, 1, 2):  # subtracting the 9 shown gives back "0 to 2", whatever it is
        assert Total.of([Count(9), Count(hidden)]).shown == "9\u201311"
    # Two breakdowns of the same reports: told from both, as a reader would combine them.
    assert Total.of([Count(9), Count(1)], [Count(4), Count(4), Count(2)]).shown == "9\u201310"


def test_charts_draw_with_a_decimal_point_whatever_the_language(personas) -> None:
    for n in range(6):
        declare_gift(personas.member, 100 + n, "Bakkerij", "5")
    page = (
        sign_in(Client(), personas[Role.MTEAM]).get(reverse("insights:dashboard")).content.decode()
    )
    bars = re.findall(
        r'<rect x="([^"]+)" y="([^"]+)" width="([^"]+)" height="([^"]+)" fill="#', page
    )
    assert bars, "six gifts in one month draw a bar"
    assert all(re.fullmatch(r"\d+(\.\d+)?", v) for bar in bars for v in bar)
    assert not re.search(r'(x|y|width|height)="\d+,\d', page)


def test_the_dashboard_says_when_it_was_counted_and_counts_again_after_a_few_minutes(
    personas, monkeypatch
) -> None:

    from kompas.lib.counted import REFRESH_SECONDS

    client = sign_in(Client(), personas[Role.MTEAM])
    url = reverse("insights:dashboard")
    first = client.get(url)
    assert "Geteld om" in first.content.decode()
    declare_gift(personas.member, 1, "Garage", "10")
    declare_gift(personas.member, 2, "Garage", "10")
    declare_gift(personas.member, 3, "Garage", "10")
    gifts = label("Gifts and invitations declared")
    assert facts(client.get(url).content.decode())[gifts] == "0"  # as counted before
    import time

    now = time.time()  # the clock of the cache that keeps the figures
    monkeypatch.setattr(time, "time", lambda: now + REFRESH_SECONDS + 1)
    assert facts(client.get(url).content.decode())[gifts] == "3"


def test_the_year_is_counted_in_one_pass_per_register_with_deadlines_met(
    personas, handlers
) -> None:
    from datetime import date, timedelta

    from kompas.insights.figures import year_figures
    from kompas.reporting.models import Report
    from kompas.reporting.tests.test_register_and_retention import file

    on_time, late, follow_up = file(personas), file(personas), file(personas)
    year = today().year - 1  # a past year: complete, counted to its last day
    day = date(year, 3, 2)
    Report.objects.filter(pk=on_time.pk).update(
        received_on=day,
        acknowledged_on=day,
        feedback_by=day + timedelta(days=90),
        feedback_on=day + timedelta(days=30),
    )
    Report.objects.filter(pk=late.pk).update(
        received_on=day,
        acknowledged_on=day + timedelta(days=10),
        feedback_by=day + timedelta(days=90),
        feedback_on=None,
        outcome="prevention",
        outcome_on=day + timedelta(days=40),
    )
    Report.objects.filter(pk=follow_up.pk).update(received_on=day, parent=on_time)
    for n in range(4):
        declare_gift(personas.member, n, "Garage", "10")
    found = year_figures(personas.zone.pk, year, date(year, 12, 31))
    reporting = found["reporting"]
    assert reporting["total"].value == 2  # the follow-up report is not a report of its own
    assert (reporting["acknowledged"].value, reporting["feedback"].value) == (1, 1)
    outcomes = {str(label): c.value for label, c in reporting["outcomes"]}
    assert sum(outcomes.values()) == 1  # the late one's prevention recommendation
    reports_chart = found["trends"][0].series[0].counts
    assert reports_chart[2].value == 2  # March: the two reports of their own
    this_year = year_figures(personas.zone.pk, today().year, today())
    assert this_year["registers"]["gifts"].value == 4
    assert this_year["registers"]["offered_only"].value == 0
    assert sum(c.value for c in this_year["trends"][1].series[0].counts) == 4


def test_what_was_known_of_a_report_counts_as_it_stood_at_the_end_of_the_month(
    personas, handlers
) -> None:
    """An acknowledgement, feedback or outcome given after the month's end moves no figure of it
    until the next month has ended too."""
    from datetime import date

    from kompas.insights.figures import year_figures
    from kompas.reporting.models import Outcome, Report
    from kompas.reporting.tests.test_register_and_retention import file

    reports = [file(personas) for _ in range(3)]
    year = today().year - 1
    Report.objects.filter(pk__in=[r.pk for r in reports]).update(
        received_on=date(year, 4, 28),
        acknowledged_on=date(year, 5, 2),
        feedback_by=date(year, 7, 28),
        feedback_on=date(year, 5, 20),
        outcome="informal",
        outcome_on=date(year, 5, 20),
    )
    april = year_figures(personas.zone.pk, year, date(year, 4, 30))["reporting"]
    may = year_figures(personas.zone.pk, year, date(year, 5, 31))["reporting"]
    assert april["total"].value == may["total"].value == 3
    assert (april["acknowledged"].value, april["feedback"].value) == (0, 0)
    assert (may["acknowledged"].value, may["feedback"].value) == (3, 3)
    informal = Outcome.values.index("informal")
    assert (april["outcomes"][informal][1].value, may["outcomes"][informal][1].value) == (0, 3)


def test_the_figures_are_kept_written_per_zone_year_and_language(personas) -> None:
    """The dashboard's figures are kept written (a fragment in the shared cache) as long as they
    are counted: a reader of another year, language or zone never gets those of the first."""
    from kompas.testing import make_person

    setup_zone(personas)
    url = reverse("insights:dashboard")
    reader = personas[Role.MTEAM]
    client = sign_in(Client(), reader)
    for _ in range(2):  # written, then read as kept
        page = client.get(url).content.decode()
        assert facts(page)[label("Gifts and invitations declared")] == "< 3"
        assert "Actieplan test" in page
    last_year = client.get(url, {"year": today().year - 1}).content.decode()
    assert f"31/12/{today().year - 1}" in last_year and "Actieplan test" not in last_year
    reader.language = "en"
    reader.save()
    english = client.get(url).content.decode()
    assert "Overdue now" in english and "Actieplan test" in english
    assert label("Overdue now") not in english
    other_zone = personas.outsider.zone
    outsider = make_person(other_zone, roles=(Role.MTEAM,), first_name="Olaf")
    elsewhere = sign_in(Client(), outsider).get(url).content.decode()
    assert "Actieplan test" not in elsewhere and label("Overdue now") in elsewhere
