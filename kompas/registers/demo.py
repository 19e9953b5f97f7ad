"""A few declarations for the demo zone (demo only), so that the registers show something."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from kompas.accounts.models import Person, Zone
from kompas.lib.clock import today
from kompas.registers import services
from kompas.registers.models import NEVER_FOR_MONEY, GiftDeclaration


def demo_gifts(zone: Zone) -> None:
    if GiftDeclaration.objects.filter(zone=zone).exists():
        return
    member = Person.objects.get(zone=zone, email="medewerker@demo.kompas.test")
    head = Person.objects.get(zone=zone, email="diensthoofd@demo.kompas.test")
    base = {
        "giver_type": "organisation",
        "giver_in_file": False,
        "is_cash": False,
        "perishable": False,
        "context": "",
        "offered_only": False,
        "answers": {},
    }
    pending = {
        **base,
        "kind": "gift",
        "description": "Doos pralines na een interventie",
        "giver_name": "Bakkerij De Zoete Inval",
        "value": Decimal("12"),
        "given_on": today() - timedelta(days=3),
        "perishable": True,
        "answers": {"why": "Dank voor de snelle hulp", "return_favour": "no"},
    }
    services.declare(person=member, data=pending, token="demo-gift-pralines-0001")
    watch = {
        **base,
        "kind": "gift",
        "description": "Horloge",
        "giver_name": "Garage Janssens",
        "value": Decimal("180"),
        "given_on": today() - timedelta(days=40),
        "giver_in_file": True,
    }
    declaration, _ = services.declare(person=member, data=watch, token="demo-gift-watch-00002")
    services.decide(
        declaration=declaration,
        by=head,
        decision="return",
        reason="Te waardevol, en de garage is partij in een lopend dossier.",
    )
    refused = {
        **base,
        "kind": "invitation",
        "description": "VIP-tickets voetbalmatch",
        "giver_name": "Sponsor FC Heist",
        "value": Decimal("150"),
        "given_on": today() - timedelta(days=20),
        "offered_only": True,
    }
    services.declare(person=member, data=refused, token="demo-gift-tickets-0003")


GIVERS = [
    "Bakkerij De Zoete Inval",
    "Garage Janssens",
    "Slagerij Peeters",
    "Café De Kroon",
    "Familie Claes",
    "Handelszaak Wouters",
    "Voetbalclub FC Heist",
    "Bloemen Maes",
    "Transport Vermeulen",
    "Apotheek Smets",
]
# What, its value, perishable, money (a voucher counts as money: it is never accepted).
THINGS = [
    ("Doos pralines", "12", True, False),
    ("Fles wijn", "25", False, False),
    ("Taart", "20", True, False),
    ("Bon voor een etentje", "60", False, True),
    ("Bloemen", "15", True, False),
    ("Tickets voor een match", "90", False, False),
    ("Kerstpakket", "45", False, False),
]


def demo_year(zone: Zone, seed: int = 11) -> None:
    """A year of declarations, decisions, signals and side activities across the zone, written
    directly (no mails at demo load), so that the overviews show something."""
    import random

    from kompas.registers.models import (
        ConflictSignal,
        GiftStatus,
        SideActivity,
        SideActivityStatus,
    )
    from kompas.registers.people import Deciders

    if GiftDeclaration.objects.filter(
        zone=zone, submission_token__startswith="demo-year-"
    ).exists():
        return
    rng = random.Random(seed)
    deciders = Deciders(zone.pk)
    people = list(Person.objects.filter(zone=zone, email__startswith="p")[:400])
    decisions = {
        "accept": "Kleine attentie, mag.",
        "share": "Voor de ploeg.",
        "donate": "Naar de voedselbank.",
        "return": "Terug naar de gever.",
    }
    gifts = []
    for n in range(60):
        member = rng.choice(people)
        thing, value, perishable, cash = rng.choice(THINGS)
        given = today() - timedelta(days=rng.randrange(5, 360))
        decider = deciders.for_member(member)
        advice = services.recommend(
            zone_id=zone.pk,
            person=member,
            kind="gift",
            value=Decimal(value),
            is_cash=cash,
            giver_in_file=False,
            perishable=perishable,
            giver="demo",
        )
        decided = decider is not None and rng.random() < 0.85
        decision = advice.recommendation if advice.recommendation in decisions else "return"
        if cash and decision in NEVER_FOR_MONEY:
            decision = "return"
        gifts.append(
            GiftDeclaration(
                zone=zone,
                person=member,
                kind="gift",
                description=thing,
                giver_name=rng.choice(GIVERS),
                giver_type="organisation",
                giver_key="",
                value=Decimal(value),
                given_on=given,
                perishable=perishable,
                is_cash=cash,
                recommendation=advice.recommendation,
                recommendation_reasons=advice.reasons,
                status=(GiftStatus.DONE if decided else GiftStatus.PENDING),
                decision=decision if decided else "",
                decision_reason=decisions[decision] if decided else "",
                decided_by=decider if decided else None,
                decided_on=given + timedelta(days=3) if decided else None,
                confirmed_on=given + timedelta(days=6)
                if decided and decision in ("return", "donate")
                else None,
                declared_on=given + timedelta(days=1),
                submission_token=f"demo-year-gift-{n:04d}",
            )
        )
    for g in gifts:
        g.giver_key = services.giver_key(g.giver_name)
    GiftDeclaration.objects.bulk_create(gifts)
    signals = []
    for n in range(8):
        member = rng.choice(people)
        day = today() - timedelta(days=rng.randrange(5, 300))
        signals.append(
            ConflictSignal(
                zone=zone,
                person=member,
                leader=member.leader,
                task_kind=rng.choice(["intervention", "case", "assignment", "purchase"]),
                task=f"Dossier {2026 - n % 2}/{rng.randrange(1000, 9999)}",
                relation=rng.choice(["private", "association", "side_activity"]),
                people="Een kennis",
                occurred_on=day,
                signalled_on=day,
                status="measured" if member.leader else "open",
                measure="handed_over" if member.leader else "",
                measured_by=member.leader,
                measured_on=day if member.leader else None,
                submission_token=f"demo-year-conflict-{n:04d}",
            )
        )
    ConflictSignal.objects.bulk_create(signals)
    activities = []
    authorities = services.SideAuthorities(zone.pk)
    for n, (what, org) in enumerate(
        [
            ("Lesgever zelfverdediging", "Sportclub Heist"),
            ("Voetbaltrainer jeugd", "FC Heist"),
            ("Zaakvoerder B&B", "B&B De Linde"),
            ("Brandweervrijwilliger", "Hulpverleningszone Kempen"),
        ]
    ):
        member = rng.choice(people)
        start = today() - timedelta(days=rng.randrange(30, 500))
        activities.append(
            SideActivity(
                zone=zone,
                person=member,
                activity=what,
                organisation=org,
                organisation_key=services.giver_key(org),
                hours_per_week=Decimal(rng.choice([2, 4, 6])),
                paid=n % 2 == 0,
                starts_on=start,
                checks={
                    k: "yes" for k in ("dignity", "no_contact", "no_means", "rest", "not_forbidden")
                },
                status=SideActivityStatus.APPROVED,
                decision_reason="Verenigbaar.",
                decided_by=authorities.for_member(member),
                decided_on=start,
                valid_until=start + timedelta(days=730),
                declared_on=start,
                submission_token=f"demo-year-side-{n:04d}",
            )
        )
    SideActivity.objects.bulk_create(activities)


def demo_rules(zone: Zone) -> None:
    """Suppliers of the zone and two integrity-sensitive posts, so the pages show something."""
    from kompas.accounts.models import Service
    from kompas.registers.models import Supplier

    if Supplier.objects.filter(zone=zone).exists():
        return
    for name in ("Garage Janssens", "Drukkerij Goossens", "Uniformen Claes", "ICT Maes"):
        Supplier.objects.create(
            zone=zone, name=name, key=services.giver_key(name), added_on=today()
        )
    for code, functions in (
        ("lokale-recherche", "informantenbeheer, inbeslagnames"),
        ("hr-logistiek", "aankoop en overheidsopdrachten"),
    ):
        Service.objects.filter(zone=zone, code=code).update(sensitive_functions=functions)
