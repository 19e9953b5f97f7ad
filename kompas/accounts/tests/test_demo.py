"""The demo zone: deterministic, every role filled, safe to load twice, and scalable."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from kompas.accounts.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, build_demo_zone
from kompas.accounts.models import Person, RoleAssignment, Service
from kompas.accounts.roles import Role

pytestmark = pytest.mark.django_db


def test_the_demo_zone_has_about_150_people_and_every_role() -> None:
    zone, created = build_demo_zone()
    assert created
    assert Person.objects.filter(zone=zone).count() == 150
    held = set(RoleAssignment.objects.filter(person__zone=zone).values_list("role", flat=True))
    assert held == set(Role.values)
    names = set(Service.objects.filter(zone=zone).values_list("name", flat=True))
    assert {
        "Interventie",
        "Wijkwerking",
        "Verkeer",
        "Lokale Recherche",
        "Onthaal",
        "HR en Logistiek",
    } <= names


def test_every_service_with_members_has_a_leader_and_no_leader_circle() -> None:
    zone, _ = build_demo_zone()
    chief = Person.objects.get(zone=zone, roles_held__role=Role.CHIEF)
    for person in Person.objects.filter(zone=zone).select_related("leader"):
        chain = person.chain_of_command()
        if person != chief:
            assert person.leader_id is not None, person
            assert chain[-1] == chief, person
        assert person not in chain


def test_loading_twice_changes_nothing(capsys) -> None:
    call_command("load_demo")
    first = capsys.readouterr().out
    assert "korpschef@demo.kompas.test" in first
    assert DEMO_PASSWORD in first
    count = Person.objects.count()
    call_command("load_demo")
    assert "already there" in capsys.readouterr().out
    assert Person.objects.count() == count


def test_it_is_deterministic() -> None:
    build_demo_zone()
    first = list(Person.objects.order_by("staff_number").values_list("last_name", "service__name"))
    from kompas.reporting.models import HandlerKey

    HandlerKey.objects.all().delete()
    Person.objects.update(leader=None)
    RoleAssignment.objects.all().delete()
    Person.objects.all().delete()
    Service.objects.update(parent=None)
    Service.objects.all().delete()
    from kompas.accounts.models import Zone

    Zone.objects.all().delete()
    build_demo_zone()
    second = list(Person.objects.order_by("staff_number").values_list("last_name", "service__name"))
    assert first == second


def test_it_scales_to_larger_zones() -> None:
    zone, _ = build_demo_zone(people=1500)
    assert Person.objects.filter(zone=zone).count() == 1500
    services = Service.objects.filter(zone=zone).count()
    assert 25 <= services <= 40


def test_demo_accounts_sign_in_and_a_sensitive_one_needs_its_code(client: Client) -> None:
    build_demo_zone()
    member = next(a for a in DEMO_ACCOUNTS if a.key == "medewerker")
    client.post(reverse("accounts:login"), {"username": member.email, "password": DEMO_PASSWORD})
    assert client.get("/").status_code == 200

    officer = next(a for a in DEMO_ACCOUNTS if a.key == "integriteit")
    other = Client()
    other.post(reverse("accounts:login"), {"username": officer.email, "password": DEMO_PASSWORD})
    assert other.get("/")["Location"].startswith(reverse("accounts:second_factor_verify"))
    from io import StringIO

    out = StringIO()
    call_command("demo_code", officer.email, stdout=out)
    other.post(reverse("accounts:second_factor_verify"), {"token": out.getvalue().strip()})
    assert other.get("/").status_code == 200


def test_the_demo_code_command_refuses_real_accounts(personas) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("demo_code", personas[Role.ADMIN].email)


def test_the_demo_cases_are_listed_for_internal_oversight_and_their_events_audited() -> None:
    """The demo's reports came in days ago: oversight finds the anonymous and the confidential
    one in its list (a report is listed from the day after it came in), and the audit chain
    holds their intake."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from kompas.audit.models import AuditEvent, HeldEvent
    from kompas.reporting.models import Report
    from kompas.testing import current_code

    call_command("load_demo")
    oversight = next(a for a in DEMO_ACCOUNTS if a.key == "toezicht")
    browser = Client()
    browser.post(
        reverse("accounts:login"), {"username": oversight.email, "password": DEMO_PASSWORD}
    )
    device = TOTPDevice.objects.get(user__email=oversight.email)
    browser.post(reverse("accounts:second_factor_verify"), {"token": current_code(device)})
    page = browser.get(reverse("reporting:cases")).content.decode()
    for report in Report.objects.filter(kind__in=["complaint", "breach"]):
        assert report.number in page
    assert not HeldEvent.objects.exists()
    assert AuditEvent.objects.filter(action="reporting.report_received").count() == 3
