"""Model choice fields shared by the apps: their options read with one plain query, and a number
longer than any id refused as Django refuses other bad ids."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from kompas.lib.ids import as_id


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
