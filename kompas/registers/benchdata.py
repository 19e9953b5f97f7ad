"""Register entries in bulk for `make bench`: a national installation's gifts, conflict signals and
side activities (about 80 / 10 / 10 %), spread over five years and all people. Never in production."""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from django.db import transaction

from kompas.accounts.models import Person, Zone
from kompas.lib.clock import today
from kompas.registers.models import (
    ConflictSignal,
    GiftDeclaration,
    GiftStatus,
    SideActivity,
    SideActivityStatus,
)
from kompas.registers.services import giver_key

GIVERS = [
    "Bakkerij Peeters",
    "Garage Janssens",
    "Café De Zon",
    "Voetbalclub SK",
    "Familie Maes",
    "Slagerij Wouters",
    "Apotheek Claes",
    "Drukkerij Goossens",
    "Hotel Central",
    "Rotary",
]
THINGS = [
    ("Doos pralines", "12.50", True),
    ("Fles wijn", "18.00", False),
    ("Taart", "25.00", True),
    ("Uitnodiging receptie", "40.00", False),
    ("Etentje met de leverancier", "75.00", False),  # a voucher would be money: never accepted
    ("Pen met logo", "3.00", False),
    ("Tickets voetbal", "90.00", False),
]


def generate_register_entries(zone: Zone, count: int, *, seed: int = 13, batch: int = 5000) -> int:
    rng = random.Random(seed)
    people = list(Person.objects.filter(zone=zone).values_list("pk", "leader_id"))
    start = today() - timedelta(days=5 * 365)
    made = 0
    while made < count:
        size = min(batch, count - made)
        with transaction.atomic():
            _batch(zone, made, size, rng, people, start)
        made += size
    return made


def _batch(zone: Zone, offset: int, size: int, rng: random.Random, people, start) -> None:  # type: ignore[no-untyped-def]
    gifts, signals, sides = [], [], []
    for n in range(offset, offset + size):
        person, leader = rng.choice(people)
        day = start + timedelta(days=rng.randrange(0, 5 * 365))
        token = f"bench-{n}"
        roll = rng.random()
        if roll < 0.8:
            giver = rng.choice(GIVERS)
            thing, value, perishable = rng.choice(THINGS)
            decided = day < today() - timedelta(days=30)
            gifts.append(
                GiftDeclaration(
                    zone=zone,
                    person_id=person,
                    kind="gift",
                    description=thing,
                    giver_name=giver,
                    giver_type="organisation",
                    giver_key=giver_key(giver),
                    perishable=perishable,
                    value=Decimal(value),
                    given_on=day,
                    recommendation="accept",
                    status=GiftStatus.DECIDED if decided else GiftStatus.PENDING,
                    decision="accept" if decided else "",
                    decided_by_id=leader if decided else None,
                    decided_on=day + timedelta(days=3) if decided else None,
                    declared_on=day,
                    submission_token=token,
                )
            )
        elif roll < 0.9:
            signals.append(
                ConflictSignal(
                    zone=zone,
                    person_id=person,
                    leader_id=leader,
                    task_kind="case",
                    task=f"PV {day.year}/{n}",
                    relation="private",
                    people="Een buur",
                    occurred_on=day,
                    signalled_on=day,
                    status="measured",
                    measure="handed_over",
                    measured_by_id=leader,
                    measured_on=day,
                    submission_token=token,
                )
            )
        else:
            organisation = rng.choice(GIVERS)
            sides.append(
                SideActivity(
                    zone=zone,
                    person_id=person,
                    activity="Steward",
                    organisation=organisation,
                    organisation_key=giver_key(organisation),
                    hours_per_week=Decimal("4"),
                    paid=True,
                    starts_on=day,
                    checks={},
                    status=SideActivityStatus.APPROVED,
                    decided_by_id=leader,
                    decided_on=day,
                    valid_until=day + timedelta(days=730),
                    declared_on=day,
                    submission_token=token,
                )
            )
    GiftDeclaration.objects.bulk_create(gifts)
    ConflictSignal.objects.bulk_create(signals)
    SideActivity.objects.bulk_create(sides)
