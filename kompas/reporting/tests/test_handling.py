"""Handlers open cases with their own key, take every step, and meet the legal deadlines."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse

from kompas.accounts.roles import Role
from kompas.audit.models import AuditEvent
from kompas.reporting import keys
from kompas.reporting.models import Report, Status
from kompas.reporting.services import NewReport, submit_report
from kompas.reporting.tests.conftest import signed_in_handler
from kompas.testing import PASSWORD, end_of_day, sign_in

pytestmark = pytest.mark.django_db


def file(personas, **fields) -> Report:
    from kompas.reporting import crypto

    data = NewReport(
        kind=fields.pop("kind", "breach"),
        channel="staff",
        identity_mode=fields.pop("identity_mode", "named"),
        what=fields.pop("what", "Vertrouwelijke feiten over een collega."),
        **fields,
    )
    report, _ = submit_report(
        zone=personas.zone, data=data, receipt=crypto.new_receipt(), signed_in=personas.member
    )
    return report


def test_the_handler_reads_a_named_report_with_the_reporters_name(personas, handlers) -> None:
    report = file(personas)
    browser = signed_in_handler(personas[Role.OVERSIGHT])
    page = browser.get(reverse("reporting:case", args=[report.number])).content.decode()
    assert "Vertrouwelijke feiten" in page
    assert personas.member.email in page
    end_of_day()  # what happens to a report on its first day is held until the day is over
    assert AuditEvent.objects.filter(
        action="reporting.case_opened", actor_id=personas[Role.OVERSIGHT].pk
    ).exists()


def test_a_case_page_records_its_look_once_the_case_is_opened_and_before_it_is_shown(
    personas, handlers, monkeypatch
) -> None:
    """The page reads the case, then opens it and commits the look on its own before the page
    is written: a read that fails records no look; a failure once the case was opened (its
    content decrypted on the server) leaves the look recorded; a page shown has its look."""
    from kompas.audit.models import HeldEvent
    from kompas.reporting import services

    report = file(personas)
    browser = signed_in_handler(personas[Role.OVERSIGHT])
    looks = {"action": "reporting.case_opened"}

    def fails(*args, **kwargs):
        raise RuntimeError("the page failed")

    monkeypatch.setattr(services, "conversation_of", fails)  # a read before the case is opened
    with pytest.raises(RuntimeError):
        browser.get(reverse("reporting:case", args=[report.number]))
    assert not AuditEvent.objects.filter(**looks).exists()
    assert not HeldEvent.objects.filter(**looks).exists()
    monkeypatch.undo()
    monkeypatch.setattr(services, "visible_identity", fails)  # once the case is opened
    with pytest.raises(RuntimeError):
        browser.get(reverse("reporting:case", args=[report.number]))
    assert HeldEvent.objects.filter(**looks).count() == 1
    monkeypatch.undo()
    assert browser.get(reverse("reporting:case", args=[report.number])).status_code == 200
    assert HeldEvent.objects.filter(**looks).count() == 2


def test_a_confidential_reporter_stays_hidden_from_the_handler(personas, handlers) -> None:
    report = file(personas, identity_mode="confidential")
    browser = signed_in_handler(personas[Role.OVERSIGHT])
    page = browser.get(reverse("reporting:case", args=[report.number])).content.decode()
    assert "Vertrouwelijke feiten" in page
    assert personas.member.email not in page
    assert personas.member.last_name not in page


def test_without_the_key_cookie_the_handler_must_unlock_again(personas, handlers) -> None:
    report = file(personas)
    browser = signed_in_handler(personas[Role.OVERSIGHT])
    browser.cookies.pop(keys.cookie_name())
    case_url = reverse("reporting:case", args=[report.number])
    response = browser.get(case_url)
    assert response["Location"].startswith(reverse("reporting:unlock"))
    wrong = browser.post(response["Location"], {"password": "wrong"})
    assert wrong.status_code == 200
    right = browser.post(response["Location"], {"password": PASSWORD})
    assert right["Location"] == case_url
    assert "Vertrouwelijke feiten" in browser.get(case_url).content.decode()


def test_a_session_alone_does_not_open_the_key(client: Client, personas, handlers) -> None:
    report = file(personas)
    sign_in(client, personas[Role.OVERSIGHT])  # signed in without the password: no key
    response = client.get(reverse("reporting:case", args=[report.number]))
    assert response["Location"].startswith(reverse("reporting:unlock"))


def test_the_key_survives_a_password_change(personas, handlers) -> None:
    report = file(personas)
    officer = personas[Role.OVERSIGHT]
    browser = signed_in_handler(officer)
    new_password = "een heel nieuw wachtwoord"
    response = browser.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password},
    )
    assert response.status_code == 302
    browser.post(reverse("accounts:logout"))
    again = Client()
    again.post(reverse("accounts:login"), {"username": officer.email, "password": new_password})
    # The code of this 30-second window was used already; mark the session verified directly.
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    session = again.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=officer).persistent_id
    session.save()
    page = again.get(reverse("reporting:case", args=[report.number])).content.decode()
    assert "Vertrouwelijke feiten" in page


def test_someone_without_the_case_finds_nothing(personas, handlers) -> None:
    report = file(personas)
    for role in (Role.COUNSELLOR, Role.INTEGRITY_OFFICER, Role.ADMIN):
        browser = signed_in_handler(personas[role]) if role in keys.HANDLER_ROLES else Client()
        if role not in keys.HANDLER_ROLES:
            sign_in(browser, personas[role])
        response = browser.get(reverse("reporting:case", args=[report.number]))
        assert response.status_code in (403, 404), role


def test_a_case_goes_through_every_status(personas, handlers) -> None:
    report = file(personas)
    browser = signed_in_handler(personas[Role.OVERSIGHT])
    step = reverse("reporting:case_step", args=[report.number])
    for data, status in [
        ({"step": "acknowledge"}, Status.ACKNOWLEDGED),
        ({"step": "assess", "assessment": "admissible"}, Status.ASSESSED),
        ({"step": "investigate"}, Status.INVESTIGATING),
        ({"step": "outcome", "outcome": "informal"}, Status.OUTCOME),
        ({"step": "feedback"}, Status.FEEDBACK_GIVEN),
        ({"step": "close"}, Status.CLOSED),
    ]:
        browser.post(step, data)
        report.refresh_from_db()
        assert report.status == status, data
    assert report.outcome == "informal"
    end_of_day()
    actions = set(
        AuditEvent.objects.filter(object_id=str(report.pk)).values_list("action", flat=True)
    )
    assert {"reporting.case_acknowledge", "reporting.case_close"} <= actions


def test_a_step_out_of_order_is_refused_with_a_message(personas, handlers) -> None:
    report = file(personas)
    browser = signed_in_handler(personas[Role.OVERSIGHT])
    response = browser.post(
        reverse("reporting:case_step", args=[report.number]), {"step": "close"}, follow=True
    )
    report.refresh_from_db()
    assert report.status == Status.RECEIVED
    assert "niet mogelijk" in response.content.decode()


def test_a_report_that_is_not_admissible_skips_the_investigation() -> None:
    report = Report(status=Status.ACKNOWLEDGED, received_on=date(2026, 1, 5))
    report.assess(on=date(2026, 1, 6), assessment="not_admissible")
    with pytest.raises(ValidationError):
        report.start_investigation()
    report.record_feedback(on=date(2026, 1, 7))
    assert report.status == Status.FEEDBACK_GIVEN


def test_acknowledging_tells_the_reporter(personas, handlers) -> None:
    report = file(personas)
    browser = signed_in_handler(personas[Role.OVERSIGHT])
    browser.post(reverse("reporting:case_step", args=[report.number]), {"step": "acknowledge"})
    assert report.messages.filter(author="handler", internal=False).count() == 1


def test_deadlines_follow_the_directive() -> None:
    acknowledge_by, feedback_by = Report.deadlines(date(2026, 11, 24))
    assert acknowledge_by == date(2026, 12, 1)
    assert feedback_by == date(2027, 3, 1)
    report = Report(
        status=Status.RECEIVED,
        received_on=date(2026, 11, 24),
        acknowledge_by=acknowledge_by,
        feedback_by=feedback_by,
    )
    report.acknowledge(on=date(2026, 11, 30))
    assert report.feedback_by == date(2027, 2, 28)  # three months after the acknowledgement


def test_late_cases_show_up_in_the_list(personas, handlers, monkeypatch) -> None:
    from kompas.lib import clock

    start = date(2026, 11, 2)
    monkeypatch.setattr(clock, "today", lambda: start)
    monkeypatch.setattr("kompas.reporting.services.today", lambda: start)
    report = file(personas)
    browser = signed_in_handler(personas[Role.OVERSIGHT])
    monkeypatch.setattr("kompas.reporting.views.today", lambda: start + timedelta(days=6))
    page = browser.get(reverse("reporting:cases")).content.decode()
    assert report.number in page and '<strong class="late">' not in page
    late_only = browser.get(reverse("reporting:cases") + "?late=1").content.decode()
    assert report.number not in late_only
    monkeypatch.setattr("kompas.reporting.views.today", lambda: start + timedelta(days=8))
    page = browser.get(reverse("reporting:cases")).content.decode()
    assert '<strong class="late">te laat</strong>' in page
    late_only = browser.get(reverse("reporting:cases") + "?late=1").content.decode()
    assert report.number in late_only
    Report.objects.filter(pk=report.pk).update(status="closed")  # a closed case leaves the list
    assert report.number not in browser.get(reverse("reporting:cases")).content.decode()


def test_the_staff_form_is_open_to_every_member(client: Client, personas) -> None:
    sign_in(client, personas.member)
    page = client.get(reverse("reporting:new"))
    assert page.status_code == 200
    assert "Comité P" in page.content.decode()


def test_the_case_list_is_only_for_handler_roles(client: Client, personas) -> None:
    sign_in(client, personas.member)
    assert client.get(reverse("reporting:cases")).status_code == 403
    sign_in(client, personas[Role.HR])
    assert client.get(reverse("reporting:cases")).status_code == 403


def test_every_form_of_a_case_carries_the_pages_one_csrf_token_and_it_is_checked(
    personas, handlers
) -> None:
    import re

    from django.middleware.csrf import _unmask_cipher_token  # type: ignore[attr-defined]

    report = file(personas)
    browser = signed_in_handler(personas[Role.OVERSIGHT])
    browser.handler.enforce_csrf_checks = True
    page = browser.get(reverse("reporting:case", args=[report.number])).content.decode()
    in_forms = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    in_headers = re.findall(r'"X-CSRFToken": "([^"]+)"', page)
    # Jinja2 writes each form's token with a mask of its own: one secret behind them all.
    secrets = {_unmask_cipher_token(token) for token in in_forms + in_headers}
    assert len(in_forms) >= 5 and len(in_headers) == 1 and len(secrets) == 1  # every form
    step = reverse("reporting:case_step", args=[report.number])
    assert browser.post(step, {"step": "acknowledge"}).status_code == 403
    answered = browser.post(step, {"step": "acknowledge", "csrfmiddlewaretoken": in_forms[-1]})
    assert answered.status_code == 302
    report.refresh_from_db()
    assert report.status == Status.ACKNOWLEDGED


def test_a_cases_forms_offer_and_accept_only_the_people_the_page_loaded(personas) -> None:
    """The reveal and task forms offer the people the case page loaded (no query of their
    own) and refuse anyone else, whatever number a crafted answer holds."""
    from django.test.utils import CaptureQueriesContext

    from kompas.reporting.forms import RevealRequestForm, TaskForm

    people = [personas[Role.OVERSIGHT], personas[Role.INTEGRITY_OFFICER]]
    outsider = personas.member
    with CaptureQueriesContext(connection) as queries:
        html = str(TaskForm(handlers=people)) + str(RevealRequestForm(approvers=people))
    assert len(queries) == 0
    for person in people:
        assert f'value="{person.pk}"' in html
    assert f'value="{outsider.pk}"' not in html
    data = {"title": "Hear the witness", "due_on": "2026-12-20"}
    assert TaskForm({**data, "assignee": people[0].pk}, handlers=people).is_valid()
    refused = TaskForm({**data, "assignee": outsider.pk}, handlers=people)
    assert not refused.is_valid() and "assignee" in refused.errors
    reason = "The witness must be heard before the disciplinary authority decides."
    assert not RevealRequestForm(
        {"approver": outsider.pk, "reason": reason, "for_reporter": reason}, approvers=people
    ).is_valid()


def test_the_blank_message_form_is_kept_and_a_refused_one_comes_back_with_its_text(
    personas, handlers
) -> None:
    """The case page keeps its blank message and step forms in the shared cache (the same on
    every case, per language); a message sent empty comes back with the reason, not a kept
    blank form."""
    import re

    first, second = file(personas), file(personas)
    browser = signed_in_handler(personas[Role.OVERSIGHT])

    def message_form(html: str) -> str:
        found = re.search(
            r'multipart/form-data".*?csrfmiddlewaretoken" value="[^"]*">(.*?)<button type="submit" name="internal"',
            html,
            re.S,
        )
        assert found, "no message form on the case page"
        return found.group(1).replace(first.number, "").replace(second.number, "")

    def assessment(html: str) -> str:
        found = re.search(r'<select name="assessment".*?</select>', html, re.S)
        assert found, "no assessment on the case page"
        return found.group(0)

    for report in (first, second):  # acknowledged: the next step asks for the assessment
        browser.post(reverse("reporting:case_step", args=[report.number]), {"step": "acknowledge"})
    one = browser.get(reverse("reporting:case", args=[first.number])).content.decode()
    other = browser.get(reverse("reporting:case", args=[second.number])).content.decode()
    assert message_form(one) == message_form(other)
    assert 'name="body"' in message_form(one) and "errorlist" not in message_form(one)
    assert assessment(one) == assessment(other)
    browser.post(reverse("front:set_language"), {"language": "fr", "next": "/"})
    french = browser.get(reverse("reporting:case", args=[first.number])).content.decode()
    assert message_form(french) != message_form(one)  # written in French, not the Dutch one kept
    assert assessment(french) != assessment(one)

    refused = browser.post(
        reverse("reporting:case_write", args=[first.number]), {"body": "  ", "internal": "0"}
    )
    assert refused.status_code == 400
    assert "errorlist" in refused.content.decode()
