"""What every model of Kompas shares."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable

_MISSING = object()


class ChoiceLabels:
    """`get_FOO_display()` from a table made once per field and language.

    Django's own builds a dict of the field's choices on every call, hashing each lazily
    translated label (one translation lookup per choice): on a list of 50 cases that was a third
    of the page's time. Here each field keeps, per language, its labels already translated."""

    def _get_FIELD_display(self, field: Any) -> Any:
        language = translation.get_language()
        try:
            labels = field._kompas_labels[language]
        except (AttributeError, KeyError):
            labels = self._kompas_labels_of(field, language)
        value = getattr(self, field.attname)
        try:  # a plain value (nearly always): no need to make it hashable first
            label = labels.get(value, _MISSING)
        except TypeError:
            label = labels.get(make_hashable(value), _MISSING)
        # A value outside the choices is shown as Django shows it.
        return force_str(value, strings_only=True) if label is _MISSING else label

    @staticmethod
    def _kompas_labels_of(field: Any, language: str) -> dict[Any, Any]:
        tables = field.__dict__.get("_kompas_labels")
        if tables is None:
            tables = field._kompas_labels = {}
        labels = tables[language] = {
            make_hashable(value): force_str(label, strings_only=True)
            for value, label in field.flatchoices
        }
        return labels


class TranslatedLabels:
    """A table of lazily translated labels (a TextChoices' choices), translated once per
    language and kept: a list of dilemmas names two or three themes per row, and each lazy
    label looked up the active language again (about 40 µs a row)."""

    def __init__(self, choices: Any) -> None:
        self._lazy = dict(choices)
        self._by_language: dict[str | None, dict[Any, str]] = {}

    def __call__(self) -> dict[Any, str]:
        """The labels in the active language."""
        language = translation.get_language()
        labels = self._by_language.get(language)
        if labels is None:
            labels = self._by_language[language] = {
                key: force_str(label) for key, label in self._lazy.items()
            }
        return labels
