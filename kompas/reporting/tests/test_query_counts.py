"""Every main page costs the same number of SQL queries with a small and a larger dataset."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kompas.accounts.models import RoleAssignment
from kompas.accounts.roles import Role
from kompas.reporting.benchdata import generate_reports
from kompas.reporting.models import Report
from kompas.reporting.tests.conftest import signed_in_handler
from kompas.testing import make_person, make_service

pytestmark = pytest.mark.django_db

PAGES = [
    ("member", "front:home", None),
    (Role.OVERSIGHT, "front:home", None),
    (Role.INTEGRITY_OFFICER, "front:home", None),
    (Role.HEAD_OF_SERVICE, "front:home", None),
    (Role.MTEAM, "front:home", None),
    ("member", "reporting:new", None),
    ("member", "accounts:profile", None),
    ("member", "accounts:organisation", None),
    (Role.HR, "accounts:people", None),
    (Role.ADMIN, "audit:log", None),
    (Role.OVERSIGHT, "reporting:cases", None),
    (Role.OVERSIGHT, "reporting:case", "case"),
    (Role.INTEGRITY_OFFICER, "reporting:register", None),
    (Role.INTEGRITY_OFFICER, "reporting:statistics", None),
    ("member", "registers:mine", None),
    (Role.HEAD_OF_SERVICE, "registers:gift_pending", None),
    (Role.INTEGRITY_OFFICER, "registers:overview", None),
    (Role.MTEAM, "registers:overview", "?register=yearly"),
    (Role.INTEGRITY_OFFICER, "registers:overview", "?register=patterns"),
    ("member", "registers:gift_new", None),
    (Role.HR, "accounts:people", "?q=e"),
    (Role.HR, "accounts:person", "member"),
    ("anonymous", "reporting:public", "zone"),
    ("anonymous", "accounts:login", None),
]


def count(browser, url: str) -> int:
    browser.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = browser.get(url)
    assert response.status_code == 200, url
    return len(queries)


def test_query_counts_do_not_grow_with_the_data(personas, handlers) -> None:
    from django.test import Client

    from kompas.testing import sign_in

    generate_reports(personas.zone, 5)
    from decimal import Decimal

    from kompas.lib.clock import today
    from kompas.registers.services import declare

    def gift(declarant, n: int) -> None:
        declare(
            person=declarant,
            token=f"query-count-token-{n:04d}",
            data={
                "kind": "gift",
                "description": "Pralines",
                "giver_name": f"Bakker {n}",
                "giver_type": "organisation",
                "giver_in_file": False,
                "is_cash": False,
                "perishable": True,
                "value": Decimal("10"),
                "given_on": today(),
                "context": "",
                "offered_only": False,
                "answers": {},
            },
        )

    gift(personas.member, 999)
    first = Report.objects.order_by("pk").first()
    assert first is not None
    browsers = {}
    for who in {p[0] for p in PAGES}:
        if who == "anonymous":
            browsers[who] = Client()
        elif who == "member":
            browsers[who] = sign_in(Client(), personas.member)
        else:
            browsers[who] = signed_in_handler(personas[who])

    def url(name: str, arg: str | None) -> str:
        if arg == "case":
            return reverse(name, args=[first.number])
        if arg == "member":
            return reverse(name, args=[personas.member.pk])
        if arg == "zone":
            return reverse(name, args=[personas.zone.code])
        return reverse(name) + (arg or "")

    from kompas.accounts.models import RoleAssignment as Assignment

    Assignment.objects.filter(role=Role.HEAD_OF_SERVICE).update(service=personas.service)
    small = {url(name, arg): count(browsers[who], url(name, arg)) for who, name, arg in PAGES}
    # Grow every kind of data the pages show: people, services, roles, reports, audit events.
    for n in range(25):
        service = make_service(personas.zone, f"Team {n}", parent=personas.service)
        person = make_person(personas.zone, service=service, leader=personas[Role.COORDINATOR])
        RoleAssignment.objects.create(person=person, role=Role.HEAD_OF_SERVICE, service=service)
    generate_reports(personas.zone, 120)

    for n in range(12):
        gift(make_person(personas.zone, service=personas.team), n)
    large = {url(name, arg): count(browsers[who], url(name, arg)) for who, name, arg in PAGES}
    assert large == small
