"""The yearly integrity report as a PDF for the police council (fpdf2, core fonts, with charts)."""

from __future__ import annotations

from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _
from fpdf import FPDF

from kompas.insights.figures import Chart, month_labels
from kompas.lib.dates import shown_day

PALETTE = [(11, 79, 138), (30, 107, 51), (239, 108, 0)]


def _t(text: Any) -> str:
    # Core fonts know Latin-1 only: anything else becomes '?', never an error.
    text = str(text).replace("\u2013", "-").replace("\u00d7", "x")
    return text.encode("latin-1", "replace").decode("latin-1")


def _number(value: Any) -> str:
    """A number as the reader writes it (12,5 in Dutch and French), as the pages show it."""
    return str(formats.localize(value))


def _room_for(pdf: FPDF, height: float) -> None:
    """A new page unless ``height`` millimetres still fit on this one: a heading then stays with
    what it heads."""
    if pdf.get_y() + height > pdf.page_break_trigger:
        pdf.add_page()


def _hex(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)


def yearly_pdf(data: dict[str, Any]) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_title(_t(_("Integrity report %(year)s") % {"year": data["year"]}))
    pdf.set_author("Kompas")
    pdf.set_creator("Kompas")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 20)
    pdf.cell(
        0,
        12,
        _t(_("Integrity report %(year)s") % {"year": data["year"]}),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_font("Helvetica", "", 12)
    pdf.cell(0, 8, _t(data["zone"].name), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "I", 9)
    pdf.multi_cell(
        0,
        5,
        _t(
            _(
                "Counts only, never names. A count below %(n)s, zero included, is shown as '< %(n)s' so that nobody can be recognised; a total beside hidden counts is the range they allow."
            )
            % {"n": data["minimum"]}
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )

    def heading(text: str) -> None:
        pdf.ln(4)
        _room_for(pdf, 9 + 3 * 6)  # the heading and its first three lines
        pdf.set_font("Helvetica", "B", 14)
        pdf.set_text_color(11, 79, 138)
        pdf.cell(0, 9, _t(text), new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0, 0, 0)

    def line(label: str, value: Any) -> None:
        pdf.set_font("Helvetica", "", 10)
        pdf.cell(120, 6, _t(label))
        pdf.set_font("Helvetica", "B", 10)
        pdf.cell(0, 6, _t(value), new_x="LMARGIN", new_y="NEXT")

    reporting = data["reporting"]
    heading(_("The reporting channel"))
    pdf.set_font("Helvetica", "I", 9)
    if reporting["up_to"]:
        told = _(
            "Reports up to %(day)s: complete months only, so that no figure moves with a single report."
        ) % {"day": shown_day(reporting["up_to"])}
    else:
        told = _(
            "No month of this year is complete yet: reports are counted by complete months only."
        )
    pdf.multi_cell(0, 5, _t(told), new_x="LMARGIN", new_y="NEXT")
    line(_("Reports received"), reporting["total"].shown)
    for label, count in reporting["kinds"]:
        line(f"  {label}", count.shown)
    line(_("Acknowledged within 7 days"), reporting["acknowledged"].shown)
    line(_("Feedback within the deadline"), reporting["feedback"].shown)
    # Every outcome, hidden or not: leaving out the empty ones would tell 0 from 1 and 2.
    for label, count in reporting["outcomes"]:
        line(f"  {label}", count.shown)

    registers = data["registers"]
    heading(_("Registers"))
    line(_("Gifts and invitations declared"), registers["gifts"].shown)
    line(_("Of which only offered and refused"), registers["offered_only"].shown)
    for label, count in registers["decisions"]:
        if count.value:
            line(f"  {label}", count.shown)
    line(_("Side activities declared"), registers["side_activities"].shown)
    line(_("Conflicts of interest signalled"), registers["conflicts"].shown)

    heading(_("Dilemma trainings"))
    trainings = data["trainings"]
    line(_("Sessions held"), trainings["sessions"].shown)
    line(
        _("Services that held a session"), f"{trainings['services_with']} / {trainings['services']}"
    )

    for n, chart in enumerate(data["trends"]):
        if n == 0:
            pdf.ln(4)
            _room_for(pdf, 9 + CHART_HEIGHT)
            pdf.set_font("Helvetica", "B", 14)
            pdf.set_text_color(11, 79, 138)
            pdf.cell(0, 9, _t(_("Trends per month")), new_x="LMARGIN", new_y="NEXT")
            pdf.set_text_color(0, 0, 0)
        _chart(pdf, chart)

    risks = data["risks"]
    heading(_("Integrity risks"))
    if risks["coverage"] is not None:
        line(_("Services with a current risk analysis"), f"{_number(risks['coverage'])}%")
    line(_("Uncovered risks"), risks["uncovered"])
    for label, colour, n in risks["by_level"]:
        pdf.set_fill_color(*_hex(colour))
        pdf.cell(4, 4, "", fill=True)
        pdf.cell(2, 4, "")
        line(label, n)
    line(_("Still to be weighed by the M-team"), risks["to_weigh"])
    line(_("Measures (done / all)"), f"{risks['measures_done']} / {risks['measures']}")
    line(_("Measures overdue"), risks["measures_overdue"])

    plan = data["plan"]
    if plan.get("period"):
        heading(_("The integrity action plan"))
        line(_t(plan["period"].name), f"{plan['progress']}%")
        line(_("Activities done"), f"{plan['done']} / {plan['activities']}")
        for objective, progress, _count in plan["objectives"]:
            pdf.set_font("Helvetica", "", 10)
            pdf.cell(120, 6, _t(f"{objective.code}. {objective.title}"[:70]))
            pdf.set_fill_color(220, 226, 232)
            x, y = pdf.get_x(), pdf.get_y() + 1.5
            pdf.rect(x, y, 50, 3, style="F")
            pdf.set_fill_color(11, 79, 138)
            pdf.rect(x, y, 50 * progress / 100, 3, style="F")
            pdf.cell(55, 6, "")
            pdf.cell(0, 6, f"{progress}%", new_x="LMARGIN", new_y="NEXT")
        if plan["late"]:
            line(_("Activities past their end date"), len(plan["late"]))
    return bytes(pdf.output())


# A chart's title, bars, month labels and legend, in millimetres: all of it on one page.
CHART_HEIGHT = 3 + 7 + 35 + 6 + 5


def _chart(pdf: FPDF, chart: Chart) -> None:
    _room_for(pdf, CHART_HEIGHT)
    pdf.ln(3)
    pdf.set_font("Helvetica", "B", 11)
    pdf.cell(0, 7, _t(chart.title), new_x="LMARGIN", new_y="NEXT")
    left, width, height = pdf.l_margin, 170, 35
    top = pdf.get_y()
    pdf.set_draw_color(180, 180, 180)
    pdf.line(left, top + height, left + width, top + height)
    for bar in chart.bars():
        colour = PALETTE[bar["series"] % len(PALETTE)]
        pdf.set_fill_color(*colour)
        h = bar["height"] * height
        if h:
            pdf.rect(
                left + bar["x"] * width, top + height - h, bar["width"] * width * 0.9, h, style="F"
            )
    pdf.set_font("Helvetica", "", 7)
    for month, label in enumerate(month_labels()):
        text = _t(label["short"])
        centre = left + (month + 0.5) * width / 12
        pdf.text(centre - pdf.get_string_width(text) / 2, top + height + 4, text)
    pdf.set_y(top + height + 6)
    pdf.set_font("Helvetica", "", 8)
    for k, series in enumerate(chart.series):
        pdf.set_fill_color(*PALETTE[k % len(PALETTE)])
        pdf.cell(3, 3, "", fill=True)
        pdf.cell(2, 3, "")
        pdf.cell(50, 3, _t(f"{series.label}: {series.total.shown}"))
    pdf.ln(5)
