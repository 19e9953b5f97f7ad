"""Select boxes that render their options in Python.

Django renders every <option> through the template engine, about 60 µs each: a zone's list of a
thousand services costs 60 ms on every form that offers it. These widgets write the same HTML
directly (the test compares both), so a long list costs what building its strings costs.
"""

from __future__ import annotations

import html
from typing import Any

from django import forms
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe


class _QuickOptions:
    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]  # type: ignore[attr-defined]
        parts: list[str] = [
            format_html('<select name="{}"{}>', widget["name"], _attrs(widget["attrs"]))
        ]
        for group, options, _index in widget["optgroups"]:
            if group:
                parts.append(format_html('<optgroup label="{}">', group))
            parts.extend(
                f'<option value="{_escape(option["value"])}"'
                f"{_attrs(option['attrs']) if option['attrs'] else ''}>"
                f"{_escape(option['label'])}</option>"
                for option in options
            )
            if group:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every part is escaped by format_html


def _escape(value: Any) -> str:
    # What conditional_escape does, without its lazy-string wrapper on every call.
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return html.escape(str(value))


def _attrs(attrs: dict[str, Any]) -> SafeString:
    # As Django's attrs.html: True gives the bare name, False leaves the attribute out.
    return mark_safe(  # noqa: S308 - every part is escaped by format_html
        "".join(
            format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
            for name, value in attrs.items()
            if value is not False
        )
    )


class QuickSelect(_QuickOptions, forms.Select):
    pass


class QuickSelectMultiple(_QuickOptions, forms.SelectMultiple):
    pass
