"""`any_of`: the same rows as `in`, the list sent as one value on PostgreSQL, a query asked in
the same statement."""

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


def test_any_of_a_query_finds_what_in_finds_in_one_statement_and_keeps_an_index_in_an_or(
    django_assert_num_queries,
) -> None:
    """Within an OR, `IN (SELECT ...)` makes PostgreSQL check every row; `= ANY(ARRAY(...))`
    reads the ids first and lets them take the column's index beside the other conditions."""
    from django.db.models import Q

    from kompas.accounts.models import Service

    zone = make_zone()
    services = [make_service(zone, f"Dienst {n}") for n in range(4)]
    people = [
        make_person(zone, service=service, last_name=f"Naam{n}")
        for n, service in enumerate(services)
    ]
    named = Service.objects.filter(zone=zone, name__in=["Dienst 1", "Dienst 3"]).values_list(
        "pk", flat=True
    )
    either = Person.objects.filter(Q(last_name="Naam0") | Q(service__id__any_of=named))
    with django_assert_num_queries(1):
        found = set(either)
    assert found == {people[0], people[1], people[3]}
    assert set(Person.objects.filter(service__id__any_of=named.none())) == set()
    # A queryset of whole rows is asked for its ids, as `in` asks it.
    rows = Service.objects.filter(zone=zone, name="Dienst 2")
    assert list(Person.objects.filter(service__id__any_of=rows)) == [people[2]]
    sql = str(either.query)
    assert "JOIN" not in sql
    if connection.vendor == "postgresql":
        assert "= ANY(ARRAY(SELECT" in sql
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")  # as on a table of many rows
            sql, params = either.query.sql_with_params()
            cursor.execute("EXPLAIN " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert "InitPlan" in plan and "accounts_person_service_id" in plan
        assert "SubPlan" not in plan


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
