"""The retention page: every period of the zone in one place, changed by the integrity officer,
read by the data protection officer; each change audited, a double submit adding nothing."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kompas.accounts.roles import Role
from kompas.audit.models import AuditEvent
from kompas.registers.models import RetentionRules
from kompas.reporting.models import RetentionPeriod
from kompas.retention.models import RetentionSettings
from kompas.testing import sign_in

pytestmark = pytest.mark.django_db

URL = "/retention/"


def periods_form(**changed: int) -> dict[str, int]:
    """The page's form as it comes, with ``changed`` values."""
    data = {
        "report_advice": 12,
        "report_congratulation": 24,
        "report_complaint": 36,
        "report_breach": 60,
        "report_wellbeing": 60,
        "report_retaliation": 60,
        "gift_years": 5,
        "conflict_years": 5,
        "side_activity_years": 5,
        "open_case_months": 36,
        "open_case_warning_days": 30,
        "register_years": 10,
        "audit_months": 120,
        "leaver_months": 24,
        "training_months": 36,
        "join_code_days": 7,
        "declined_dilemma_months": 12,
    }
    data.update(changed)
    return data


def test_the_page_is_the_one_in_the_menu(personas) -> None:
    assert reverse("retention:settings") == URL


def test_an_anonymous_visitor_is_sent_to_sign_in(client: Client) -> None:
    for response in (client.get(URL), client.post(URL, periods_form())):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("role", ["member", Role.HR, Role.ADMIN, Role.CHIEF, Role.OVERSIGHT])
def test_other_roles_are_refused_and_nothing_changes(client: Client, personas, role) -> None:
    sign_in(client, personas.member if role == "member" else personas[role])
    assert client.get(URL).status_code == 403
    assert client.post(URL, periods_form(audit_months=61)).status_code == 403
    assert not RetentionSettings.objects.exists()


def test_the_dpo_reads_every_period_and_changes_none(client: Client, personas) -> None:
    sign_in(client, personas[Role.DPO])
    page = client.get(URL).content.decode()
    assert "Bewaartermijnen" in page
    assert 'name="open_case_months"' in page and "disabled" in page
    assert 'name="report_breach"' in page and 'name="gift_years"' in page
    assert 'type="submit"' not in page.split("<main", 1)[-1].split("</form>", 1)[0]
    assert client.post(URL, periods_form(audit_months=61)).status_code == 403
    assert not RetentionSettings.objects.exists()
    assert not AuditEvent.objects.filter(action="retention.settings_changed").exists()


def test_the_integrity_officer_puts_new_periods_in_force_once_on_a_double_submit(
    client: Client, personas
) -> None:
    officer = personas[Role.INTEGRITY_OFFICER]
    sign_in(client, officer)
    assert client.get(URL).status_code == 200
    data = periods_form(open_case_months=24, report_breach=72, gift_years=7)
    for _twice in range(2):
        response = client.post(URL, data)
        assert response.status_code == 302 and response["Location"] == URL
    [settings] = RetentionSettings.objects.filter(zone=personas.zone)
    assert settings.open_case_months == 24 and settings.created_by == officer
    assert RetentionSettings.current(personas.zone.pk) == settings
    assert RetentionPeriod.months_for(personas.zone.pk, "breach") == 72
    assert RetentionRules.current(personas.zone.pk).gift_years == 7
    assert RetentionRules.objects.filter(zone=personas.zone).count() == 1
    assert (
        AuditEvent.objects.filter(action="retention.settings_changed", actor_id=officer.pk).count()
        == 1
    )
    [moved] = AuditEvent.objects.filter(action="reporting.retention_changed")
    assert moved.detail == {"breach": 72}
    assert AuditEvent.objects.filter(action="registers.retention_changed").count() == 1
    page = client.get(URL).content.decode()
    assert "Eerdere termijnen" in page  # the history shows the row


def test_a_change_adds_a_row_and_the_newest_is_in_force(client: Client, personas) -> None:
    sign_in(client, personas[Role.INTEGRITY_OFFICER])
    client.post(URL, periods_form(audit_months=60))
    client.post(URL, periods_form(audit_months=90))
    assert list(
        RetentionSettings.objects.filter(zone=personas.zone).values_list("audit_months", flat=True)
    ) == [90, 60]
    assert RetentionSettings.current(personas.zone.pk).audit_months == 90
    assert RetentionSettings.current(personas.outsider.zone_id).audit_months == 120  # default


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("audit_months", 12, "minstens 60"),
        ("register_years", 2, "minstens 5"),
        ("report_advice", 3, "minstens 12"),
        ("open_case_months", "", "Dit veld is verplicht"),
        ("leaver_months", "veel", "Voer een geheel getal in"),
    ],
)
def test_bad_input_gets_a_clear_error_and_changes_nothing(
    client: Client, personas, field, value, error
) -> None:
    sign_in(client, personas[Role.INTEGRITY_OFFICER])
    response = client.post(URL, {**periods_form(report_breach=80), field: value})
    assert response.status_code == 400
    assert error in response.content.decode()
    assert not RetentionSettings.objects.exists()
    assert not RetentionPeriod.objects.exists()
    assert not RetentionRules.objects.exists()


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_page_speaks_the_reader_s_language(client: Client, personas, language) -> None:
    officer = personas[Role.INTEGRITY_OFFICER]
    officer.language = language
    officer.save(update_fields=["language"])
    sign_in(client, officer)
    page = client.get(URL).content.decode()
    assert {"fr": "Délais de conservation", "en": "Retention periods"}[language] in page


def test_the_page_costs_the_same_queries_whatever_the_history(client: Client, personas) -> None:
    sign_in(client, personas[Role.INTEGRITY_OFFICER])
    client.post(URL, periods_form(audit_months=61))
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for months in range(62, 70):
        client.post(URL, periods_form(audit_months=months, report_breach=months))
    with CaptureQueriesContext(connection) as many:
        client.get(URL)
    assert len(many) == len(few)
