"""Demo data for the compass: a year of dilemma sessions across services (with anonymous votes),
a planned re-vote, and a proposal waiting for the integrity network."""

from __future__ import annotations

import random
import secrets
from collections import Counter
from datetime import timedelta

from kompas.accounts.models import Person, Service, Zone
from kompas.compass.models import (
    Ballot,
    Dilemma,
    DilemmaOption,
    DilemmaStatus,
    SessionItem,
    SessionStatus,
    Tally,
    TrainingSession,
)
from kompas.lib.clock import today

# (demo account key of the facilitator, service code or None, title, starter keys)
SESSIONS = [
    (
        "teamleider",
        "interventie-ploeg-a",
        "Teamvergadering ploeg A",
        ["free-coffee", "cousin-speeding", "colleague-alcohol"],
    ),
    ("diensthoofd", "interventie", "Briefing interventie", ["alderman-son", "targeted-parking"]),
    (
        "netwerk",
        "wijkwerking-wijkpost-noord",
        "Wijkpost noord: sociale media",
        ["team-chat-meme", "facebook-insult", "demonstration-post"],
    ),
    (
        "integriteit",
        None,
        "Themadag integriteit",
        ["neighbour-plate", "ex-partner-search", "fuel-card", "friend-tender"],
    ),
    (
        "korpschef",
        "korpsleiding",
        "M-team: leiderschap",
        ["overtime-rounding", "integrity-item-dropped", "friend-in-selection"],
    ),
    (
        "teamleider",
        "interventie-ploeg-a",
        "Nieuwe collega's",
        ["seized-goods-shortcut", "shared-password", "bakery-cake"],
    ),
]


def demo_trainings(zone: Zone, seed: int = 6) -> None:
    """Sessions held over the past months, written directly (votes carry no person, as always)."""
    if TrainingSession.objects.filter(zone=zone, submission_token__startswith="demo-").exists():
        return
    rng = random.Random(seed)
    people = {
        p.email.split("@")[0]: p
        for p in Person.objects.filter(zone=zone, email__endswith="@demo.kompas.test")
    }
    services = {s.code: s for s in Service.objects.filter(zone=zone)}
    for n, (account, service_code, title, keys) in enumerate(SESSIONS):
        facilitator = people.get(account)
        if facilitator is None:
            continue
        held = today() - timedelta(days=20 + 45 * n)
        session = TrainingSession.objects.create(
            zone=zone,
            service=services.get(service_code) if service_code else None,
            facilitator=facilitator,
            title=title,
            status=SessionStatus.CLOSED,
            code="",
            created_on=held,
            held_on=held,
            min_group=5,
            submission_token=f"demo-{n}",
        )
        room = rng.randrange(8, 18)
        for position, key in enumerate(keys):
            dilemma = Dilemma.objects.get(zone__isnull=True, key=key)
            item = SessionItem.objects.create(session=session, dilemma=dilemma, position=position)
            options = list(dilemma.options.all())
            weights = [6, 3, 1, 1][: len(options)]
            Ballot.objects.bulk_create(
                Ballot(item=item, key=secrets.token_hex(32)) for _ in range(room)
            )
            chosen: Counter[DilemmaOption | None] = Counter(rng.choices(options, weights, k=room))
            Tally.objects.bulk_create(
                Tally(zone=zone, dilemma=dilemma, item=item, option=o, count=chosen[o])
                for o in [*options, None]
            )
    first = TrainingSession.objects.filter(zone=zone, submission_token="demo-0").first()
    if first is not None:
        revote = TrainingSession.objects.create(
            zone=zone,
            service=first.service,
            facilitator=first.facilitator,
            title=f"{first.title} (herstemming)",
            status=SessionStatus.PLANNED,
            created_on=today(),
            planned_for=(first.held_on or today()) + timedelta(days=30),
            min_group=first.min_group,
            revote_of=first,
            submission_token="demo-revote",
        )
        SessionItem.objects.bulk_create(
            SessionItem(session=revote, dilemma=i.dilemma, position=i.position)
            for i in first.items.all()
        )
    proposal = Dilemma.objects.create(
        zone=zone,
        status=DilemmaStatus.PROPOSED,
        proposed_on=today() - timedelta(days=3),
        submission_token="demo-proposal",
        title={"nl": "Een oud-collega vraagt om info"},
        situation={
            "nl": "Een gepensioneerde collega belt met de vraag of een bepaalde persoon "
            "'nog bekend is bij ons'. Hij werkt nu als privédetective."
        },
        themes=["databases", "loyalty"],
        audiences=["operational", "calog"],
    )
    proposal.options.create(position=0, text={"nl": "Niets zeggen."}, serves=["networking"])
    proposal.options.create(
        position=1,
        text={"nl": "Even kijken, hij was een goede collega."},
        harms=["quality", "reliability"],
    )
