"""What the logs keep of a failure: where it happened, never what a person typed."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path

from kompas.lib.logging import WithoutUserText, bare_traceback

SECRET = "Mijn chef nam 500 euro aan van garage Janssens"


def _read(text: str) -> None:
    raise ValueError(f"cannot read {text!r}")


def failing_view(request: HttpRequest, number: int) -> HttpResponse:
    """A view that fails on what it was sent, as openpyxl did on a declaration's text."""
    try:
        _read(request.POST["text"])
    except ValueError as exc:
        raise RuntimeError(f"declaration {request.POST['text']} not saved") from exc
    return HttpResponse()


urlpatterns = [path("declarations/<int:number>/", failing_view, name="failing")]


@pytest.fixture
def logged() -> Iterator[io.StringIO]:
    """What the handlers of settings.LOGGING write, as the server's stderr gets it."""
    loggers = ("django.request", "django.server", "")
    # Plain stream handlers: pytest adds its own kinds to catch records.
    handlers = dict.fromkeys(h for name in loggers for h in logging.getLogger(name).handlers)
    streams = [h for h in handlers if type(h) is logging.StreamHandler]
    assert streams, "settings.LOGGING writes to the server's stderr"
    out = io.StringIO()
    earlier = [h.setStream(out) for h in streams]
    yield out
    for handler, stream in zip(streams, earlier, strict=True):
        handler.setStream(stream)


def test_every_handler_of_the_settings_leaves_user_text_out(settings: Any) -> None:
    for name, handler in settings.LOGGING["handlers"].items():
        assert "without_user_text" in handler.get("filters", []), name
    for name in ("django.request", "django.server", ""):
        for handler in logging.getLogger(name).handlers:
            if type(handler) is logging.StreamHandler:
                assert any(isinstance(f, WithoutUserText) for f in handler.filters), name


@pytest.mark.urls("kompas.lib.tests.test_logging")
def test_a_failing_view_logs_where_it_failed_and_never_what_was_sent(
    db: None, logged: io.StringIO
) -> None:
    client = Client(raise_request_exception=False)
    response = client.post("/declarations/4711/?giver=Janssens", {"text": SECRET})
    assert response.status_code == 500
    text = logged.getvalue()
    assert "Janssens" not in text and "500 euro" not in text
    assert "4711" not in text  # the path is not logged, the route is
    assert "500 Internal Server Error: failing (/declarations/<int:number>/)" in text
    # The exception's type and frames, and those of its cause, in Python's order.
    cause, effect = text.index("ValueError"), text.index("RuntimeError")
    assert cause < text.index("direct cause") < effect
    assert f'File "{__file__}"' in text and "in _read" in text and "in failing_view" in text


def test_an_error_logged_anywhere_leaves_its_message_out(logged: io.StringIO) -> None:
    try:
        _read(SECRET)
    except ValueError:
        logging.getLogger("kompas.anything").exception("could not go on")
    text = logged.getvalue()
    assert "could not go on" in text and "ValueError" in text and "in _read" in text
    assert "Janssens" not in text


def test_the_development_server_logs_request_lines_without_their_query(
    logged: io.StringIO,
) -> None:
    logging.getLogger("django.server").info(
        '"%s" %s %s', "GET /registers/overview/?giver=Janssens HTTP/1.1", "200", "512"
    )
    assert '"GET /registers/overview/ HTTP/1.1" 200 512' in logged.getvalue()
    assert "Janssens" not in logged.getvalue()


def test_a_traceback_without_messages_reads_as_pythons_own() -> None:
    try:
        try:
            _read(SECRET)
        except ValueError:
            raise KeyError(SECRET) from None
    except KeyError as exc:
        text = bare_traceback(exc)
    assert text.startswith("Traceback (most recent call last):")
    assert text.endswith("\nKeyError")
    assert "ValueError" not in text  # its context was suppressed, as Python would
    assert SECRET not in text
    try:
        try:
            _read(SECRET)
        except ValueError:
            raise OSError("disk full: " + SECRET)  # noqa: B904
    except OSError as exc:
        text = bare_traceback(exc)
    assert "ValueError\n\nDuring handling of the above exception" in text
    assert text.endswith("\nOSError") and SECRET not in text
