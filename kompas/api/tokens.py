"""Making, revoking and finding API tokens. Each change checks its rule, changes and audits in one
transaction."""

from __future__ import annotations

import hmac
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kompas.accounts.models import Person
from kompas.accounts.roles import Role
from kompas.api.models import PREFIX, ApiToken, hashed, new_secret
from kompas.api.scopes import Scope
from kompas.audit.services import record
from kompas.lib import clock

# A token is PREFIX and 43 characters of base64url; anything much longer is not one of ours.
LONGEST = len(PREFIX) + 64


@transaction.atomic
def create_token(
    *, by: Person, name: str, scopes: list[str], expires_on: date | None = None
) -> tuple[ApiToken, str]:
    """A new token of the administrator's zone; returns it with the secret, which is shown once
    and never stored (only its hash is)."""
    if not by.has_perm("api.manage_tokens"):
        raise PermissionDenied
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name.")})
    chosen = [scope for scope in Scope.values if scope in scopes]
    if not chosen or len(chosen) != len(set(scopes)):
        raise ValidationError({"scopes": _("Choose at least one scope.")})
    if expires_on is not None and expires_on < clock.today():
        raise ValidationError({"expires_on": _("The day it expires cannot lie in the past.")})
    secret = new_secret()
    token = ApiToken.objects.create(
        zone_id=by.zone_id,
        name=name[:100],
        hint=secret[: len(PREFIX) + 4],
        key_hash=hashed(secret),
        scopes=chosen,
        created_by=by,
        expires_on=expires_on,
    )
    record(
        "api.token_created",
        actor=by,
        role=Role.ADMIN,
        obj=token,
        detail={
            "scopes": ",".join(chosen),
            "expires_on": expires_on.isoformat() if expires_on else None,
        },
    )
    return token, secret


@transaction.atomic
def revoke_token(*, by: Person, token: ApiToken) -> None:
    """Stop a token at once; a revoked token is kept (the audit log names it) and stays revoked."""
    if not by.has_perm("api.manage_tokens", token):
        raise PermissionDenied
    token = ApiToken.objects.select_for_update(no_key=True).get(pk=token.pk)
    if token.revoked_at is not None:
        return
    token.revoked_at = timezone.now()
    token.revoked_by = by
    token.save(update_fields=["revoked_at", "revoked_by"])
    record("api.token_revoked", actor=by, role=Role.ADMIN, obj=token)


def find_token(secret: str) -> ApiToken | None:
    """The usable token whose secret this is (not revoked, not expired), else None."""
    if not secret.startswith(PREFIX) or len(secret) > LONGEST:
        return None
    digest = hashed(secret)
    token = ApiToken.objects.filter(key_hash=digest).first()
    # The index finds it; the comparison that decides is made in constant time all the same.
    if token is None or not hmac.compare_digest(token.key_hash, digest):
        return None
    if not token.is_usable(clock.today()):
        return None
    return token


def note_use(token: ApiToken) -> None:
    """The day the token was last used, written at most once a day."""
    today = clock.today()
    if token.last_used_on != today:
        ApiToken.objects.filter(pk=token.pk).update(last_used_on=today)
        token.last_used_on = today
