"""A query compiled once gives the same object as Django's own query, on either database."""

from __future__ import annotations

import pytest
from django.db.models import F, Value
from django.db.models.functions import Concat

from kompas.accounts.models import Person
from kompas.lib.prepared import OneByKey
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
