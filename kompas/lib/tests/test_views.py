"""`attempt`: a service's refusal becomes the form's error or a message; its success is said."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from kompas.lib.views import attempt


class NoteForm(forms.Form):
    note = forms.CharField()


def _request():
    request = RequestFactory().post("/", {"note": "x"})
    request.session = SessionStore()
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    return request


def _said(request):
    return [(m.level_tag, str(m)) for m in get_messages(request)]


def test_a_service_that_succeeds_is_said_done():
    request = _request()
    with attempt(request, done="Recorded.") as outcome:
        pass
    assert outcome.succeeded
    assert _said(request) == [("success", "Recorded.")]


def test_a_refusal_without_a_form_becomes_each_of_its_messages():
    request = _request()
    with attempt(request, done="Recorded.") as outcome:
        raise ValidationError(["Too late.", "Not yours."])
    assert not outcome.succeeded
    assert _said(request) == [("error", "Too late."), ("error", "Not yours.")]


def test_a_refusal_with_a_form_stands_on_the_form_and_nothing_is_said():
    request = _request()
    form = NoteForm({"note": "x"})
    assert form.is_valid()
    with attempt(request, form=form, done="Recorded.") as outcome:
        raise ValidationError("The period is closed.")
    assert not outcome.succeeded
    assert form.non_field_errors() == ["The period is closed."]
    assert _said(request) == []


def test_any_other_error_is_not_swallowed():
    request = _request()
    with pytest.raises(RuntimeError), attempt(request, done="Recorded."):
        raise RuntimeError("a bug stays a bug")
    assert _said(request) == []


def test_a_refusal_naming_fields_stands_on_them_and_one_the_form_lacks_on_top():
    request = _request()
    form = NoteForm({"note": "x"})
    assert form.is_valid()
    with attempt(request, form=form) as outcome:
        raise ValidationError({"note": "Too short.", "due_on": "Past the deadline."})
    assert not outcome.succeeded
    assert form.errors["note"] == ["Too short."]
    assert form.non_field_errors() == ["Past the deadline."]
