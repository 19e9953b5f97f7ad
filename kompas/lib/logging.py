"""Logs without what people typed: a failure says where it happened, never what it was handed.

An exception's message often quotes the value that broke it (openpyxl's names the whole text of a
declaration; a database error, the row), and Python prints it with every traceback. The
`WithoutUserText` filter sits on the handlers of settings.LOGGING: an exception is logged as its
type and its frames (file, line, function), never its message or any value; a failing request as
the route it took, never its path (a password-reset link holds a token, a case page its number); a
request line of the development server without its query string (what was searched or filtered).
"""

from __future__ import annotations

import logging
import traceback
from http import HTTPStatus
from types import TracebackType
from typing import Any

_CAUSE = "The above exception was the direct cause of the following exception:"
_CONTEXT = "During handling of the above exception, another exception occurred:"


class WithoutUserText(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = bare_traceback(record.exc_info[1])
            record.exc_info = None
        if record.name == "django.request":
            # Django's words name the path, and sometimes quote the exception (a bad request).
            record.msg, record.args = "%s %s: %s", (*_status(record), _route(record))
        elif record.name == "django.server" and isinstance(record.args, tuple) and record.args:
            record.args = (_without_query(record.args[0]), *record.args[1:])
        return True


def bare_traceback(error: BaseException) -> str:
    """A traceback as Python prints it, chained exceptions included, without their messages."""
    parts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = error
    joint = ""
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        block = ["Traceback (most recent call last):"]
        block += [f'  File "{f.filename}", line {f.lineno}, in {f.name}' for f in _frames(current)]
        block.append(_type_name(current))
        parts[:0] = [*block, *([f"\n{joint}\n"] if joint else [])]
        if current.__cause__ is not None:
            current, joint = current.__cause__, _CAUSE
        elif current.__context__ is not None and not current.__suppress_context__:
            current, joint = current.__context__, _CONTEXT
        else:
            current = None
    return "\n".join(parts)


def _frames(error: BaseException) -> traceback.StackSummary:
    tb: TracebackType | None = error.__traceback__
    return traceback.extract_tb(tb, limit=None) if tb is not None else traceback.StackSummary()


def _type_name(error: BaseException) -> str:
    kind = type(error)
    module = kind.__module__
    return kind.__qualname__ if module == "builtins" else f"{module}.{kind.__qualname__}"


def _status(record: logging.LogRecord) -> tuple[int, str]:
    code = getattr(record, "status_code", 500)
    try:
        return code, HTTPStatus(code).phrase
    except ValueError:
        return code, ""


def _route(record: logging.LogRecord) -> str:
    request: Any = getattr(record, "request", None)
    match = getattr(request, "resolver_match", None)
    if match is None:  # failed before its URL was resolved (in a middleware)
        return "no route"
    return f"{match.view_name} (/{match.route})"


def _without_query(line: Any) -> Any:
    # "GET /path?q=what was searched HTTP/1.1" -> "GET /path HTTP/1.1"
    if not isinstance(line, str):
        return line
    words = line.split(" ")
    if len(words) >= 2:
        words[1] = words[1].split("?", 1)[0]
    return " ".join(words)
