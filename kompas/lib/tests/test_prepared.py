"""A query compiled once gives the same object as Django's own query, on either database."""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import F, Q, Value
from django.db.models.functions import Concat

from kompas.accounts.models import Person
from kompas.lib.prepared import OneByKey
from kompas.lib.prepared import Value as Given
from kompas.testing import make_person, make_zone

pytestmark = pytest.mark.django_db


def test_a_row_read_by_key_is_the_object_django_reads(django_assert_num_queries) -> None:
    zone = make_zone()
    person = make_person(zone, first_name="Sofie")
    Person.objects.filter(pk=person.pk).update(is_active=False)

    def build():
        return Person.objects.annotate(named=Concat(F("first_name"), Value("!")))

    by_key = OneByKey(Person, build)
    with django_assert_num_queries(1):
        read = by_key.get(person.pk)
    djangos = build().get(pk=person.pk)
    assert read is not None and read.pk == person.pk and not read._state.adding
    for field in Person._meta.concrete_fields:
        value = getattr(read, field.attname)
        assert value == getattr(djangos, field.attname)
        assert type(value) is type(getattr(djangos, field.attname)), field.attname
    assert read.is_active is False  # a boolean, also where SQLite keeps 0 and 1
    assert read.named == "Sofie!"  # type: ignore[attr-defined]
    # Compiled once: the second read sends the same SQL with another key.
    other = make_person(zone, first_name="Jan")
    assert getattr(by_key.get(other.pk), "first_name", None) == "Jan"
    assert by_key.get(other.pk + 1000) is None
    # A number no database key can hold finds nothing, as Django's exact lookup answers it.
    assert by_key.get(10**30) is None and by_key.get(-(10**30)) is None


def test_what_the_query_says_besides_the_key_is_compiled_in_with_it() -> None:
    zone = make_zone()
    sofie, jan = make_person(zone, first_name="Sofie"), make_person(zone, first_name="Jan")
    by_key = OneByKey(Person, lambda: Person.objects.filter(first_name="Sofie"))
    assert by_key.get(sofie.pk) == sofie
    assert by_key.get(jan.pk) is None


def test_a_model_with_a_32_bit_key_is_read_too() -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=make_person(make_zone()), name="app", confirmed=True)
    read = OneByKey(TOTPDevice, lambda: TOTPDevice.objects.all()).get(device.pk)
    assert read == device and read.bin_key == device.bin_key and read.confirmed is True


def _same_objects(ours: list, djangos: list) -> None:
    assert [o.pk for o in ours] == [o.pk for o in djangos]
    for mine, theirs in zip(ours, djangos, strict=True):
        assert not mine._state.adding and mine._state.db == theirs._state.db
        for field in type(theirs)._meta.concrete_fields:
            if field.attname in theirs.__dict__:  # loaded (not deferred) by Django's query
                assert getattr(mine, field.attname) == getattr(theirs, field.attname)
                assert type(getattr(mine, field.attname)) is type(getattr(theirs, field.attname))
        assert mine.get_deferred_fields() == theirs.get_deferred_fields()


def test_a_query_compiled_once_gives_the_objects_django_gives(django_assert_num_queries) -> None:
    from kompas.lib.prepared import Prepared
    from kompas.testing import make_service

    zone, other = make_zone(), make_zone()
    service = make_service(zone, "Wijk Noord")
    boss = make_person(zone, first_name="Baas")
    people = [make_person(zone, first_name=n) for n in ("Sofie", "Jan", "An")]
    for person in people[:2]:
        Person.objects.filter(pk=person.pk).update(service=service, leader=boss)
    make_person(other, first_name="Elders")

    def build(zone_id, leader_id, name):
        return (
            Person.objects.filter(zone_id=zone_id)
            .filter(Q(leader_id=leader_id) | Q(first_name=name) | Q(pk=leader_id))
            .select_related("service", "leader")
            .only("first_name", "is_active", "service__name", "leader__first_name")
            .annotate(named=Concat(F("first_name"), Value("!")))
            .order_by("first_name")[:10]
        )

    led = Prepared(build)
    for zone_id, leader_id, name in (
        (zone.pk, boss.pk, "An"),
        (zone.pk, boss.pk, "x"),
        (other.pk, 0, "Elders"),
    ):
        with django_assert_num_queries(1):
            ours = led(zone_id=zone_id, leader_id=leader_id, name=name)
        djangos = list(build(zone_id, leader_id, name))
        assert djangos  # every case finds someone
        _same_objects(ours, djangos)
        for mine, theirs in zip(ours, djangos, strict=True):
            assert mine.named == theirs.named  # type: ignore[attr-defined]
            assert getattr(mine.service, "name", None) == getattr(theirs.service, "name", None)
            assert getattr(mine.leader, "first_name", None) == getattr(
                theirs.leader, "first_name", None
            )
    found = led(zone_id=zone.pk, leader_id=boss.pk, name="-")
    with django_assert_num_queries(0):  # what select_related read is there without asking
        assert {p.service.name for p in found if p.service} == {"Wijk Noord"}
        assert {p.leader.first_name for p in found if p.leader} == {"Baas"}


