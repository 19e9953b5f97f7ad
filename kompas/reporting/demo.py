"""A few reports for the demo zone, so that handlers have cases to open. Demo only.

Their receipts are derived from fixed seeds, so that the demo can print them every time; real
receipts are always random.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from kompas.accounts.models import Person, Zone
from kompas.audit.services import release_held
from kompas.lib.clock import today
from kompas.reporting.crypto import RECEIPT_ALPHABET
from kompas.reporting.models import Grant, Message, Report
from kompas.reporting.services import NewReport, submit_report


def demo_receipt(seed: str) -> str:
    digest = hashlib.sha256(f"kompas-demo-receipt:{seed}".encode()).digest()
    symbols = "".join(RECEIPT_ALPHABET[b % 32] for b in digest[:20])
    return "-".join(symbols[i : i + 4] for i in range(0, 20, 4))


def _person(zone: Zone, key: str) -> Person:
    return Person.objects.get(zone=zone, email=f"{key}@demo.kompas.test")


def demo_reports(zone: Zone) -> list[tuple[Report, str]]:
    """File the demo reports once (filing again with the same receipt changes nothing)."""
    member = _person(zone, "medewerker")
    colleague = Person.objects.filter(zone=zone, service__name="Ploeg B").order_by("pk").first()
    filed: list[tuple[Report, str]] = []
    cases = [
        (
            "public-complaint",
            NewReport(
                kind="complaint",
                channel="public",
                identity_mode="anonymous",
                what="Bij een verkeerscontrole op de Liersesteenweg sprak een agent mij "
                "onbeleefd aan en weigerde hij zijn naam te geven.",
                when="vorige zaterdag rond 22 uur",
                where="Liersesteenweg",
            ),
            None,
        ),
        (
            "staff-breach",
            NewReport(
                kind="breach",
                channel="staff",
                identity_mode="confidential",
                what="Een collega raadpleegt de politiedatabanken voor zijn buren, "
                "zonder dat daar een dossier voor is.",
                involved=[colleague] if colleague else [],
                addressed_colleague="yes",
                told_leader="no",
                values=["reliability"],
            ),
            member,
        ),
        (
            "staff-advice",
            NewReport(
                kind="advice",
                channel="staff",
                identity_mode="named",
                what="Een garagehouder wil ons team bedanken met een doos pralines en "
                "tickets voor een voetbalmatch. Wat mag ik aanvaarden?",
                values=["objectivity"],
            ),
            member,
        ),
    ]
    for seed, data, signed_in in cases:
        receipt = demo_receipt(seed)
        report, created = submit_report(zone=zone, data=data, receipt=receipt, signed_in=signed_in)
        if created:
            _received_days_ago(report, DAYS_AGO[seed])
        filed.append((report, receipt))
    # The demo's filing day is over at once: its events join the audit chain (as `kompas
    # end-of-day` does after midnight) and its cases are listed (an anonymous or confidential
    # report is listed from the day after it came in).
    release_held(before=today() + timedelta(days=1))
    return filed


# The demo reports came in some days before the demo was set up.
DAYS_AGO = {"public-complaint": 5, "staff-breach": 3, "staff-advice": 2}


def _received_days_ago(report: Report, days: int) -> None:
    received = today() - timedelta(days=days)
    acknowledge_by, feedback_by = Report.deadlines(received)
    Report.objects.filter(pk=report.pk).update(
        received_on=received, acknowledge_by=acknowledge_by, feedback_by=feedback_by
    )
    Grant.objects.filter(report=report).update(granted_on=received)
    Message.objects.filter(report=report).update(created_on=received)
    report.refresh_from_db()
