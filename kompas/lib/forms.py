"""How forms are written into pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.functional import cached_property

# Django's form templates with their includes of attributes and options written in place.
_OWN_FORM_TEMPLATES = Path(__file__).parent / "form_templates"


class FormRenderer(DjangoTemplates):
    """Django's own field and widget templates through Jinja2, ours through Django templates.

    Django ships every form template in both languages, with the same HTML; the Jinja2 ones
    render a field in a fraction of the time (a report form has a dozen fields, each with its
    label, help text, errors and widget templates). Our own widget templates (the person picker)
    stay Django templates, like every page."""

    @cached_property
    def jinja2(self) -> Any:
        from django.template.backends.jinja2 import Jinja2 as Jinja2Backend

        return Jinja2Backend(
            {
                "APP_DIRS": False,
                "DIRS": [_OWN_FORM_TEMPLATES, Path(forms.__file__).parent / "jinja2"],
                "NAME": "forms",
                "OPTIONS": {"environment": "kompas.lib.jinja.form_environment"},
            }
        )

    def get_template(self, template_name: str) -> Any:
        if template_name.startswith("django/forms/"):
            return self.jinja2.get_template(template_name)
        return super().get_template(template_name)


def offer(field: Any, objects: list[Any]) -> None:
    """Offer these objects, already loaded, in a model choice field: the form is written from
    them without asking the database again, and an answer is checked against the same ones."""
    field.queryset = field.queryset.model.objects.filter(pk__in=[o.pk for o in objects])
    field.choices = [("", field.empty_label)] * (field.empty_label is not None) + [
        (o.pk, field.label_from_instance(o)) for o in objects
    ]


class ListedChoices(forms.models.ModelChoiceIterator):
    """A model choice field's options from one plain query. Django's own reads them through
    `.iterator()`, which on PostgreSQL opens a server-side cursor (declare, fetch, close, held
    past the transaction): three round trips and a copy for a list of a dozen services."""

    def __iter__(self) -> Any:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self.options()

    def options(self) -> Any:
        return (self.choice(obj) for obj in self.queryset.all())


class ModelChoiceField(forms.ModelChoiceField):
    iterator = ListedChoices


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    iterator = ListedChoices
