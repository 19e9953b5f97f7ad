"""Charts people read: the months by their names in the reader's language, small enough for a
phone; the trainings chart counts the sessions held; in the PDF a chart stays with its heading
and numbers use the reader's decimal comma."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from itertools import pairwise

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from fpdf import FPDF
from pypdf import PdfReader

from kompas.accounts.roles import Role
from kompas.compass.models import SessionStatus, TrainingSession
from kompas.insights import figures
from kompas.insights.report import _chart
from kompas.insights.tests.test_dashboard import setup_zone
from kompas.lib.clock import today
from kompas.registers.tests.test_overview import declare_gift
from kompas.testing import make_person, make_service, sign_in

pytestmark = pytest.mark.django_db

MONTHS_READ = {
    "nl": ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
    "fr": [
        "janv",
        "févr",
        "mars",
        "avr",
        "mai",
        "juin",
        "juil",
        "août",
        "sept",
        "oct",
        "nov",
        "déc",
    ],
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
}
FULL_DECEMBER = {"nl": "december", "fr": "décembre", "en": "December"}


def pdf_pages(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def m_team_reading(personas, language: str) -> Client:
    reader = personas[Role.MTEAM]
    reader.language = language
    reader.save()
    return sign_in(Client(), reader)


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_each_chart_names_the_months_in_the_readers_language(personas, language) -> None:
    for n in range(4):  # four gifts this month: a bar is drawn
        declare_gift(personas.member, 200 + n, "Bakkerij", "5")
    page = m_team_reading(personas, language).get(reverse("insights:dashboard")).content.decode()
    charts = page.split('<figure class="chart">')[1:]
    assert len(charts) == 3
    for chart in charts:
        labels = re.findall(r'text-anchor="middle">([^<]+)</text>', chart)
        assert labels == MONTHS_READ[language]
    # Pointing at a bar gives its month in full.
    month = translation.override(language)
    with month:
        name = str(figures.MONTH_NAMES[today().month])
    assert f"<title>{name}: 4</title>" in charts[1]
    if today().month == 12:
        assert name == FULL_DECEMBER[language]


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_twelve_month_labels_fit_side_by_side_on_a_phone(language) -> None:
    """A month has 30 of the chart's 360 units and its label is written at 12: at about 0.6 of
    that a letter, four letters take 29 units (Chromium measures them on a phone in
    e2e/test_charts.py)."""
    with translation.override(language):
        months = figures.svg_months()
    assert [m["short"] for m in months] == MONTHS_READ[language]
    slot = figures.SVG_WIDTH / 12
    assert all(len(m["short"]) * 12 * 0.6 < slot for m in months)
    centres = [float(m["x"]) for m in months]
    assert all(b - a == pytest.approx(slot) for a, b in pairwise(centres))


def test_the_trainings_chart_counts_the_sessions_held_not_those_planned(personas) -> None:
    leader = personas[Role.COORDINATOR]
    on = today()

    def session(status: str, **days) -> None:
        TrainingSession.objects.create(
            zone=personas.zone,
            facilitator=leader,
            title=f"Sessie {status}",
            status=status,
            code="ABC123" if status == SessionStatus.OPEN else "",
            created_on=on - timedelta(days=1),
            min_group=5,
            **days,
        )

    session(SessionStatus.CLOSED, held_on=on)
    session(SessionStatus.CLOSED, held_on=on)
    session(SessionStatus.PLANNED, planned_for=on)  # planned for this month, not yet held
    session(SessionStatus.OPEN, held_on=on)  # running now: held once it is closed
    found = figures.year_figures(personas.zone.pk, on.year, on)
    sessions = found["trends"][2].series[0].counts
    assert sessions[on.month - 1].value == 2
    assert sum(c.value for c in sessions) == 2


def test_a_charts_heading_never_stands_alone_at_the_bottom_of_a_page() -> None:
    chart = figures.Chart("Geschenken per maand", [figures.Series("Geschenken", [])])
    chart.series[0].counts = [figures.declared(n) for n in range(12)]
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", "", 10)
    pdf.cell(0, 6, "Wat eerst komt")
    pdf.set_y(pdf.page_break_trigger - 20)  # room for the heading, not for the bars
    with translation.override("nl"):
        _chart(pdf, chart)
    first, second = pdf_pages(bytes(pdf.output()))
    assert "Geschenken per maand" not in first
    assert "Geschenken per maand" in second and "mrt" in second and "dec" in second


def test_in_the_yearly_pdf_each_chart_stands_with_its_months_and_its_numbers_are_read_in_the_readers_language(
    personas,
) -> None:
    from kompas.plans.indicators import risk_analysis_share

    setup_zone(personas)
    # Two services of three covered: a share with decimals.
    make_person(personas.zone, service=make_service(personas.zone, "Verkeer"))
    share = risk_analysis_share(personas.zone.pk, today())
    assert share is not None and share != share.to_integral_value()
    for language, point in (("nl", ","), ("fr", ","), ("en", ".")):
        client = m_team_reading(personas, language)
        pdf = client.get(reverse("insights:report", args=[today().year]), {"format": "pdf"})
        pages = pdf_pages(pdf.content)
        text = "\n".join(pages)
        written = f"{share}".replace(".", point)
        assert f"{written}%" in text, (language, share)
        with translation.override(language):
            titles = [
                chart.title
                for chart in figures.year_figures(personas.zone.pk, 2000, today())["trends"]
            ]
            march = figures.month_labels()[2]["short"]
        for page in pages:
            # Every chart title on a page has its month labels beside it on the same page.
            on_page = sum(1 for title in titles if title in page)
            assert page.count(march) >= on_page
        assert all(title in text for title in titles)
