"""The addresses of a list's rows: a URL reversed once per page, each row's key put in its place.

`reverse()` walks the URL patterns and quotes its arguments on every call: for each of fifty rows of
a list that was a tenth of the list's processor time at national scale (issue 20). A list's page
reverses the URL of its rows once, with a number no key of ours reaches, and writes each row's key
where that number stood: the same address `reverse()` gives (tested).
"""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

# A key no row of ours has (the largest a 32-bit key could hold), written once into the URL.
_STANDING_IN = 2**31 - 1


def addresses(name: str) -> Callable[[int], str]:
    """The address of the URL ``name`` (whose one argument is a whole number, a row's key) for
    any key: ``addresses("accounts:person")(12)`` is ``reverse("accounts:person", args=[12])``."""
    head, _standing_in, tail = reverse(name, args=[_STANDING_IN]).partition(str(_STANDING_IN))
    return lambda pk: f"{head}{int(pk)}{tail}"
