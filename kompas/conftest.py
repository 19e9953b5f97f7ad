"""Shared fixtures: fast hashing, plain static files, a real SMTP sink, and the zone's personas."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from kompas.accounts.roles import Role
from kompas.testing import make_person, make_service, make_zone


@pytest.fixture(autouse=True)
def _test_settings(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.KDF_STRENGTH = "min"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # The test run's own cache (the files of the default are shared by every run on the machine).
    memory = "django.core.cache.backends.locmem.LocMemCache"
    settings.CACHES = {
        "default": {"BACKEND": memory},
        "throttle": {"BACKEND": memory, "LOCATION": "throttle"},
    }
    from django.core.cache import caches

    caches["default"].clear()
    caches["throttle"].clear()  # counted figures and throttles start afresh in every test


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Every test starts in the zone's default language: a request in another language leaves
    it active in the thread afterwards (as each request of a server sets its own), which would
    otherwise carry into the next test run by the same worker."""
    from django.conf import settings as django_settings
    from django.utils import translation

    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@dataclass
class SmtpSink:
    """A real SMTP server on the loopback that keeps what it receives."""

    host: str
    port: int
    messages: list[Message] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"

    def wait_for(self, count: int = 1, timeout: float = 5.0) -> list[Message]:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.messages


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def _smtp_server() -> Iterator[SmtpSink]:
    sink = SmtpSink("127.0.0.1", _free_port())
    controller = Controller(sink, hostname=sink.host, port=sink.port)
    controller.start()
    yield sink
    controller.stop()


@pytest.fixture(autouse=True)
def mailbox(_smtp_server: SmtpSink, settings: Any) -> SmtpSink:
    """Every test sends its mail through SMTP to the sink, never to a real server; a mail's task
    runs when its transaction commits (tests of the queue itself use the database backend)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "kompas.lib.mail.SMTPBackend"
    settings.EMAIL_HOST = _smtp_server.host
    settings.EMAIL_PORT = _smtp_server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    _smtp_server.messages.clear()
    return _smtp_server


@dataclass
class Personas:
    """A small zone with one holder of every role, a plain member, and an outsider."""

    zone: Any
    service: Any
    team: Any
    by_role: dict[str, Any]
    member: Any
    outsider: Any
    outsider_admin: Any

    def __getitem__(self, role: str) -> Any:
        return self.by_role[role]


@pytest.fixture
def personas(db: None) -> Personas:
    zone = make_zone("PZ Heist-test", "pz-test")
    service = make_service(zone, "Operaties")
    team = make_service(zone, "Interventie", parent=service)
    by_role = {}
    for role in Role:
        where = team if role in (Role.COORDINATOR,) else service
        by_role[role.value] = make_person(
            zone, roles=(role,), service=where, first_name=role.value.replace("_", " ").title()
        )
    member = make_person(zone, service=team, leader=by_role[Role.COORDINATOR], first_name="Mila")
    other_zone = make_zone("PZ Elders", "pz-elders")
    outsider = make_person(other_zone, first_name="Otto")
    outsider_admin = make_person(other_zone, roles=(Role.ADMIN, Role.HR), first_name="Olga")
    return Personas(zone, service, team, by_role, member, outsider, outsider_admin)
