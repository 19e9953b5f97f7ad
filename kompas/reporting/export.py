"""The case file as PDF for the disciplinary authority, and the reporter's proof of filing.

Every page of a case file carries the zone, "confidential", who exported it and when, its export
number and "page x of y". The export number and the SHA-256 of the file are written together to
the audit log (`reporting.case_exported`), so that a printed copy can be checked against the log
(`/audit/?file=<number or hash>`). Text is set in DejaVu Sans (vendored in `fonts/`, license
beside it): the PDF core fonts know Latin-1 only and would print any other letter as '?'.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time
from pathlib import Path
from typing import Any

from django.template.defaultfilters import filesizeformat
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from fpdf import FPDF

from kompas.accounts.models import Person
from kompas.audit.services import record
from kompas.lib import clock
from kompas.lib.dates import shown_day, shown_moment
from kompas.reporting.crypto import RECEIPT_ALPHABET
from kompas.reporting.files import read_decrypted
from kompas.reporting.forms import YES_NO
from kompas.reporting.models import Attachment, Message
from kompas.reporting.services import OpenCase

FONTS = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVu"
MARGIN = 18  # mm, left and right
LINE = 5.2  # mm, a line of body text (10 pt)
GREY = (90, 90, 90)
RED = (150, 0, 0)


def new_export_number() -> str:
    """EX-7F3Q-9XPA: 40 random bits in the receipts' alphabet (no I, L, O or U to misread).
    Random rather than counted, so that a number tells nothing of how many files the zone
    exported, or in which order."""
    symbols = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(8))
    return f"EX-{symbols[:4]}-{symbols[4:]}"


@dataclass(frozen=True)
class Export:
    data: bytes
    sha256: str
    number: str


class _Redactor:
    """Leaves the passages the handler named out of every text taken from the case."""

    def __init__(self, passages: Iterable[str]) -> None:
        fragments = sorted({p.strip() for p in passages if len(p.strip()) >= 2}, key=len)
        self.count = len(fragments)
        # The longest first, so that a passage holding a shorter one goes out whole. Any run of
        # spaces or line breaks matches a space typed: a name the reporter broke over two lines
        # ("Jan\nJanssens") must go out too.
        alternatives = "|".join(
            r"\s+".join(re.escape(word) for word in f.split()) for f in reversed(fragments)
        )
        self._pattern = re.compile(alternatives, re.IGNORECASE) if fragments else None

    def pieces(self, text: str) -> list[tuple[str, bool]]:
        """The text as (piece, left out) pairs, in order."""
        if self._pattern is None:
            return [(text, False)]
        pieces: list[tuple[str, bool]] = []
        at = 0
        for found in self._pattern.finditer(text):
            if found.start() > at:
                pieces.append((text[at : found.start()], False))
            pieces.append(("", True))
            at = found.end()
        if at < len(text):
            pieces.append((text[at:], False))
        return pieces


class _CaseFilePDF(FPDF):
    """A4 pages whose header and footer say whose file this is, and which export."""

    def __init__(self, *, zone: str, case: str, stamp: str, number: str) -> None:
        super().__init__(format="A4")
        self.add_font(FONT, "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.set_margins(MARGIN, 26, MARGIN)
        # No padding inside cells: text written piece by piece (around a redaction's marker)
        # would otherwise be shifted by it at each piece.
        self.c_margin = 0
        self.set_auto_page_break(True, margin=24)
        # Written now, in the reader's language (the pages are laid out within this request).
        self._zone = zone
        self._case = case
        self._confidential = _("CONFIDENTIAL")
        self._stamp = stamp
        self._number = _("Export number %(number)s") % {"number": number}

    def header(self) -> None:
        left, width = self.l_margin, self.w - 2 * MARGIN
        self.l_margin = MARGIN  # a value column may have moved it when the page broke
        self.set_xy(MARGIN, 10)
        self.set_font(FONT, "B", 9)
        self.set_text_color(0)
        self.cell(width * 0.7, 5, self._zone)
        self.set_text_color(*RED)
        self.set_font(FONT, "B", 11)
        self.cell(width * 0.3, 5, self._confidential, align="R")
        self.set_xy(MARGIN, 15)
        self.set_font(FONT, "", 8)
        self.set_text_color(*GREY)
        self.cell(width, 4, self._case)
        self.set_draw_color(*GREY)
        self.line(MARGIN, 20.5, self.w - MARGIN, 20.5)
        self.set_text_color(0)
        self.l_margin = left
        self.set_xy(left, 26)

    def footer(self) -> None:
        left, width = self.l_margin, self.w - 2 * MARGIN
        self.l_margin = MARGIN
        self.set_draw_color(*GREY)
        self.line(MARGIN, self.h - 17, self.w - MARGIN, self.h - 17)
        self.set_text_color(*GREY)
        self.set_xy(MARGIN, self.h - 15.5)
        self.set_font(FONT, "", 8)
        page = _("Page %(page)s of %(pages)s") % {"page": self.page_no(), "pages": "{nb}"}
        self.cell(width - 35, 4, self._stamp)
        self.cell(35, 4, page, align="R")
        self.set_xy(MARGIN, self.h - 11.5)
        self.set_font(FONT, "B", 8)
        self.cell(width, 4, self._number)
        self.set_text_color(0)
        self.l_margin = left


def _exported_at(report: Any) -> datetime:
    """Now; on the day a report was received (its events held until the day is over, see
    `Report.audit_held`) the day's start: the file says no more than the log."""
    moment = timezone.localtime(clock.now())
    if report.audit_held():
        return moment.replace(hour=0, minute=0, second=0, microsecond=0)
    return moment


