"""SCIM filters (``userName eq "a@zone.be"``) read by scim2-filter-parser and written as Django
``Q`` objects, attribute by attribute from a list of those that may be filtered on: values are
always query parameters, never SQL, and any other attribute or operator is refused
(``invalidFilter``). Entra ID sends ``eq`` on userName, externalId and displayName (and ``id eq
... and members eq ...`` to check a membership); ``and``, ``or`` and ``not`` combine them."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.db.models import Q
from scim2_filter_parser import ast
from scim2_filter_parser.lexer import SCIMLexer
from scim2_filter_parser.parser import SCIMParser

from kompas.lib.ids import as_id
from kompas.scim.errors import ScimError
from kompas.scim.schema import ENTERPRISE

MAX_LENGTH = 1000

Field = Callable[[str], Q]


def _bad(message: str) -> ScimError:
    return ScimError(400, message, "invalidFilter")


def by_id(value: str, field: str = "pk") -> Q:
    number = as_id(value)
    return Q(**{field: number}) if number is not None else Q(pk__in=[])


def _boolean(field: str) -> Field:
    def make(value: str) -> Q:
        if value.lower() not in ("true", "false"):
            raise _bad(f"{field}: true or false.")
        return Q(is_active=value.lower() == "true")

    return make


USER_FIELDS: dict[str, Field] = {
    "id": by_id,
    "username": lambda value: Q(email=value.strip().lower()),
    "emails": lambda value: Q(email=value.strip().lower()),
    "emails.value": lambda value: Q(email=value.strip().lower()),
    "externalid": lambda value: Q(scim__external_id=value),
    f"{ENTERPRISE}:employeenumber".lower(): lambda value: Q(staff_number=value.strip()),
    "active": _boolean("active"),
}
GROUP_FIELDS: dict[str, Field] = {
    "id": by_id,
    "displayname": lambda value: Q(name__iexact=value.strip()),
    "externalid": lambda value: Q(scim__external_id=value),
    "members": lambda value: by_id(value, "members__pk"),
    "members.value": lambda value: by_id(value, "members__pk"),
}


def to_q(text: str, fields: Mapping[str, Field]) -> Q:
    if len(text) > MAX_LENGTH:
        raise _bad(f"The filter is longer than {MAX_LENGTH} characters.")
    try:
        tree = SCIMParser().parse(SCIMLexer().tokenize(text))
    except Exception as exc:  # the parser's own errors, and the lexer's on odd characters
        raise _bad("The filter cannot be read.") from exc
    if tree is None:
        raise _bad("The filter cannot be read.")
    return _q(tree, fields, "")


def _name(path: ast.AttrPath, prefix: str) -> str:
    name = f"{path.uri}:{path.attr_name}" if path.uri else path.attr_name
    if path.sub_attr is not None:
        name = f"{name}.{path.sub_attr.value}"
    return f"{prefix}.{name}" if prefix else name


def _q(node: Any, fields: Mapping[str, Field], prefix: str) -> Q:
    if isinstance(node, ast.Filter):
        inner = prefix
        if node.namespace is not None:  # members[value eq "12"]
            if prefix:
                raise _bad("Filters within filters are not supported.")
            inner = _name(node.namespace, "")
        found = _q(node.expr, fields, inner)
        return ~found if node.negated else found
    if isinstance(node, ast.LogExpr):
        left, right = _q(node.expr1, fields, prefix), _q(node.expr2, fields, prefix)
        return left & right if str(node.op).lower() == "and" else left | right
    if isinstance(node, ast.AttrExpr):
        name = _name(node.attr_path, prefix)
        if str(node.value).lower() != "eq":
            raise _bad(f"{name}: only eq is supported, not {node.value}.")
        make = fields.get(name.lower())
        if make is None:
            raise _bad(f"{name} cannot be filtered on.")
        if node.comp_value is None:
            raise _bad(f"{name}: eq needs a value.")
        return make(str(node.comp_value.value))
    raise _bad("The filter cannot be read.")
