"""What every model of Kompas shares."""

from __future__ import annotations

from typing import Any

from django.utils.encoding import force_str
from django.utils.hashable import make_hashable


class ChoiceLabels:
    """`get_FOO_display()` from a table made once per field.

    Django's own builds a dict of the field's choices on every call, hashing each lazily
    translated label (one translation lookup per choice): on a list of 50 cases that was a third
    of the page's time. The table keeps the lazy labels, so each call still shows the language of
    the request."""

    def _get_FIELD_display(self, field: Any) -> Any:
        labels = field.__dict__.get("_kompas_labels")
        if labels is None:
            labels = {make_hashable(value): label for value, label in field.flatchoices}
            field._kompas_labels = labels
        value = getattr(self, field.attname)
        return force_str(labels.get(make_hashable(value), value), strings_only=True)
