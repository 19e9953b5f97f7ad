from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db import connection
from django.db.models import OuterRef, Subquery
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce

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


class PasswordBackend(ModelBackend):
    """Checks e-mail and password. Permissions are decided by ``kompas.permissions`` only."""

    def get_user(self, user_id: Any) -> Any:
        """The person signed in (Django's `AuthenticationMiddleware` asks on every page), read
        afresh: with their zone's organisation stamp (`kompas.accounts.organisation`) in the same
        query, then their roles, the one thing every page asks of them. Zone and service are read
        only by the pages that show them."""
        from kompas.accounts.models import OrganisationStamp, Person

        stamp = OrganisationStamp.objects.filter(zone_id=OuterRef("zone_id")).values("stamp")
        # The annotation fills the person's cached property `organisation_stamp` as it is read.
        people = Person.objects.annotate(
            organisation_stamp=Coalesce(Subquery(stamp[:1]), 0)  # type: ignore[no-redef]
        )
        try:
            user = people.prefetch_related("roles_held").get(pk=user_id)
        except Person.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    def get_user_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()

    def get_group_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        return False
