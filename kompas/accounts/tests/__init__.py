"""What the tests of accounts share: reading the people list from the page's HTML (Jinja2 pages
fill no `response.context`)."""

from __future__ import annotations

import re
from typing import Any

from django.urls import reverse


def listed(response: Any) -> list[int]:
    """The ids of the people in a people list (the page or its htmx results), in their order."""
    prefix = re.escape(reverse("accounts:person", args=[0])[: -len("0/")])
    results = response.content.decode().split('<div id="results">', 1)[-1]
    return [int(pk) for pk in re.findall(rf'<td><a href="{prefix}(\d+)/">', results)]
