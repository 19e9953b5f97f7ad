"""Dilemma sessions in bulk for `make bench`: held sessions across all services over five years,
each with three dilemmas and a room of anonymous votes. Never in production."""

from __future__ import annotations

import random
import secrets
from collections import Counter
from datetime import timedelta

from django.db import transaction

from kompas.accounts.models import Person, Service, Zone
from kompas.compass.models import (
    Ballot,
    Dilemma,
    SessionItem,
    SessionStatus,
    Tally,
    TrainingSession,
)
from kompas.lib.clock import today


def generate_sessions(zone: Zone, count: int, *, seed: int = 17, batch: int = 500) -> int:
    rng = random.Random(seed)
    services = list(Service.objects.filter(zone=zone).values_list("pk", flat=True))
    facilitators = list(
        Person.objects.filter(zone=zone, roles_held__isnull=False)
        .values_list("pk", flat=True)
        .distinct()[:2000]
    )
    dilemmas = list(Dilemma.objects.filter(zone__isnull=True).prefetch_related("options"))
    start = today() - timedelta(days=5 * 365)
    made = 0
    while made < count:
        size = min(batch, count - made)
        with transaction.atomic():
            _batch(zone, made, size, rng, services, facilitators, dilemmas, start)
        made += size
    return made


def _batch(zone, offset, size, rng, services, facilitators, dilemmas, start) -> None:  # type: ignore[no-untyped-def]
    sessions = TrainingSession.objects.bulk_create(
        TrainingSession(
            zone=zone,
            service_id=rng.choice(services),
            facilitator_id=rng.choice(facilitators),
            title=f"Sessie {n}",
            status=SessionStatus.CLOSED,
            created_on=day,
            held_on=day,
            min_group=5,
            submission_token=f"bench-{n}",
        )
        for n in range(offset, offset + size)
        for day in [start + timedelta(days=rng.randrange(0, 5 * 365))]
    )
    items, chosen = [], []
    for session in sessions:
        for position, dilemma in enumerate(rng.sample(dilemmas, 3)):
            items.append(SessionItem(session=session, dilemma=dilemma, position=position))
            chosen.append(dilemma)
    items = SessionItem.objects.bulk_create(items)
    tallies, ballots = [], []
    for item, dilemma in zip(items, chosen, strict=True):
        options = list(dilemma.options.all())
        votes = Counter(rng.choice(options) for _ in range(rng.randrange(6, 14)))
        tallies += [
            Tally(zone=zone, dilemma=dilemma, item=item, option=o, count=votes[o])
            for o in [*options, None]
        ]
        ballots += [Ballot(item=item, key=secrets.token_hex(32)) for _ in votes.elements()]
    Tally.objects.bulk_create(tallies, batch_size=5000)
    Ballot.objects.bulk_create(ballots, batch_size=5000)
