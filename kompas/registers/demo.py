"""A few declarations for the demo zone (demo only), so that the registers show something."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from kompas.accounts.models import Person, Zone
from kompas.lib.clock import today
from kompas.registers import services
from kompas.registers.models import GiftDeclaration


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
