"""`field__any_of=[...]`: membership in a long list of ids, sent as one value.

`field__in=[...]` sends each id as its own parameter: a leader deciding for 500 services made the
ORM prepare 500 values and PostgreSQL parse and estimate 500 constants on every view. On
PostgreSQL the list goes as one array (`= ANY(%s)`); elsewhere it is an ordinary IN list.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Lookup


@models.Field.register_lookup
class AnyOf(Lookup):
    lookup_name = "any_of"
    prepare_rhs = False

    def get_prep_lookup(self) -> Any:
        return [int(value) for value in self.rhs]  # ids only

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        ids = self.rhs
        if not ids:
            return "1 = 0", []
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s::bigint[])", [*lhs_params, ids]
        return f"{lhs} IN ({', '.join(['%s'] * len(ids))})", [*lhs_params, *ids]
