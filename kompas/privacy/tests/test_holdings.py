"""What the registers hold: counts and oldest months beside the retention in force, for the data
protection officer and the integrity officer; report figures as the statistics count them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from kompas.accounts.roles import Role
from kompas.audit.models import AuditEvent
from kompas.testing import sign_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [Role.ADMIN, Role.HR, Role.OVERSIGHT, "member"])
def test_other_roles_are_refused(client: Client, personas, role) -> None:
    sign_in(client, personas.member if role == "member" else personas[role])
    assert client.get(reverse("privacy:holdings")).status_code == 403
    assert not AuditEvent.objects.filter(action="privacy.holdings_viewed").exists()


def test_an_anonymous_visitor_is_sent_to_sign_in(client: Client, personas) -> None:
    assert "/account/sign-in/" in client.get(reverse("privacy:holdings"))["Location"]


def test_the_counts_beside_the_retention_and_reports_hidden_below_three(
    personas, monkeypatch
) -> None:
    from kompas.privacy.holdings import holdings
    from kompas.registers.models import GiftDeclaration
    from kompas.reporting.models import Report

    monkeypatch.setattr("kompas.privacy.holdings.today", lambda: date(2026, 6, 15))
    for day in (date(2024, 3, 2), date(2026, 5, 1), date(2026, 6, 14)):
        GiftDeclaration.objects.create(
            zone=personas.zone,
            person=personas.member,
            description="Pralines",
            giver_name="Bakkerij",
            given_on=day,
            value=Decimal("20"),
            submission_token=f"token-{day}",
            declared_on=day,
        )
    for n, received in enumerate((date(2025, 1, 10), date(2026, 4, 3), date(2026, 6, 1))):
        Report.objects.create(
            zone=personas.zone,
            number=f"2026-{n}",
            kind="breach",
            channel="public",
            identity_mode="anonymous",
            received_on=received,
            acknowledge_by=received,
            feedback_by=received,
        )
    found, counted_to, _at = holdings(personas.zone.pk)
    assert counted_to == date(2026, 5, 31)
    gifts = found[1]
    assert (gifts.entries, gifts.oldest) == ("3", date(2024, 3, 1))
    assert "5 years" in gifts.retention or "5 jaar" in gifts.retention
    reports = found[0]
    # Two reports up to the end of May (the one of June is not counted yet): "< 3".
    assert reports.entries == "< 3"
    assert reports.oldest == date(2025, 1, 1)


def test_the_integrity_officer_reads_the_page_and_the_look_is_audited(
    client: Client, personas
) -> None:
    officer = personas[Role.INTEGRITY_OFFICER]
    sign_in(client, officer)
    response = client.get(reverse("privacy:holdings"))
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="privacy.holdings_viewed")
    assert (event.actor_id, event.actor_role) == (officer.pk, "integrity_officer")
