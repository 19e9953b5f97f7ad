from __future__ import annotations

from functools import cache
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db import connection
from django.db.models.expressions import RawSQL

from kompas.lib.prepared import OneByKey

# A person's roles as "role:service id" (service id empty for zone-wide roles), comma-separated,
# read with the person in one query: the roles are the only thing every page asks of them.
_ROLES_HELD = {
    "postgresql": (
        "SELECT string_agg(r.role || ':' || coalesce(r.service_id::text, ''), ',')"
        " FROM accounts_roleassignment r WHERE r.person_id = accounts_person.id"
    ),
    "sqlite": (
        "SELECT group_concat(r.role || ':' || coalesce(r.service_id, ''), ',')"
        " FROM accounts_roleassignment r WHERE r.person_id = accounts_person.id"
    ),
}


@cache
def _person_with_roles() -> OneByKey[Any]:
    from kompas.accounts.models import Person

    def build() -> Any:
        # Constant SQL (above), no value in it at all.
        roles_held = RawSQL(_ROLES_HELD[connection.vendor], ())  # noqa: S611  # nosec B611
        return Person.objects.annotate(roles_held_text=roles_held)

    return OneByKey(Person, build)


class PasswordBackend(ModelBackend):
    """Checks e-mail and password. Permissions are decided by ``kompas.permissions`` only."""

    def get_user(self, user_id: Any) -> Any:
        """The person signed in, with their roles, in one query that Django compiled once (it
        runs on every page; kompas.lib.prepared). Zone and service are read when a page asks for
        them: joining them in cost every page half a millisecond, and most pages need only
        their ids."""
        from kompas.accounts.models import RoleAssignment

        user = _person_with_roles().get(user_id)
        if user is None:
            return None
        held = user.__dict__.pop("roles_held_text") or ""
        user.__dict__["role_assignments"] = [
            RoleAssignment(
                person_id=user.pk, role=role, service_id=int(service) if service else None
            )
            for role, _sep, service in (item.partition(":") for item in held.split(",") if item)
        ]
        return user if self.user_can_authenticate(user) else None

    def get_user_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()

    def get_group_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        return False
