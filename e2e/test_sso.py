"""Sign-in through the zone's OpenID Connect provider in Chromium: a real provider
(django-oidc-provider, kompas/sso/tests/provider) and Kompas under gunicorn, both on loopback.

The administrator lets a first sign-in link by verified e-mail address; a member then signs in
at the provider and lands on Kompas' home page; a provider answering with an expired token, or
an account Kompas does not know, gets a clear page and no session; a handler is asked for
Kompas' own second step and then sent to open their key."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from e2e.conftest import DEMO_PASSWORD, ROOT, demo_code, free_port, serve_demo, shoot

PROVIDER_NAME = "Test provider"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Kompas on a free port, and the provider beside it knowing Kompas' callback there."""
    data_dir = tmp_path_factory.mktemp("kompas-sso")
    port = free_port()
    provider_port = free_port()
    provider = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kompas.sso.tests.provider.serve",
            str(provider_port),
            str(data_dir / "provider"),
            f"http://127.0.0.1:{port}/account/sso/callback/",
        ],
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
        stdout=subprocess.PIPE,
    )
    try:
        assert provider.stdout is not None
        assert provider.stdout.readline().strip() == b"ready"
        with serve_demo(
            data_dir,
            port=port,
            KOMPAS_OIDC_ISSUER=f"http://127.0.0.1:{provider_port}",
            KOMPAS_OIDC_CLIENT_ID="kompas",
            KOMPAS_OIDC_CLIENT_SECRET="kompas-test-secret",  # noqa: S106 - the test provider's
            KOMPAS_OIDC_PROVIDER_NAME=PROVIDER_NAME,
        ) as base:
            yield base
    finally:
        provider.terminate()
        provider.wait(timeout=20)


def through_provider(page: Page, site: str, username: str, claims: dict[str, object]) -> None:
    page.goto(f"{site}/account/sign-in/")
    page.get_by_role("link", name=f"Aanmelden met {PROVIDER_NAME}").click()
    page.wait_for_url("**/login/**")
    page.locator("#username").fill(username)
    page.locator("#claims").fill(json.dumps(claims))
    page.get_by_role("button", name="Sign in at the provider").click()


def test_sign_in_through_the_provider(browser: Browser, site: str) -> None:
    # The functional administrator lets a first sign-in link by verified e-mail address.
    admin = browser.new_context(locale="nl-BE")
    page = admin.new_page()
    page.goto(f"{site}/account/sign-in/")
    page.get_by_label("E-mailadres").fill("beheerder@demo.kompas.test")
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Aanmelden", exact=True).click()
    page.get_by_label("Code van zes cijfers").fill(demo_code("beheerder"))
    page.get_by_role("button", name="Bevestigen").click()
    page.wait_for_url(f"{site}/")
    page.goto(f"{site}/account/sso/choices/")
    assert f"{site}/account/sso/callback/" in page.content()
    page.get_by_label("Bij een eerste aanmelding de persoon koppelen", exact=False).check()
    page.get_by_role("button", name="Keuzes bewaren").click()
    page.get_by_text("De aanmeldkeuzes zijn bewaard.").wait_for()
    shoot(page, "sso-choices")
    admin.close()

    # A member signs in at the provider; Kompas links them by their verified address.
    member = browser.new_context(locale="nl-BE")
    page = member.new_page()
    through_provider(
        page, site, "mila", {"email": "medewerker@demo.kompas.test", "email_verified": True}
    )
    page.wait_for_url(f"{site}/")
    assert page.get_by_role("button", name="Afmelden").count() >= 1
    shoot(page, "sso-signed-in")
    # A link from another site to the callback with an error and a state of its own: the page
    # says sign-in failed, but the member stays signed in.
    page.goto(f"{site}/account/sso/callback/?error=access_denied&state=bogus")
    page.get_by_role("heading", name="Aanmelden is niet gelukt").wait_for()
    page.goto(f"{site}/")
    assert "/account/sign-in/" not in page.url
    assert page.get_by_role("button", name="Afmelden").count() >= 1
    member.close()

    # Another provider account claiming the same address afterwards is not let in.
    other = browser.new_context(locale="nl-BE")
    page = other.new_page()
    through_provider(
        page, site, "mallory", {"email": "medewerker@demo.kompas.test", "email_verified": True}
    )
    page.get_by_role("heading", name="Aanmelden is niet gelukt").wait_for()
    assert "Kompas kent geen account" in page.content()
    page.goto(f"{site}/")
    assert "/account/sign-in/" in page.url
    other.close()

    # The provider answers with an expired id token: a clear page, nobody signed in.
    late = browser.new_context(locale="nl-BE")
    page = late.new_page()
    through_provider(page, site, "mila", {"exp": 1_000_000_000})
    page.get_by_role("heading", name="Aanmelden is niet gelukt").wait_for()
    assert "verlopen" in page.content()
    shoot(page, "sso-refused")
    page.goto(f"{site}/")
    assert "/account/sign-in/" in page.url
    late.close()


def test_a_handler_takes_kompas_second_step_then_opens_their_key(
    browser: Browser, site: str
) -> None:
    handler = browser.new_context(locale="nl-BE")
    page = handler.new_page()
    through_provider(
        page,
        site,
        "ivo",
        {"email": "integriteit@demo.kompas.test", "email_verified": True, "amr": ["pwd", "mfa"]},
    )
    # The zone did not accept the provider's second step: Kompas asks its own.
    page.wait_for_url("**/account/two-step/verify/**")
    page.get_by_label("Code van zes cijfers").fill(demo_code("integriteit"))
    page.get_by_role("button", name="Bevestigen").click()
    # Then to open their key (kompas.passkeys), which a provider's sign-in cannot unlock.
    page.wait_for_url("**/account/key/unlock/**")
    assert "next=%2F" in page.url
    shoot(page, "sso-handler-unlock")
    handler.close()
