"""PATCH (RFC 7644 3.5.2) applied to a resource's SCIM document: the result is then read as a
PUT would be (`kompas.scim.resources`), so that a PATCH passes exactly the same checks.

What Entra ID sends is understood: ``op`` in any case ("Replace"), a path with an attribute
(``active``), a sub-attribute (``name.givenName``), an extension's attribute
(``urn:...:enterprise:2.0:User:employeeNumber``), a value filter (``emails[type eq
"work"].value``, ``members[value eq "12"]``), no path at all with an object of attributes
(``{"op": "replace", "value": {"active": false}}``, keys possibly dotted), and members added or
removed as a list of ``{"value": id}``."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from typing import Any

from scim2_filter_parser import ast
from scim2_filter_parser.lexer import SCIMLexer
from scim2_filter_parser.parser import SCIMParser

from kompas.scim.errors import ScimError, invalid
from kompas.scim.schema import ENTERPRISE, GROUP, KOMPAS, PATCH_OP, USER

MAX_OPERATIONS = 1000
EXTENSIONS = (ENTERPRISE, KOMPAS)
_PATH = re.compile(
    r"(?P<attr>[A-Za-z][\w$-]*)(?:\[(?P<filter>[^\]]{1,500})\])?(?:\.(?P<sub>[A-Za-z][\w$-]*))?"
)


def _get(mapping: dict[str, Any], name: str) -> Any:
    """A key of a JSON object, whatever its case (SCIM's names are case-insensitive)."""
    for key, value in mapping.items():
        if key.lower() == name.lower():
            return value
    return None


def _key(container: dict[str, Any], name: str) -> str:
    for key in container:
        if key.lower() == name.lower():
            return key
    return name


def apply(document: dict[str, Any], body: Any) -> dict[str, Any]:
    """The document after the body's operations; raises ScimError (nothing applied) on any bad
    operation."""
    if not isinstance(body, dict):
        raise invalid("", "The body is not a JSON object.", "invalidSyntax")
    unknown = [key for key in body if key.lower() not in ("schemas", "operations")]
    if unknown:
        raise invalid(unknown[0], "Unknown attribute of a PatchOp.", "invalidSyntax")
    schemas = _get(body, "schemas")
    if not isinstance(schemas, list) or PATCH_OP not in schemas:
        raise invalid("schemas", f"A PATCH names the schema {PATCH_OP}.", "invalidSyntax")
    operations = _get(body, "Operations")
    if not isinstance(operations, list) or not operations:
        raise invalid("Operations", "A list of operations is needed.", "invalidSyntax")
    if len(operations) > MAX_OPERATIONS:
        raise invalid("Operations", f"At most {MAX_OPERATIONS} operations.", "tooMany")
    patched = copy.deepcopy(document)
    for index, operation in enumerate(operations):
        where = f"Operations[{index}]"
        if not isinstance(operation, dict):
            raise invalid(where, "An operation is a JSON object.", "invalidSyntax")
        extra = [key for key in operation if key.lower() not in ("op", "path", "value")]
        if extra:
            raise invalid(
                f"{where}.{extra[0]}", "Unknown attribute of an operation.", "invalidSyntax"
            )
        op = str(_get(operation, "op") or "").lower()
        if op not in ("add", "replace", "remove"):
            raise invalid(f"{where}.op", "add, replace or remove.", "invalidSyntax")
        path, value = _get(operation, "path"), _get(operation, "value")
        if path in (None, ""):
            if op == "remove":
                raise invalid(f"{where}.path", "A remove needs a path.", "noTarget")
            if not isinstance(value, dict):
                raise invalid(f"{where}.value", "Without a path, the value is an object.")
            for name, given in value.items():
                if name.lower() in (urn.lower() for urn in EXTENSIONS) and isinstance(given, dict):
                    for inner, inner_value in given.items():
                        _apply(patched, op, f"{name}:{inner}", inner_value)
                else:
                    _apply(patched, op, str(name), given)
        elif isinstance(path, str) and len(path) <= 1000:
            _apply(patched, op, path, value)
        else:
            raise invalid(f"{where}.path", "The path cannot be read.", "invalidPath")
    return patched


def _container(document: dict[str, Any], path: str) -> tuple[dict[str, Any], str]:
    lowered = path.lower()
    for urn in EXTENSIONS:
        if lowered.startswith(urn.lower() + ":"):
            key = _key(document, urn)
            inner = document.get(key)
            if not isinstance(inner, dict):
                inner = document[key] = {}
            return inner, path[len(urn) + 1 :]
    for urn in (USER, GROUP):
        if lowered.startswith(urn.lower() + ":"):
            return document, path[len(urn) + 1 :]
    if lowered.startswith("urn:"):
        raise invalid(path, "Unknown schema.", "invalidPath")
    return document, path


def _apply(document: dict[str, Any], op: str, path: str, value: Any) -> None:
    container, rest = _container(document, path)
    found = _PATH.fullmatch(rest)
    if found is None:
        raise invalid(path, "The path cannot be read.", "invalidPath")
    attr, where, sub = found.group("attr"), found.group("filter"), found.group("sub")
    key = _key(container, attr)
    if where is None and sub is None:
        current = container.get(key)
        if op == "remove":
            if isinstance(value, list) and isinstance(current, list):
                gone = {_value_of(item) for item in value}
                container[key] = [item for item in current if _value_of(item) not in gone]
            elif isinstance(current, list):
                container[key] = []  # all of them (a Group without members, not "not said")
            else:
                container.pop(key, None)
        elif op == "add" and isinstance(current, list):
            items = value if isinstance(value, list) else [value]
            present = {_value_of(item) for item in current}
            container[key] = current + [i for i in items if _value_of(i) not in present]
        else:
            container[key] = value
        return
    if where is None:
        parent = container.get(key)
        if parent is None:
            if op == "remove":
                return
            parent = container[key] = {}
        if not isinstance(parent, dict):
            raise invalid(path, "Not a complex attribute.", "invalidPath")
        if op == "remove":
            parent.pop(_key(parent, sub), None)
        else:
            parent[_key(parent, sub)] = value
        return
    items = container.get(key) or []
    if not isinstance(items, list):
        raise invalid(path, "Not a multi-valued attribute.", "invalidPath")
    matches, pairs = _matcher(path, where)
    chosen = [item for item in items if isinstance(item, dict) and matches(item)]
    if op == "remove":
        if sub is None:
            container[key] = [item for item in items if item not in chosen]
        else:
            for item in chosen:
                item.pop(_key(item, sub), None)
        return
    if sub is None and not isinstance(value, dict):
        raise invalid(path, "The value is an object.")
    new = value if sub is None else {sub: value}
    if chosen:
        for item in chosen:
            item.update(new)
    else:
        items.append({**pairs, **new})
    container[key] = items


def _value_of(item: Any) -> Any:
    if isinstance(item, dict):
        found = _get(item, "value")
        return str(found) if found is not None else None
    return item


def _matcher(path: str, text: str) -> tuple[Callable[[dict[str, Any]], bool], dict[str, str]]:
    """A value filter (``type eq "work"``, with ``and``) as a test of a list's item, and the
    pairs it names (for an item that ``add`` or ``replace`` makes when none matches)."""
    try:
        tree = SCIMParser().parse(SCIMLexer().tokenize(text))
    except Exception as exc:
        raise invalid(path, "The value filter cannot be read.", "invalidPath") from exc
    pairs: dict[str, str] = {}

    def collect(node: Any) -> None:
        if isinstance(node, ast.Filter) and not node.negated and node.namespace is None:
            collect(node.expr)
        elif isinstance(node, ast.LogExpr) and str(node.op).lower() == "and":
            collect(node.expr1)
            collect(node.expr2)
        elif (
            isinstance(node, ast.AttrExpr)
            and str(node.value).lower() == "eq"
            and node.attr_path.sub_attr is None
            and node.attr_path.uri is None
            and node.comp_value is not None
        ):
            pairs[node.attr_path.attr_name] = str(node.comp_value.value)
        else:
            raise invalid(path, "Only eq, joined by and, in a value filter.", "invalidPath")

    collect(tree)

    def matches(item: dict[str, Any]) -> bool:
        return all(str(_get(item, name)).lower() == value.lower() for name, value in pairs.items())

    return matches, pairs


__all__ = ["ScimError", "apply"]
