"""The model choice fields shared by the apps."""

from __future__ import annotations

import pytest
from django import forms


@pytest.mark.django_db
def test_model_choices_come_from_one_plain_query_with_django_s_options() -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kompas.accounts.models import Service
    from kompas.lib.forms import ModelChoiceField, ModelMultipleChoiceField
    from kompas.testing import make_service, make_zone

    zone = make_zone()
    for name in ("Verkeer", "Wijk <Noord>", "Recherche"):
        make_service(zone, name)
    services = Service.objects.filter(zone=zone).order_by("name")
    for ours, djangos in (
        (ModelChoiceField(services), forms.ModelChoiceField(services)),
        (ModelMultipleChoiceField(services), forms.ModelMultipleChoiceField(services)),
    ):
        with CaptureQueriesContext(connection) as queries:
            html = ours.widget.render("services", None)
        assert len(queries) == 1 and "DECLARE" not in queries[0]["sql"].upper()
        assert html == djangos.widget.render("services", None)
        assert [str(label) for _value, label in ours.choices] == [  # type: ignore[union-attr, misc]
            str(label)
            for _value, label in djangos.choices  # type: ignore[union-attr, misc]
        ]


@pytest.mark.django_db
def test_a_number_longer_than_any_id_is_not_a_choice_and_never_an_error() -> None:
    from kompas.accounts.models import Zone
    from kompas.lib.forms import ModelMultipleChoiceField

    class Pick(forms.Form):
        zones = ModelMultipleChoiceField(queryset=Zone.objects.all())

    form = Pick({"zones": ["9" * 30]})
    assert not form.is_valid()
    assert "9" * 30 in form.errors["zones"][0]  # "... is not a valid value", as for any bad id
