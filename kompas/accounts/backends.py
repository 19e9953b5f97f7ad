from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db import connection
from django.db.models.expressions import RawSQL

# A person's roles as "role:service id" (service id empty for zone-wide roles), comma-separated,
# for lists of people read with their roles in one query (`with_roles`).
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


def signed_in(user_id: Any) -> Any:
    """The person of a session, as Django's `ModelBackend.get_user` reads them (none once
    inactive), through SQL compiled once (`kompas.lib.prepared`): this read runs on every
    page of everyone signed in."""
    from kompas.accounts.models import PERSON_BY_KEY

    try:
        pk = int(user_id)
    except (TypeError, ValueError):
        return None
    person = PERSON_BY_KEY.get(pk)
    return person if person is not None and person.is_active else None


class PasswordBackend(ModelBackend):
    """Checks e-mail and password. Permissions are decided by ``kompas.permissions`` only.

    The person signed in is read on every page (`signed_in`); their roles and their zone's
    organisation stamp when the page first asks for them (`Person.role_assignments`,
    `Person.organisation_stamp`), one plain query each: reading them along with the person
    (`prefetch_related`, a subquery) cost Django more than it saved (measured:
    accounts/README.md)."""

    def get_user(self, user_id: Any) -> Any:
        return signed_in(user_id)

    def get_user_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()

    def get_group_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        return False
