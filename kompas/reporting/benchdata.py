"""Reports in bulk for `make bench`: the volume of a national installation, generated quickly.

Every report is encrypted for real (its own case key, sealed to its handlers' public keys), with
one shortcut: the receipt's Argon2id runs at its minimum cost, since 200,000 derivations at the
real cost would take hours and the benchmark measures pages, not the key derivation (whose cost
is measured separately, with real submissions).
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db import transaction
from nacl.pwhash import argon2id

from kompas.accounts.models import Person, Service, Zone
from kompas.accounts.roles import Role
from kompas.audit.services import record_bulk
from kompas.compass.values import Value
from kompas.lib.clock import add_months, today
from kompas.reporting import crypto
from kompas.reporting.models import Grant, GrantReason, HandlerKey, Kind, Report, Status
from kompas.reporting.services import ROUTES

STATUSES = [Status.CLOSED] * 17 + [Status.RECEIVED, Status.ACKNOWLEDGED, Status.INVESTIGATING]
KINDS = (
    [Kind.BREACH] * 4
    + [Kind.ADVICE] * 3
    + [Kind.COMPLAINT] * 3
    + [
        Kind.WELLBEING,
        Kind.CONGRATULATION,
    ]
)


def generate_reports(zone: Zone, count: int, *, seed: int = 7, batch: int = 2000) -> int:
    rng = random.Random(seed)
    services = list(Service.objects.filter(zone=zone).values_list("pk", flat=True))
    keys_by_role: dict[str, list[HandlerKey]] = {}
    for role in {r for roles in ROUTES.values() for r in roles}:
        people = Person.objects.filter(zone=zone, roles_held__role=role)
        keys_by_role[role] = list(HandlerKey.objects.filter(person__in=people, active=True))
    start = today() - timedelta(days=5 * 365)
    serial: dict[int, int] = {}
    taken: dict[int, set[str]] = {}
    made = 0
    while made < count:
        size = min(batch, count - made)
        with transaction.atomic():
            made += _batch(zone, size, rng, services, keys_by_role, start, serial, taken)
    return made


def _batch(
    zone: Zone,
    size: int,
    rng: random.Random,
    services: list[int],
    keys_by_role: dict[str, list[HandlerKey]],
    start: date,
    serial: dict[int, int],
    taken: dict[int, set[str]],
) -> int:
    reports, case_keys = [], []
    for _ in range(size):
        received = start + timedelta(days=rng.randrange(5 * 365))
        if received.year not in serial:
            serial[received.year] = 0
            # The zone's own reports carry random numbers (their order tells nothing): the
            # generated ones count up around them.
            taken[received.year] = set(
                Report.objects.filter(
                    zone=zone, number__startswith=f"{received.year}-"
                ).values_list("number", flat=True)
            )
        serial[received.year] += 1
        while f"{received.year}-{serial[received.year]:04d}" in taken[received.year]:
            serial[received.year] += 1
        status = rng.choice(STATUSES)
        kind = rng.choice(KINDS)
        ack_by, feedback_by = Report.deadlines(received)
        acknowledged = (
            received + timedelta(days=rng.randrange(1, 9)) if status != Status.RECEIVED else None
        )
        closed = status == Status.CLOSED
        case_key = crypto.new_case_key()
        salt = crypto.new_salt()
        receipt = crypto.new_receipt()
        receipt_key = crypto.derive_key(receipt, salt, argon2id.OPSLIMIT_MIN, argon2id.MEMLIMIT_MIN)
        content = {
            "what": f"Gegenereerde melding {rng.random():.10f} " * 8,
            "involved": [],
            "excluded": [],
        }
        reports.append(
            Report(
                zone=zone,
                number=f"{received.year}-{serial[received.year]:04d}",
                kind=kind,
                channel=rng.choice(["staff", "public", "oral"]),
                identity_mode=rng.choice(["named", "confidential", "anonymous"]),
                status=status,
                assessment="admissible" if closed else "",
                outcome=rng.choice(["unfounded", "informal", "disciplinary", "prevention"])
                if closed
                else "",
                values=rng.sample(list(Value.values), rng.randrange(0, 3)),
                received_on=received,
                acknowledge_by=ack_by,
                feedback_by=feedback_by,
                acknowledged_on=acknowledged,
                feedback_on=add_months(received, 2) if closed else None,
                closed_on=add_months(received, 2) if closed else None,
                receipt_lookup=crypto.receipt_lookup(receipt),
                receipt_salt=salt,
                receipt_opslimit=argon2id.OPSLIMIT_MIN,
                receipt_memlimit=argon2id.MEMLIMIT_MIN,
                receipt_box=crypto.encrypt(receipt_key, case_key),
                content_box=crypto.encrypt_json(case_key, content),
            )
        )
        case_keys.append(case_key)
    Report.objects.bulk_create(reports, batch_size=1000)
    grants, links, events = [], [], []
    through = Report.services.through
    for report, case_key in zip(reports, case_keys, strict=True):
        for role in ROUTES[report.kind] if report.kind != Kind.CONGRATULATION else (Role.CHIEF,):
            for key in keys_by_role.get(role, []):
                grants.append(
                    Grant(
                        report=report,
                        person_id=key.person_id,
                        key=key,
                        sealed_case_key=crypto.seal(bytes(key.public_key), case_key),
                        reason=GrantReason.ROUTING,
                        granted_on=report.received_on,
                    )
                )
        if services:
            links.append(through(report_id=report.pk, service_id=rng.choice(services)))
        from datetime import datetime, time

        from django.utils import timezone

        events.append(
            {
                "at": timezone.make_aware(datetime.combine(report.received_on, time.min)),
                "zone_id": zone.pk,
                "actor_id": None,
                "actor_role": "",
                "action": "reporting.report_received",
                "object_type": "reporting.report",
                "object_id": str(report.pk),
                "detail": {"kind": report.kind, "bulk": True},
            }
        )
    Grant.objects.bulk_create(grants, batch_size=2000)
    through.objects.bulk_create(links, batch_size=2000)
    record_bulk(events)
    return len(reports)
