"""A colleague picker that scales to any zone: search by name, no list of everyone in the page."""

from __future__ import annotations

from typing import Any

from django import forms

from kompas.lib.forms import ListedChoices, ModelChoiceField, set_choices
from kompas.lib.widgets import PlainChoices, QuickSelect


class PersonPicker(forms.Widget):
    """Shows the people already chosen, and a search box (htmx) that adds matches to choose from.

    The form field stays a ModelChoiceField or ModelMultipleChoiceField: the submitted ids are
    checked against its queryset (the zone's people), whatever the browser sends.
    """

    template_name = "accounts/widgets/person_picker.html"

    def __init__(self, *, multiple: bool = True, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.multiple = multiple
        self.queryset: Any = None

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        if self.multiple:
            return data.getlist(name) if hasattr(data, "getlist") else data.get(name)
        return data.get(name)

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return False  # an unticked choice means "nobody"

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        ids = value if isinstance(value, list | tuple) else ([value] if value else [])
        ids = [str(getattr(v, "pk", v)) for v in ids if v not in (None, "")]
        chosen = []
        if ids and self.queryset is not None:
            chosen = list(self.queryset.filter(pk__in=[i for i in ids if str(i).isdigit()]))
        context["widget"].update({"multiple": self.multiple, "chosen": chosen})
        return context


def picker_field(field: forms.Field, queryset: Any) -> None:
    """Point a person field and its picker at the zone's people."""
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset
    assert isinstance(field.widget, PersonPicker)
    field.widget.queryset = queryset


class _ServicesByName(ListedChoices):
    """Choices from (id, name) pairs: a thousand services without building a thousand objects."""

    def options(self) -> Any:
        return self.queryset.values_list("pk", "name")


class ServiceChoiceField(ModelChoiceField):
    """A service of the zone, offered in a select box that stays fast for a thousand services.

    What is submitted is still checked against the queryset and cleaned to a Service.
    """

    iterator = _ServicesByName
    widget = QuickSelect


def services_read_once(*fields: forms.Field, asking: Any = None) -> None:
    """Several service fields of one zone on a page offer the services read once (a zone may
    have a thousand); each still checks an answer against its own queryset. With ``asking``
    (the person signed in), the services of their own zone are those kept while its
    organisation stays the same (`kompas.accounts.organisation`): no query at all."""
    assert all(isinstance(field, ServiceChoiceField) for field in fields)
    first: Any = fields[0]
    for field in fields:
        same: Any = field
        assert same.queryset.query.where == first.queryset.query.where  # the same services

    def read() -> tuple[tuple[int, str], ...]:
        return tuple(first.iterator(first).options())

    if asking is not None and _zone_services(asking.zone_id) == first.queryset.query.where:
        from kompas.accounts.organisation import kept

        options = kept("service-names", asking.zone_id, asking.organisation_stamp, read)
    else:
        options = read()
    for field in fields:
        label: Any = getattr(field, "empty_label", None)
        empty = () if label is None else (("", str(label)),)
        set_choices(field, PlainChoices(empty + options))


def _zone_services(zone_id: int) -> Any:
    from kompas.accounts.models import Service

    return Service.objects.filter(zone_id=zone_id).query.where
