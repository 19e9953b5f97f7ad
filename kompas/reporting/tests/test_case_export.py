"""The case file as a disciplinary authority expects it: whose file it is on every page, what
the handler chose to put in it, what was left out, and an export number the audit log ties to
the file's SHA-256."""

from __future__ import annotations

import hashlib
import io
import re
from datetime import timedelta
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from kompas.audit.models import AuditEvent
from kompas.lib import clock
from kompas.reporting import crypto, services
from kompas.reporting.files import clean
from kompas.reporting.models import Report
from kompas.reporting.services import NewReport, submit_report
from kompas.reporting.tests.conftest import Role, signed_in_handler
from kompas.testing import end_of_day, sign_in

pytestmark = pytest.mark.django_db

EXPORT_NUMBER = re.compile(r"EX-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}")


def file(
    personas, *, what: str = "Agent Peeters gaf de code van de kluis aan zijn neef.", **fields
):
    """A breach reported by a member by name, with a receipt kept to write as the reporter."""
    receipt = crypto.new_receipt()
    report, _ = submit_report(
        zone=personas.zone,
        data=NewReport(
            kind="breach",
            channel="staff",
            identity_mode=fields.pop("identity_mode", "named"),
            what=what,
            **fields,
        ),
        receipt=receipt,
        signed_in=personas.member,
    )
    opened = services.open_with_receipt(receipt)
    assert opened is not None
    return report, opened[1]


def export_url(report: Report) -> str:
    return reverse("reporting:case_export", args=[report.number])