def case_pdf(
    *,
    case: OpenCase,
    by: Person,
    identity: dict[str, str] | None,
    timeline: list[Any],
    concerned: dict[str, list[str]],
    conversation: list[tuple[Message, str]],
    attachments: list[Attachment],
    redactions: list[str],
    persons_concerned: list[Any] | None = None,
    discipline: dict[str, Any] | None = None,
) -> Export:
    """The case file with the messages and notes chosen (``conversation``), the attachments of
    the report and of those messages, the case's timeline (as `views._timeline` makes it), every
    passage of ``redactions`` left out and marked so; the export recorded with its number and
    the file's SHA-256."""
    report = case.report
    redactor = _Redactor(redactions)
    number = new_export_number()
    moment = _exported_at(report)
    timed = moment.time() != time.min
    stamp = _("Exported by %(name)s on %(moment)s") % {
        "name": by.full_name,
        "moment": shown_moment(moment) if timed else shown_day(moment),
    }
    title = _("Case %(number)s") % {"number": report.number}
    pdf = _CaseFilePDF(
        zone=report.zone.name,
        case=f"{title} · {report.get_kind_display()}",
        stamp=stamp,
        number=number,
    )
    pdf.set_title(title)
    pdf.set_creator("Kompas")
    pdf.set_lang(translation.get_language() or "nl")
    pdf.set_creation_date(moment)
    pdf.add_page()
    marker = _("[redacted]")

    def mark(size: float) -> None:
        """The marker of a passage left out, white on a dark bar as a redaction looks on
        paper, never split over two lines."""
        pdf.set_font(FONT, "B", size)
        bar = pdf.get_string_width(marker) + 1.6
        if pdf.get_x() + bar > pdf.w - pdf.r_margin:
            pdf.ln(LINE)
        if pdf.get_y() + LINE > pdf.page_break_trigger:
            pdf.add_page()
        pdf.set_fill_color(40, 40, 40)
        pdf.rect(pdf.get_x(), pdf.get_y() + 0.4, bar, LINE - 0.8, style="F")
        colour = pdf.text_color
        pdf.set_text_color(255)
        pdf.cell(bar, LINE, marker, align="C")
        if colour is not None:
            pdf.set_text_color(colour)

    def text(value: Any, *, size: float = 10, bold: bool = False) -> None:
        """Text from the case at the current position, wrapping at the current left margin,
        each passage left out written as the marker."""
        for piece, left_out in redactor.pieces(str(value)):
            if left_out:
                mark(size)
            else:
                pdf.set_font(FONT, "B" if bold else "", size)
                pdf.write(LINE, piece)
        pdf.ln(LINE)

    def heading(label: str) -> None:
        if pdf.get_y() > pdf.h - 50:  # no heading alone at the foot of a page
            pdf.add_page()
        pdf.ln(3)
        pdf.set_font(FONT, "B", 12)
        pdf.multi_cell(0, 7, label, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)

    def row(label: str, value: Any, *, column: float = 52, size: float = 10) -> None:
        """A label, and beside it a value from the case (wrapping under itself)."""
        if pdf.get_y() > pdf.h - 32:
            pdf.add_page()
        pdf.set_font(FONT, "B", size)
        pdf.set_text_color(*GREY)
        lines = pdf.multi_cell(column - 2, LINE, label, dry_run=True, output="LINES")
        assert isinstance(lines, list)
        label_bottom = pdf.get_y() + len(lines) * LINE
        pdf.multi_cell(column - 2, LINE, label, new_x="RIGHT", new_y="TOP")
        pdf.set_text_color(0)
        pdf.l_margin = MARGIN + column
        pdf.set_x(MARGIN + column)
        text(value if value not in (None, "") else "—", size=size)
        pdf.l_margin = MARGIN
        pdf.set_x(MARGIN)
        pdf.set_y(max(pdf.get_y(), label_bottom))

    def plain(value: str, *, size: float = 10, colour: tuple[int, int, int] = (0, 0, 0)) -> None:
        """Our own words (not the case's): never redacted."""
        pdf.set_font(FONT, "", size)
        pdf.set_text_color(*colour)
        pdf.multi_cell(0, LINE, value, new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0)

    pdf.set_font(FONT, "B", 16)
    pdf.multi_cell(0, 9, title, new_x="LMARGIN", new_y="NEXT")
    plain(_("Case file for the disciplinary authority."), size=9, colour=GREY)
    pdf.ln(2)
    answers = dict(YES_NO)
    status = " · ".join(
        str(part)
        for part in (
            report.get_status_display(),
            report.assessment and report.get_assessment_display(),
            report.outcome and report.get_outcome_display(),
        )
        if part
    )
    row(_("Kind"), report.get_kind_display())
    row(_("Channel"), report.get_channel_display())
    row(_("Status"), status)
    row(_("Received on"), shown_day(report.received_on))
    row(_("Acknowledged on"), shown_day(report.acknowledged_on))
    row(_("Feedback given on"), shown_day(report.feedback_on))
    if report.parent is not None:
        row(_("Protection case for"), report.parent.number)
    if identity:
        shown = [identity.get("name", ""), identity.get("email", ""), identity.get("service", "")]
        row(_("Reporter"), " · ".join(v for v in shown if v))
    elif report.identity_mode == "anonymous":
        row(_("Reporter"), _("Anonymous"))
    else:
        row(_("Reporter"), _("Known to the handlers; not included in this file"))
    if redactor.count:
        pdf.ln(2)
        pdf.set_font(FONT, "", 9)
        pdf.write(LINE, _("Passages left out at this export are marked") + " ")
        mark(9)
        pdf.set_font(FONT, "", 9)
        pdf.write(LINE, " " + _("(passages named: %(count)s).") % {"count": redactor.count})
        pdf.ln(LINE)

    content = case.content
    heading(_("What happened"))
    text(content.get("what", ""))
    pdf.ln(2)
    involved = ", ".join(p["name"] for p in content.get("involved", []))
    row(_("When"), content.get("when"))
    row(_("Where"), content.get("where"))
    row(_("Involved"), "; ".join(x for x in (involved, content.get("involved_text", "")) if x))
    row(_("Addressed the colleague"), answers.get(content.get("addressed_colleague", "")))
    row(_("Told a leader"), answers.get(content.get("told_leader", "")))
    row(_("Services concerned"), ", ".join(concerned.get("services", [])))
    row(_("Values touched"), ", ".join(concerned.get("values", [])))

    heading(_("Persons concerned"))
    if not persons_concerned:
        plain(_("None."))
    for item in persons_concerned or []:
        person = item.person
        state = str(person.get_state_display())
        if person.due_on is not None:
            due = _("review the delay by %(day)s") if person.state == "delayed" else None
            due = due or _("inform by %(day)s")
            state += " · " + due % {"day": shown_day(person.due_on)}
        row(item.label, state)
        if item.informed:
            row(_("Informed"), f"{shown_day(item.informed['day'])} · {item.informed['how']}")
        if item.heard:
            row(_("Heard"), f"{shown_day(item.heard['day'])} · {item.heard['how']}")
        if item.delay_reason and person.state == "delayed":
            row(_("Informing delayed because"), item.delay_reason)
        pdf.ln(1)
    if discipline is not None or report.outcome == "disciplinary":
        heading(_("Disciplinary procedure"))
        if discipline is None:
            plain(_("No outcome recorded yet."))
        else:
            row(_("Sanction"), discipline["sanction_label"])
            row(_("Day of the hearing"), shown_day(discipline["heard_on"]))
            row(_("Day of the decision"), shown_day(discipline["decided_on"]))
            if discipline["note"]:
                row(_("Note"), discipline["note"])

    heading(_("Timeline"))
    for event in timeline:
        when = (
            shown_moment(timezone.localtime(event.at))
            if event.timed
            else shown_day(timezone.localtime(event.at))
        )
        label = str(event.label)
        if event.actor_name:
            label += f" · {event.actor_name}"
        row(when, label, column=34, size=9)

    heading(_("Messages and notes chosen for this export"))
    if not conversation:
        plain(_("None."))
    for message, body in conversation:
        if pdf.get_y() > pdf.h - 40:
            pdf.add_page()
        if message.author == "reporter":
            author = _("Reporter")
        else:
            author = _("Handler")
            if message.handler is not None:
                author += f": {message.handler.full_name}"
        meta = f"{author} · {shown_day(message.created_on)}"
        if message.internal:
            meta = f"{_('Internal note')} · {meta}"
        pdf.set_text_color(*GREY)
        text(meta, size=9, bold=True)
        pdf.set_text_color(0)
        text(body)
        pdf.ln(2)

    heading(_("Attachments"))
    if not attachments:
        plain(_("None."))
    for attachment in attachments:
        if pdf.get_y() > pdf.h - 40:
            pdf.add_page()
        plain_bytes = read_decrypted(case.case_key, attachment.stored_name)
        name = _decrypt_name(case, attachment)
        text(name, bold=True)
        source = _("from the reporter") if attachment.from_reporter else _("from a handler")
        plain(
            f"{attachment.content_type} · {filesizeformat(attachment.size)} · {source}",
            size=9,
            colour=GREY,
        )
        plain(f"SHA-256: {hashlib.sha256(plain_bytes).hexdigest()}", size=8)
        pdf.ln(1.5)

    pdf.ln(4)
    plain(
        _(
            "End of the case file. Its export number and the SHA-256 of this file are "
            "recorded in the audit log of Kompas: a copy can be checked against it."
        ),
        size=9,
        colour=GREY,
    )
    data = bytes(pdf.output())
    digest = hashlib.sha256(data).hexdigest()
    record(
        "reporting.case_exported",
        actor=by,
        obj=report,
        detail={
            "export": number,
            "sha256": digest,
            "redactions": redactor.count,
            "messages": sum(1 for m, _body in conversation if not m.internal),
            "notes": sum(1 for m, _body in conversation if m.internal),
            "attachments": len(attachments),
            "reporter_named": identity is not None,
        },
    )
    return Export(data=data, sha256=digest, number=number)


def _decrypt_name(case: OpenCase, attachment: Attachment) -> str:
    from kompas.reporting import crypto

    return crypto.decrypt(case.case_key, attachment.name_box).decode()


def _latin1(text: str) -> str:
    # The proof is set in the PDF core fonts, which know Latin-1 only: anything else becomes
    # '?', never an error.
    return text.encode("latin-1", "replace").decode("latin-1")


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
