"""Passkeys open a handler's key in Chromium, with its virtual authenticator (DevTools' WebAuthn
domain) and the PRF extension: register a passkey, sign out, sign in, open the key with the
passkey, read a case; and a handler who lost every way in makes a new key with a passkey.

WebAuthn needs a host name (an IP address cannot be a relying party), so this module runs its own
server on localhost, as conftest's does on 127.0.0.1.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from e2e.conftest import DEMO_PASSWORD, demo_code, serve_demo, shoot
from e2e.test_reporting import file_public_report


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve_demo(tmp_path_factory.mktemp("kompas-passkeys"), host="localhost") as base:
        yield base


def with_authenticator(context: BrowserContext) -> Page:
    """A page whose browser has a platform authenticator with user verification and PRF."""
    page = context.new_page()
    devtools = context.new_cdp_session(page)
    devtools.send("WebAuthn.enable", {"enableUI": False})
    devtools.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "ctap2Version": "ctap2_1",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "hasPrf": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    return page


_last_code_window: dict[str, int] = {}


def sign_in(page: Page, site: str, account: str) -> None:
    """Signs in through the form; a TOTP code is accepted once, so a second sign-in of the same
    account waits for the next code."""
    page.goto(f"{site}/account/sign-in/")
    page.get_by_label("E-mailadres").fill(f"{account}@demo.kompas.test")
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    if "/two-step/verify/" in page.url:
        while int(time.time()) // 30 <= _last_code_window.get(account, -1):
            time.sleep(30 - time.time() % 30 + 0.5)
        code = demo_code(account)
        _last_code_window[account] = int(time.time()) // 30  # after: a window crossed counts
        page.get_by_label("Code van zes cijfers").fill(code)
        page.get_by_role("button", name="Bevestigen").click()
    page.wait_for_url(f"{site}/")


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Afmelden").click()
    page.wait_for_url("**/account/sign-in/")


def test_a_handler_adds_a_passkey_and_opens_their_key_with_it_to_read_a_case(
    browser: Browser, site: str
) -> None:
    context = browser.new_context(locale="nl-BE", viewport={"width": 1280, "height": 900})
    page = with_authenticator(context)
    sign_in(page, site, "toezicht")
    page.goto(f"{site}/account/key/")
    page.get_by_label("Naam van deze passkey").fill("Laptop van Tine")
    page.get_by_role("button", name="Passkey toevoegen").click()
    expect(page.get_by_text("Uw passkey is toegevoegd")).to_be_visible()
    expect(page.get_by_role("cell", name="Laptop van Tine", exact=True)).to_be_visible()
    shoot(page, "passkeys-manage")
    sign_out(page)

    reporter = browser.new_context(locale="nl-BE").new_page()
    _receipt, number = file_public_report(reporter, site, "De sleutel van de kluis lag open.")
    reporter.context.close()

    sign_in(page, site, "toezicht")
    # The key cookie is gone (another day, a cleared browser): the key must be opened again.
    context.clear_cookies(name="kompas_key")
    page.goto(f"{site}/cases/{number}/")
    page.get_by_role("link", name="Open hem liever met een passkey of uw sleutelwachtzin").click()
    expect(page.get_by_role("heading", name="Open uw sleutel")).to_be_visible()
    shoot(page, "passkeys-unlock")
    page.get_by_role("button", name="Openen met een passkey").click()
    page.wait_for_url(f"{site}/cases/{number}/")
    expect(page.get_by_text("De sleutel van de kluis lag open.")).to_be_visible()
    context.close()


def test_a_handler_who_lost_every_way_in_makes_a_new_key_with_a_passkey(
    browser: Browser, site: str
) -> None:
    context = browser.new_context(locale="nl-BE", viewport={"width": 1280, "height": 900})
    page = with_authenticator(context)
    sign_in(page, site, "integriteit")
    context.clear_cookies(name="kompas_key")
    page.goto(f"{site}/account/key/unlock/")
    page.get_by_text("Alle passkeys en uw wachtzin kwijt?").click()
    page.get_by_label("Ik ben elke manier kwijt om mijn sleutel te openen").check()
    # A stolen session alone cannot replace the key: the password is typed again.
    page.get_by_label("Uw wachtwoord (om te bevestigen dat u het bent)").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Mijn sleutel niet meer gebruiken en een nieuwe maken").click()
    expect(page.get_by_role("heading", name="Maak uw sleutel")).to_be_visible()
    page.get_by_role("button", name="Mijn sleutel maken met een passkey").click()
    page.wait_for_url(f"{site}/")
    page.goto(f"{site}/account/key/")
    expect(page.get_by_role("cell", name="Mijn passkey", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Passkey toevoegen")).to_be_visible()  # key is open

    # Signed in again with the password, which no longer opens the new key: the passkey does.
    sign_out(page)
    sign_in(page, site, "integriteit")
    page.goto(f"{site}/account/key/unlock/?next=/account/key/")
    page.get_by_role("button", name="Openen met een passkey").click()
    page.wait_for_url(f"{site}/account/key/")
    expect(page.get_by_role("button", name="Passkey toevoegen")).to_be_visible()
    context.close()


def test_the_key_pages_are_accessible(browser: Browser, site: str) -> None:
    """axe-core finds no WCAG 2.1 A/AA violation on the unlock and passkeys pages (axe is
    injected as a script: this context alone lets it past the page's CSP)."""
    from e2e.test_pages import run_axe

    context = browser.new_context(locale="nl-BE", bypass_csp=True)
    page = with_authenticator(context)
    sign_in(page, site, "vertrouwenspersoon")
    for path in ("/account/key/", "/account/key/unlock/"):
        context.clear_cookies(name="kompas_key")
        page.goto(site + path)
        violations = run_axe(page)
        assert not violations, (path, [(v["id"], v["nodes"][0]["target"]) for v in violations])
    context.close()
