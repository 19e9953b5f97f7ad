"""A handler exports a case file for the disciplinary authority (issue 21, point 15): the export
form lists the messages and notes (messages ticked, notes not), the PDF says on every page whose
file it is and which export, and the integrity officer finds the export in the audit log by the
number printed on it."""

from __future__ import annotations

import hashlib
import io
import re

from playwright.sync_api import Browser, expect
from pypdf import PdfReader

from e2e.conftest import SCREENSHOTS, shoot, sign_in
from e2e.test_pages import first_case, run_axe


def test_a_handler_exports_the_case_file_and_the_log_ties_it_to_its_hash(
    browser: Browser, server: str
) -> None:
    number = first_case(browser, server)
    # bypass_csp: only to let the axe script in, as e2e/test_pages.py does.
    context = sign_in(browser, server, "toezicht", bypass_csp=True)
    page = context.new_page()
    page.goto(f"{server}/cases/{number}/")
    page.get_by_role("textbox", name="Bericht:").fill("Wie had die avond de sleutel van de kluis?")
    page.get_by_role("button", name="Naar de melder sturen").click()
    page.get_by_role("textbox", name="Bericht:").fill("Interne piste: de neef van Žaneta.")
    page.get_by_role("button", name="Bewaren als interne notitie").click()

    page.get_by_role("link", name="Exporteren als PDF").click()
    expect(page.get_by_role("heading", name=f"Dossier {number} exporteren als PDF")).to_be_visible()
    message = page.get_by_role("checkbox", name=re.compile("Wie had die avond de sleutel"))
    note = page.get_by_role("checkbox", name=re.compile("Interne piste"))
    expect(message).to_be_checked()
    expect(note).not_to_be_checked()
    page.get_by_label("Te zwarten passages").fill("sleutel")
    shoot(page, "case-export")
    assert run_axe(page) == []
    with page.expect_download() as download:
        page.get_by_role("button", name="Download de PDF").click()
    pdf = download.value.path().read_bytes()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / "case-file.pdf").write_bytes(pdf)

    pages = [p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages]
    text = " ".join(pages)
    found = re.search(r"Exportnummer (EX-\w{4}-\w{4})", pages[0])
    assert found is not None
    export = found.group(1)
    for at, content in enumerate(pages, start=1):
        assert "VERTROUWELIJK" in content and f"Exportnummer {export}" in content
        assert f"Pagina {at} van {len(pages)}" in content
    assert "Wie had die avond de" in text and "[weggelaten]" in text
    assert "sleutel" not in text
    assert "Interne piste" not in text  # a note not ticked
    context.close()

    # The integrity officer checks the copy: its number finds the export, with the file's hash.
    officer = sign_in(browser, server, "integriteit")
    log = officer.new_page()
    log.goto(f"{server}/audit/")
    log.get_by_label("Exportnummer of SHA-256 van een bestand").fill(export)
    log.get_by_role("button", name="Filteren").click()
    events = log.locator("#events tbody tr")
    expect(events).to_have_count(1)
    expect(events).to_contain_text("reporting.case_exported")
    expect(events).to_contain_text(hashlib.sha256(pdf).hexdigest())
    shoot(log, "audit-export-found")
    officer.close()
