"""How forms are written into pages."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from pathlib import Path
from typing import Any, ClassVar, cast

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import DjangoTemplates
from django.utils.functional import cached_property
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from markupsafe import escape

from kompas.lib.ids import as_id
from kompas.lib.jinja import _INLINE_OPTIONS, _SAME_AS, attrs

# Django's form templates with their includes of attributes and options written in place.
_OWN_FORM_TEMPLATES = Path(__file__).parent / "form_templates"


class FormRenderer(DjangoTemplates):
    """Django's own field and widget templates through Jinja2, ours through Django templates.

    Django ships every form template in both languages, with the same HTML; the Jinja2 ones
    render a field in a fraction of the time (a report form has a dozen fields, each with its
    label, help text, errors and widget templates). A field's frame (field, label and error
    list templates) and the common widgets (inputs, text areas, short select boxes, radio
    buttons and check boxes) are written in Python, the same HTML (tested against Django's and,
    to the letter, against the templates in form_templates). Our own widget templates stay
    Django templates, like every page (the person picker writes its own in Python, tested to
    the letter against its template)."""

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

    @cached_property
    def engine(self) -> Any:
        # Our own widget templates are written like the pages: with the pages' builtins.
        from django.conf import settings

        pages: Any = settings.TEMPLATES[0]
        return self.backend(
            {
                "APP_DIRS": True,
                "DIRS": [Path(forms.__file__).parent / "templates"],
                "NAME": "djangoforms",
                "OPTIONS": {"builtins": pages["OPTIONS"]["builtins"]},
            }
        )

    def get_template(self, template_name: str) -> Any:
        if template_name.startswith("django/forms/"):
            return self.jinja2.get_template(template_name)
        return super().get_template(template_name)

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        # A field's frame (label, help text, errors) is written here, as its templates write
        # it: four template renders per field cost more than the field's widget.
        write = _WRITTEN.get(template_name)
        if write is not None:
            written = write(context)
            if written is not None:
                return written
        return super().render(template_name, context, request)


def _field(context: dict[str, Any]) -> str:
    """django/forms/field.html"""
    field = context["field"]
    parts = []
    if field.use_fieldset:
        described = field.aria_describedby
        parts.append(
            f'<fieldset aria-describedby="{escape(described)}">' if described else "<fieldset>"
        )
        if field.label:
            parts.append(field.legend_tag())
    elif field.label:
        parts.append(field.label_tag())
    if field.help_text:
        named = f' id="{escape(field.auto_id)}_helptext"' if field.auto_id else ""
        parts.append(f'<div class="helptext"{named}>{field.help_text}</div>')  # as |safe does
    parts.append(escape(field.errors))
    parts.append(escape(field))
    if field.use_fieldset:
        parts.append("</fieldset>")
    return "\n".join(parts)


def _label(context: dict[str, Any]) -> str:
    """django/forms/label.html"""
    label = escape(context["label"])
    if not context["use_tag"]:
        return label
    tag = escape(context["tag"])
    written = attrs(context["attrs"]) if context["attrs"] else ""
    return f"<{tag}{written}>{label}</{tag}>"


def _error_list(context: dict[str, Any]) -> str:
    """django/forms/errors/list/ul.html"""
    errors = context["errors"]
    if not errors:
        return ""
    field_id = getattr(errors, "field_id", None)
    named = f' id="{escape(field_id)}_error"' if field_id else ""
    items = "".join(f"<li>{escape(error)}</li>" for error in errors)
    return f'<ul class="{escape(context["error_class"])}"{named}>{items}</ul>'


# Widgets, written as our templates in form_templates write them (and those as Django's do).


def _input(context: dict[str, Any]) -> str:
    """django/forms/widgets/input.html, and every input template that only includes it"""
    widget = context["widget"]
    value = widget["value"]
    shown = "" if value is None else f' value="{escape(value)}"'
    return (
        f'<input type="{escape(widget["type"])}" name="{escape(widget["name"])}"{shown}'
        f"{attrs(widget['attrs'])}>"
    )


def _textarea(context: dict[str, Any]) -> str:
    """django/forms/widgets/textarea.html"""
    widget = context["widget"]
    value = widget["value"]
    shown = escape(value) if value else ""
    return f'<textarea name="{escape(widget["name"])}"{attrs(widget["attrs"])}>\n{shown}</textarea>'


def _select(context: dict[str, Any]) -> str:
    """django/forms/widgets/select.html (a short list: long ones use QuickSelect)"""
    widget = context["widget"]
    parts = [f'<select name="{escape(widget["name"])}"{attrs(widget["attrs"])}>']
    for group, options, _index in widget["optgroups"]:
        if group:
            parts.append(f'\n  <optgroup label="{escape(group)}">')
        for option in options:
            parts.append(
                f'\n  <option value="{escape(option["value"])}"{attrs(option["attrs"])}>'
                f"{escape(option['label'])}</option>"
            )
        if group:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _choices(context: dict[str, Any]) -> str | None:
    """django/forms/widgets/multiple_input.html (radio buttons and check boxes); None when an
    option has a template of its own, which the template then includes."""
    widget = context["widget"]
    own = widget["attrs"]
    parts = ["<div"]
    if own.get("id"):
        parts.append(f' id="{escape(own["id"])}"')
    if own.get("class"):
        parts.append(f' class="{escape(own["class"])}"')
    parts.append(">")
    for group, options, _index in widget["optgroups"]:
        if group:
            parts.append(f"\n  <div><label>{escape(group)}</label>")
        for option in options:
            if option["template_name"] not in _INLINE_OPTIONS:
                return None
            parts.append("<div>\n    ")
            wrap = option["wrap_label"]
            if wrap:
                target = option["attrs"].get("id")
                parts.append(f'<label for="{escape(target)}">' if target else "<label>")
            value = option["value"]
            shown = "" if value is None else f' value="{escape(value)}"'
            parts.append(
                f'<input type="{escape(option["type"])}" name="{escape(option["name"])}"{shown}'
                f"{attrs(option['attrs'])}>"
            )
            if wrap:
                parts.append(f" {escape(option['label'])}</label>")
            parts.append("</div>")
        if group:
            parts.append("\n  </div>")
    parts.append("\n</div>")
    return "".join(parts)


def _widgets() -> dict[str, Any]:
    written: dict[str, Any] = {
        "django/forms/widgets/input.html": _input,
        "django/forms/widgets/textarea.html": _textarea,
        "django/forms/widgets/select.html": _select,
        "django/forms/widgets/multiple_input.html": _choices,
    }
    for name, same_as in _SAME_AS.items():
        if same_as in written:
            written[name] = written[same_as]
    return written


_WRITTEN = {
    "django/forms/field.html": _field,
    "django/forms/label.html": _label,
    "django/forms/errors/list/default.html": _error_list,
    "django/forms/errors/list/ul.html": _error_list,
    **_widgets(),
}


class WrittenOnce(forms.Form):
    """A form whose empty HTML depends only on its class, the language and ``shown()``: the
    choices its constructor was given, say, never the person, the time or the request. It is
    then written once per language and `shown()` and kept while the server runs (a case's page
    writes four such forms on every visit, a millisecond of its time). A form with data or
    initial values is always written afresh. `as_div()` and `field_group(name)` (a field's
    `as_field_group()`) are kept; anything else is written as usual.

    `Form.empty(**given)` gives a page such a form without making it when its HTML is kept
    already (making one costs its fields' deep copies, some 0.1 ms): `shown_for(**given)`
    then says what `shown()` would say of the form made with those values."""

    # Model choice fields offered the objects the constructor is given by keyword ({field:
    # keyword}, `offer`): what they offer is what the form shows besides its class.
    offers: ClassVar[dict[str, str]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        missing = [keyword for keyword in self.offers.values() if keyword not in kwargs]
        if missing:
            raise TypeError(f"{type(self).__name__} needs {', '.join(missing)}")
        given = {keyword: kwargs.pop(keyword) for keyword in self.offers.values()}
        super().__init__(*args, **kwargs)
        for name, keyword in self.offers.items():
            offer(self.fields[name], given[keyword])

    def shown(self) -> Hashable:
        """What the form writes besides what its class says (the choices it was given)."""
        return self.choices_of(*self.offers)

    @classmethod
    def shown_for(cls, **given: Any) -> Hashable | None:
        """What ``cls(**given).shown()`` says, without making the form; None: unknown."""
        if set(given) != set(cls.offers.values()):
            return None
        return tuple(
            tuple(offered(cls.base_fields[name], given[keyword]))
            for name, keyword in cls.offers.items()
        )

    @classmethod
    def empty(cls, **given: Any) -> EmptyForm:
        """This form, empty, as a page shows it (see the class)."""
        return EmptyForm(cls, given)

    def choices_of(self, *names: str) -> Hashable:
        """The choices these fields were given, as `shown()` says them."""
        return tuple(tuple(cast(Any, self.fields[name]).choices) for name in names)

    def as_div(self) -> SafeString:
        return self._kept("", super().as_div)

    def field_group(self, name: str) -> SafeString:
        return self._kept(name, self[name].as_field_group)

    def _kept(self, part: str, write: Callable[[], SafeString]) -> SafeString:
        if self.is_bound or self.initial or any(callable(f.initial) for f in self.fields.values()):
            return write()  # its values, or a field's initial value worked out when written
        # What a constructor may be given that changes the HTML, with what the form shows.
        shape = (self.prefix, self.auto_id, self.label_suffix, self.use_required_attribute)
        key = _written_key(type(self), shape, part, self.shown())
        written = _WRITTEN_ONCE.get(key)
        if written is None:
            if len(_WRITTEN_ONCE) >= 2000:  # choices that keep changing never fill the memory
                _WRITTEN_ONCE.clear()
            written = _WRITTEN_ONCE[key] = write()
        return written


_WRITTEN_ONCE: dict[Hashable, SafeString] = {}


def _written_key(form_class: type, shape: tuple[Any, ...], part: str, shown: Hashable) -> Hashable:
    return (form_class, shape, part, get_language(), shown)


class EmptyForm:
    """`WrittenOnce.empty()`: the kept HTML of an empty form, the form made only when its HTML
    is not kept yet or something else of it is asked for."""

    def __init__(self, form_class: type[WrittenOnce], given: dict[str, Any]) -> None:
        self._class, self._given = form_class, given
        self._shown = form_class.shown_for(**given)
        if any(callable(f.initial) for f in form_class.base_fields.values()):
            self._shown = None  # worked out when written: written afresh every time

    @cached_property
    def form(self) -> WrittenOnce:
        return self._class(**self._given)

    def _kept(self, part: str) -> SafeString | None:
        if self._shown is None:
            return None
        # The shape a form made without those arguments has (see BaseForm.__init__).
        from django.utils.translation import gettext

        shape = (self._class.prefix, "id_%s", gettext(":"), self._class.use_required_attribute)
        return _WRITTEN_ONCE.get(_written_key(self._class, shape, part, self._shown))

    def as_div(self) -> SafeString:
        return self._kept("") or self.form.as_div()

    def field_group(self, name: str) -> SafeString:
        return self._kept(name) or self.form.field_group(name)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):  # (never the form's own: nothing half made is looked for)
            raise AttributeError(name)
        return getattr(self.form, name)


def offered(field: Any, objects: list[Any]) -> list[tuple[Any, Any]]:
    """The (value, label) pairs a model choice field offers for these objects."""
    return [("", field.empty_label)] * (field.empty_label is not None) + [
        (o.pk, field.label_from_instance(o)) for o in objects
    ]


def offer(field: Any, objects: list[Any]) -> None:
    """Offer these objects, already loaded, in a model choice field: the form is written from
    them without asking the database again, and an answer is checked against the same ones."""
    field.queryset = field.queryset.model.objects.filter(pk__in=[o.pk for o in objects])
    set_choices(field, offered(field, objects))


def set_choices(field: Any, choices: Sequence[tuple[Any, Any]]) -> None:
    """Give a choice field and its widget these (value, label) pairs as they are. Django's
    `field.choices = ` checks every pair for nested groups and enumerations, for the field and
    again for its widget, which for a thousand services costs more than writing them into the
    page (Django 5 keeps both in `_choices`, behind the properties that check)."""
    field._choices = field.widget._choices = choices


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

    def _check_values(self, value: Any) -> Any:
        # A number longer than any id is "not a valid value", as Django says of other bad ids:
        # asked of SQLite in a list, it would stop the request instead (too large to send).
        for pk in value:
            if str(pk).isdigit() and as_id(pk) is None:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)  # type: ignore[misc]
