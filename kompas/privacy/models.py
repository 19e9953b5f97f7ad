"""The zone's own privacy texts, kept with their history as the zone's other texts are: a change
adds a row and the newest is in force (`registers.models.VersionedRules` for the contacts, the
shape of `registers.models.Wording` for the texts, per key and language)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kompas.accounts.models import Person, Zone
from kompas.registers.models import VersionedRules


class PrivacyContacts(VersionedRules):
    """Whom the zone's notices, records and accessibility statement name: the controller, the
    data protection officer, and who answers accessibility problems. A change adds a row; the
    newest is in force. Empty until the zone fills them in (the pages then say so)."""

    controller = models.TextField(_("controller: name and address"), max_length=600, blank=True)
    dpo_name = models.CharField(
        _("data protection officer: name or service"), max_length=200, blank=True
    )
    dpo_email = models.EmailField(_("data protection officer: e-mail address"), blank=True)
    dpo_phone = models.CharField(_("data protection officer: phone"), max_length=40, blank=True)
    dpo_address = models.TextField(
        _("data protection officer: postal address"), max_length=400, blank=True
    )
    accessibility_email = models.EmailField(_("accessibility problems: e-mail address"), blank=True)
    accessibility_phone = models.CharField(
        _("accessibility problems: phone"), max_length=40, blank=True
    )

    described = "privacy contacts"

    FIELDS = (
        "controller",
        "dpo_name",
        "dpo_email",
        "dpo_phone",
        "dpo_address",
        "accessibility_email",
        "accessibility_phone",
    )

    def missing(self) -> list[str]:
        """What must be filled in before the zone goes live: the controller, a way to reach the
        data protection officer, and a way to report an accessibility problem."""
        gaps = []
        if not self.controller.strip():
            gaps.append("controller")
        if not (self.dpo_email or self.dpo_phone or self.dpo_address.strip()):
            gaps.append("dpo")
        if not (self.accessibility_email or self.accessibility_phone):
            gaps.append("accessibility")
        return gaps


class NoticeText(models.Model):
    """The zone's own wording of one part of its privacy notices (`texts.KEYS`), per language.
    A change adds a row; the newest row per key is in force, and the history stays readable."""

    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=40)
    texts = models.JSONField()
    created_on = models.DateField()
    created_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-pk"]
        indexes = [models.Index(fields=["zone", "key"], name="notice_text_by_key")]

    def __str__(self) -> str:
        return f"notice text {self.key} of zone {self.zone_id}"
