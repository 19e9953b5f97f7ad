"""Shared pieces of the drills: a fresh installation, the real servers and worker, a real SMTP
sink, and a tiny HTTP client."""

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
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from email import message_from_bytes
from email.message import Message
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Installation:
    """A fresh data folder and database with the demo zone, served by gunicorn on loopback.

    ``servers`` app servers (`kompas serve`, each on its own port, `bases`) share the database,
    the data folder and, with ``cache_url``, one Redis; `start_worker` runs `kompas worker`."""

    def __init__(
        self, workers: int = 3, threads: int = 4, servers: int = 1, cache_url: str = ""
    ) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="kompas-drill-"))
        self.ports = [free_port() for _ in range(servers)]
        self.bases = [f"http://127.0.0.1:{port}" for port in self.ports]
        self.port, self.base = self.ports[0], self.bases[0]
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
        if cache_url:
            self.env["KOMPAS_CACHE_URL"] = cache_url
        self.processes: list[subprocess.Popen[bytes]] = []
        self.worker: subprocess.Popen[bytes] | None = None
        self.log = open(self.dir / "server.log", "ab")  # noqa: SIM115 - lives with the drill

    def run(self, *args: str) -> None:
        subprocess.run(
            [sys.executable, "-m", "kompas", *args], env=self.env, cwd=ROOT, check=True, timeout=600
        )

    def prepare(self) -> None:
        self.run("migrate", "--no-input", "-v0")
        self.run("collectstatic", "--no-input", "-v0")
        self.run("load-demo", "--quiet")

    def _spawn(self, *args: str) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [sys.executable, "-m", "kompas", *args],
            env={**self.env, "KOMPAS_THREADS": str(self.threads)},
            cwd=ROOT,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def start(self) -> None:
        """Start every app server and wait until each answers."""
        self.processes = [
            self._spawn("serve", "--bind", f"127.0.0.1:{port}", "--workers", str(self.workers))
            for port in self.ports
        ]
        for base in self.bases:
            deadline = time.monotonic() + 60
            while True:
                try:
                    with urllib.request.urlopen(f"{base}/health/", timeout=2):  # noqa: S310
                        break
                except OSError:
                    if time.monotonic() > deadline:
                        raise RuntimeError(f"the server on {base} did not start") from None
                    time.sleep(0.1)

    def start_worker(self) -> None:
        """`kompas worker --with-schedule`, as in production: mails and the daily jobs."""
        self.worker = self._spawn("worker", "--with-schedule")

    def kill(self) -> None:
        """kill -9 every server: master and workers, mid-request."""
        for process in self.processes:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        self.processes = []

    def stop_servers(self) -> None:
        for process in self.processes:
            os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            process.wait(timeout=30)
        self.processes = []

    def stop(self) -> None:
        """Stop the servers and the worker (which ends the task it runs first)."""
        self.stop_servers()
        if self.worker is not None:
            os.killpg(self.worker.pid, signal.SIGTERM)
            self.worker.wait(timeout=60)
            self.worker = None

    def django(self) -> None:
        """Use this installation's settings in the drill's own process (for checking)."""
        os.environ.update(self.env)
        os.environ["DJANGO_SETTINGS_MODULE"] = "kompas.settings"
        import django

        django.setup()


class SmtpSink:
    """A real SMTP server on loopback (aiosmtpd) that keeps every mail it accepts; `stop` closes
    its port (a mail server that is down: connections are refused) and `start` opens it again."""

    def __init__(self) -> None:
        self.host, self.port = "127.0.0.1", free_port()
        self.messages: list[Message] = []
        self.lock = threading.Lock()
        self.controller: Any = None

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self.lock:
            self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        self.controller = Controller(self, hostname=self.host, port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def received(self) -> list[Message]:
        with self.lock:
            return list(self.messages)


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
