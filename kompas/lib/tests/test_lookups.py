"""`any_of`: the same rows as `in`, the list sent as one value on PostgreSQL."""

from __future__ import annotations

import pytest
from django.db import connection

from kompas.accounts.models import Person
from kompas.testing import make_person, make_service, make_zone

pytestmark = pytest.mark.django_db


def test_any_of_finds_what_in_finds_and_nothing_for_an_empty_list() -> None:
    zone = make_zone()
    services = [make_service(zone, f"Dienst {n}") for n in range(4)]
    for service in services:
        make_person(zone, service=service)
    wanted = [services[0].pk, services[2].pk, 999_999]
    by_any = set(Person.objects.filter(service__id__any_of=wanted))
    assert by_any == set(Person.objects.filter(service_id__in=wanted)) and len(by_any) == 2
    assert not Person.objects.filter(service__id__any_of=[]).exists()
    sql = str(Person.objects.filter(service__id__any_of=wanted).query)
    assert "JOIN" not in sql  # the column itself, no join to the services
    if connection.vendor == "postgresql":
        assert "= ANY(" in sql


def test_has_any_of_finds_json_lists_holding_one_of_the_strings() -> None:
    from kompas.compass.models import Dilemma, DilemmaOption

    dilemma = Dilemma.objects.create(status="published", title={"nl": "Test"})
    lists = [[], ["loyalty"], ["integrity", "respect"], ["respect"], ["o'brien", "a%b"]]
    options = [
        DilemmaOption.objects.create(dilemma=dilemma, position=n, serves=values, harms=[])
        for n, values in enumerate(lists)
    ]

    def found(*wanted: str) -> list[int]:
        chosen = DilemmaOption.objects.filter(dilemma=dilemma, serves__has_any_of=set(wanted))
        return sorted(options.index(o) for o in chosen)

    assert found("respect") == [2, 3]
    assert found("loyalty", "integrity") == [1, 2]
    assert found("o'brien") == [4] and found("a%b") == [4] and found("a") == []
    assert found() == []
