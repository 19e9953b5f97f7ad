"""Select boxes that render their options in Python.

Django renders every <option> through the template engine, about 60 µs each: a zone's list of a
thousand services costs 60 ms on every form that offers it. These widgets write the same HTML
directly (the test compares both), so a long list costs what building its strings costs.
"""

from __future__ import annotations

import html
from functools import lru_cache
from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe


class _QuickOptions:
    allow_multiple_selected: bool
    attrs: dict[str, Any]
    choices: Any

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        # Django's optgroups() builds a dictionary per option; at a thousand options that alone
        # costs milliseconds, so the options are written straight from the choices.
        final = self.build_attrs(self.attrs, attrs)  # type: ignore[attr-defined]
        if self.allow_multiple_selected:
            final["multiple"] = True
        chosen = set(self.format_value(value))  # type: ignore[attr-defined]
        opening = f'<select name="{_escape(name)}"{_attrs(final)}>'
        plain = _plain(self.choices)
        if plain is not None:
            options = _kept_options(plain)
            parts = [opening, *options.written, "</select>"]
            for position in options.selected(chosen, self.allow_multiple_selected):
                parts[position + 1] = options.written[position].replace('">', '" selected>', 1)
            # The options were written by _kept_options through the same escaping as below.
            return mark_safe("".join(parts))  # noqa: S308  # nosec B308, B703
        has_selected = False
        parts = [opening]
        for option_value, option_label in self.choices:
            grouped = isinstance(option_label, list | tuple)
            if grouped:
                parts.append(f'<optgroup label="{_escape(option_value)}">')
            for sub_value, sub_label in option_label if grouped else [(option_value, option_label)]:
                text = "" if sub_value is None else str(sub_value)
                selected = (not has_selected or self.allow_multiple_selected) and text in chosen
                has_selected = has_selected or selected
                # Ids and plain names (a thousand services) skip the general escaping path.
                value = text if type(sub_value) is int else _escape(text)
                label = html.escape(sub_label) if type(sub_label) is str else _escape(sub_label)
                parts.append(
                    f'<option value="{value}"{" selected" if selected else ""}>{label}</option>'
                )
            if grouped:
                parts.append("</optgroup>")
        parts.append("</select>")
        # Every value above went through _escape or _attrs.
        return mark_safe("".join(parts))  # noqa: S308  # nosec B308, B703


class PlainChoices(tuple[tuple[int | str, str], ...]):
    """Choices already known to be plain (value, text) pairs, texts in today's language (a
    zone's services, kept): used as they are, without looking at each of a thousand again."""


def _plain(choices: Any) -> tuple[tuple[int | str, str], ...] | None:
    """The choices as plain (value, text) pairs, lazy texts in today's language; None for groups,
    empty values or anything else, which are written as they come."""
    if type(choices) is PlainChoices:
        return choices
    pairs = []
    for value, label in choices:
        if type(value) not in (int, str):
            return None
        if type(label) is not str:
            if not isinstance(label, Promise) or hasattr(label, "__html__"):
                return None
            label = str(label)
        pairs.append((value, label))
    return tuple(pairs)


class _Options:
    def __init__(self, choices: tuple[tuple[int | str, str], ...]) -> None:
        written: list[str] = []
        where: dict[str, list[int]] = {}
        for position, (value, label) in enumerate(choices):
            text = str(value)
            shown = text if type(value) is int else html.escape(text)
            written.append(f'<option value="{shown}">{html.escape(label)}</option>')
            where.setdefault(text, []).append(position)
        self.written: tuple[str, ...] = tuple(written)
        self.where: dict[str, list[int]] = where

    def selected(self, chosen: set[str], multiple: bool) -> list[int]:
        """As Django selects: every option with a chosen value, or only the first of them."""
        found = sorted(p for text in chosen for p in self.where.get(text, []))
        return found if multiple else found[:1]


@lru_cache(maxsize=32)
def _kept_options(choices: tuple[tuple[int | str, str], ...]) -> _Options:
    # A zone's thousand services are the same list on every form that offers them: written
    # once, then only the chosen one is marked (the list itself is the key, compared in full).
    return _Options(choices)


def _escape(value: Any) -> str:
    # What conditional_escape does, without its lazy-string wrapper on every call.
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return html.escape(str(value))


def _attrs(attrs: dict[str, Any]) -> SafeString:
    # As Django's attrs.html: True gives the bare name, False leaves the attribute out.
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in attrs.items()
            if value is not False
        ),
    )


class QuickSelect(_QuickOptions, forms.Select):
    pass


class QuickSelectMultiple(_QuickOptions, forms.SelectMultiple):
    pass
