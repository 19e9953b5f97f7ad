"""A colleague picker that scales to any zone: search by name, no list of everyone in the page."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from django import forms
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from kompas.lib.forms import ListedChoices, ModelChoiceField, set_choices
from kompas.lib.ids import as_id
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
        self.one: Callable[[int], list[Any]] | None = None  # see picker_field

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
            if len(wanted) == 1 and self.one is not None:
                chosen = self.one(wanted[0])
            else:
                chosen = list(self.queryset.filter(pk__in=wanted))
        context["widget"].update({"multiple": self.multiple, "chosen": chosen})
        return context

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        """What the widget's template writes (tested to the letter), written here: the template
        engine cost a person's page more than a millisecond."""
        widget = self.get_context(name, value, attrs)["widget"]
        ident = escape(widget["attrs"].get("id") or "")
        field = escape(widget["name"])
        kind = "checkbox" if self.multiple else "radio"
        chosen = "".join(
            f'\n  <label class="choice"><input type="{kind}" name="{field}"'
            f' value="{escape(person.pk)}" checked> {escape(person.full_name)}'
            f"{f' · {escape(person.service)}' if person.service else ''}</label>\n"
            for person in widget["chosen"]
        )
        # Our own catalogue's text, written as the template's translate tag writes it.
        hint = gettext("Type at least two letters of a name, then tick the right person.")
        multiple = "1" if self.multiple else "0"
        # Every value above but our own hint text went through escape().
        return mark_safe(  # noqa: S308  # nosec B308, B703
            '<div class="picker">\n'
            f'  <input type="search" id="{ident}" name="picker_q" autocomplete="off"\n'
            f'         aria-describedby="{ident}-hint"\n'
            f'         hx-get="{_pick_url()}" hx-trigger="input changed delay:300ms, search"\n'
            f'         hx-target="#{ident}-choices" hx-include="#{ident}-choices"\n'
            f"""         hx-vals='{{"field": "{field}", "multiple": "{multiple}"}}'>\n"""
            f'  <span class="helptext" id="{ident}-hint">{hint}</span>\n'
            f'  <div id="{ident}-choices" class="picker-choices" aria-live="polite">\n'
            f"    {chosen}\n\n"
            "  </div>\n"
            "</div>"
        )


@lru_cache(maxsize=1)
def _pick_url() -> str:
    from django.urls import reverse

    return escape(reverse("accounts:people_pick"))


def picker_field(
    field: forms.Field, queryset: Any, *, one: Callable[[int], list[Any]] | None = None
) -> None:
    """Point a person field and its picker at the zone's people. ``one(pk)``, if given, is the
    same as ``list(queryset.filter(pk=pk))`` read through a query compiled once
    (`kompas.lib.prepared`): a page that shows one chosen person on every visit."""
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset
    assert isinstance(field.widget, PersonPicker)
    field.widget.queryset = queryset
    field.widget.one = one


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

    if asking is not None and _zone_services(asking.zone_id) == first.queryset.query.where:
        from kompas.accounts.organisation import service_names

        options = service_names(asking)
    else:
        options = tuple(first.iterator(first).options())
    for field in fields:
        label: Any = getattr(field, "empty_label", None)
        empty = () if label is None else (("", str(label)),)
        set_choices(field, PlainChoices(empty + options))


def _zone_services(zone_id: int) -> Any:
    from kompas.accounts.models import Service

    return Service.objects.filter(zone_id=zone_id).query.where
