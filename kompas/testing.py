"""Factory functions and helpers for the test suites of every app."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from kompas.accounts.models import Cadre, EmploymentStatus, Person, RoleAssignment, Service, Zone
from kompas.accounts.roles import SERVICE_ROLES, Role

PASSWORD = "correct horse battery staple"
_numbers = itertools.count(1)


# What Jinja2 writes for a method left uncalled, a tag or text left unconverted, a missing value.
LEFTOVERS = ("bound method", "{%", "{{", "%(", "Undefined", "<function ")


def assert_written(html: str, where: object = "", *stricter: str) -> str:
    """A page written whole: nothing of a template's own syntax left in it (`stricter`: more
    that a page must not show, such as a None written as text). Returns the HTML."""
    for leftover in (*LEFTOVERS, *stricter):
        assert leftover not in html, (where, leftover)
    return html


def make_zone(name: str = "PZ Test", code: str | None = None) -> Zone:
    return Zone.objects.create(name=name, code=code or f"zone-{next(_numbers)}")


def make_service(zone: Zone, name: str = "Interventie", parent: Service | None = None) -> Service:
    return Service.objects.create(zone=zone, name=name, parent=parent, code=f"s-{next(_numbers)}")


def make_person(
    zone: Zone,
    *,
    roles: tuple[str, ...] = (),
    service: Service | None = None,
    leader: Person | None = None,
    first_name: str = "Test",
    last_name: str | None = None,
    language: str = "nl",
    **fields: Any,
) -> Person:
    number = next(_numbers)
    person = Person(
        zone=zone,
        email=fields.pop("email", f"person{number}@example.test"),
        staff_number=fields.pop("staff_number", f"T{number:05d}"),
        first_name=first_name,
        last_name=last_name or f"Person{number}",
        cadre=fields.pop("cadre", Cadre.OPERATIONAL),
        status=fields.pop("status", EmploymentStatus.STATUTORY),
        service=service,
        leader=leader,
        language=language,
        **fields,
    )
    person.set_password(PASSWORD)
    person.save()
    for role in roles:
        RoleAssignment.objects.create(
            person=person, role=role, service=service if role in SERVICE_ROLES else None
        )
    return person


def give_device(person: Person) -> TOTPDevice:
    return TOTPDevice.objects.create(user=person, name="test", confirmed=True)


def current_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def sign_in(client: Client, person: Person, *, verified: bool | None = None) -> Client:
    """Sign a person in; holders of sensitive roles are also verified with a device by default."""
    client.force_login(person)
    if verified is None:
        verified = person.needs_second_factor
    if verified:
        device = TOTPDevice.objects.filter(user=person, confirmed=True).first() or give_device(
            person
        )
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


ALL_ROLES = tuple(Role)


@contextmanager
def beside(work: Callable[[], None], *, release: threading.Event) -> Iterator[None]:
    """Run ``work`` in another thread, on its own database connection, while the block runs
    (a transaction that holds a lock, say); at the end set ``release``, wait for the thread
    and raise what ``work`` raised. For PostgreSQL tests that commit (transaction=True)."""
    from django.db import connections

    failures: list[BaseException] = []

    def run() -> None:
        try:
            work()
        except BaseException as error:  # raised again below, in the test's own thread
            failures.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    try:
        yield
    finally:
        release.set()
        thread.join()
    if failures:
        raise failures[0]


def end_of_day() -> int:
    """Let today end for the audit log: every held event joins the chain (as `kompas end-of-day`
    does after midnight for the days before)."""
    from datetime import timedelta

    from kompas.audit.services import release_held
    from kompas.lib import clock

    return release_held(before=clock.today() + timedelta(days=1))


def session_row() -> tuple[Any, ...]:
    """The only session as someone with a copy of the database and of the cache reads it: key,
    expiry and data of its row, then its entry in the cache (Django's `cached_db` sessions write
    both whenever the session is saved)."""
    from django.conf import settings
    from django.contrib.sessions.backends.cached_db import KEY_PREFIX
    from django.contrib.sessions.models import Session
    from django.core.cache import caches

    key, expires, data = Session.objects.values_list(
        "session_key", "expire_date", "session_data"
    ).get()
    return key, expires, data, caches[settings.SESSION_CACHE_ALIAS].get(KEY_PREFIX + key)


def idle_timeout_due(client: Client, monkeypatch: Any) -> tuple[Any, ...]:
    """For a member with a sensitive role signed in on ``client``: their session row after a
    page, then the clock moved past the minute after which the next page slides its idle
    timeout."""
    import time

    from django.urls import reverse

    client.get(reverse("front:home"))
    before = session_row()
    later = time.time() + 120
    monkeypatch.setattr(time, "time", lambda: later)
    return before


class PageCounts:
    """The queries each page costs, asked by whom it names, the second time it is asked (the
    first fills what a page keeps): ``counts(pages)`` for [(person, url), ...]. Each person
    signs in once, so that measuring again after the data grew compares like with like."""

    def __init__(self) -> None:
        self.clients: dict[int, Client] = {}

    def __call__(self, pages: list[tuple[Person, str]]) -> list[int]:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        found = []
        for person, url in pages:
            client = self.clients.get(person.pk)
            if client is None:
                client = self.clients[person.pk] = sign_in(Client(), person)
            client.get(url)
            with CaptureQueriesContext(connection) as queries:
                status = client.get(url).status_code
            assert status == 200, (url, status)
            found.append(len(queries))
        return found
