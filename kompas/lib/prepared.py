"""Queries that run on every page, compiled by Django once instead of on every call.

Django builds a query's SQL afresh each time it runs: for the person signed in (a score of
columns and their roles) that costs three times the round trip to the database, on every page,
and a list that joins a related model costs some 0.4 ms to compile. `Prepared` lets Django
compile a query once per database, with stand-ins for the values that change (a person, a
zone, a report), and then only sends that SQL with the values given and turns the rows into
model objects the way Django's own query would (the same converters per column,
`Model.from_db`, select_related objects, annotations as attributes); `OneByKey` reads one row
by primary key that way. Whatever else the query says is compiled in with it, so it must not
depend on the time or on the request.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any, Generic, TypeVar

from django.db import connections, models

M = TypeVar("M", bound=models.Model)
R = TypeVar("R")  # a row as the queryset gives it: an object, a dict, a tuple or a value

# Stand-ins for the values while Django compiles, each far from the next (so that a value worked
# out from one, ``day + timedelta(days=2)``, is never taken for another) and refused anywhere
# near (`_NEAR_NUMBER`, `_NEAR_DAY`). A number: never a key of any row (keys are positive),
# within the range of a 32-bit key. A day: a date no row holds. A text: with what a pattern
# escapes (``%``, ``_``, ``\``) and both cases, so that a lookup that changes it (``iexact`` on
# SQLite escapes it) is refused rather than sent unescaped.
_STAND_IN = -2_034_561_789
_STAND_IN_STEP = 1_000_003
_STAND_IN_DAY = date(1111, 1, 1)
_STAND_IN_DAYS = timedelta(days=3653)
_NEAR_NUMBER, _NEAR_DAY = 500_000, timedelta(days=1826)
# Stands in for the offset of a window (Django writes it into the SQL; never 0, which it omits).
_OFFSET = 1_987_654_321

Value = int | str | date


class OneByKey(Generic[M]):
    """One row by primary key through SQL that Django compiled once (see the module)."""

    def __init__(self, model: type[M], build: Callable[[], models.QuerySet[M]]) -> None:
        self.model = model
        # One row: no order to compile or sort (as `QuerySet.get`).
        self._by_key: Prepared[M] = Prepared(lambda pk: build().filter(pk=pk).order_by())

    def get(self, pk: int, using: str = "default") -> M | None:
        found = self._by_key(using, pk=int(pk))
        return found[0] if found else None


class _Compiled:
    def __init__(
        self,
        queryset: models.QuerySet[Any],
        using: str,
        stand_ins: dict[str, Any],
        limit: int | None = None,
    ):
        if limit is not None:
            if queryset.query.is_sliced:
                raise ValueError("a query read in windows must not be sliced itself")
            queryset = queryset[_OFFSET : _OFFSET + limit]
        compiler = queryset.query.get_compiler(using)
        self.sql, params = compiler.as_sql()
        self.params = list(params)
        if limit is not None:
            # Django writes the window into the SQL, last: it becomes two values, sent last.
            tail = connections[using].ops.limit_offset_sql(_OFFSET, _OFFSET + limit)
            if not self.sql.endswith(tail):
                raise ValueError("the window is not at the end of the query")
            self.sql = self.sql[: -len(tail)] + "LIMIT %s OFFSET %s"
        # Where each value goes, and as what Django sent there: a stand-in that Django changed
        # (a pattern, a list, NULL) or wrote into the SQL itself cannot be replaced safely, so
        # such a query is refused. A value goes as Django sends it: a number wrapped as Django
        # wraps it (psycopg's Int8 for a 64-bit column on PostgreSQL), a day as a date, or as
        # its ISO text where the database keeps text (SQLite).
        self.slots: list[tuple[int, str, Callable[[Any], Any] | None]] = []
        self.kinds = {name: type(stand_in) for name, stand_in in stand_ins.items()}
        for name, stand_in in stand_ins.items():
            text = stand_in.isoformat() if type(stand_in) is date else None
            for position, param in enumerate(self.params):
                if text is not None and type(param) is str and param == text:
                    self.slots.append((position, name, date.isoformat))
                elif isinstance(param, type(stand_in)) and param == stand_in:
                    wrap = type(param) if type(param) is not type(stand_in) else None
                    self.slots.append((position, name, wrap))
            if not any(slot[1] == name for slot in self.slots) or str(stand_in) in self.sql:
                raise ValueError(f"{name}: not a plain value of the query")
        # A value Django changed at one place (a pattern) or worked out from a stand-in would be
        # compiled in as a constant beside its plain places: refused too.
        taken = {position for position, _name, _convert in self.slots}
        for position, param in enumerate(self.params):
            if position not in taken and _derived(param, stand_ins.values()):
                raise ValueError(
                    f"a value worked out from {sorted(stand_ins)} is not a plain value"
                )
        shown: Any = queryset
        if shown._prefetch_related_lookups or shown._known_related_objects:
            raise ValueError("prefetching and related managers are not supported")
        from django.db.models import query as q

        kind = queryset._iterable_class
        self.using = using
        self.shape = _SHAPES.get(kind)
        if self.shape is None:
            raise ValueError("objects, values(), values_list() (named too) and flat lists only")
        if self.shape != "objects":
            # As Django's own iterables: the selected columns only, by name for values().
            query = queryset.query
            self.value_names = (
                list(query.selected)
                if query.selected
                else [*query.extra_select, *query.values_select, *query.annotation_select]
            )
            self.width = compiler.col_count
            self.converters = compiler.get_converters(
                [column for column, _s, _a in compiler.select[: self.width]]
            )
            if self.shape == "named":  # the class Django's NamedValuesListIterable makes
                from django.db.models.utils import create_namedtuple_class

                self.named = create_namedtuple_class(*self.value_names)
            return
        self.model = compiler.klass_info["model"]
        fields = compiler.klass_info["select_fields"]
        self.start, self.end = fields[0], fields[-1] + 1
        self.names = [
            column.target.attname for column, _s, _a in compiler.select[self.start : self.end]
        ]
        self.annotations = dict(compiler.annotation_col_map or {})
        self.converters = compiler.get_converters([column for column, _s, _a in compiler.select])
        self.populators = q.get_related_populators(  # type: ignore[attr-defined]
            compiler.klass_info, compiler.select, using
        )


def _shapes() -> dict[Any, str]:
    from django.db.models import query as q

    return {
        q.ModelIterable: "objects",
        q.ValuesIterable: "values",
        q.ValuesListIterable: "values_list",
        q.NamedValuesListIterable: "named",
        q.FlatValuesListIterable: "flat",
    }


_SHAPES = _shapes()


_SMALLEST, _LARGEST = -(2**63), 2**63 - 1


class Prepared(Generic[R]):
    """A query whose values change from call to call (a person, a zone, a report), compiled
    by Django once per database instead of on every call (a query that joins a related model
    costs Django some 0.4 ms to compile, more than the database takes to answer it).

    ``build`` takes the values by name and returns the queryset (of objects, or of values()
    or values_list() rows); each value must be an int, a str or a date (a day) compared as
    it is (``person_id=person_id``, ``number=number``, ``received_on__gte=day``). The SQL is compiled
    with stand-ins, then sent with the values given, and the rows become model objects as
    Django's own iteration makes them (select_related objects and annotations included).
    Anything else the query says (slices, order, constant conditions) is compiled in with it.
    """

    def __init__(self, build: Callable[..., models.QuerySet[Any, R]]) -> None:
        self.build = build
        self._compiled: dict[tuple[str, tuple[str, ...], int | None], _Compiled] = {}

    def __call__(self, using: str = "default", **values: Value) -> list[R]:
        return self._run(using, values, None, [])

    def window(self, offset: int, limit: int, using: str = "default", **values: Value) -> list[R]:
        """``limit`` rows from ``offset`` on (a page of a list), the window sent as values."""
        if type(offset) is not int or type(limit) is not int or offset < 0 or limit < 1:
            raise ValueError("a window is a whole offset from 0 and a limit from 1")
        return self._run(using, values, limit, [limit, offset])

    def _run(
        self, using: str, values: dict[str, Value], limit: int | None, last: list[int]
    ) -> list[R]:
        statement = self._statement(using, values, limit)
        if statement is None:
            return []
        compiled, params = statement
        with connections[using].cursor() as cursor:
            cursor.execute(compiled.sql, params + last)
            rows = cursor.fetchall()
        return self._made(compiled, rows, using)

    def _statement(
        self, using: str, values: dict[str, Value], limit: int | None = None
    ) -> tuple[_Compiled, list[Any]] | None:
        """The compiled query and its values; None when no row can match."""
        key = (using, tuple(sorted(values)), limit)
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = self._compiled[key] = self._compile(using, values, limit)
        params = list(compiled.params)
        for position, name, convert in compiled.slots:
            value = values[name]
            if type(value) is not compiled.kinds[name]:  # as compiled (never None: no NULL)
                raise TypeError(f"{name}: {compiled.kinds[name].__name__}, not {value!r}")
            if type(value) is int and not _SMALLEST <= value <= _LARGEST:
                # No row holds a number the database cannot hold: nothing, as Django answers
                # an exact lookup with one (SQLite would refuse to take it at all).
                return None
            params[position] = value if convert is None else convert(value)
        return compiled, params

    def _made(self, compiled: _Compiled, rows: list[Any], using: str) -> list[R]:
        """The rows as the queryset gives them (objects, dicts, tuples or values)."""
        if compiled.shape != "objects":
            return _values(compiled, rows)
        if compiled.converters:
            rows = _converted(rows, compiled.converters, using)
        found = []
        for row in rows:
            obj = compiled.model.from_db(using, compiled.names, row[compiled.start : compiled.end])
            for populator in compiled.populators:
                populator.populate(row, obj)
            for name, position in compiled.annotations.items():
                setattr(obj, name, row[position])
            found.append(obj)
        return found

    def _compile(self, using: str, values: dict[str, Value], limit: int | None = None) -> _Compiled:
        stand_ins: dict[str, Any] = {}
        for index, (name, value) in enumerate(sorted(values.items())):
            if type(value) is int:
                stand_ins[name] = _STAND_IN - index * _STAND_IN_STEP
            elif type(value) is str:
                stand_ins[name] = f"Kompas%Stand_In\\{index}-{_STAND_IN}"
            elif type(value) is date:
                stand_ins[name] = _STAND_IN_DAY + index * _STAND_IN_DAYS
            else:
                raise TypeError(f"{name}: an int, a str or a date, not {type(value).__name__}")
        return _Compiled(self.build(**stand_ins), using, stand_ins, limit)


def _derived(param: Any, stand_ins: Any) -> bool:
    """Whether a value of the compiled query holds a stand-in or lies near one."""
    for stand_in in stand_ins:
        if type(stand_in) is str:
            if isinstance(param, str) and f"-{_STAND_IN}" in param:
                return True
        elif type(stand_in) is date:
            near = _NEAR_DAY
            if isinstance(param, date) and abs(_day(param) - stand_in) <= near:
                return True
            if isinstance(param, str) and len(param) >= 10 and param[4:5] == "-":
                try:  # a day as SQLite is sent it (ISO text), or a moment on that day
                    if abs(date.fromisoformat(param[:10]) - stand_in) <= near:
                        return True
                except ValueError:
                    pass
        elif (
            isinstance(param, int)
            and not isinstance(param, bool)
            and abs(param - stand_in) <= _NEAR_NUMBER
        ):
            return True
    return False


def _day(value: date) -> date:
    return value.date() if isinstance(value, datetime) else value


def _values(compiled: _Compiled, rows: list[Any]) -> list[Any]:
    width = compiled.width
    rows = [row[:width] for row in rows]  # without columns Django adds only to order by
    if compiled.converters:
        rows = _converted(rows, compiled.converters, compiled.using)
    if compiled.shape == "flat":
        return [row[0] for row in rows]
    if compiled.shape == "values_list":
        return [tuple(row) for row in rows]
    if compiled.shape == "named":
        new = tuple.__new__
        return [new(compiled.named, row) for row in rows]
    names = compiled.value_names
    return [dict(zip(names, row, strict=True)) for row in rows]


def _converted(rows: list[Any], converters: dict[int, Any], using: str) -> list[Any]:
    """Django's SQLCompiler.apply_converters, with this thread's connection (the compiler was
    made by whichever thread compiled first)."""
    connection = connections[using]
    done = []
    for row in map(list, rows):
        for position, (convert, expression) in converters.items():
            value = row[position]
            for converter in convert:
                value = converter(value, expression, connection)
            row[position] = value
        done.append(row)
    return done
