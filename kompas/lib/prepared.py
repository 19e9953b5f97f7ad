"""Queries that run on every page, compiled by Django once instead of on every call.

Django builds a query's SQL afresh each time it runs: for the person signed in (a score of
columns and their roles) that costs three times the round trip to the database, on every page.
`OneByKey` lets Django compile the query once per database, with a stand-in for the key, and
then only sends that SQL with the key and turns the row into a model object the way Django's
own query would (the same converters per column, `Model.from_db`, annotations as attributes).
Whatever else the query says is compiled in with it, so it must not depend on the time or on
the request.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from django.db import connections, models

M = TypeVar("M", bound=models.Model)

# Stands in for the key while Django compiles; never a key of any row (keys are positive).
_STAND_IN = -2_034_561_789  # within the range of a 32-bit key


class _Compiled:
    def __init__(self, queryset: models.QuerySet[Any], using: str) -> None:
        compiler = queryset.query.get_compiler(using)
        self.sql, params = compiler.as_sql()
        if params.count(_STAND_IN) != 1:
            raise ValueError("the query must have the key as its only parameter")
        self.params = list(params)
        self.key_at = self.params.index(_STAND_IN)
        self.compiler = compiler
        fields = compiler.klass_info["select_fields"]
        self.start, self.end = fields[0], fields[-1] + 1
        self.names = [
            column.target.attname for column, _s, _a in compiler.select[self.start : self.end]
        ]
        self.annotations = dict(compiler.annotation_col_map or {})
        self.converters = compiler.get_converters([column for column, _s, _a in compiler.select])


class OneByKey(Generic[M]):
    """One row by primary key through SQL that Django compiled once (see the module)."""

    def __init__(self, model: type[M], build: Callable[[], models.QuerySet[M]]) -> None:
        self.model = model
        self.build = build
        self._compiled: dict[str, _Compiled] = {}

    def get(self, pk: int, using: str = "default") -> M | None:
        compiled = self._compiled.get(using)
        if compiled is None:
            compiled = _Compiled(self.build().filter(pk=_STAND_IN), using)
            self._compiled[using] = compiled
        params = list(compiled.params)
        params[compiled.key_at] = int(pk)
        with connections[using].cursor() as cursor:
            cursor.execute(compiled.sql, params)
            row = cursor.fetchone()
        if row is None:
            return None
        if compiled.converters:
            row = next(iter(compiled.compiler.apply_converters([row], compiled.converters)))
        obj = self.model.from_db(using, compiled.names, row[compiled.start : compiled.end])
        for name, position in compiled.annotations.items():
            setattr(obj, name, row[position])
        return obj
