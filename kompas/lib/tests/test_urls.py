"""A list's rows link where reverse() would send them, the URL reversed once per page."""

from __future__ import annotations

import pytest
from django.urls import reverse, set_script_prefix

from kompas.lib.urls import addresses


@pytest.mark.parametrize("name", ["accounts:person", "risks:scenario", "registers:gift"])
def test_each_key_gets_the_address_reverse_gives(name: str) -> None:
    address = addresses(name)
    for pk in (1, 10, 100, 2147, 12345, 2**31 - 1, 2**31):
        assert address(pk) == reverse(name, args=[pk])


def test_the_address_follows_the_script_prefix_of_the_request() -> None:
    set_script_prefix("/kompas/")
    try:
        assert addresses("accounts:person")(7) == "/kompas/account/people/7/"
    finally:
        set_script_prefix("/")
