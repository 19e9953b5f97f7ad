"""How the zone's people sign in through the provider: their linked identities, the zone's
choices, and provider groups that give Kompas roles."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device

from kompas.accounts.models import Person, RoleAssignment, Service, Zone
from kompas.accounts.roles import SENSITIVE_ROLES, Role
from kompas.reporting.keys import HANDLER_ROLES


class ZoneSignIn(models.Model):
    """The zone's sign-in choices, set by the functional administrator (audited). A zone
    without a row has the defaults: password sign-in on, nothing taken from the provider on
    trust."""

    zone = models.OneToOneField(Zone, on_delete=models.CASCADE, related_name="+")
    password_allowed = models.BooleanField(
        _("people may also sign in with a password"), default=True
    )
    provider_second_step = models.BooleanField(
        _("accept the provider's second step (its amr claim) as Kompas' own"), default=False
    )
    link_by_email = models.BooleanField(
        _("link a first sign-in to the person with the same verified e-mail address"),
        default=False,
    )
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("sign-in choices")

    def __str__(self) -> str:
        return f"sign-in choices of zone {self.zone_id}"

    @classmethod
    def of_zone(cls, zone_id: int) -> ZoneSignIn:
        """The zone's choices (the defaults, unsaved, when never changed)."""
        return cls.objects.filter(zone_id=zone_id).first() or cls(zone_id=zone_id)


class Identity(models.Model):
    """A person's account at the provider, named by what never changes there: the issuer and
    the subject (``sub``, or Entra ID's ``oid``). Never an e-mail address, which can change
    hands."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    issuer = models.CharField(max_length=300)
    subject = models.CharField(max_length=255)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("identity at the provider")
        verbose_name_plural = _("identities at the provider")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="identity_unique"),
            models.UniqueConstraint(fields=["person", "issuer"], name="identity_one_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.issuer} {self.subject}"


# Roles a provider group may give. Sensitive roles (reports, cases, people data) and handler roles
# (those that hold a handler key and receive reports, the chief among them: the reporting channel
# falls back to the chief) are granted by hand only: whoever manages the groups at the provider
# would otherwise open the cases, or have reports sent to them.
UNMAPPABLE_ROLES = SENSITIVE_ROLES | HANDLER_ROLES
MAPPABLE_ROLES = [(role.value, role.label) for role in Role if role not in UNMAPPABLE_ROLES]


class RoleMappingQuerySet(models.QuerySet["RoleMapping"]):
    def of_zone(self, zone_id: int) -> RoleMappingQuerySet:
        return self.filter(zone_id=zone_id)


class RoleMapping(models.Model):
    """Members of a provider group (a value of the groups claim: Entra ID gives the group's
    object id) hold a role in Kompas while they are in the group, checked at each sign-in."""

    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="+")
    group = models.CharField(_("group at the provider"), max_length=255)
    role = models.CharField(_("role"), max_length=30, choices=MAPPABLE_ROLES)
    service = models.ForeignKey(
        Service,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("service"),
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = RoleMappingQuerySet.as_manager()

    class Meta:
        verbose_name = _("role from a provider group")
        ordering = ["group", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "group", "role"],
                condition=models.Q(service__isnull=True),
                name="rolemapping_unique_zone_wide",
            ),
            models.UniqueConstraint(
                fields=["zone", "group", "role", "service"],
                condition=models.Q(service__isnull=False),
                name="rolemapping_unique_for_service",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group} -> {self.role}"


class ProviderGrant(models.Model):
    """A role assignment made by a group mapping: taken back at the first sign-in where the
    person is no longer in the group. Roles granted by hand are never touched."""

    assignment = models.OneToOneField(RoleAssignment, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"provider grant {self.assignment_id}"


class ProviderStep(Device):
    """Stands for the second step the provider asked for (its ``amr`` claim), where the zone
    accepts it: signed in with it, the session counts as verified for django-otp. It verifies
    no code itself."""

    user: models.ForeignKey[Person, Person] = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="+"
    )

    def verify_token(self, token: object) -> bool:
        return False
