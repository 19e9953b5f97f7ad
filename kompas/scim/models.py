"""What SCIM adds to a person or a service: the identifier the provisioning system knows it by.

A SCIM client (Entra ID, an HR system) may send an ``externalId`` with a User or a Group and look
the resource up by it later. Kompas keeps it beside the person or service, unique in the zone.
Everything else a User or Group holds is the person's or service's own fields
(`kompas.scim.resources`).
"""

from __future__ import annotations

from django.db import models

from kompas.accounts.models import Person, Service, Zone


class UserLink(models.Model):
    """The provisioning system's own identifier of a person of the zone."""

    zone = models.ForeignKey(Zone, on_delete=models.PROTECT, related_name="+")
    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="scim")
    external_id = models.CharField(max_length=200)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "external_id"], name="scim_user_external_id_unique_in_zone"
            )
        ]

    def __str__(self) -> str:
        return self.external_id


class GroupLink(models.Model):
    """The provisioning system's own identifier of a service of the zone (a SCIM Group)."""

    zone = models.ForeignKey(Zone, on_delete=models.PROTECT, related_name="+")
    service = models.OneToOneField(Service, on_delete=models.CASCADE, related_name="scim")
    external_id = models.CharField(max_length=200)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "external_id"], name="scim_group_external_id_unique_in_zone"
            )
        ]

    def __str__(self) -> str:
        return self.external_id
