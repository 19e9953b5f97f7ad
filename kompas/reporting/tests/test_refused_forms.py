"""A handler's form on the case page that is refused (too long, a day in the past, a field
left out) comes back on the case page with what was typed, the errors named at the top and at
their fields: nothing typed is lost behind a redirect, and nothing is stored."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from kompas.accounts.roles import Role
from kompas.lib.clock import today
from kompas.reporting.forms import MAX_TEXT
from kompas.reporting.models import Meeting
from kompas.reporting.tests.conftest import signed_in_handler
from kompas.reporting.tests.test_meetings import act, ask, file

pytestmark = pytest.mark.django_db


@pytest.fixture
def oversight(personas, handlers) -> Client:
    return signed_in_handler(personas[Role.OVERSIGHT])


LONG = "Het gesprek met de getuige duurde lang. "


def test_a_message_too_long_comes_back_with_its_text(personas, handlers, oversight) -> None:
    report, _reporter = file(personas)
    body = (LONG * (MAX_TEXT // len(LONG) + 2))[: MAX_TEXT + 10]
    before = report.messages.count()
    answer = oversight.post(reverse("reporting:case_write", args=[report.number]), {"body": body})
    page = answer.content.decode()
    assert answer.status_code == 400
    assert 'class="error-summary"' in page and 'href="#id_body"' in page
    assert LONG.strip() in page.split('name="body"')[1].split("</textarea>")[0]
    assert report.messages.count() == before


def test_a_task_without_a_due_date_keeps_its_title(personas, handlers, oversight) -> None:
    report, _reporter = file(personas)
    url = reverse("reporting:case_task", args=[report.number])
    answer = oversight.post(url, {"title": "Camerabeelden van de garage opvragen"})
    page = answer.content.decode()
    assert answer.status_code == 400
    assert 'value="Camerabeelden van de garage opvragen"' in page
    assert 'class="error-summary"' in page
    assert not report.tasks.exists()


def test_a_meeting_planned_in_the_past_keeps_the_place_typed(personas, handlers, oversight) -> None:
    report, reporter = file(personas)
    ask(reporter)
    yesterday = (today() - timedelta(days=1)).isoformat()
    place = "Gemeentehuis, zaal 3"
    answer = act(oversight, report, "plan", day=yesterday, time="10:00", place=place)
    page = answer.content.decode()
    assert answer.status_code == 400
    assert place in page and 'class="error-summary"' in page
    assert Meeting.objects.get(report=report).plan_box is None


def test_a_refused_form_is_no_way_around_the_case_s_walls(personas, handlers) -> None:
    """Sent by someone without the case, a refused form shows no case page at all."""
    report, _reporter = file(personas)
    outsider = signed_in_handler(personas[Role.COUNSELLOR])
    url = reverse("reporting:case_write", args=[report.number])
    assert outsider.post(url, {"body": "x" * (MAX_TEXT + 1)}).status_code == 404


@pytest.mark.parametrize("done", ["x", "1.5", "99999999999999999999999"])
def test_a_task_marked_done_by_an_id_that_is_none_is_not_found(
    personas, handlers, oversight, done
) -> None:
    """A task id that is not a whole number a key can hold answers 404, not an error page."""
    report, _reporter = file(personas)
    url = reverse("reporting:case_task", args=[report.number])
    assert oversight.post(url, {"done": done}).status_code == 404
