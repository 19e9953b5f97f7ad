"""The API in Chromium: the functional administrator makes a token, another system calls the API
with it, the administrator revokes it; the token page and the documentation page pass axe-core,
and the documentation page loads nothing the Content-Security-Policy refuses."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

from playwright.sync_api import Browser, expect

from e2e.conftest import shoot, sign_in
from e2e.test_pages import run_axe


def _get(url: str, token: str) -> tuple[int, dict]:
    # Our own server's address, from the fixture.
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310 - our own server
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as refused:
        return refused.code, json.loads(refused.read())


def test_the_administrator_makes_a_token_a_system_uses_and_revokes_it(
    browser: Browser, server: str
) -> None:
    # bypass_csp: only to let the axe script in, as e2e/test_pages.py does.
    context = sign_in(browser, server, "beheerder", bypass_csp=True)
    page = context.new_page()
    page.goto(f"{server}/api/tokens/")
    expect(page.get_by_role("heading", level=1)).to_have_text("API-sleutels")
    page.get_by_label("Naam").fill("HR-synchronisatie")
    page.get_by_label("De organisatie lezen (diensten, personen)").check()
    page.get_by_role("button", name="Sleutel aanmaken").click()
    secret = page.get_by_label("Sleutel", exact=True).input_value()
    assert secret.startswith("kompas_")
    shoot(page, "api-token-made")
    assert run_axe(page) == []

    status, answer = _get(f"{server}/api/v1/people", secret)
    assert status == 200 and answer["items"]
    status, answer = _get(f"{server}/api/v1/register", secret)
    assert status == 403

    page.goto(f"{server}/api/tokens/")
    assert secret not in page.content()
    page.get_by_role("button", name="Intrekken HR-synchronisatie").click()
    expect(page.get_by_text("De sleutel is ingetrokken")).to_be_visible()
    shoot(page, "api-tokens")
    assert run_axe(page) == []
    status, _answer = _get(f"{server}/api/v1/people", secret)
    assert status == 401
    context.close()


def test_the_documentation_page_is_kompas_own_and_loads_nothing_refused(
    browser: Browser, server: str
) -> None:
    context = browser.new_context(locale="nl-BE")
    page = context.new_page()
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text))
    page.goto(f"{server}/api/v1/docs/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kompas API")
    page.get_by_role("link", name="GET /api/v1/register").click()
    expect(page.get_by_role("heading", name="GET /api/v1/register")).to_be_visible()
    assert not [text for text in refused if "Content Security Policy" in text], refused
    shoot(page, "api-docs")
    context.close()
    checked = browser.new_context(locale="nl-BE", bypass_csp=True)
    page = checked.new_page()
    page.goto(f"{server}/api/v1/docs/")
    assert run_axe(page) == []
    checked.close()
