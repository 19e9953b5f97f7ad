"""Reading the compass pages as a browser does: the pages are written by Jinja2, which leaves
Django's test client no `response.context` to look into, so the tests read the HTML."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser
from typing import Any

from django.urls import Resolver404, resolve


def text(answer: Any) -> str:
    """A page's HTML (a part of a page already read is taken as it is)."""
    return answer if isinstance(answer, str) else str(answer.content.decode())


class _Forms(HTMLParser):
    """Every form of a page as the (name, value) pairs a browser sends without a click."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[list[tuple[str, str]]] = []
        self._in_form = False
        self._textarea: str | None = None
        self._select: str | None = None
        self._in_option = False
        self._option_value: str | None = None
        self._buffer: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append([])
            self._in_form = True
        elif not self._in_form:
            return
        elif tag == "input" and found.get("name"):
            kind = found.get("type", "text")
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in found:
                return
            self.forms[-1].append(
                (found["name"], found.get("value", "on" if kind in {"checkbox", "radio"} else ""))
            )
        elif tag == "textarea" and found.get("name"):
            self._textarea = found["name"]
            self._buffer = []
        elif tag == "select" and found.get("name"):
            self._select = found["name"]
        elif tag == "option" and self._select and "selected" in found:
            self._in_option = True
            self._option_value = found.get("value")
            self._buffer = []

    def handle_data(self, data: str) -> None:
        if self._textarea is not None or self._in_option:
            self._buffer.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_form = False
        elif tag == "textarea" and self._textarea is not None:
            value = "".join(self._buffer)
            # A browser drops the line break that follows the opening tag.
            self.forms[-1].append((self._textarea, value.removeprefix("\n")))
            self._textarea = None
        elif tag == "option" and self._in_option and self._select:
            chosen = self._option_value
            self.forms[-1].append(
                (self._select, "".join(self._buffer) if chosen is None else chosen)
            )
            self._in_option = False
        elif tag == "select":
            self._select = None


def form_data(answer: Any, field: str) -> dict[str, Any]:
    """What the page's form holding `field` sends as it is (a list for a repeated name)."""
    reader = _Forms()
    reader.feed(text(answer))
    for pairs in reader.forms:
        if any(name == field for name, _value in pairs):
            data: dict[str, Any] = {}
            for name, value in pairs:
                if name in data:
                    kept = data[name]
                    data[name] = [*kept, value] if isinstance(kept, list) else [kept, value]
                else:
                    data[name] = value
            return data
    raise AssertionError(f"no form with {field!r} on the page")


def has_error(answer: Any, field: str) -> bool:
    """Whether the page shows an error for the form's field (Django's error list of that field)."""
    return f'id="id_{field}_error"' in text(answer)


def errors(answer: Any) -> list[str]:
    """The error messages a page shows, for an assertion's message."""
    return re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', text(answer))


def linked(answer: Any, url_name: str, within: str = "") -> list[int]:
    """The primary keys a page links to with that URL name, in the page's order (inside the
    first element whose opening tag holds `within`, if given)."""
    html = text(answer)
    if within:
        start = html.index(within)
        html = html[start : html.index("</ul>", start)]
    keys = []
    for href in re.findall(r'href="([^"]+)"', html):
        try:
            match = resolve(href.split("?")[0])
        except Resolver404:  # not one of our pages (mailto:, ?size=a3)
            continue
        if match.view_name == url_name:
            keys.append(int(next(iter(match.kwargs.values()))))
    return keys


def vote_counts(answer: Any) -> list[list[int]]:
    """The count of each row of every distribution of votes the page shows, in the page's order
    (a distribution hidden below the smallest group shows no rows and is not in the list)."""
    html = text(answer)
    return [
        [int(n) for n in re.findall(r'class="dist-count">\d+% \((\d+)\)', rows)]
        for rows in re.findall(r'<ul class="distribution">(.*?)</ul>', html, re.S)
    ]


def value_profile(answer: Any) -> dict[str, tuple[int, int]]:
    """The group's value profile a session's page shows: served and under pressure, by value
    (the value as the page names it)."""
    rows = re.findall(r"<tr><td>([^<]*)</td><td>(\d+)</td><td>(\d+)</td></tr>", text(answer))
    return {unescape(label): (int(served), int(harmed)) for label, served, harmed in rows}
