from __future__ import annotations

from contextvars import ContextVar
from functools import cache
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db import connection
from django.db.models.expressions import RawSQL

from kompas.lib.prepared import OneByKey

# A person's roles as "role:service id" (service id empty for zone-wide roles), comma-separated,
# read with the person in one query: the roles are the only thing every page asks of them.
ROLES_HELD = {
    "postgresql": (
        "SELECT string_agg(r.role || ':' || coalesce(r.service_id::text, ''), ',')"
        " FROM accounts_roleassignment r WHERE r.person_id = {person}.id"
    ),
    "sqlite": (
        "SELECT group_concat(r.role || ':' || coalesce(r.service_id, ''), ',')"
        " FROM accounts_roleassignment r WHERE r.person_id = {person}.id"
    ),
}

# The person the request's session row was read with (kompas.accounts.sessions), set only while
# Django's get_user() runs for that request (kompas.accounts.middleware).
read_with_session: ContextVar[Any] = ContextVar("read_with_session", default=None)


def role_assignments(person_id: int, held: str | None) -> list[Any]:
    from kompas.accounts.models import RoleAssignment

    return [
        RoleAssignment(person_id=person_id, role=role, service_id=int(service) if service else None)
        for role, _sep, service in (item.partition(":") for item in (held or "").split(",") if item)
    ]


def with_roles(people: Any) -> Any:
    """People read with their roles in the same query (see `settle_roles`)."""
    # Constant SQL (above), no value in it at all.
    sql = ROLES_HELD[connection.vendor].format(person="accounts_person")
    return people.annotate(roles_held_text=RawSQL(sql, ()))  # noqa: S611  # nosec B611


def settle_roles(person: Any) -> Any:
    """A person read `with_roles`, their roles turned into the role assignments every
    permission check reads (`Person.role_assignments`)."""
    held = person.__dict__.pop("roles_held_text")
    person.__dict__["role_assignments"] = role_assignments(person.pk, held)
    return person


@cache
def _person_with_roles() -> OneByKey[Any]:
    from kompas.accounts.models import Person

    return OneByKey(Person, lambda: with_roles(Person.objects.all()))


class PasswordBackend(ModelBackend):
    """Checks e-mail and password. Permissions are decided by ``kompas.permissions`` only."""

    def get_user(self, user_id: Any) -> Any:
        """The person signed in, with their roles: on a page, read with the session row in the
        same query; elsewhere in one query that Django compiled once (kompas.lib.prepared). Zone
        and service are read when a page asks for them: joining them in cost every page half a
        millisecond, and most pages need only their ids."""
        user = read_with_session.get()
        if user is None or str(user.pk) != str(user_id):
            user = _person_with_roles().get(user_id)
            if user is None:
                return None
            settle_roles(user)
        return user if self.user_can_authenticate(user) else None

    def get_user_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()

    def get_group_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        return False
