"""A model's choice labels read from a table made once, in the language of the request."""

from __future__ import annotations

import pytest
from django.utils import translation

from kompas.accounts.models import Cadre, Person
from kompas.reporting.models import Report

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_a_label_is_shown_as_django_shows_it_in_every_language(language: str) -> None:
    from django.db.models import Model

    from kompas.reporting.models import Kind

    report = Report(kind=list(Kind)[1])
    person = Person(cadre=Cadre.CALOG)
    with translation.override(language):
        for obj, field in ((report, "kind"), (report, "status"), (person, "cadre")):
            ours = getattr(obj, f"get_{field}_display")()
            djangos = Model._get_FIELD_display(obj, obj._meta.get_field(field))  # type: ignore[attr-defined]
            assert ours == djangos and isinstance(ours, str)


def test_a_value_outside_the_choices_is_shown_as_it_is() -> None:
    assert Person(cadre="retired").get_cadre_display() == "retired"
    assert Person(cadre=None).get_cadre_display() is None  # type: ignore[misc]


def test_a_value_outside_the_choices_is_written_as_django_writes_it() -> None:
    from django.db.models import Model

    for value in (["not", "a", "kind"], "retired", 7, None):
        report = Report(kind=value)  # type: ignore[misc]
        djangos = Model._get_FIELD_display(report, report._meta.get_field("kind"))  # type: ignore[attr-defined]
        assert report.get_kind_display() == djangos


def test_translated_labels_are_the_lazy_labels_in_the_active_language() -> None:
    from django.utils import translation

    from kompas.compass.models import Theme
    from kompas.lib.models import TranslatedLabels

    labels = TranslatedLabels(Theme.choices)
    for language in ("nl", "fr", "en"):
        with translation.override(language):
            assert labels() == {value: str(label) for value, label in Theme.choices}
    with translation.override("fr"):
        french = labels()
    with translation.override("nl"):
        assert labels() != french  # each language its own table
