"""Shared pieces of the drills: a fresh installation, the real server, and a tiny HTTP client."""

from __future__ import annotations

import hashlib
import hmac
import http.cookiejar
import os
import re
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Installation:
    """A fresh data folder and database with the demo zone, served by gunicorn on loopback."""

    def __init__(self, workers: int = 3, threads: int = 4) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="kompas-drill-"))
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.workers, self.threads = workers, threads
        database = os.environ.get("KOMPAS_DRILL_DATABASE_URL") or (
            f"sqlite:///{self.dir / 'kompas.sqlite3'}"
        )
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("KOMPAS_")},
            "KOMPAS_HTTPS": "false",
            "KOMPAS_DATA_DIR": str(self.dir),
            "KOMPAS_DATABASE_URL": database,
            "KOMPAS_SECRET_KEY": "d" * 40 + "-drill-secret-key-0123456789",
            "KOMPAS_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "KOMPAS_SITE_URL": self.base,
        }
        self.process: subprocess.Popen[bytes] | None = None
        self.log = open(self.dir / "server.log", "ab")  # noqa: SIM115 - lives with the drill

    def run(self, *args: str) -> None:
        subprocess.run(
            [sys.executable, "-m", "kompas", *args], env=self.env, cwd=ROOT, check=True, timeout=600
        )

    def prepare(self) -> None:
        self.run("migrate", "--no-input", "-v0")
        self.run("collectstatic", "--no-input", "-v0")
        self.run("load-demo", "--quiet")

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "kompas",
                "serve",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
            ],
            env={**self.env, "KOMPAS_THREADS": str(self.threads)},
            cwd=ROOT,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.base}/health/", timeout=2):  # noqa: S310
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("the server did not start")

    def kill(self) -> None:
        """kill -9 the whole server: master and workers, mid-request."""
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
            self.process = None

    def stop(self) -> None:
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)
            self.process = None

    def django(self) -> None:
        """Use this installation's settings in the drill's own process (for checking)."""
        os.environ.update(self.env)
        os.environ["DJANGO_SETTINGS_MODULE"] = "kompas.settings"
        import django

        django.setup()


class Browser:
    """Cookies and forms, like a browser without JavaScript."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str, timeout: float = 30) -> tuple[int, str]:
        try:
            with self.opener.open(self.base + path, timeout=timeout) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")

    def post(self, path: str, data: dict[str, str], timeout: float = 60) -> tuple[int, str]:
        fields = {**data, "csrfmiddlewaretoken": self.csrf()}
        body = urllib.parse.urlencode(fields, doseq=True).encode()
        request = urllib.request.Request(self.base + path, data=body, method="POST")  # noqa: S310
        try:
            with self.opener.open(request, timeout=timeout) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")

    def csrf(self) -> str:
        for cookie in self.jar:
            if cookie.name in ("kompas_csrf", "__Host-kompas_csrf"):
                return str(cookie.value)
        return ""


def hidden(html: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]+)"', html)
    return found.group(1) if found else ""


RECEIPT = re.compile(r'<p class="receipt-code"><code>([0-9A-Z-]{24})</code>')


def demo_code(account: str) -> str:
    key = hashlib.sha256(f"kompas-demo-totp:{account}".encode()).digest()[:20]
    digest = hmac.new(key, struct.pack(">Q", int(time.time()) // 30), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"
