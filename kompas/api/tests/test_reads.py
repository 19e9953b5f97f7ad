"""What each reading endpoint answers: exactly what its page shows, of the token's zone only."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from kompas.accounts.roles import Role
from kompas.api.scopes import Scope
from kompas.api.tests.conftest import api_token, call
from kompas.lib.clock import today
from kompas.plans.models import AutoIndicator, Indicator, ManualValue, PlanPeriod
from kompas.registers.tests.test_overview import (
    declare_gift,
    make_conflict_signal,
    make_side_activity,
)
from kompas.reporting import crypto
from kompas.reporting.models import Report
from kompas.reporting.services import NewReport, submit_report
from kompas.testing import make_person

pytestmark = pytest.mark.django_db


def _report(personas, kind: str = "breach", mode: str = "named", **fields) -> Report:
    report, _created = submit_report(
        zone=personas.zone,
        data=NewReport(kind=kind, channel="staff", identity_mode=mode, what="Wat er gebeurde."),
        receipt=crypto.new_receipt(),
        signed_in=personas.member,
    )
    if fields:
        Report.objects.filter(pk=report.pk).update(**fields)
        report.refresh_from_db()
    return report


# --- Organisation ------------------------------------------------------------------------------


def test_the_people_are_read_page_by_page_as_hrs_file_holds_them(personas, monkeypatch) -> None:
    from kompas.api.endpoints import organisation

    monkeypatch.setattr(organisation, "PEOPLE_PER_PAGE", 5)
    token = api_token(personas.zone, Scope.READ_ORGANISATION)
    seen, page = [], 1
    while page:
        answer = call("get", f"/api/v1/people?page={page}", token).json()
        assert len(answer["items"]) <= 5
        seen += answer["items"]
        page = answer["next_page"]
    assert len(seen) == personas.zone.people.count()
    assert [p["staff_number"] for p in seen] == sorted(p["staff_number"] for p in seen)
    mila = next(p for p in seen if p["id"] == personas.member.pk)
    assert mila == {
        "id": personas.member.pk,
        "staff_number": personas.member.staff_number,
        "first_name": "Mila",
        "last_name": personas.member.last_name,
        "email": personas.member.email,
        "service_id": personas.team.pk,
        "leader_staff_number": personas[Role.COORDINATOR].staff_number,
        "cadre": "operational",
        "status": "statutory",
        "language": "nl",
        "is_active": True,
    }
    assert call("get", f"/api/v1/people/{personas.member.pk}", token).json() == mila
    assert personas.outsider.pk not in {p["id"] for p in seen}


def test_a_person_of_another_zone_or_of_nowhere_is_not_found(personas) -> None:
    token = api_token(personas.zone, Scope.READ_ORGANISATION)
    assert call("get", f"/api/v1/people/{personas.outsider.pk}", token).status_code == 404
    assert call("get", "/api/v1/people/987654321", token).status_code == 404
    for odd in ("0", "-1", "9" * 25, "abc"):
        assert call("get", f"/api/v1/people/{odd}", token).status_code in (404, 422), odd


def test_the_active_filter_lists_those_who_left(personas) -> None:
    left = make_person(personas.zone, first_name="Vertrokken", is_active=False)
    token = api_token(personas.zone, Scope.READ_ORGANISATION)
    gone = call("get", "/api/v1/people?active=false", token).json()["items"]
    assert [p["id"] for p in gone] == [left.pk]
    active = call("get", "/api/v1/people?active=true", token).json()["items"]
    assert left.pk not in {p["id"] for p in active}


def test_the_services_form_the_zones_tree(personas) -> None:
    token = api_token(personas.zone, Scope.READ_ORGANISATION)
    services = call("get", "/api/v1/services", token).json()["items"]
    assert {s["name"]: s["parent_id"] for s in services} == {
        "Operaties": None,
        "Interventie": personas.service.pk,
    }


# --- The register of reports -----------------------------------------------------------------


def test_a_register_line_holds_what_the_register_shows_and_nothing_more(personas, handlers) -> None:
    received = today() - timedelta(days=20)
    report = _report(
        personas,
        received_on=received,
        acknowledge_by=received + timedelta(days=7),
        acknowledged_on=received + timedelta(days=9),
        feedback_by=received + timedelta(days=97),
        status="acknowledged",
    )
    token = api_token(personas.zone, Scope.READ_REGISTERS)
    answer = call("get", "/api/v1/register", token).json()
    assert answer["items"] == [
        {
            "number": report.number,
            "kind": "breach",
            "received_on": received.isoformat(),
            "acknowledged_on": (received + timedelta(days=9)).isoformat(),
            "acknowledged_late": True,
            "feedback_on": None,
            "feedback_late": False,
            "status": "acknowledged",
            "legal_hold": False,
            "outcome": None,
            "content_destroyed_on": None,
            "content_destroyed_from": None,
        }
    ]
    assert "Wat er gebeurde" not in str(answer) and personas.member.last_name not in str(answer)


def test_the_register_leaves_out_well_being_lines_and_todays_reports(personas, handlers) -> None:
    named = _report(personas)
    _report(personas, kind="wellbeing")
    anonymous = _report(personas, mode="anonymous")
    confidential = _report(personas, mode="confidential")
    token = api_token(personas.zone, Scope.READ_REGISTERS)
    numbers = [line["number"] for line in call("get", "/api/v1/register", token).json()["items"]]
    assert numbers == []  # named ones too: else polling would tell them from the others
    Report.objects.update(received_on=today() - timedelta(days=1))
    lines = call("get", "/api/v1/register", token).json()["items"]
    assert {line["number"] for line in lines} == {
        named.number,
        anonymous.number,
        confidential.number,
    }
    past = call("get", f"/api/v1/register?year={today().year - 1}", token).json()
    assert past["items"] == []


# --- The declarations overview ---------------------------------------------------------------


def test_the_declarations_are_the_overviews_lines(personas) -> None:
    declare_gift(personas.member, 901, "Garage Janssens", "20")
    make_side_activity(personas.member, "Voetbalclub")
    make_conflict_signal(personas.member, personas[Role.COORDINATOR], "mijn buurman Jan")
    token = api_token(personas.zone, Scope.READ_REGISTERS)
    (gift,) = call("get", "/api/v1/declarations/gifts", token).json()["items"]
    assert gift["member"] == {"name": personas.member.full_name, "service": "Interventie"}
    assert (gift["giver"], gift["value"], gift["status"]) == ("Garage Janssens", 20.0, "pending")
    assert "answers" not in gift and "context" not in gift
    (side,) = call("get", "/api/v1/declarations/side-activities", token).json()["items"]
    assert (side["organisation"], side["hours_per_week"], side["paid"]) == (
        "Voetbalclub",
        4.0,
        False,
    )
    (conflict,) = call("get", "/api/v1/declarations/conflicts", token).json()["items"]
    assert conflict["task"] == "PV 2026/77" and conflict["measure"] is None
    # The people a conflict concerns are not on the overview's line, nor here.
    assert "buurman" not in str(conflict)


def test_the_declarations_filter_by_service_and_day(personas) -> None:
    declare_gift(personas.member, 902, "Bakkerij", "8")
    declare_gift(personas[Role.HR], 903, "Drukkerij", "12")
    token = api_token(personas.zone, Scope.READ_REGISTERS)
    team = call("get", f"/api/v1/declarations/gifts?service={personas.team.pk}", token).json()
    assert [g["giver"] for g in team["items"]] == ["Bakkerij"]
    tomorrow = (today() + timedelta(days=1)).isoformat()
    later = call("get", f"/api/v1/declarations/gifts?start={tomorrow}", token).json()
    assert later["items"] == []
    bad = call("get", "/api/v1/declarations/gifts?start=gisteren", token)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "start"


# --- Figures ---------------------------------------------------------------------------------


def test_small_counts_read_the_same_whatever_they_are(personas, handlers) -> None:
    """0, 1 or 2 reports in a complete month: the figures are the same, "< 3" each time."""
    token = api_token(personas.zone, Scope.READ_FIGURES)
    year = today().year - 1  # a whole year, every month complete
    answers = []
    for n in range(3):
        if n:
            _report(personas, received_on=today().replace(year=year, month=3, day=10))
        from django.core.cache import cache

        cache.clear()  # figures are kept a few minutes; count again
        answers.append(call("get", f"/api/v1/figures/{year}", token).json()["reports"])
    assert answers[0] == answers[1] == answers[2]
    assert answers[0]["per_month"][2] == {"shown": "< 3", "low": 0, "high": 2}
    assert answers[0]["kinds"]["breach"] == {"shown": "< 3", "low": 0, "high": 2}
    for _n in range(3):
        _report(personas, received_on=today().replace(year=year, month=3, day=12))
    from django.core.cache import cache

    cache.clear()
    five = call("get", f"/api/v1/figures/{year}", token).json()
    assert five["reports"]["per_month"][2] == {"shown": "5", "low": 5, "high": 5}
    assert five["reports"]["total"]["low"] <= 5 <= five["reports"]["total"]["high"]


def test_declarations_and_trainings_show_zero_as_zero(personas) -> None:
    token = api_token(personas.zone, Scope.READ_FIGURES)
    declare_gift(personas.member, 904, "Garage", "20")
    answer = call("get", f"/api/v1/figures/{today().year}", token).json()
    assert answer["registers"]["gifts"] == {"shown": "< 3", "low": 0, "high": 2}
    assert answer["registers"]["conflicts"] == {"shown": "0", "low": 0, "high": 0}
    assert answer["trainings"]["sessions"]["shown"] == "0"
    assert call("get", f"/api/v1/figures/{today().year + 1}", token).status_code == 404
    assert call("get", "/api/v1/figures/1999", token).status_code == 422


def test_the_registers_per_service_hide_counts_below_five(personas) -> None:
    token = api_token(personas.zone, Scope.READ_FIGURES)
    declare_gift(personas.member, 905, "Garage", "20")
    answer = call("get", f"/api/v1/figures/{today().year}/registers-per-service", token).json()
    (row,) = answer["services"]
    assert row["service"] == "Operaties"
    assert row["declared"] == {"shown": "< 5", "low": 0, "high": 4}
    assert row["conflicts"] == {"shown": "0", "low": 0, "high": 0}


def test_the_plans_indicators_with_their_latest_values(personas) -> None:
    token = api_token(personas.zone, Scope.READ_FIGURES)
    assert call("get", "/api/v1/plan/indicators", token).json() == {
        "period": None,
        "indicators": [],
    }
    period = PlanPeriod.objects.create(
        zone=personas.zone,
        name="2025-2028",
        starts_on=today() - timedelta(days=100),
        ends_on=today() + timedelta(days=900),
    )
    manual = Indicator.objects.create(period=period, name="Opgeleide leidinggevenden", unit="%")
    ManualValue.objects.create(indicator=manual, measured_on=today(), value=Decimal("42.5"))
    Indicator.objects.create(period=period, auto=AutoIndicator.REPORTS_ACKNOWLEDGED, target=90)
    answer = call("get", "/api/v1/plan/indicators", token).json()
    assert answer["period"]["name"] == "2025-2028"
    first, second = answer["indicators"]
    assert (first["name"], first["value"], first["unit"]) == (
        "Opgeleide leidinggevenden",
        42.5,
        "%",
    )
    # Fewer than 3 reports: the share stays empty, as on the plan's page.
    assert (second["auto"], second["value"], second["target"]) == (
        "reports_acknowledged",
        None,
        90.0,
    )
    chosen = call("get", f"/api/v1/plan/indicators?period={period.pk}", token).json()
    assert chosen == answer
    other = PlanPeriod.objects.create(
        zone=personas.outsider.zone, name="Elders", starts_on=today(), ends_on=today()
    )
    assert call("get", f"/api/v1/plan/indicators?period={other.pk}", token).status_code == 404


def test_every_list_costs_the_same_queries_whatever_it_holds(personas, handlers) -> None:
    """No query per row: each reading endpoint asks the database as often for a few rows as for
    many (a national zone holds 50,000 people and hundreds of thousands of declarations)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kompas.api.tests.conftest import ALL_SCOPES
    from kompas.api.tests.test_scopes import ENDPOINTS

    token = api_token(personas.zone, *ALL_SCOPES)
    addresses = [
        path.replace("{person_id}", str(personas.member.pk)).replace("{year}", str(today().year))
        for method, path, _scope in ENDPOINTS
        if method == "GET"
    ]

    def counts() -> list[int]:
        found = []
        for address in addresses:
            call("get", address, token)  # the first call of a day notes it; figures are kept
            with CaptureQueriesContext(connection) as queries:
                assert call("get", address, token).status_code == 200, address
            found.append(len(queries))
        return found

    declare_gift(personas.member, 910, "Garage", "20")
    make_side_activity(personas.member, "Club")
    _report(personas, received_on=today() - timedelta(days=3))
    few = counts()
    for n in range(6):
        declare_gift(personas[Role.HR], 911 + n, f"Gever {n}", "15")
        make_side_activity(personas[Role.HR], f"Club {n}")
        make_conflict_signal(personas[Role.HR], personas[Role.COORDINATOR], "iemand")
        _report(personas, received_on=today() - timedelta(days=4 + n))
        make_person(personas.zone, service=personas.team, leader=personas.member)
    assert counts() == few
