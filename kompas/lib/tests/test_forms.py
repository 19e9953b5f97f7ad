"""The model choice fields shared by the apps, and the kept empty forms of `WrittenOnce`."""

from __future__ import annotations

import pytest
from django import forms
from django.utils import translation

from kompas.lib.forms import WrittenOnce, set_choices
from kompas.lib.widgets import QuickSelect


@pytest.mark.django_db
def test_people_already_loaded_are_offered_without_asking_again_and_answers_are_checked(
    django_assert_num_queries,
) -> None:
    from kompas.accounts.models import Person
    from kompas.lib.forms import offer
    from kompas.testing import make_person, make_zone

    zone = make_zone()
    offered, other = make_person(zone), make_person(zone)

    class Pick(forms.Form):
        who = forms.ModelChoiceField(queryset=Person.objects.none())

        def __init__(self, *args, people: list, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            offer(self.fields["who"], people)

    with django_assert_num_queries(0):
        html = str(Pick(people=[offered])["who"])
    assert f'value="{offered.pk}"' in html and str(offered) in html
    assert f'value="{other.pk}"' not in html
    assert Pick({"who": offered.pk}, people=[offered]).is_valid()
    assert not Pick({"who": other.pk}, people=[offered]).is_valid()


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


def test_choices_given_as_they_are_write_what_django_s_own_setter_writes() -> None:
    from kompas.lib.forms import set_choices

    pairs = [("", "---"), (1, "Wijk <Noord>"), (2, "Verkeer")]
    ours, djangos = forms.ChoiceField(widget=QuickSelect), forms.ChoiceField(widget=QuickSelect)
    set_choices(ours, pairs)
    djangos.choices = pairs
    assert list(ours.choices) == list(djangos.choices)  # type: ignore[arg-type]
    assert ours.widget.render("s", "2") == djangos.widget.render("s", "2")
    assert ours.valid_value("2") and not ours.valid_value("3")


@pytest.mark.django_db
def test_a_number_longer_than_any_id_is_not_a_choice_and_never_an_error() -> None:
    from kompas.accounts.models import Zone
    from kompas.lib.forms import ModelMultipleChoiceField

    class Pick(forms.Form):
        zones = ModelMultipleChoiceField(queryset=Zone.objects.all())

    form = Pick({"zones": ["9" * 30]})
    assert not form.is_valid()
    assert "9" * 30 in form.errors["zones"][0]  # "... is not a valid value", as for any bad id


class Assign(WrittenOnce):
    title = forms.CharField(label=translation.gettext_lazy("Task"))
    who = forms.ChoiceField(label="Wie", choices=[])

    def __init__(self, *args, people, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        set_choices(self.fields["who"], people)

    def shown(self):  # type: ignore[no-untyped-def]
        return self.choices_of("who")


def test_an_empty_form_is_written_once_per_language_and_choices(monkeypatch) -> None:
    """Written once, an empty form's HTML is served again (nothing renders it a second time);
    another language or other choices are written afresh, and so is a form with data."""
    people = [("1", "An"), ("2", "Bert")]
    with translation.override("nl-be"):
        first = Assign(people=people).as_div()
    written: list[str] = []
    original = forms.Form.as_div

    def as_div(self):  # type: ignore[no-untyped-def]
        written.append("x")
        return original(self)

    monkeypatch.setattr(forms.Form, "as_div", as_div)
    with translation.override("nl-be"):
        assert Assign(people=list(people)).as_div() == first
        assert (
            Assign(people=people).field_group("who")
            == Assign(people=people)["who"].as_field_group()
        )
    assert written == []  # served from memory
    with translation.override("fr"):
        french = Assign(people=people).as_div()
    assert written == ["x"] and french != first and "Tâche" in french
    with translation.override("nl-be"):
        other = Assign(people=[("3", "Carla")]).as_div()
        assert "Carla" in other and "Bert" not in other
        bound = Assign({"title": "<b>", "who": "9"}, people=people).as_div()
        bound_again = Assign({"title": "<b>", "who": "9"}, people=people).as_div()
        given = Assign(people=people, initial={"title": "Bel terug"}).as_div()
        named = Assign(people=people, auto_id="task_%s").as_div()
    assert 'id="task_title"' in named and 'id="id_title"' not in named
    assert "&lt;b&gt;" in bound and bound == bound_again and "Bel terug" in given
    # Other choices, data twice, initial values, other ids.
    assert written == ["x", "x", "x", "x", "x", "x"]


def test_a_field_whose_initial_value_is_worked_out_is_written_afresh() -> None:
    import itertools

    counter = itertools.count(1)

    class Numbered(WrittenOnce):
        number = forms.IntegerField(initial=lambda: next(counter))

    first, second = Numbered().as_div(), Numbered().as_div()
    assert 'value="1"' in first and 'value="2"' in second


def test_an_empty_form_is_made_only_when_its_html_is_not_kept_yet() -> None:
    """`empty()` serves the kept HTML of the form its values would make, without making it;
    the same HTML as the form itself writes, and anything else of it is the form's."""
    from kompas.accounts.models import Person
    from kompas.lib.forms import ModelChoiceField

    made: list[int] = []

    class Offered(WrittenOnce):
        title = forms.CharField(label="Taak")
        who = ModelChoiceField(label="Wie", queryset=Person.objects.none())

        offers = {"who": "people"}

        def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
            super().__init__(*args, **kwargs)
            made.append(1)

    people = [Person(pk=1, first_name="An", last_name="Peeters"), Person(pk=2, first_name="Bo")]
    with translation.override("nl-be"):
        first = Offered.empty(people=people).as_div()
        assert len(made) == 1 and first == Offered(people=people).as_div() and len(made) == 2
        assert Offered.empty(people=list(people)).as_div() == first and len(made) == 2
        group = Offered.empty(people=people).field_group("who")
        assert group == Offered(people=people).field_group("who") and len(made) == 4
        assert Offered.empty(people=people).field_group("who") == group and len(made) == 4
        assert ">An Peeters</option>" in first and ">Bo</option>" in first
        # Other choices are written afresh, and so is anything else asked of the form.
        other = Offered.empty(people=people[:1]).as_div()
        assert ">Bo</option>" not in other and len(made) == 5
        assert Offered.empty(people=people).fields["title"].label == "Taak" and len(made) == 6
    with pytest.raises(TypeError):
        Offered()  # the people offered are not optional
    with translation.override("fr"):
        french = Offered.empty(people=people).as_div()  # (its own label suffix)
        assert len(made) == 7 and french == Offered(people=people).as_div() != first
