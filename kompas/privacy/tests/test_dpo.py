"""The data protection officer: reads the audit log, the records of processing, the retention
in force and what the registers hold; changes nothing and opens no case; every look audited."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from kompas.accounts.roles import SENSITIVE_ROLES, Role
from kompas.audit.models import AuditEvent
from kompas.testing import assert_written, sign_in

pytestmark = pytest.mark.django_db


def test_the_dpo_signs_in_with_a_second_factor(personas) -> None:
    assert Role.DPO in SENSITIVE_ROLES
    assert personas[Role.DPO].needs_second_factor


def test_the_dpo_reads_the_audit_log_under_their_role_without_the_events_about_cases(
    client: Client, personas
) -> None:
    from kompas.audit.services import record

    record("reporting.case_opened", actor=personas[Role.OVERSIGHT], object_type="reporting.report")
    record("accounts.person_updated", actor=personas[Role.HR], obj=personas.member)
    dpo = personas[Role.DPO]
    sign_in(client, dpo)
    html = client.get(reverse("audit:log")).content.decode()
    assert "accounts.person_updated" in html
    assert "reporting.case_opened" not in html
    looked = AuditEvent.objects.get(action="audit.log_viewed")
    assert (looked.actor_id, looked.actor_role) == (dpo.pk, "dpo")
    answer = client.post(reverse("audit:verify"))
    assert answer.status_code == 200
    assert AuditEvent.objects.filter(action="audit.chain_verified", actor_role="dpo").exists()


def test_every_page_of_the_dpo_is_audited(client: Client, personas) -> None:
    dpo = personas[Role.DPO]
    sign_in(client, dpo)
    for name, action in (
        ("privacy:records", "privacy.records_viewed"),
        ("privacy:dpia", "privacy.dpia_viewed"),
        ("privacy:holdings", "privacy.holdings_viewed"),
    ):
        before = AuditEvent.objects.filter(action=action).count()
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        assert_written(response.content.decode(), name)
        event = AuditEvent.objects.filter(action=action).order_by("-seq").first()
        assert AuditEvent.objects.filter(action=action).count() == before + 1
        assert event is not None and (event.actor_id, event.actor_role) == (dpo.pk, "dpo")


def test_the_dpo_changes_nothing_and_opens_no_case(client: Client, personas) -> None:
    from kompas.reporting import crypto
    from kompas.reporting.keys import create_key
    from kompas.reporting.services import NewReport, submit_report
    from kompas.testing import PASSWORD

    create_key(personas[Role.OVERSIGHT], PASSWORD)
    report, _ = submit_report(
        zone=personas.zone,
        data=NewReport(kind="breach", channel="public", identity_mode="anonymous", what="Iets."),
        receipt=crypto.new_receipt(),
    )
    dpo = personas[Role.DPO]
    assert not report.grants.filter(person=dpo).exists()
    sign_in(client, dpo)
    assert client.get(reverse("reporting:cases")).status_code == 403
    assert client.get(reverse("reporting:case", args=[report.number])).status_code in (403, 404)
    assert client.get(reverse("reporting:register")).status_code == 403
    refused = [
        ("post", reverse("privacy:texts"), {"key": "accounts.rights", "nl": "X"}),
        ("post", reverse("privacy:contacts"), {"controller": "X"}),
        ("post", reverse("registers:rules"), {"which": "retention", "retention-gift_years": 1}),
        ("post", reverse("retention:settings"), {"audit_months": 60}),
        ("post", reverse("accounts:grant_role", args=[personas.member.pk]), {"role": "dpo"}),
    ]
    for method, url, data in refused:
        assert getattr(client, method)(url, data).status_code in (403, 404), url
    # Of every permission in Kompas, the DPO holds only reading ones.
    from kompas.privacy.readers import READS

    held = {name for name in READS if dpo.has_perm(name)}
    assert held == {
        "accounts.view_organisation",
        "accounts.view_person",
        "audit.view_log",
        "compass.propose_dilemma",
        "compass.view",
        "plans.view",
        "privacy.handle_requests",
        "privacy.view_holdings",
        "privacy.view_records",
        "registers.declare",
        "reporting.report",
        "retention.view_settings",
    }


def test_the_dpo_finds_the_pages_from_the_privacy_page(client: Client, personas) -> None:
    sign_in(client, personas[Role.DPO])
    html = client.get(reverse("privacy:zone", args=[personas.zone.code])).content.decode()
    for name in ("privacy:records", "privacy:dpia", "privacy:holdings"):
        assert f'href="{reverse(name)}"' in html
    assert reverse("privacy:texts") not in html
