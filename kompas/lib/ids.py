"""Numbers read from what a browser sent: plain digits only, ids within what a key can hold.

`str.isdigit()` also says yes to "²" or "٣", which int() refuses or reads: a page that took a
number that way failed on them. And a number longer than any database key cannot even be sent
to SQLite. These two say once what a number from a request is.
"""

from __future__ import annotations

from typing import Any

from django.db import models

LARGEST_KEY = 2**63 - 1  # a bigint, the widest key of either database


def whole_number(value: Any) -> int | None:
    """The number written in ASCII digits only ("12"), else None (a sign, a space, "²")."""
    text = str(value)
    return int(text) if text.isascii() and text.isdigit() else None


def as_id(value: Any) -> int | None:
    """A whole number that a database key can hold, else None (nobody has a longer one)."""
    number = whole_number(value)
    return number if number is not None and number <= LARGEST_KEY else None


def random_key() -> int:
    """A random primary key, for rows whose order of creation must not show: a sequence would
    number them in the order they were written, and line them up with rows of other tables."""
    import secrets

    return secrets.randbelow(LARGEST_KEY) + 1


class RandomKeyField(models.BigIntegerField):  # type: ignore[type-arg]
    """A primary key drawn at random (`random_key`). On SQLite its column is declared INTEGER,
    the one type that makes it the table's rowid: with any other type (bigint) SQLite keeps a
    hidden rowid of its own, numbered 1, 2, 3 in the order rows were written, and so in the
    order of the file's pages."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("primary_key", True)
        kwargs.setdefault("default", random_key)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def db_type(self, connection: Any) -> str | None:
        if connection.vendor == "sqlite":
            return "integer"
        return super().db_type(connection)
