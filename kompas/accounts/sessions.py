"""Sessions in the database, read on every page together with whom they name.

Django's own store reads a session through the ORM (compiling the same query afresh on every
request), then the authentication middleware reads the person, then django-otp the device: three
round trips before a page starts. This store keeps the person and the device a session names as
columns of the session row (`models.Session`, written from the session's data on every save) and
reads the row, the person with their roles and their zone's organisation stamp
(`kompas.accounts.organisation`) and the device in one query, written once.

What is read along is only used where the session data itself names the same person and device
(`kompas.accounts.middleware`); saving, expiry, key rotation and everything else are Django's.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import connections, router
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from kompas.accounts.backends import ROLES_HELD, role_assignments
from kompas.lib.ids import as_id


class SessionStore(DatabaseSessionStore):
    prefetched_person: Any = None
    prefetched_device: Any = None

    @classmethod
    def get_model_class(cls) -> Any:
        from kompas.accounts.models import Session

        return Session

    def create_model_instance(self, data: dict[str, Any]) -> Any:
        session: Any = super().create_model_instance(data)
        session.person_id = _number(data.get(SESSION_KEY))
        label, _sep, device = str(data.get(DEVICE_ID_SESSION_KEY, "")).rpartition("/")
        session.device_id = _number(device) if label == TOTPDevice.model_label() else None
        return session

    def _get_session_from_db(self) -> Any:
        model: Any = self.model
        using = router.db_for_read(model)
        reader = _reader(using)
        now = connections[using].ops.adapt_datetimefield_value(timezone.now())
        with connections[using].cursor() as cursor:
            cursor.execute(reader.sql, [self.session_key, now])
            row = cursor.fetchone()
        self.prefetched_person = self.prefetched_device = None
        if row is None:
            self._session_key = None
            return None
        self.prefetched_person = reader.person(row)
        self.prefetched_device = reader.device(row)
        return model(session_key=self._session_key, session_data=row[0])


def _number(value: Any) -> int | None:
    return as_id(value or "")


class _Reader:
    """The one query, and how its row becomes a person and a device as Django would build them
    (each column through the converters Django's own query applies)."""

    def __init__(self, using: str) -> None:
        from kompas.accounts.models import OrganisationStamp, Person, Session

        connection = connections[using]
        quote = connection.ops.quote_name
        self.using = using
        self.person_fields = list(Person._meta.concrete_fields)
        self.device_fields = list(TOTPDevice._meta.concrete_fields)
        columns = ["s.session_data"]
        columns += [f"p.{quote(f.column)}" for f in self.person_fields]
        columns.append(f"({ROLES_HELD[connection.vendor].format(person='p')})")
        columns.append(  # the zone's organisation stamp (kompas.accounts.organisation)
            f"(SELECT o.stamp FROM {quote(OrganisationStamp._meta.db_table)} o"  # noqa: S608  # nosec B608
            " WHERE o.zone_id = p.zone_id)"
        )
        columns += [f"d.{quote(f.column)}" for f in self.device_fields]
        # Names come from the models; key and time are parameters.
        self.sql = (
            f"SELECT {', '.join(columns)} FROM {quote(Session._meta.db_table)} s"  # noqa: S608  # nosec B608
            f" LEFT JOIN {quote(Person._meta.db_table)} p ON p.id = s.person_id"
            f" LEFT JOIN {quote(TOTPDevice._meta.db_table)} d ON d.id = s.device_id"
            " WHERE s.session_key = %s AND s.expire_date > %s"
        )
        self.person_at = 1
        self.roles_at = self.person_at + len(self.person_fields)
        self.stamp_at = self.roles_at + 1
        self.device_at = self.stamp_at + 1
        self.person_converters = _converters(self.person_fields, "p", connection)
        self.device_converters = _converters(self.device_fields, "d", connection)

    def person(self, row: tuple[Any, ...]) -> Any:
        from kompas.accounts.models import Person

        values = row[self.person_at : self.roles_at]
        if values[0] is None:
            return None
        person = Person.from_db(
            self.using,
            [f.attname for f in self.person_fields],
            _converted(values, self.person_converters, self.using),
        )
        person.__dict__["role_assignments"] = role_assignments(person.pk, row[self.roles_at])
        person.__dict__["organisation_stamp"] = row[self.stamp_at] or 0
        return person

    def device(self, row: tuple[Any, ...]) -> Any:
        values = row[self.device_at :]
        if values[0] is None:
            return None
        return TOTPDevice.from_db(
            self.using,
            [f.attname for f in self.device_fields],
            _converted(values, self.device_converters, self.using),
        )


def _converters(fields: list[Any], alias: str, connection: Any) -> list[tuple[list[Any], Any]]:
    converters = []
    for field in fields:
        column = field.get_col(alias)
        converters.append(
            (
                connection.ops.get_db_converters(column) + column.get_db_converters(connection),
                column,
            )
        )
    return converters


def _converted(
    values: tuple[Any, ...], converters: list[tuple[list[Any], Any]], using: str
) -> list[Any]:
    connection = connections[using]
    converted = []
    for value, (functions, column) in zip(values, converters, strict=True):
        for function in functions:
            value = function(value, column, connection)
        converted.append(value)
    return converted


@cache
def _reader(using: str) -> _Reader:
    return _Reader(using)
