"""A real OpenID Connect provider on loopback for the tests (kompas/sso/tests/provider), and a
helper that signs in through it as a browser would: Kompas' test client on one side, an HTTP
session at the provider on the other."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.test import Client
from django.urls import reverse

from kompas.conftest import _free_port
from kompas.sso.tests.provider.serve import CLIENT_ID, CLIENT_SECRET

ROOT = Path(__file__).resolve().parents[3]


@dataclass
class TestProvider:
    url: str
    process: subprocess.Popen[bytes]


def start_provider(data: Path, *redirect_uris: str) -> TestProvider:
    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kompas.sso.tests.provider.serve",
            str(port),
            str(data),
            *redirect_uris,
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        env={k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    assert line.strip() == b"ready", line
    return TestProvider(f"http://127.0.0.1:{port}", process)


@pytest.fixture(scope="session")
def test_provider(tmp_path_factory: Any) -> Iterator[TestProvider]:
    provider = start_provider(
        tmp_path_factory.mktemp("provider"), "http://testserver/account/sso/callback/"
    )
    yield provider
    provider.process.terminate()
    provider.process.wait(10)


@pytest.fixture
def sso(settings: Any, test_provider: TestProvider) -> TestProvider:
    """Kompas configured for the test provider, as an operator configures it for Entra ID."""
    settings.OIDC_ISSUER = test_provider.url
    settings.OIDC_DISCOVERY_URL = ""
    settings.OIDC_CLIENT_ID = CLIENT_ID
    settings.OIDC_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_PROVIDER_NAME = "Test provider"
    settings.OIDC_SUBJECT_CLAIM = "sub"
    settings.OIDC_TIMEOUT = 5
    return test_provider


@dataclass
class Trip:
    """One sign-in through the provider: the authorisation request Kompas sent, and the
    answer that came back to Kompas."""

    authorize: dict[str, list[str]]
    callback_url: str
    response: Any


def to_provider(client: Client, next_url: str = "") -> str:
    url = reverse("sso:start") + (f"?next={next_url}" if next_url else "")
    response = client.get(url)
    assert response.status_code == 302, response.status_code
    return str(response["Location"])


def provider_answer(authorize_url: str, username: str, claims: dict[str, Any] | None = None) -> str:
    """Sign in at the provider as ``username`` and return the address it sends the browser back
    to (Kompas' callback with a code and the state)."""
    at = requests.Session()
    parts = urlsplit(authorize_url)
    base = f"{parts.scheme}://{parts.netloc}"
    first = at.get(authorize_url, allow_redirects=False, timeout=10)
    assert first.status_code == 302, first.text
    login = at.post(
        base + "/login/",
        data={
            "username": username,
            "claims": json.dumps(claims or {}),
            "next": f"{parts.path}?{parts.query}",
        },
        allow_redirects=False,
        timeout=10,
    )
    assert login.status_code == 302, login.text
    back = at.get(base + login.headers["Location"], allow_redirects=False, timeout=10)
    assert back.status_code == 302, back.text
    return str(back.headers["Location"])


def sign_in_through_provider(
    client: Client, username: str, claims: dict[str, Any] | None = None, next_url: str = ""
) -> Trip:
    authorize_url = to_provider(client, next_url)
    callback_url = provider_answer(authorize_url, username, claims)
    response = client.get(callback_url.replace("http://testserver", ""))
    return Trip(parse_qs(urlsplit(authorize_url).query), callback_url, response)
