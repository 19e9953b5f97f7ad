"""End-to-end fixtures: the real app under gunicorn on a fresh database, and Debian's Chromium.

The server is started once per run with the demo zone loaded, exactly as `make demo` does, on a
free port of 127.0.0.1. Browsers are Playwright contexts on /usr/bin/chromium; no browser download.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import socket
import struct
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "build" / "screenshots"
CHROMIUM = os.environ.get("KOMPAS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]
DEMO_PASSWORD = "Kompas-demo-2026"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# The zone's own website, which frames the public form (e2e/test_embedded_form.py): localhost is
# another site than 127.0.0.1 for the browser, which sends the framed form none of our cookies.
ZONE_SITE_PORT = free_port()
ZONE_SITE = f"http://localhost:{ZONE_SITE_PORT}"


@contextmanager
def serve_demo(
    data_dir: Path, host: str = "127.0.0.1", port: int | None = None, **settings: str
) -> Iterator[str]:
    """The demo zone set up as `make demo` does (migrate, collectstatic, load-demo) in data_dir
    and served by `kompas serve` on a free port of 127.0.0.1, reached by `host` (passkeys need a
    host name: an IP address cannot be a relying party), on `port` where a neighbour must know
    it first. `settings` are extra KOMPAS_ variables. Yields the site's base address; the server
    is stopped on leaving."""
    port = port or free_port()
    base = f"http://{host}:{port}"
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
        "KOMPAS_HTTPS": "false",
        "KOMPAS_DATA_DIR": str(data_dir),
        "KOMPAS_DATABASE_URL": f"sqlite:///{data_dir / 'kompas.sqlite3'}",
        "KOMPAS_EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        "KOMPAS_ALLOWED_HOSTS": host,
        "KOMPAS_SITE_URL": base,
        **settings,
    }
    kompas = [sys.executable, "-m", "kompas"]
    for command in (
        ["migrate", "--no-input", "-v0"],
        ["collectstatic", "--no-input", "-v0"],
        ["load-demo", "--quiet"],
    ):
        subprocess.run([*kompas, *command], env=env, check=True, cwd=ROOT, timeout=300)
    with open(data_dir / "server.log", "w") as log:
        process = subprocess.Popen(
            [*kompas, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
            env=env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            for _ in range(100):
                try:
                    with urllib.request.urlopen(f"{base}/health/", timeout=2) as answer:  # noqa: S310
                        if answer.status == 200:
                            break
                except OSError:
                    time.sleep(0.2)
            else:
                raise RuntimeError((data_dir / "server.log").read_text())
            yield base
        finally:
            process.terminate()
            process.wait(timeout=20)


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve_demo(tmp_path_factory.mktemp("kompas-e2e"), KOMPAS_EMBED_ORIGINS=ZONE_SITE) as base:
        yield base


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    made = browser.new_context(locale="nl-BE", viewport={"width": 1280, "height": 900})
    yield made
    made.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


def demo_code(account: str) -> str:
    """The current TOTP code of a demo account (its key is derived as in accounts/demo.py)."""
    key = hashlib.sha256(f"kompas-demo-totp:{account}".encode()).digest()[:20]
    counter = int(time.time()) // 30
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


_signed_in: dict[str, Any] = {}


def sign_in(browser: Browser, base: str, account: str, **context_options: Any) -> BrowserContext:
    """A browser context signed in as a demo account. Each account signs in (and uses its TOTP
    code) once per run; later contexts reuse its cookies, as a returning browser would."""
    options = {"locale": "nl-BE", "viewport": {"width": 1280, "height": 900}, **context_options}
    if account in _signed_in:
        return browser.new_context(storage_state=_signed_in[account], **options)
    context = browser.new_context(**options)
    page = context.new_page()
    page.goto(f"{base}/account/sign-in/")
    page.get_by_label("E-mailadres").fill(f"{account}@demo.kompas.test")
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    if "/two-step/verify/" in page.url:
        page.get_by_label("Code van zes cijfers").fill(demo_code(account))
        page.get_by_role("button", name="Bevestigen").click()
    page.wait_for_url(f"{base}/")
    _signed_in[account] = context.storage_state()
    page.close()
    return context


def shoot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
