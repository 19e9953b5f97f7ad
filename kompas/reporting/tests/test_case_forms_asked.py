"""The case page writes the forms a handler uses now and then (share, tag, link, task, persons
concerned) when they ask for one, by a link in its section that works without JavaScript; the
forms of the case's course (next step, messages) are always there."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kompas.accounts.roles import Role
from kompas.reporting.tests.conftest import signed_in_handler
from kompas.reporting.tests.test_meetings import file
from kompas.reporting.views import ASKED_FORMS

pytestmark = pytest.mark.django_db

# What each asked form writes on the page (a field of its own).
FIELD = {
    "share": 'id="share-person"',
    "tag": 'name="label"',
    "link": 'id="id_number"',
    "task": 'name="title"',
    "concerned": 'value="add"',
}


def test_each_form_used_now_and_then_is_written_when_asked_for(personas, handlers) -> None:
    report, _reporter = file(personas)
    handler = signed_in_handler(personas[Role.OVERSIGHT])
    url = reverse("reporting:case", args=[report.number])
    plain = handler.get(url).content.decode()
    assert set(FIELD) == set(ASKED_FORMS)
    for name, field in FIELD.items():
        assert field not in plain, name
        assert f'href="{url}?form={name}#' in plain, name  # the link that asks for it
        asked = handler.get(url, {"form": name}).content.decode()
        assert field in asked, name
        assert all(other not in asked for key, other in FIELD.items() if key != name), name
    assert 'name="body"' in plain and 'name="step"' in plain  # the case's course: always
    for unknown in ("bogus", "message", ""):
        page = handler.get(url, {"form": unknown}).content.decode()
        assert not any(field in page for field in FIELD.values()), unknown


def test_asking_for_a_form_is_no_way_around_the_case_s_walls(personas, handlers) -> None:
    report, _reporter = file(personas)
    outsider = signed_in_handler(personas[Role.COUNSELLOR])
    url = reverse("reporting:case", args=[report.number])
    assert outsider.get(url, {"form": "share"}).status_code == 404
    assert outsider.get(url, {"form": "task"}).status_code == 404


def test_a_refused_tag_or_link_comes_back_with_its_form_open(personas, handlers) -> None:
    """On the case page again (400), the form open, what was typed kept, the reason at the
    field and at the top; nothing stored."""
    from kompas.reporting.models import CaseLink, CaseTag

    report, _reporter = file(personas)
    handler = signed_in_handler(personas[Role.OVERSIGHT])
    tags = reverse("reporting:case_tags", args=[report.number])
    links = reverse("reporting:case_links", args=[report.number])
    answer = handler.post(tags, {"label": ""})
    page = answer.content.decode()
    assert answer.status_code == 400 and FIELD["tag"] in page
    assert "Kies een label of typ een nieuw label." in page and 'class="error-summary"' in page
    answer = handler.post(tags, {"label": "x" * 41})  # too long: kept as typed
    assert answer.status_code == 400 and 'value="' + "x" * 41 + '"' in answer.content.decode()
    answer = handler.post(links, {"number": "2026-00000"})
    page = answer.content.decode()
    assert answer.status_code == 400 and FIELD["link"] in page
    assert 'value="2026-00000"' in page
    assert "U hebt geen dossier met dit nummer." in page.split('id="links-title"')[1]
    assert not CaseTag.objects.exists() and not CaseLink.objects.exists()


def test_a_share_refused_goes_back_with_the_form_open(personas, handlers) -> None:
    report, _reporter = file(personas)
    handler = signed_in_handler(personas[Role.OVERSIGHT])
    share = reverse("reporting:case_share", args=[report.number])
    back = handler.post(share, {"person": personas.member.pk})  # no handler of this kind
    assert back.status_code == 302 and back["Location"].endswith("?form=share#handlers-title")
    page = handler.get(back["Location"]).content.decode()
    assert "Deze persoon kan dit dossier niet krijgen." in page and FIELD["share"] in page


def test_a_closed_case_takes_no_task_and_no_task_done(personas, handlers) -> None:
    """Read-only until reopened: a task sent to it comes back with its title and the reason,
    and a task on it cannot be marked done (nor is the button shown)."""
    from datetime import timedelta

    from kompas.lib.clock import today
    from kompas.reporting.models import Report, Status, Task
    from kompas.reporting.tests.test_case_list import close

    report, _reporter = file(personas)
    handler = signed_in_handler(personas[Role.OVERSIGHT])
    tasks = reverse("reporting:case_task", args=[report.number])
    due = (today() + timedelta(days=5)).isoformat()
    data = {
        "title": "Camerabeelden opvragen",
        "due_on": due,
        "assignee": personas[Role.OVERSIGHT].pk,
    }
    assert handler.post(tasks, data).status_code == 302
    task = Task.objects.get(report=report)
    close(handler, report)
    answer = handler.post(tasks, {**data, "title": "Nog een getuige horen"})
    page = answer.content.decode()
    assert answer.status_code == 400
    assert 'value="Nog een getuige horen"' in page and "Het dossier is afgesloten" in page
    assert Task.objects.filter(report=report).count() == 1
    handler.post(tasks, {"done": task.pk})
    task.refresh_from_db()
    assert task.done_on is None
    assert Report.objects.get(pk=report.pk).status == Status.CLOSED
    page = handler.get(reverse("reporting:case", args=[report.number])).content.decode()
    assert 'name="done"' not in page


def test_a_task_marked_done_twice_is_recorded_once(personas, handlers) -> None:
    """A double click on "Done" (or the same form sent again) changes the task and records
    the event once."""
    from datetime import timedelta

    from kompas.lib.clock import today
    from kompas.reporting.models import Task
    from kompas.reporting.tests.test_case_list import events

    report, _reporter = file(personas)
    handler = signed_in_handler(personas[Role.OVERSIGHT])
    tasks = reverse("reporting:case_task", args=[report.number])
    due = (today() + timedelta(days=5)).isoformat()
    data = {"title": "Getuige bellen", "due_on": due, "assignee": personas[Role.OVERSIGHT].pk}
    assert handler.post(tasks, data).status_code == 302
    task = Task.objects.get(report=report)
    for _twice in range(2):
        assert handler.post(tasks, {"done": task.pk}).status_code == 302
    task.refresh_from_db()
    assert task.done_on == today()
    assert events("reporting.task_done", report) == 1  # timed or held for the day


def test_the_task_form_asks_to_choose_a_handler_in_the_reader_s_language(
    personas, handlers
) -> None:
    report, _reporter = file(personas)
    handler = signed_in_handler(personas[Role.OVERSIGHT])
    page = handler.get(reverse("reporting:case", args=[report.number]), {"form": "task"})
    html = page.content.decode()
    assert '<option value="" selected>Kies een behandelaar</option>' in html
    assert "---------" not in html
