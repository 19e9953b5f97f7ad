"""The reporter comes back with the receipt: status, questions, answers; nothing identifies them."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from kompas.reporting import followup
from kompas.reporting.models import Message, Report
from kompas.reporting.tests.conftest import (
    public_report_form,
    receipt_of,
    report_form,
    signed_in_handler,
)
from kompas.testing import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def filed(personas, handlers) -> tuple[Report, str]:
    citizen = Client()
    data = public_report_form(personas.zone, kind="complaint")
    citizen.post(reverse("reporting:public", args=[personas.zone.code]), data)
    return Report.objects.get(), receipt_of(data)


def open_follow_up(receipt: str) -> Client:
    browser = Client()
    response = browser.post(reverse("reporting:follow_up"), {"receipt": receipt})
    assert response.status_code == 302, response.content.decode()[-2000:]
    return browser


def test_the_receipt_opens_the_report_even_typed_loosely(filed) -> None:
    report, receipt = filed
    loose = receipt.lower().replace("-", " ").replace("1", "l")
    browser = open_follow_up(loose)
    page = browser.get(reverse("reporting:follow_up_case")).content.decode()
    assert report.number in page
    assert "Ontvangen" in page


def test_a_wrong_receipt_opens_nothing(client: Client, filed) -> None:
    response = client.post(reverse("reporting:follow_up"), {"receipt": "ABCD-EFGH-JKMN-PQRS-TVWX"})
    assert response.status_code == 200
    assert followup.COOKIE not in response.cookies
    assert client.get(reverse("reporting:follow_up_case")).status_code == 302


def test_questions_and_answers_go_both_ways_and_notes_stay_internal(
    personas, handlers, filed
) -> None:
    from kompas.accounts.roles import Role

    report, receipt = filed
    handler = signed_in_handler(personas[Role.OVERSIGHT])
    case_url = reverse("reporting:case", args=[report.number])
    handler.post(
        reverse("reporting:case_write", args=[report.number]),
        {"body": "Welke dag precies?", "internal": "0"},
    )
    handler.post(
        reverse("reporting:case_write", args=[report.number]),
        {"body": "Lijkt ernstig, agenda M-team.", "internal": "1"},
    )

    reporter = open_follow_up(receipt)
    page = reporter.get(reverse("reporting:follow_up_case")).content.decode()
    assert "Welke dag precies?" in page
    assert "agenda M-team" not in page
    assert personas[Role.OVERSIGHT].last_name not in page  # handlers stay unnamed to reporters

    reporter.post(reverse("reporting:follow_up_case"), {"body": "Dinsdag 12 maart."})
    case_page = handler.get(case_url).content.decode()
    assert "Dinsdag 12 maart." in case_page
    answer = Message.objects.get(author="reporter")
    assert answer.handler_id is None
    assert b"Dinsdag" not in bytes(answer.body_box)


def test_the_follow_up_cookie_is_scoped_and_ends_on_leaving(filed) -> None:
    _report, receipt = filed
    browser = Client()
    response = browser.post(reverse("reporting:follow_up"), {"receipt": receipt})
    cookie = response.cookies[followup.COOKIE]
    assert cookie["path"] == followup.PATH
    assert cookie["httponly"]
    assert cookie["samesite"] == "Strict"
    assert not cookie["max-age"]  # gone when the browser closes
    browser.post(reverse("reporting:follow_up_leave"))
    assert browser.get(reverse("reporting:follow_up_case")).status_code == 302


def test_a_follow_up_session_expires(filed, monkeypatch) -> None:
    import time

    _report, receipt = filed
    browser = open_follow_up(receipt)
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + followup.LIFETIME + 1)
    assert browser.get(reverse("reporting:follow_up_case")).status_code == 302


def test_a_member_follows_up_a_staff_report_with_the_receipt_too(
    client: Client, personas, handlers
) -> None:
    sign_in(client, personas.member)
    data = report_form(identity_mode="anonymous")
    client.post(reverse("reporting:new"), data)
    browser = open_follow_up(receipt_of(data))
    assert (
        Report.objects.get().number
        in browser.get(reverse("reporting:follow_up_case")).content.decode()
    )
