"""Headers, CSP and production settings: what a security reviewer checks first."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from kompas.testing import sign_in

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]


def test_pages_carry_a_strict_content_security_policy(client: Client, personas) -> None:
    sign_in(client, personas.member)
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'none'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Cache-Control"] == "no-store"


def test_pages_have_no_inline_script_and_no_third_party_resource(client: Client, personas) -> None:
    sign_in(client, personas.member)
    for url in ("/", reverse("accounts:profile"), reverse("accounts:organisation")):
        html = client.get(url).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), url
        assert not re.search(r"\son[a-z]+\s*=", html), url  # no inline event handlers
        for ref in re.findall(r'(?:src|href)="([^"]+)"', html):
            assert ref.startswith(("/", "#", "?")), (url, ref)


def test_the_sign_in_page_works_for_anonymous_visitors(client: Client, db) -> None:
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert 'autocomplete="current-password"' in response.content.decode()


def test_health_answers_without_signing_in(client: Client, db) -> None:
    assert client.get(reverse("front:health")).json() == {"status": "ok"}


def _production_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KOMPAS_")}
    env.update(
        {
            "KOMPAS_SECRET_KEY": "p" * 20
            + "-production-secret-key-for-the-deploy-check-0123456789",
            "KOMPAS_ALLOWED_HOSTS": "kompas.pz.example",
            "KOMPAS_DATA_DIR": str(tmp_path),
            "DJANGO_SETTINGS_MODULE": "kompas.settings",
        }
    )
    return env


def test_the_deploy_check_finds_nothing_with_production_settings(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "kompas", "check", "--deploy", "--fail-level", "WARNING"],
        env=_production_env(tmp_path),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_debug_is_off_and_cookies_are_secure_by_default(tmp_path: Path) -> None:
    code = (
        "from django.conf import settings as s;"
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY,"
        " s.SESSION_COOKIE_SAMESITE, s.SESSION_COOKIE_NAME, s.SECURE_SSL_REDIRECT)"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env=_production_env(tmp_path),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.split() == [
        "False",
        "True",
        "True",
        "True",
        "Lax",
        "__Host-kompas_session",
        "True",
    ], result.stderr


def test_a_bad_setting_stops_the_start(tmp_path: Path) -> None:
    env = _production_env(tmp_path) | {"KOMPAS_DEBUG": "maybe"}
    result = subprocess.run(
        [sys.executable, "-m", "kompas", "check"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "KOMPAS_DEBUG must be true or false" in result.stderr


def _seen_on_postgresql(tmp_path: Path, code: str, extras: list[dict[str, str]]) -> list[Any]:
    """What ``code`` prints of the production settings on PostgreSQL, once per set of extra
    variables (or the last line of the error that stopped it)."""
    base = _production_env(tmp_path) | {
        "KOMPAS_DATABASE_URL": "postgresql://kompas@db.example:5432/kompas"
    }
    seen = []
    for extra in extras:
        result = subprocess.run(
            [sys.executable, "-c", f"import django; django.setup(); {code}"],
            env=base | extra,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        seen.append(result.stdout.split() or result.stderr.strip().splitlines()[-1])
    return seen


def test_database_connections_are_kept_and_checked_before_use(tmp_path: Path) -> None:
    """A server thread keeps its PostgreSQL connection ten minutes by default (a new one is slow
    for its first pages), checks it before each request, and the age can be set."""
    seen = _seen_on_postgresql(
        tmp_path,
        "from django.conf import settings as s; d = s.DATABASES['default'];"
        "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])",
        [{}, {"KOMPAS_DB_CONN_MAX_AGE": "0"}, {"KOMPAS_DB_CONN_MAX_AGE": "-1"}],
    )
    assert seen[0] == ["600", "True"]
    assert seen[1] == ["0", "True"]
    assert "KOMPAS_DB_CONN_MAX_AGE must be at least 0" in seen[2]


def test_postgresql_statements_are_prepared_unless_turned_off(tmp_path: Path) -> None:
    """Values are bound by the server and a statement run twice is prepared; a threshold of 0
    (for a pooler in transaction mode) sends statements as before."""
    seen = _seen_on_postgresql(
        tmp_path,
        "from django.conf import settings as s; o = s.DATABASES['default']['OPTIONS'];"
        "print(o.get('server_side_binding'), o.get('prepare_threshold'), s.PG_PREPARED_MAX)",
        [
            {},
            {"KOMPAS_PG_PREPARE_THRESHOLD": "0"},
            {"KOMPAS_PG_PREPARE_THRESHOLD": "5", "KOMPAS_PG_PREPARED_MAX": "50"},
            {"KOMPAS_PG_PREPARE_THRESHOLD": "-1"},
        ],
    )
    assert seen[0] == ["True", "2", "500"]
    assert seen[1] == ["None", "None", "500"]
    assert seen[2] == ["True", "5", "50"]
    assert "KOMPAS_PG_PREPARE_THRESHOLD must be at least 0" in seen[3]


def test_a_secret_can_come_from_a_file(tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.write_text("f" * 60)
    env = _production_env(tmp_path)
    del env["KOMPAS_SECRET_KEY"]
    env["KOMPAS_SECRET_KEY_FILE"] = str(secret)
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; print(settings.SECRET_KEY)",
        ],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.strip() == "f" * 60, result.stderr


def test_static_files_collect_into_a_manifest_for_whitenoise(tmp_path: Path, settings) -> None:
    from django.core.management import call_command

    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--no-input", verbosity=0)
    names = (tmp_path / "staticfiles.json").read_text()
    assert "kompas/css/kompas.css" in names
    assert "kompas/js/htmx-2.0.11.min.js" in names


def test_a_nul_character_in_a_request_is_refused_before_any_view(client: Client, personas) -> None:
    """No form sends one and PostgreSQL cannot compare or store one: a search or a field with
    it gets a translated 400 page and nothing is saved, instead of failing in the database."""
    from kompas.accounts.roles import Role
    from kompas.audit.models import AuditEvent
    from kompas.testing import sign_in

    sign_in(client, personas[Role.HR])
    before = AuditEvent.objects.count()
    for address, data in (
        (reverse("accounts:people"), {"q": "Mi\x00la"}),
        (reverse("audit:log"), {"action": "\x00"}),
        (reverse("accounts:people"), {"q\x00": "Mila"}),
    ):
        response = client.get(address, data)
        assert response.status_code == 400, address
        assert "De aanvraag kon niet gelezen worden" in response.content.decode()
    response = client.post(reverse("accounts:profile"), {"language": "fr\x00"})
    assert response.status_code == 400
    assert AuditEvent.objects.count() == before  # no view ran
    assert client.get(reverse("accounts:people"), {"q": "Mila"}).status_code == 200


def test_after_a_form_only_a_path_on_this_site_is_followed(rf) -> None:
    from kompas.lib.http import safe_next

    request = rf.get("/", HTTP_HOST="127.0.0.1")
    for target in ("/registers/", "/cases/?late=1"):
        assert safe_next(request, target, "/home/") == target
    for target in (
        "",
        "cases",
        "front:home",
        "https://evil.example/",
        "//evil.example/",
        "/\\evil",
    ):
        assert safe_next(request, target, "/home/") == "/home/", target
