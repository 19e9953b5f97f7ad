"""What the registers' tests read of a page: its HTML, as a reader gets it. The pages are written
by Jinja2, for which Django's test client fills no `response.context`."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

from django.urls import reverse

_MARK = 987654321  # an id no test makes, to find where it goes in a URL


def html(response: Any) -> str:
    """A response's HTML (or a piece of HTML already taken from it)."""
    return response if isinstance(response, str) else str(response.content.decode())


def linked(response: Any, name: str) -> list[int]:
    """The ids the page links to with the URL ``name`` (one id argument), in the page's order."""
    pattern = re.escape(reverse(name, args=[_MARK])).replace(str(_MARK), r"(\d+)")
    return [int(pk) for pk in re.findall(f'href="{pattern}"', html(response))]


def field_errors(response: Any) -> set[str]:
    """The names of the form fields the page shows an error for (with their form's prefix),
    from the ids Django gives a field's error list."""
    return set(re.findall(r'<ul class="errorlist[^"]*" id="id_([\w-]+)_error"', html(response)))


class _Rows(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None
        self.in_body = False

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag == "tbody":
            self.in_body = True
        elif tag == "tr" and self.in_body:
            self.rows.append([])
        elif tag in ("td", "th") and self.in_body and self.rows:
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "tbody":
            self.in_body = False
        elif tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def table_rows(response: Any) -> list[list[str]]:
    """The text of each cell of the rows of the page's table bodies (or of a piece of a page)."""
    parser = _Rows()
    parser.feed(html(response))
    return parser.rows
