"""Every form field is written by the project's field template (kompas/jinja2/django/forms/
field.html, which overrides Django's to write a field faster): the HTML is Django's own, for
every kind of field, label, error and help text."""

from __future__ import annotations

from pathlib import Path

import django
import pytest
from django import forms
from django.forms.renderers import get_default_renderer
from django.template import engines
from django.utils import translation
from django.utils.safestring import mark_safe

DJANGO_FIELD = Path(django.__file__).parent / "forms/jinja2/django/forms/field.html"
DJANGO_SELECT = Path(django.__file__).parent / "forms/jinja2/django/forms/widgets/select.html"


def as_django_writes_it(field: forms.BoundField) -> str:
    """The field as Django writes it with its own field and select templates (those the
    project overrides): the renderer is handed Django's for the time of this one field."""
    renderer = get_default_renderer()
    django_s = {
        "django/forms/field.html": engines["jinja2"].from_string(DJANGO_FIELD.read_text()),
        "django/forms/widgets/select.html": engines["jinja2"].from_string(
            DJANGO_SELECT.read_text()
        ),
    }
    ours = renderer.get_template
    renderer.get_template = lambda name: django_s.get(name) or ours(name)  # type: ignore[method-assign,assignment]
    try:
        return str(field.as_field_group())
    finally:
        del renderer.get_template


class EveryKind(forms.Form):
    name = forms.CharField(label="Naam", help_text="Zoals op <b>de kaart</b>")
    asked = forms.CharField(label="Wie?", required=False)  # ends in a mark: no suffix
    own_suffix = forms.CharField(label="Eigen", label_suffix=" =", required=False)
    no_suffix = forms.CharField(label="Geen", label_suffix="", required=False)
    safe = forms.CharField(label=mark_safe("<em>Veilig</em>"), required=False)
    escaped = forms.CharField(label='<b>"Niet"</b> & co', required=False)
    no_label = forms.CharField(label="", required=False)
    own_id = forms.CharField(widget=forms.TextInput(attrs={"id": "eigen"}), required=False)
    text = forms.CharField(widget=forms.Textarea, required=False)
    when = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), required=False)
    agree = forms.BooleanField(required=False)
    kind = forms.ChoiceField(choices=[("a", "A"), ("b", "B")])
    grouped = forms.ChoiceField(
        choices=[("", "—"), ("Wijken", [("n", 'Wijk "Noord"'), ("z", "<Zuid>")]), ("x", "X")],
        required=False,
    )
    several = forms.MultipleChoiceField(
        choices=[("a", "A & B"), ("b", "B")], initial=["a", "b"], required=False
    )
    lazy_choices = forms.ChoiceField(
        choices=[
            ("nl", translation.gettext_lazy("Dutch")),
            ("fr", translation.gettext_lazy("French")),
        ],
        widget=forms.Select(attrs={"class": "kort", "disabled": False, "data-x": True}),
        required=False,
    )
    radio = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
    boxes = forms.MultipleChoiceField(
        choices=[("a", "A"), ("b", "B")], widget=forms.CheckboxSelectMultiple, required=False
    )
    file = forms.FileField(required=False)
    secret = forms.CharField(widget=forms.HiddenInput, required=False)
    lazy = forms.CharField(label=translation.gettext_lazy("Language"), required=False)


class Required(EveryKind):
    required_css_class = "verplicht"


@pytest.mark.parametrize("form_class", [EveryKind, Required])
@pytest.mark.parametrize("data", [None, {"kind": "z", "radio": "z", "name": ""}])
@pytest.mark.parametrize("options", [{}, {"auto_id": False}, {"auto_id": "veld_%s"}])
@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_every_field_is_written_as_django_writes_it(form_class, data, options, language) -> None:
    with translation.override(language):
        form = form_class(data, **options)
        for field in form:
            mine = field.as_field_group()
            assert mine == as_django_writes_it(field), field.name
        if data:
            assert form.errors and "errorlist" in form.as_div()


def test_the_project_s_template_is_the_one_used() -> None:
    """(The test above would pass with Django's own template too.)"""
    field = EveryKind()["name"]
    template = get_default_renderer().get_template(field.template_name)
    assert "kompas/jinja2/django/forms/field.html" in str(template.origin.name)
    select = get_default_renderer().get_template(EveryKind()["kind"].field.widget.template_name)
    assert "kompas/jinja2/django/forms/widgets/select.html" in str(select.origin.name)
