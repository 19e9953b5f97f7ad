"""The public form framed in the zone's website on another domain (issue 21, point 4): a citizen
on the zone's site (localhost, another site than Kompas on 127.0.0.1) fills in the framed form on
a phone, in French, sends it and reads the receipt inside the frame, without a single cookie; a
form forged on a third site is refused with its text kept, and that site cannot frame the form."""

from __future__ import annotations

import re
import threading
import urllib.request
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import Browser, expect

from e2e.conftest import ZONE_SITE, ZONE_SITE_PORT, free_port, shoot
from e2e.test_pages import run_axe

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
TEXT = "Un agent m'a parlé de façon méprisante au guichet, mardi vers dix heures."


def _serve(port: int, page: Callable[[], str]) -> ThreadingHTTPServer:
    """A web site of its own on localhost: every address answers ``page()``."""

    class Site(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = page().encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    site = ThreadingHTTPServer(("127.0.0.1", port), Site)
    threading.Thread(target=site.serve_forever, daemon=True).start()
    return site


@pytest.fixture(scope="module")
def zone_site(server: str) -> Iterator[str]:
    """The zone's own website, listed in KOMPAS_EMBED_ORIGINS, with the form in a frame."""
    page = f"""<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Zone de police Demo</title>
</head><body style="margin:0;font-family:sans-serif"><header style="background:#0b3d91;color:#fff;padding:1rem">
<strong>Zone de police Demo</strong> · site officiel</header><main style="padding:.5rem">
<h1 style="font-size:1.3rem">Signaler un problème d'intégrité</h1>
<iframe src="{server}/public/demo/report/" title="Formulaire de signalement"
 style="width:100%;height:680px;border:1px solid #999"></iframe></main></body></html>"""
    site = _serve(ZONE_SITE_PORT, lambda: page)
    yield ZONE_SITE
    site.shutdown()


def fresh_token(server: str) -> str:
    with urllib.request.urlopen(f"{server}/public/demo/report/", timeout=10) as answer:  # noqa: S310
        html = answer.read().decode()
    found = re.search(r'name="receipt_token" value="([^"]+)"', html)
    assert found
    return found.group(1)


@pytest.fixture(scope="module")
def other_site(server: str) -> Iterator[str]:
    """A site not listed: it frames the form and forges a POST to it with a valid token."""
    port = free_port()

    def page() -> str:
        return f"""<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>Win!</title></head>
<body><h1>Win een prijs</h1>
<form method="post" action="{server}/public/demo/report/">
<input type="hidden" name="receipt_token" value="{fresh_token(server)}">
<input type="hidden" name="kind" value="complaint">
<input type="hidden" name="what" value="Valse melding over agent Peeters, verstuurd door een andere site.">
<button type="submit">Doe mee</button></form>
<iframe src="{server}/public/demo/report/" title="Formulier" style="width:100%;height:400px"></iframe>
</body></html>"""

    site = _serve(port, page)
    yield f"http://localhost:{port}"
    site.shutdown()


def test_a_citizen_reports_through_the_form_framed_in_the_zone_s_site(
    browser: Browser, server: str, zone_site: str
) -> None:
    context = browser.new_context(locale="fr-BE", **PHONE)
    page = context.new_page()
    page.goto(zone_site)
    frame = page.frame_locator("iframe")
    expect(frame.get_by_role("button", name="Melding versturen")).to_be_visible()
    # The language is chosen in the frame's address: no cookie is needed or kept.
    frame.get_by_role("button", name=re.compile("^FR")).click()
    expect(frame.get_by_role("button", name="Envoyer le signalement")).to_be_visible()
    frame.get_by_label("Une plainte concernant la police").check()
    frame.get_by_label(re.compile("Que s.est-il pass")).fill(TEXT)
    frame.get_by_label(re.compile("Où cela s.est-il pass")).fill("Guichet du commissariat")
    shoot(page, "embedded-form-filled")
    frame.get_by_role("button", name="Envoyer le signalement").click()
    expect(frame.get_by_role("heading", name="Votre signalement est reçu")).to_be_visible()
    receipt = frame.locator(".receipt-code code").inner_text().strip()
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){4}", receipt)
    assert page.url.startswith(zone_site)  # still on the zone's site, the receipt in its frame
    # The follow-up needs its own cookie: its link opens in the whole window.
    expect(
        frame.get_by_role("link", name=re.compile("Suivez votre signalement"))
    ).to_have_attribute("target", "_top")
    shoot(page, "embedded-form-receipt")
    assert [c for c in context.cookies() if "127.0.0.1" in c["domain"]] == []
    context.close()


def test_a_form_forged_on_another_site_is_refused_with_its_text_kept(
    browser: Browser, server: str, other_site: str
) -> None:
    # bypass_csp: only to let the axe script in, as e2e/test_pages.py does (the frame is checked
    # with the CSP on, below).
    context = browser.new_context(locale="nl-BE", bypass_csp=True, **PHONE)
    page = context.new_page()
    page.goto(other_site)
    page.get_by_role("button", name="Doe mee").click()
    expect(page.get_by_text("Uw melding is niet ingediend")).to_be_visible()
    assert page.url.startswith(server)
    expect(page.get_by_label("Wat is er gebeurd?")).to_have_value(re.compile("Valse melding"))
    shoot(page, "embedded-form-forged-refused")
    assert run_axe(page) == []
    context.close()
    # A site not listed cannot frame the form at all.
    strict = browser.new_context(locale="nl-BE")
    page = strict.new_page()
    page.goto(other_site)
    page.wait_for_timeout(500)
    framed = page.frames[1]
    assert framed.locator("form.report-form").count() == 0
    strict.close()


def test_a_refused_form_sent_again_from_its_page_is_filed(
    browser: Browser, server: str, other_site: str
) -> None:
    """The citizen who reads the refusal and agrees with the text sends it from Kompas itself."""
    context = browser.new_context(locale="nl-BE", **PHONE)
    page = context.new_page()
    page.goto(other_site)
    page.get_by_role("button", name="Doe mee").click()
    expect(page.get_by_text("Uw melding is niet ingediend")).to_be_visible()
    page.get_by_label("Een klacht over de politie").check()
    page.get_by_role("button", name="Melding versturen").click()
    expect(page.get_by_role("heading", name="Uw melding is ontvangen")).to_be_visible()
    context.close()
