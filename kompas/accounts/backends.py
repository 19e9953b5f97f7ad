from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend


class PasswordBackend(ModelBackend):
    """Checks e-mail and password. Permissions are decided by ``kompas.permissions`` only."""

    def get_user(self, user_id: Any) -> Any:
        """The person signed in, with their roles, in two queries for every page. Zone and
        service are read when a page asks for them: joining them in cost every page half a
        millisecond, and most pages need only their ids."""
        from kompas.accounts.models import Person, RoleAssignment

        try:
            user = Person.objects.get(pk=user_id)
        except Person.DoesNotExist:
            return None
        # The roles as a plain query: prefetch_related's machinery cost twice the query itself.
        user.__dict__["role_assignments"] = list(RoleAssignment.objects.filter(person_id=user.pk))
        return user if self.user_can_authenticate(user) else None

    def get_user_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()

    def get_group_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        return False
