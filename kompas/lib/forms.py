"""Form helpers shared by the apps: model choice fields read with one plain query, and (while
kompas.reporting still uses them) the kept empty forms of `WrittenOnce`."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any, ClassVar, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from kompas.lib.ids import as_id


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
