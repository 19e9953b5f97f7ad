"""The records of processing and the notices state the periods the purge applies: the zone's
own, else the defaults, with no "no period is set" where one now is."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from kompas.accounts.roles import Role
from kompas.privacy.retention import periods
from kompas.retention.models import RetentionSettings
from kompas.testing import sign_in

pytestmark = pytest.mark.django_db


def told(zone_id: int) -> dict[str, str]:
    with translation.override("en"):
        return {kept.what: kept.period or "" for kind in periods(zone_id).values() for kept in kind}


def test_the_new_periods_are_told_and_follow_the_zone_s_settings(personas) -> None:
    before = told(personas.zone.pk)
    assert before[
        "A case that is never closed: destroyed alike, its handlers warned beforehand"
    ] == ("36 months after the last activity (reading the case is none)")
    assert before["The line of the register of reports"].startswith("10 years")
    assert before["Training sessions and their counted votes"].startswith("36 months")
    assert before["Join codes of sessions and the marks that a phone voted"].startswith("7 days")
    assert before["People and their roles after they leave: then pseudonymised"].startswith(
        "24 months"
    )
    assert before["Who did what in the audit log: then replaced by their role"].startswith(
        "120 months"
    )
    RetentionSettings.new_version(
        zone_id=personas.zone.pk,
        by=personas[Role.INTEGRITY_OFFICER],
        values={"open_case_months": 18, "register_years": 7, "join_code_days": 1},
    )
    after = told(personas.zone.pk)
    assert after[
        "A case that is never closed: destroyed alike, its handlers warned beforehand"
    ].startswith("18 months")
    assert after["The line of the register of reports"].startswith("7 years")
    assert after["Join codes of sessions and the marks that a phone voted"] == (
        "1 day after the session is held"
    )
    assert told(personas.outsider.zone_id)["The line of the register of reports"].startswith(
        "10 years"
    )


def test_the_records_page_shows_them_to_the_dpo(client: Client, personas) -> None:
    RetentionSettings.new_version(
        zone_id=personas.zone.pk,
        by=personas[Role.INTEGRITY_OFFICER],
        values={"open_case_months": 18},
    )
    sign_in(client, personas[Role.DPO])
    page = client.get(reverse("privacy:records")).content.decode()
    assert "18 maanden na de laatste activiteit" in page
