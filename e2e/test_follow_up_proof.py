"""The follow-up form's script does the work the server asks for during a flood of guesses."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import parse_qs

from playwright.sync_api import Page, expect

from e2e.test_reporting import file_public_report


def sent_proof(page: Page, receipt: str) -> tuple[str, str]:
    """Types the receipt and presses Open; the nonce the page carried and the proof sent."""
    page.get_by_label("Uw ontvangstcode").fill(receipt)
    nonce = page.locator("form[data-proof-nonce]").get_attribute("data-proof-nonce") or ""
    with page.expect_request(lambda request: request.method == "POST") as sent:
        page.get_by_role("button", name="Openen").click()
    fields = parse_qs(sent.value.post_data or "", keep_blank_values=True)
    return nonce, fields["proof"][0]


def test_while_it_is_calm_the_script_asks_nothing(page: Page, server: str) -> None:
    receipt, _number = file_public_report(page, server, "Een agent reed door het rood licht.")
    page.goto(f"{server}/follow-up/")
    assert page.locator("form[data-proof-bits]").get_attribute("data-proof-bits") == "0"
    _nonce, proof = sent_proof(page, receipt)
    assert proof == ""
    expect(page.get_by_role("heading", name=re.compile("Uw melding"))).to_be_visible()


def test_during_a_flood_the_browser_finds_the_proof_before_sending(page: Page, server: str) -> None:
    receipt, _number = file_public_report(page, server, "Een agent nam een boete niet op.")
    page.goto(f"{server}/follow-up/")
    # What the page says when many wrong receipts are tried (the flood itself is tested in the
    # suite): 16 zero bits, 65,000 hashes on average.
    page.locator("form[data-proof-bits]").evaluate("form => form.dataset.proofBits = '16'")
    nonce, proof = sent_proof(page, receipt)
    digest = hashlib.sha256(f"{nonce}:{proof}".encode()).digest()
    assert re.fullmatch(r"\d+", proof)
    assert int.from_bytes(digest, "big") >> (256 - 16) == 0  # checked apart from the server
    expect(page.get_by_role("heading", name=re.compile("Uw melding"))).to_be_visible()