def test_only_plain_values_are_taken_and_only_where_django_takes_them_as_they_are() -> None:
    from kompas.lib.prepared import Prepared

    by_name = Prepared(lambda name: Person.objects.filter(first_name=name))
    with pytest.raises(TypeError):
        by_name(name=None)  # type: ignore[arg-type]  # NULL needs other SQL: never replaced
    by_name(name="Sofie")
    with pytest.raises(TypeError):
        by_name(name=3)  # another kind of value than compiled
    with pytest.raises(ValueError, match="not a plain value"):
        Prepared(lambda name: Person.objects.filter(first_name__icontains=name))(name="So")
    with pytest.raises(ValueError, match="prefetching"):
        Prepared(
            lambda zone_id: Person.objects.filter(zone_id=zone_id).prefetch_related("roles_held")
        )(zone_id=1)


def test_values_and_counts_compiled_once_are_what_django_gives() -> None:
    from django.db.models import Count

    from kompas.lib.prepared import Prepared
    from kompas.testing import make_service

    zone = make_zone()
    north, south = make_service(zone, "Noord"), make_service(zone, "Zuid")
    for n, service in enumerate((north, north, south, None)):
        person = make_person(zone, first_name=f"P{n}")
        Person.objects.filter(pk=person.pk).update(service=service)
    shapes = {
        "values": lambda zone_id: (
            Person.objects.filter(zone_id=zone_id)
            .values("service__name", "is_active")
            .annotate(n=Count("id"))
            .order_by("service__name")
        ),
        "values_list": lambda zone_id: (
            Person.objects.filter(zone_id=zone_id)
            .values_list("first_name", "service_id", "date_joined")
            .order_by("-last_name", "pk")
        ),  # ordered by a column it does not return
        "named": lambda zone_id: (
            Person.objects.filter(zone_id=zone_id)
            .values_list("first_name", "service__name", named=True)
            .order_by("first_name")
        ),
        "flat": lambda zone_id: (
            Person.objects.filter(zone_id=zone_id)
            .values_list("first_name", flat=True)
            .order_by("first_name")
        ),
    }
    for name, build in shapes.items():
        prepared = Prepared(build)
        for _again in range(2):
            rows = prepared(zone_id=zone.pk)
            assert rows == list(build(zone.pk)), name
            assert [type(row).__name__ for row in rows] == [
                type(row).__name__ for row in build(zone.pk)
            ]
        assert prepared(zone_id=zone.pk + 1000) == []
    named: Any = Prepared(shapes["named"])(zone_id=zone.pk)
    assert [(row.first_name, row.service__name) for row in named] == [
        ("P0", "Noord"), ("P1", "Noord"), ("P2", "Zuid"), ("P3", None)
    ]  # fmt: skip


def test_a_day_is_sent_as_django_sends_it_on_either_database(django_assert_num_queries) -> None:
    """A day (a date) goes where Django puts it: a date on PostgreSQL, its ISO text on SQLite."""
    from datetime import date, datetime

    from kompas.lib.prepared import Prepared

    zone = make_zone()
    for n, left in enumerate((date(2026, 1, 31), date(2026, 2, 1), date(2026, 3, 1), None)):
        person = make_person(zone, first_name=f"P{n}")
        Person.objects.filter(pk=person.pk).update(left_on=left)

    def build(zone_id, day):
        return (
            Person.objects.filter(zone_id=zone_id, left_on__gte=day)
            .exclude(left_on=day)
            .order_by("left_on")
            .values_list("first_name", flat=True)
        )

    left_after = Prepared(build)
    for day in (date(2026, 1, 1), date(2026, 2, 1), date(2026, 12, 31)):
        with django_assert_num_queries(1):
            ours = left_after(zone_id=zone.pk, day=day)
        assert ours == list(build(zone.pk, day))
    assert left_after(zone_id=zone.pk, day=date(2026, 2, 1)) == ["P2"]
    with pytest.raises(TypeError):  # a moment is not a day: other SQL on either database
        left_after(zone_id=zone.pk, day=datetime(2026, 2, 1, 12, 0))
    with pytest.raises(ValueError, match="not a plain value"):  # a day worked out from it
        Prepared(lambda day: Person.objects.filter(left_on__lte=day.replace(day=28)))(
            day=date(2026, 2, 1)
        )


