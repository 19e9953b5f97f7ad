"""The append-only, hash-chained audit log."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """Who did what to which object, when, and under which role; never the content itself.

    Each event carries the HMAC of its own fields and of the previous event's hash, so that changing,
    removing or reordering any row breaks the chain from that row on (``kompas verify-audit``). The
    database refuses UPDATE and DELETE on this table (see the migration). Actors and zones are kept
    as plain ids, so that nothing elsewhere can ever cascade into the log.
    """

    seq = models.PositiveBigIntegerField(primary_key=True)
    at = models.DateTimeField(_("when"))
    zone_id = models.BigIntegerField(null=True, blank=True)
    actor_id = models.BigIntegerField(null=True, blank=True)
    actor_role = models.CharField(_("role"), max_length=30, blank=True)
    action = models.CharField(_("action"), max_length=80)
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=80, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    # No index: the chain is checked by recomputing it (`verify_chain`), never looked up by hash;
    # an index on random values cost every audited page two random index writes.
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("audit event")
        ordering = ["-seq"]
        indexes = [
            models.Index(fields=["zone_id", "-seq"], name="audit_zone_seq"),
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
            models.Index(fields=["actor_id", "-seq"], name="audit_actor"),
            # A case's history (its timeline) without its looks: a case opened a thousand
            # times would otherwise have its thousand looks read and left out on every visit.
            models.Index(
                fields=["object_type", "object_id", "seq"],
                condition=~models.Q(action="reporting.case_opened"),
                name="audit_object_history",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"
