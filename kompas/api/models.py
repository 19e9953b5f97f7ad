"""Tokens that let another system of the zone call the API."""

from __future__ import annotations

import hashlib
import secrets
from datetime import date

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kompas.accounts.models import Person, Zone
from kompas.api.scopes import Scope

# What every token starts with: a secret scanner (or a person) recognises one in a log or a
# repository by it.
PREFIX = "kompas_"


def hashed(secret: str) -> str:
    """The SHA-256 of a token as stored: a token is 256 random bits, so a plain hash is as good
    as a slow one (nobody guesses 2^256), and it can be looked up by an index."""
    return hashlib.sha256(secret.encode()).hexdigest()


def new_secret() -> str:
    return PREFIX + secrets.token_urlsafe(32)


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def of_zone(self, zone_id: int) -> ApiTokenQuerySet:
        return self.filter(zone_id=zone_id)

    def usable(self, on: date) -> ApiTokenQuerySet:
        """Not revoked, and not past the day it expires (it works through that day)."""
        return self.filter(revoked_at__isnull=True).filter(
            Q(expires_on__isnull=True) | Q(expires_on__gte=on)
        )


class ApiToken(models.Model):
    """A zone's token for another system (HR, IT, a data warehouse), with the scopes it may use.

    Only the SHA-256 of the token is kept (`key_hash`); the token itself is shown once, when it
    is made (`kompas.api.tokens.create_token`). ``hint`` is the start of it, so that the
    administrator can tell tokens apart. A revoked token stays, so that the audit log's calls
    keep naming a token that the page still lists."""

    zone = models.ForeignKey(Zone, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=100)
    hint = models.CharField(max_length=20)
    key_hash = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(default=list)
    created_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The day it was last used (moved at most once a day: every call is in the audit log).
    last_used_on = models.DateField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    def allows(self, scope: str) -> bool:
        return scope in self.scopes

    def is_usable(self, on: date) -> bool:
        return self.revoked_at is None and (self.expires_on is None or self.expires_on >= on)

    def scope_labels(self) -> list[str]:
        return [str(Scope(scope).label) for scope in self.scopes if scope in Scope.values]
