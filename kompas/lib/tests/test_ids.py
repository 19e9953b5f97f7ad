"""A number from a request: plain digits only; an id only if a database key can hold it."""

from __future__ import annotations

from kompas.lib.ids import LARGEST_KEY, as_id, whole_number


def test_only_plain_digits_make_a_whole_number() -> None:
    assert whole_number("2026") == 2026 and whole_number(7) == 7 and whole_number("007") == 7
    for odd in ("", "-1", "+1", " 1", "1.0", "1e3", "²", "٣", "\uff11\uff12", "a1", "\x00"):
        assert whole_number(odd) is None, odd


def test_an_id_is_a_whole_number_a_key_can_hold() -> None:
    assert as_id("42") == 42 and as_id(str(LARGEST_KEY)) == LARGEST_KEY
    assert as_id(str(LARGEST_KEY + 1)) is None and as_id("9" * 30) is None
    assert as_id("²") is None and as_id("-3") is None