def test_the_sql_and_values_sent_are_those_django_sends() -> None:
    """The same SQL, and each value of the same type as Django's own (on PostgreSQL a 64-bit
    key goes wrapped as psycopg's Int8, on SQLite a day as its ISO text)."""
    from datetime import date

    from kompas.lib.prepared import Prepared

    zone = make_zone()
    person = make_person(zone)

    def build(zone_id, pk, day, name):
        return Person.objects.filter(zone_id=zone_id, pk=pk, left_on__lte=day, first_name=name)

    prepared = Prepared(build)
    cases: tuple[dict[str, Given], ...] = (
        {"zone_id": zone.pk, "pk": person.pk, "day": date(2026, 1, 1), "name": "Sofie"},
        {"zone_id": zone.pk + 1, "pk": 2**40, "day": date(2027, 12, 31), "name": "Jan"},
    )
    for values in cases:
        statement = prepared._statement("default", values)
        assert statement is not None
        compiled, params = statement
        sql, djangos = build(**values).query.get_compiler("default").as_sql()
        assert compiled.sql == sql
        assert [(type(p), p) for p in params] == [(type(p), p) for p in djangos]


def test_a_list_read_in_pages_gives_the_pages_django_gives(django_assert_num_queries) -> None:
    from kompas.lib.paging import page_of, prepared_page
    from kompas.lib.prepared import Prepared

    zone, other = make_zone(), make_zone()
    for n in range(7):
        make_person(zone, first_name=f"P{n}")
    make_person(other, first_name="Elders")

    def build(zone_id):
        return Person.objects.filter(zone_id=zone_id).order_by("first_name", "pk")

    people = Prepared(build)
    for number in (None, "1", "2", "3", "4", "x", "0"):
        with django_assert_num_queries(1):
            ours = prepared_page(people, number, 3, zone_id=zone.pk)
        djangos = page_of(build(zone.pk), number, 3)
        assert [p.pk for p in ours] == [p.pk for p in djangos]
        assert (ours.number, ours.has_next()) == (djangos.number, djangos.has_next())
    assert [p.first_name for p in people.window(0, 10, zone_id=other.pk)] == ["Elders"]
    with pytest.raises(ValueError, match="whole offset"):
        people.window(-1, 3, zone_id=zone.pk)
    with pytest.raises(ValueError, match="must not be sliced"):
        Prepared(lambda zone_id: build(zone_id)[:5]).window(0, 3, zone_id=zone.pk)


def test_a_value_django_changes_or_one_worked_out_from_it_is_refused() -> None:
    """A value escaped as a pattern (``iexact`` on SQLite), used both as itself and inside a
    pattern, or worked out from another (a day after it, a number after it) would be compiled in
    as a constant: each query is refused when compiled, never run with the wrong value."""
    from datetime import date, timedelta

    from django.db import connection

    from kompas.lib.prepared import Prepared

    zone = make_zone()
    make_person(zone, first_name="Sofie", email="sofie@example.test")
    by_email = Prepared(lambda email: Person.objects.filter(email__iexact=email))
    if connection.vendor == "sqlite":  # Django escapes the value of a LIKE there
        with pytest.raises(ValueError, match="not a plain value"):
            by_email(email="%")
    else:  # UPPER(email) = UPPER(%s): the value as given
        assert by_email(email="%") == []
        assert [p.first_name for p in by_email(email="SOFIE@example.test")] == ["Sofie"]
    with pytest.raises(ValueError, match="worked out"):
        Prepared(
            lambda name: Person.objects.filter(Q(first_name=name) | Q(last_name__icontains=name))
        )(name="So")
    with pytest.raises(ValueError, match="worked out"):
        Prepared(
            lambda zone_id, day, soon: Person.objects.filter(
                zone_id=zone_id, left_on__gte=day, left_on__lte=day + timedelta(days=2)
            ).exclude(left_on=soon)
        )(zone_id=zone.pk, day=date(2026, 1, 1), soon=date(2026, 1, 3))
    with pytest.raises(ValueError, match="worked out"):
        Prepared(lambda pk: Person.objects.filter(pk=pk) | Person.objects.filter(pk=pk + 1))(
            pk=zone.pk
        )