def pages_of(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def choices(page: str, name: str) -> dict[str, bool]:
    """The export form's checkboxes of one field: the label of each, and whether it is ticked."""
    found = {}
    for attrs, label in re.findall(
        rf'<input type="checkbox" name="{name}"([^>]*)>\s*([^<]*)</label>', page
    ):
        found[unescape(label.strip())] = "checked" in attrs
    return found


# --- Who may export ---------------------------------------------------------------------------


def test_an_anonymous_visitor_is_sent_to_sign_in(client: Client, personas, handlers) -> None:
    report, _ = file(personas)
    response = client.get(export_url(report))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert client.post(export_url(report), {}).status_code == 302
    assert not AuditEvent.objects.filter(action="reporting.case_exported").exists()


@pytest.mark.parametrize("who", ["member", Role.COUNSELLOR, Role.INTEGRITY_OFFICER])
def test_nobody_without_the_case_finds_it_to_export(client: Client, personas, handlers, who):
    # A member, a handler of another route, the integrity officer who was not given the case:
    # the case does not exist for them.
    report, _ = file(personas)
    person = personas.member if who == "member" else personas[who]
    browser = signed_in_handler(person) if who != "member" else sign_in(client, person)
    assert browser.get(export_url(report)).status_code == 404
    assert browser.post(export_url(report), {"redactions": ""}).status_code == 404
    end_of_day()
    assert not AuditEvent.objects.filter(action="reporting.case_exported").exists()


def test_the_handler_chooses_what_goes_in_with_every_message_and_no_note_ticked(
    personas, handlers
) -> None:
    report, key = file(personas)
    handler = personas[Role.OVERSIGHT]
    services.handler_writes(
        report=report, handler=handler, case_key=key, body="Wanneer was dit?", internal=False
    )
    services.reporter_writes(report=report, case_key=key, body="Vorige dinsdag, rond middag.")
    services.handler_writes(
        report=report, handler=handler, case_key=key, body="Neef is gekend.", internal=True
    )
    page = signed_in_handler(handler).get(export_url(report)).content.decode()
    messages, notes = choices(page, "messages"), choices(page, "notes")
    assert [(label.split(" · ")[1:], ticked) for label, ticked in messages.items()] == [
        ([f"Behandelaar: {handler.full_name}", "Wanneer was dit?"], True),
        (["Melder", "Vorige dinsdag, rond middag."], True),
    ]
    assert [(label.split(" · ")[2], ticked) for label, ticked in notes.items()] == [
        ("Neef is gekend.", False)
    ]


# --- What the file says -----------------------------------------------------------------------


def test_every_page_says_whose_file_it_is_who_exported_it_and_which_export(
    personas, handlers
) -> None:
    report, key = file(personas)
    handler = personas[Role.OVERSIGHT]
    for n in range(40):  # enough to fill a few pages
        services.handler_writes(
            report=report,
            handler=handler,
            case_key=key,
            body=f"Vraag {n}: " + "tekst " * 60,
            internal=False,
        )
    browser = signed_in_handler(handler)
    ids = re.findall(
        r'name="messages" value="([^"]+)"', browser.get(export_url(report)).content.decode()
    )
    response = browser.post(export_url(report), {"messages": ids, "redactions": ""})
    assert response["Content-Type"] == "application/pdf"
    pages = pages_of(response.content)
    number = response["X-Kompas-Export-Number"]
    assert EXPORT_NUMBER.fullmatch(number)
    assert len(pages) >= 3
    for at, text in enumerate(pages, start=1):
        assert "PZ Heist-test" in text
        assert "VERTROUWELIJK" in text
        assert f"Pagina {at} van {len(pages)}" in text
        assert f"Exportnummer {number}" in text
        assert f"Geëxporteerd door {handler.full_name} op" in text
        assert f"Dossier {report.number}" in text


def test_the_file_holds_the_facts_the_timeline_and_only_the_messages_and_notes_chosen(
    personas, handlers
) -> None:
    report, key = file(personas, where="de kluis op de tweede verdieping")
    handler = personas[Role.OVERSIGHT]
    asked = services.handler_writes(
        report=report, handler=handler, case_key=key, body="Wie had nog toegang?", internal=False
    )
    services.reporter_writes(report=report, case_key=key, body="Niemand anders, denk ik.")
    note = services.handler_writes(
        report=report, handler=handler, case_key=key, body="Camerabeelden opvragen.", internal=True
    )
    services.handler_writes(
        report=report, handler=handler, case_key=key, body="Nota over de neef.", internal=True
    )
    browser = signed_in_handler(handler)
    browser.post(reverse("reporting:case_step", args=[report.number]), {"step": "acknowledge"})
    end_of_day()  # what happened on the day of receipt joins the timeline when the day is over
    response = browser.post(
        export_url(report), {"messages": [str(asked.pk)], "notes": [str(note.pk)]}
    )
    text = " ".join(pages_of(response.content))
    assert "code van de kluis" in text and "de kluis op de tweede verdieping" in text
    assert "Wie had nog toegang?" in text and "Camerabeelden opvragen." in text
    assert "Niemand anders" not in text  # a message not chosen
    assert "Nota over de neef" not in text  # a note not chosen
    # The timeline as the case page shows it: the handler's own acts with their names.
    assert "Tijdlijn" in text
    assert "Ontvangst bevestigd" in text and "Interne notitie · Oversight" in text


def test_a_passage_left_out_is_marked_as_left_out_and_is_gone(personas, handlers) -> None:
    report, key = file(personas)
    handler = personas[Role.OVERSIGHT]
    message = services.reporter_writes(
        report=report, case_key=key, body="Peeters zei het zelf tegen zijn neef."
    )
    response = signed_in_handler(handler).post(
        export_url(report), {"messages": [str(message.pk)], "redactions": "Peeters\nneef\n"}
    )
    text = " ".join(pages_of(response.content))
    assert "code van de kluis" in text
    assert "Peeters" not in text and "neef" not in text
    assert text.count("[weggelaten]") == 5  # twice in the facts, twice in the message, the key
    end_of_day()
    assert AuditEvent.objects.get(action="reporting.case_exported").detail["redactions"] == 2


def test_the_attachments_are_listed_with_type_size_and_sha256(personas, handlers) -> None:
    evidence = b"Logboek van de kluis: 03:12 geopend."
    report, key = file(personas, files=[clean("logboek kluis.txt", evidence)])
    handler = personas[Role.OVERSIGHT]
    note = services.handler_writes(
        report=report,
        handler=handler,
        case_key=key,
        body="Zie bijlage.",
        internal=True,
        files=[clean("intern.txt", b"alleen voor behandelaars")],
    )
    browser = signed_in_handler(handler)
    text = " ".join(pages_of(browser.post(export_url(report), {}).content))
    assert "logboek kluis.txt" in text
    assert f"SHA-256: {hashlib.sha256(evidence).hexdigest()}" in text
    assert "text/plain" in text and "36 bytes" in text
    assert "intern.txt" not in text  # the file of a note left out
    text = " ".join(pages_of(browser.post(export_url(report), {"notes": [str(note.pk)]}).content))
    assert "intern.txt" in text


def test_letters_beyond_latin1_stay_themselves(personas, handlers) -> None:
    what = "Łukasz en Zoë Őry: „geld” — 500 € voor Ж. Dvořák (ﬁ)."
    report, _ = file(personas, what=what)
    response = signed_in_handler(personas[Role.OVERSIGHT]).post(export_url(report), {})
    text = " ".join(pages_of(response.content))
    for word in ("Łukasz", "Zoë", "Őry", "„geld”", "—", "€", "Ж.", "Dvořák"):
        assert word in text
    assert "?ukasz" not in text


@pytest.mark.parametrize(
    ("language", "confidential", "page", "redacted", "exported"),
    [
        ("fr", "CONFIDENTIEL", "Page 1 sur 1", "[supprimé]", "Exporté par"),
        ("en", "CONFIDENTIAL", "Page 1 of 1", "[redacted]", "Exported by"),
    ],
)
def test_the_file_is_in_the_readers_language(
    personas, handlers, language, confidential, page, redacted, exported
) -> None:
    report, _ = file(personas)
    handler = personas[Role.OVERSIGHT]
    handler.language = language
    handler.save()
    response = signed_in_handler(handler).post(export_url(report), {"redactions": "Peeters"})
    [text] = pages_of(response.content)
    assert confidential in text and page in text and redacted in text and exported in text


def test_on_the_day_of_receipt_the_file_says_the_day_of_export_only(personas, handlers) -> None:
    # Events about a report are held, with their day only, until its first day is over: the
    # file says no more than the log.
    report, _ = file(personas)
    browser = signed_in_handler(personas[Role.OVERSIGHT])
    [text] = pages_of(browser.post(export_url(report), {}).content)
    stamp = re.search(r"op (\d\d/\d\d/\d{4})( \d\d:\d\d)?", text)
    assert stamp is not None and stamp.group(2) is None
    Report.objects.filter(pk=report.pk).update(received_on=clock.today() - timedelta(days=1))
    [text] = pages_of(browser.post(export_url(report), {}).content)
    assert re.search(r"op \d\d/\d\d/\d{4} \d\d:\d\d", text)


# --- Checking a copy against the log ----------------------------------------------------------


def test_the_audit_log_ties_the_export_number_to_the_files_sha256(
    client: Client, personas, handlers
) -> None:
    report, _ = file(personas)
    response = signed_in_handler(personas[Role.OVERSIGHT]).post(export_url(report), {})
    number = response["X-Kompas-Export-Number"]
    digest = hashlib.sha256(response.content).hexdigest()
    assert response["X-Kompas-SHA256"] == digest
    assert number in pages_of(response.content)[0]
    end_of_day()  # a report's first day is held from the audit chain until the day is over
    event = AuditEvent.objects.get(action="reporting.case_exported")
    assert event.detail["export"] == number and event.detail["sha256"] == digest
    assert event.actor_id == personas[Role.OVERSIGHT].pk

    # The integrity officer finds the export from a printed copy's number, or from the file.
    sign_in(client, personas[Role.INTEGRITY_OFFICER])
    for typed in (number, number.lower(), f" {number} ", digest, digest.upper()):
        page = client.get(reverse("audit:log"), {"file": typed}).content.decode()
        assert "reporting.case_exported" in page, typed
        assert number in page and digest in page
        assert "audit.log_viewed" not in page  # only the export's event
    page = client.get(reverse("audit:log"), {"file": "EX-0000-0000"}).content.decode()
    assert "reporting.case_exported" not in page
    # The functional administrator reads no event about cases, this one neither.
    sign_in(client, personas[Role.ADMIN])
    page = client.get(reverse("audit:log"), {"file": number}).content.decode()
    assert "reporting.case_exported" not in page


# --- The reporter's name --------------------------------------------------------------------


def test_the_file_names_the_reporter_only_when_the_handler_chooses_to(personas, handlers) -> None:
    """A named reporter is known to the handlers, not to whoever receives the file: the file
    says the identity is not included unless the handler ticks the box (directive art. 16),
    and the audit event says which it was."""
    report, _key = file(personas)
    member = personas.member
    browser = signed_in_handler(personas[Role.OVERSIGHT])
    assert 'name="name_reporter"' in browser.get(export_url(report)).content.decode()

    without = "\n".join(pages_of(browser.post(export_url(report), {}).content))
    assert member.last_name not in without
    assert "niet opgenomen in dit bestand" in without
    named = "\n".join(pages_of(browser.post(export_url(report), {"name_reporter": "on"}).content))
    assert member.last_name in named
    from kompas.audit.models import HeldEvent  # the report came in today: held to its day

    exported = {"action": "reporting.case_exported"}
    exports = [e.detail["reporter_named"] for e in AuditEvent.objects.filter(**exported)]
    exports += [e.detail["reporter_named"] for e in HeldEvent.objects.filter(**exported)]
    assert sorted(exports) == [False, True]


def test_a_sealed_identity_cannot_be_asked_into_the_file(personas, handlers) -> None:
    """A confidential reporter whose identity nobody approved to reveal: no box to tick, and a
    form that sends one anyway names nobody."""
    report, _key = file(personas, identity_mode="confidential")
    browser = signed_in_handler(personas[Role.OVERSIGHT])
    assert 'name="name_reporter"' not in browser.get(export_url(report)).content.decode()
    text = "\n".join(pages_of(browser.post(export_url(report), {"name_reporter": "on"}).content))
    assert personas.member.last_name not in text
