"""The documentation page, written from the OpenAPI schema itself (`api.get_openapi_schema()`):
every endpoint with its scope, fields and answers, and every model with its fields. A page of
Kompas like the others (no script, nothing from another site), so the strict Content-Security-
Policy holds; the schema is the one source, so the page cannot drift from the API."""

from __future__ import annotations

from functools import cache
from typing import Any

Part = dict[str, str | None]

REF = "#/components/schemas/"


def _anchor(name: str) -> str:
    return f"schema-{name}"


def _bounds(schema: dict[str, Any], low: str, high: str) -> str:
    least, most = schema.get(low), schema.get(high)
    if least is not None and most is not None:
        return f" ({least}\u2013{most})"
    if most is not None:
        return f" (≤ {most})"
    if least is not None:
        return f" (≥ {least})"
    return ""


def type_of(schema: dict[str, Any]) -> list[Part]:
    """A schema's type as words, each model named a link to its own description."""
    if "$ref" in schema:
        name = schema["$ref"].removeprefix(REF)
        return [{"text": name, "ref": _anchor(name)}]
    for combined in ("anyOf", "oneOf", "allOf"):
        if combined in schema:
            parts: list[Part] = []
            for index, option in enumerate(schema[combined]):
                if index:
                    parts.append({"text": " | ", "ref": None})
                parts += type_of(option)
            return parts
    if "enum" in schema:
        return [{"text": "one of: " + ", ".join(str(v) for v in schema["enum"]), "ref": None}]
    kind = schema.get("type", "")
    if kind == "array":
        return [
            {"text": "list" + _bounds(schema, "minItems", "maxItems") + " of ", "ref": None},
            *type_of(schema.get("items", {})),
        ]
    if kind == "object" and isinstance(schema.get("additionalProperties"), dict):
        return [{"text": "map of text to ", "ref": None}, *type_of(schema["additionalProperties"])]
    if kind == "string":
        shown = schema.get("format", "text")
        return [{"text": shown + _bounds(schema, "minLength", "maxLength"), "ref": None}]
    if kind == "integer":
        return [{"text": "integer" + _bounds(schema, "minimum", "maximum"), "ref": None}]
    if kind == "null":
        return [{"text": "null", "ref": None}]
    return [{"text": kind or "any", "ref": None}]


def _fields(schema: dict[str, Any]) -> list[dict[str, Any]]:
    required = set(schema.get("required", []))
    return [
        {
            "name": name,
            "type": type_of(field),
            "required": name in required,
            "description": inline(field.get("description", "")),
        }
        for name, field in schema.get("properties", {}).items()
    ]


def _operation(path: str, method: str, operation: dict[str, Any]) -> dict[str, Any]:
    body = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
    return {
        "method": method.upper(),
        "path": path,
        "anchor": operation.get("operationId", f"{method}-{path}"),
        "summary": operation.get("summary", ""),
        "description": paragraphs(operation.get("description", "")),
        "scope": operation.get("x-kompas-scope", ""),
        "parameters": [
            {
                "name": parameter["name"],
                "where": parameter["in"],
                "required": parameter.get("required", False),
                "type": type_of(parameter.get("schema", {})),
                "description": inline(
                    parameter.get("description")
                    or parameter.get("schema", {}).get("description", "")
                ),
            }
            for parameter in operation.get("parameters", [])
        ],
        "body": type_of(body["schema"]) if body else [],
        "answers": _answers(operation.get("responses", {})),
    }


def _answers(responses: dict[str, Any]) -> list[dict[str, Any]]:
    """Each body with the statuses that answer it: "200" a page, "400, 401, ..." an error."""
    grouped: dict[str, dict[str, Any]] = {}
    for status, answer in responses.items():
        schema = answer.get("content", {}).get("application/json", {}).get("schema", {})
        parts = type_of(schema) if schema else []
        key = repr(parts)
        if key in grouped:
            grouped[key]["status"] += f", {status}"
        else:
            grouped[key] = {"status": str(status), "type": parts}
    return list(grouped.values())


def inline(text: str) -> list[dict[str, Any]]:
    """A description's text and its `code` spans, for the page to write each as it is."""
    return [
        {"text": part, "code": index % 2 == 1} for index, part in enumerate(text.split("`")) if part
    ]


def paragraphs(text: str) -> list[list[dict[str, Any]]]:
    return [inline(" ".join(block.split())) for block in text.split("\n\n") if block.strip()]


@cache
def context() -> dict[str, Any]:
    """What the page shows, worked out once per process (the schema does not change)."""
    from kompas.api.api import api

    schema = api.get_openapi_schema()
    operations = [
        _operation(path, method, operation)
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    ]
    models = [
        {
            "name": name,
            "anchor": _anchor(name),
            "description": paragraphs(model.get("description", "")),
            "type": [] if "properties" in model else type_of(model),
            "fields": _fields(model),
        }
        for name, model in sorted(schema.get("components", {}).get("schemas", {}).items())
    ]
    return {
        "title": schema["info"]["title"],
        "version": schema["info"]["version"],
        "description": paragraphs(schema["info"].get("description", "")),
        "operations": operations,
        "models": models,
    }
