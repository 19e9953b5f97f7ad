"""A select box that writes its options in Python: the one bypass of Django's form rendering.

Needed by every form that offers a zone's services (a national zone has a thousand): Django's
Select renders each option through a template include, 18 ms for a thousand options with
Django's Jinja2 form templates (60 to 85 ms with Django's own engine; the person's page has two
such boxes, against a target of about 19 ms for the whole page); this widget writes the same
HTML (the tests compare it with Django's) in about 0.5 ms. Everything else is Django's Select:
its attributes, its choices, its value handling.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.safestring import SafeString, mark_safe
from markupsafe import escape


class QuickSelect(forms.Select):
    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        final = self.build_attrs(self.attrs, attrs)
        chosen = set(self.format_value(value))
        options = self.options_html(chosen)
        # Every name, value and label went through html.escape or conditional_escape.
        return mark_safe(  # noqa: S308  # nosec B308, B703
            f'<select name="{_escape(name)}"{_attrs(final)}>{options}\n</select>'
        )

    def options_html(self, chosen: set[str]) -> str:
        """The options (and groups) of the choices, the first one whose value is chosen
        selected, as Django's select template writes them."""
        parts: list[str] = []
        selected_one = False
        for option_value, option_label in self.choices:
            grouped = isinstance(option_label, list | tuple)
            if grouped:
                parts.append(f'\n  <optgroup label="{_escape(option_value)}">')
            for sub_value, sub_label in option_label if grouped else [(option_value, option_label)]:
                text = "" if sub_value is None else str(sub_value)
                selected = not selected_one and text in chosen  # as Django: the first only
                selected_one = selected_one or selected
                parts.append(option_html(text, sub_label, selected=selected))
            if grouped:
                parts.append("\n  </optgroup>")
        return "".join(parts)


def option_html(value: str, label: Any, *, selected: bool = False) -> str:
    """One option as Django's select_option template writes it (on a line of its own)."""
    return (
        f'\n  <option value="{_escape(value)}"{" selected" if selected else ""}>'
        f"{_escape(label)}</option>"
    )


def _escape(value: Any) -> str:
    # As Jinja2 escapes (Django's form templates are written by Jinja2): markupsafe's escape.
    return str(escape(value))


def _attrs(attrs: dict[str, Any]) -> str:
    # As Django's attrs.html: in order, True as the bare name, False left out.
    return "".join(
        f" {_escape(name)}" if value is True else f' {_escape(name)}="{_escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )
