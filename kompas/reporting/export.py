"""A case file as PDF for the disciplinary authority, with passages blacked out on request.

The hash of every export is written to the audit log, so a PDF that turns up later can be matched
to who exported it, when, and with how many redactions.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _
from fpdf import FPDF

from kompas.accounts.models import Person
from kompas.audit.services import record
from kompas.lib.dates import shown_day
from kompas.reporting.services import OpenCase

REDACTED = "[...]"


def _latin1(text: str) -> str:
    # The PDF core fonts know Latin-1 only: anything else becomes '?', never an error.
    return text.encode("latin-1", "replace").decode("latin-1")


def _redact(text: str, fragments: list[str]) -> str:
    for fragment in fragments:
        text = re.sub(re.escape(fragment), REDACTED, text, flags=re.IGNORECASE)
    return text


def case_pdf(
    *,
    case: OpenCase,
    by: Person,
    identity: dict[str, str] | None,
    redactions: list[str],
    include_notes: bool,
) -> tuple[bytes, str]:
    report = case.report
    fragments = [f.strip() for f in redactions if len(f.strip()) >= 2]
    pdf = FPDF()
    pdf.set_title(_latin1(_("Case %(number)s") % {"number": report.number}))
    pdf.set_creator("Kompas")
    pdf.add_page()

    def heading(text: str) -> None:
        pdf.set_font("Helvetica", "B", 13)
        pdf.multi_cell(0, 8, _latin1(text), new_x="LMARGIN", new_y="NEXT")

    def line(label: str, value: Any) -> None:
        pdf.set_font("Helvetica", "B", 10)
        pdf.cell(55, 6, _latin1(label))
        pdf.set_font("Helvetica", "", 10)
        pdf.multi_cell(
            0, 6, _latin1(_redact(str(value or "-"), fragments)), new_x="LMARGIN", new_y="NEXT"
        )

    def day(value: Any) -> str:
        return formats.date_format(value, "SHORT_DATE_FORMAT") if value else "-"

    heading(_("Case %(number)s") % {"number": report.number})
    line(_("Kind"), report.get_kind_display())
    line(_("Channel"), report.get_channel_display())
    line(_("Status"), report.get_status_display())
    line(_("Received on"), day(report.received_on))
    line(_("Acknowledged on"), day(report.acknowledged_on))
    line(_("Assessment"), report.get_assessment_display())
    line(_("Outcome"), report.get_outcome_display())
    if identity:
        line(_("Reporter"), ", ".join(v for v in identity.values() if v and not v.isdigit()))
    heading(_("What happened"))
    content = case.content
    line(_("When"), content.get("when"))
    line(_("Where"), content.get("where"))
    involved = ", ".join(p["name"] for p in content.get("involved", []))
    line(_("Involved"), "; ".join(x for x in (involved, content.get("involved_text", "")) if x))
    pdf.set_font("Helvetica", "", 10)
    pdf.multi_cell(
        0, 6, _latin1(_redact(content.get("what", ""), fragments)), new_x="LMARGIN", new_y="NEXT"
    )
    heading(_("Messages and notes"))
    for message, body in case.message_bodies(include_internal=include_notes):
        author = _("Reporter") if message.author == "reporter" else _("Handler")
        label = f"{day(message.created_on)} - {author}"
        if message.internal:
            label += f" ({_('Internal note')})"
        line(label, body)
    data = bytes(pdf.output())
    digest = hashlib.sha256(data).hexdigest()
    record(
        "reporting.case_exported",
        actor=by,
        obj=report,
        detail={"sha256": digest, "redactions": len(fragments), "notes": include_notes},
    )
    return data, digest


def proof_pdf(*, report: Any, receipt: str) -> bytes:
    """The reporter's proof of filing: number, day, kind, deadlines and the receipt; no identity."""
    pdf = FPDF()
    pdf.set_creator("Kompas")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 15)
    pdf.multi_cell(0, 9, _latin1(_("Proof of filing")), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 11)
    rows = [
        (_("Report number"), report.number),
        (_("Received on"), shown_day(report.received_on)),
        (_("Kind"), str(report.get_kind_display())),
        (_("Acknowledgement by"), shown_day(report.acknowledge_by)),
        (_("Feedback by"), shown_day(report.feedback_by)),
        (_("Your receipt"), receipt),
    ]
    for label, value in rows:
        pdf.set_font("Helvetica", "B", 11)
        pdf.cell(60, 8, _latin1(label))
        pdf.set_font("Courier" if label == _("Your receipt") else "Helvetica", "", 11)
        pdf.multi_cell(0, 8, _latin1(value), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("Helvetica", "", 10)
    pdf.multi_cell(
        0,
        6,
        _latin1(
            _(
                "Keep this document in a safe place: whoever has the receipt can read and "
                "answer the messages about this report. It holds no name and no other detail "
                "about you."
            )
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    return bytes(pdf.output())
