"""The append-only, hash-chained audit log."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kompas.lib.ids import RandomKeyField

# The object types of events about cases: the audit page shows them to the integrity officer
# only (a refused case number is not a case's key, so it has its own type).
CASE_NUMBER = "reporting.case_number"
CASE_EVENTS = ("reporting.report", CASE_NUMBER)


class AuditEvent(models.Model):
    """Who did what to which object, when, and under which role; never the content itself.

    Each event carries the HMAC of its own fields and of the previous event's hash, so that changing,
    removing or reordering any row breaks the chain from that row on (``kompas verify-audit``). The
    database refuses DELETE on this table and every UPDATE but one: pseudonymisation, which sets
    ``actor_id`` and ``actor_salt`` empty and nothing else (migration 0006). Actors and zones are
    kept as plain ids, so that nothing elsewhere can ever cascade into the log.

    The HMAC covers ``actor_digest``, a keyed commitment to the actor (their id with the event's
    random ``actor_salt``), not the id itself: once the id and the salt are gone the event still
    verifies, and nobody, not even with the key, can tell who it was. Events written before the
    commitment existed carry a ``seal`` (see `services`).
    """

    seq = models.PositiveBigIntegerField(primary_key=True)
    at = models.DateTimeField(_("when"))
    zone_id = models.BigIntegerField(null=True, blank=True)
    actor_id = models.BigIntegerField(null=True, blank=True)
    # Random per event; emptied with actor_id when the event is pseudonymised.
    actor_salt = models.CharField(max_length=32, blank=True, default="")
    # HMAC(AUDIT_KEY, salt and actor id): what the chain covers instead of the id; kept for good.
    actor_digest = models.CharField(max_length=64, blank=True, default="")
    actor_role = models.CharField(_("role"), max_length=30, blank=True)
    action = models.CharField(_("action"), max_length=80)
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=80, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    # Events written before migration 0006 only: HMAC(AUDIT_KEY, their hash and their fields with
    # the actor's digest), written by that migration after checking their chain.
    seal = models.CharField(max_length=64, blank=True, default="")
    prev_hash = models.CharField(max_length=64)
    # No index: the chain is checked by recomputing it (`verify_chain`), never looked up by hash;
    # an index on random values cost every audited page two random index writes.
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("audit event")
        ordering = ["-seq"]
        indexes = [
            models.Index(fields=["zone_id", "-seq"], name="audit_zone_seq"),
            # The log as everyone but the integrity officer reads it, newest first: without
            # the events about cases (most of a zone's events, on a busy channel).
            models.Index(
                fields=["zone_id", "-seq"],
                condition=~models.Q(object_type__in=CASE_EVENTS),
                name="audit_zone_seq_no_cases",
            ),
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

    @property
    def is_pseudonymised(self) -> bool:
        """The actor was replaced by their role (`retention.pseudonymise_events`)."""
        return self.actor_id is None and bool(self.actor_digest)


class HeldEvent(models.Model):
    """An event held back from the chain until its day is over.

    Reporters' acts, and everything that happens to a report on the day it was received, would
    otherwise sit in the numbered, timed chain between exactly timed events (a member signing in,
    then a report received): their place would tell when, and so who. Held events keep the day
    only, a random key (no insertion order), and no time; `kompas end-of-day` appends each past
    day's held events to the chain in random order, dated by the day, and deletes them
    (`services.release_held`)."""

    id = RandomKeyField()
    day = models.DateField()
    zone_id = models.BigIntegerField(null=True, blank=True)
    actor_id = models.BigIntegerField(null=True, blank=True)
    actor_role = models.CharField(max_length=30, blank=True)
    action = models.CharField(max_length=80)
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=80, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    def __str__(self) -> str:
        return f"held {self.action} of {self.day}"
