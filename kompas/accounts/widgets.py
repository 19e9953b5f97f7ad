"""A colleague picker that scales to any zone, and the select box of a zone's services."""

from __future__ import annotations

from typing import Any

from django import forms
from markupsafe import Markup, escape

from kompas.lib.ids import as_id
from kompas.lib.widgets import QuickSelect, option_html


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
        wanted = [i for i in map(as_id, ids) if i is not None]  # ids, never an error
        chosen = []
        if wanted and self.queryset is not None:
            chosen = list(self.queryset.filter(pk__in=wanted))
        context["widget"].update({"multiple": self.multiple, "chosen": chosen})
        return context


def picker_field(field: forms.Field, queryset: Any) -> None:
    """Point a person field and its picker at the zone's people (the queryset should
    select_related("service"): the picker names each chosen person's service)."""
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset
    assert isinstance(field.widget, PersonPicker)
    field.widget.queryset = queryset


class _ServicesByName(forms.models.ModelChoiceIterator):
    """The options as (id, name) pairs from one plain query: a thousand services without
    building a thousand objects (Django's iterator also opens a server-side cursor on
    PostgreSQL, three round trips); every service of a zone from the shared cache."""

    def __iter__(self) -> Any:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        zone_id = getattr(self.field, "zone_id", None)  # set by ServiceChoiceField.offer_zone
        if zone_id is not None:
            yield from zone_service_options(zone_id)
        else:
            yield from self.queryset.values_list("pk", "name")


def zone_service_options(zone_id: int) -> list[tuple[int, Markup]]:
    """Every service of the zone by name, as (id, name written for HTML), kept in the shared
    cache while the zone's organisation is unchanged (`organisation.kept`): a select box of a
    thousand services reads one row (the zone's stamp) instead of a thousand."""
    from kompas.accounts.models import Service
    from kompas.accounts.organisation import kept, stamp_of

    def work_out() -> list[tuple[int, Markup]]:
        services = Service.objects.filter(zone_id=zone_id).order_by("name")
        return [(pk, escape(name)) for pk, name in services.values_list("pk", "name")]

    return kept("service-options", zone_id, stamp_of(zone_id), work_out)


def zone_service_options_html(zone_id: int) -> str:
    """Every service of the zone as the options of a select box (`option_html`, by name), kept
    in the shared cache as one text while the zone's organisation is unchanged: a box of a
    thousand services is then one value read, not a thousand options unpickled and written."""
    from kompas.accounts.models import Service
    from kompas.accounts.organisation import kept, stamp_of

    def work_out() -> str:
        services = Service.objects.filter(zone_id=zone_id).order_by("name")
        return "".join(
            option_html(str(pk), name) for pk, name in services.values_list("pk", "name")
        )

    return kept("service-options-html", zone_id, stamp_of(zone_id), work_out)


class ServiceSelect(QuickSelect):
    """The select box of a ServiceChoiceField: offering a zone's services, its options are
    the zone's kept text (`zone_service_options_html`) with the chosen one marked; the same
    HTML as QuickSelect and Django's Select (tested)."""

    def options_html(self, chosen: set[str]) -> str:
        field = getattr(self.choices, "field", None)  # the ModelChoiceIterator's field
        zone_id = getattr(field, "zone_id", None)  # set by ServiceChoiceField.offer_zone
        if zone_id is None or len(chosen) > 1:
            return super().options_html(chosen)
        empty_label = field.empty_label  # type: ignore[union-attr]
        empty = "" if empty_label is None else option_html("", empty_label, selected="" in chosen)
        services = zone_service_options_html(zone_id)
        value = next(iter(chosen), "")
        if value:
            # Values are ids and names are escaped, so this text starts one option only.
            line = option_html(value, "").split(">", 1)[0]
            services = services.replace(f"{line}>", f"{line} selected>", 1)
        return empty + services


class ServiceChoiceField(forms.ModelChoiceField):
    """A service of the zone, offered in a select box that stays fast for a thousand services
    (`kompas.lib.widgets.QuickSelect`). What is submitted is still checked against the
    queryset and cleaned to a Service."""

    iterator = _ServicesByName
    widget = ServiceSelect
    zone_id: int | None = None  # set by `offer_zone`

    def offer_zone(self, zone_id: int) -> None:
        """Offer every service of the zone (`zone_service_options`)."""
        from kompas.accounts.models import Service

        self.queryset = Service.objects.filter(zone_id=zone_id)
        self.zone_id = zone_id

    def to_python(self, value: Any) -> Any:
        # A number longer than any id is not one (SQLite cannot even be sent it).
        if value not in self.empty_values and as_id(value) is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)
