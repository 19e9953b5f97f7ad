"""The public form framed in the zone's website on another domain (issue 21, point 4): a browser
sends no cookie to a page framed in another site, so the form works without any. A token signed
for the zone stands in for the CSRF cookie and the page that sends the form must be ours or the
zone's site; whatever is refused comes back with the text kept and says what to do."""

from __future__ import annotations

import logging
import re
import time
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from kompas.audit.models import AuditEvent
from kompas.reporting.forms import issue_public_token
from kompas.reporting.models import Report
from kompas.reporting.tests.conftest import hidden_value, public_report_form, receipt_of
from kompas.testing import make_zone, sign_in

pytestmark = pytest.mark.django_db

ZONE_SITE = "https://www.politie-heist.example"
KOMPAS = "http://testserver"  # the origin a framed form sends: the form is a page of Kompas
TEXT = "Een agent sprak me aan het loket minachtend aan."


@pytest.fixture(autouse=True)
def zone_site(settings) -> None:
    settings.EMBED_ORIGINS = [ZONE_SITE]


def framed_browser() -> Client:
    """A browser showing the form in the zone's frame: no cookie of ours reaches Kompas, and the
    CSRF check is as strict as Django's middleware makes it."""
    return Client(enforce_csrf_checks=True)


def url_of(zone) -> str:
    return reverse("reporting:public", args=[zone.code])


def error_summary(page: str) -> str:
    found = re.search(r'<div class="error-summary".*?</div>', page, re.S)
    assert found, "no error summary"
    return found.group(0)


def test_a_framed_form_sent_without_any_cookie_files_the_report(personas, handlers) -> None:
    browser = framed_browser()
    page = browser.get(url_of(personas.zone)).content.decode()
    browser.cookies.clear()  # the browser keeps none it was given in a frame of another site
    data = {"receipt_token": hidden_value(page, "receipt_token"), "kind": "complaint", "what": TEXT}
    answer = browser.post(url_of(personas.zone), data, headers={"Origin": KOMPAS})
    assert answer.status_code == 200
    assert receipt_of(data) in answer.content.decode()
    assert Report.objects.get().zone == personas.zone
    # The receipt page inside the frame: its proof of filing works without a cookie too.
    proof_token = hidden_value(answer.content.decode(), "receipt_token")
    proof = framed_browser().post(reverse("reporting:proof"), {"receipt_token": proof_token})
    assert proof.status_code == 200 and proof["Content-Type"] == "application/pdf"


def test_the_same_site_form_still_works_with_its_cookies(personas, handlers) -> None:
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(url_of(personas.zone)).content.decode()
    data = {"receipt_token": hidden_value(page, "receipt_token"), "kind": "complaint", "what": TEXT}
    answer = browser.post(url_of(personas.zone), data, headers={"Origin": KOMPAS})
    assert receipt_of(data) in answer.content.decode()
    # A browser that sends only the Referer (an older one) is read by it.
    data = public_report_form(personas.zone, kind="complaint")
    answer = browser.post(url_of(personas.zone), data, headers={"Referer": KOMPAS + "/x/"})
    assert receipt_of(data) in answer.content.decode()
    # A member of staff signed in on this browser files on the public form like anyone.
    member = sign_in(Client(), personas.member)
    data = public_report_form(personas.zone, kind="complaint")
    assert receipt_of(data) in member.post(url_of(personas.zone), data).content.decode()
    assert Report.objects.count() == 3


def test_the_zone_s_own_site_may_send_the_form(personas, handlers) -> None:
    data = public_report_form(personas.zone, kind="complaint")
    answer = framed_browser().post(url_of(personas.zone), data, headers={"Origin": ZONE_SITE})
    assert receipt_of(data) in answer.content.decode()


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://politie-heist.example.evil.test"},
        {"Origin": "null"},  # a sandboxed frame, or a page that hides where it is
        {"Referer": "https://evil.test/form.html"},
        {"Origin": "https://evil.test", "Referer": KOMPAS + "/public/"},  # Origin decides
    ],
    ids=["foreign-origin", "null-origin", "foreign-referer", "origin-over-referer"],
)
def test_a_form_forged_on_another_site_is_refused_with_the_text_kept(
    personas, handlers, headers
) -> None:
    data = public_report_form(personas.zone, kind="complaint", what=TEXT)
    answer = framed_browser().post(url_of(personas.zone), data, headers=headers)
    assert answer.status_code == 403
    assert not Report.objects.exists()
    page = answer.content.decode()
    assert TEXT in page  # kept, to be sent from the page itself
    summary = error_summary(page)
    assert "niet ingediend" in summary and "van een andere website" in summary
    assert "vanaf deze pagina" in summary  # where to send it instead
    # The form keeps its token: sent again from the page, it files one report.
    again = hidden_value(page, "receipt_token")
    assert again == data["receipt_token"]
    retry = framed_browser().post(
        url_of(personas.zone), {**data, "receipt_token": again}, headers={"Origin": KOMPAS}
    )
    assert receipt_of(data) in retry.content.decode()
    assert Report.objects.count() == 1


def test_a_token_of_another_zone_is_refused_with_the_text_kept(personas, handlers) -> None:
    elsewhere = make_zone("Elders", code="elders")
    data = public_report_form(elsewhere, kind="complaint", what=TEXT)
    answer = framed_browser().post(url_of(personas.zone), data, headers={"Origin": KOMPAS})
    assert answer.status_code == 200
    assert not Report.objects.exists()
    page = answer.content.decode()
    assert TEXT in page
    assert "op een andere pagina geopend" in error_summary(page)
    # A fresh token of this zone, so that sending again from the page files the report.
    fresh = {**data, "receipt_token": hidden_value(page, "receipt_token")}
    assert fresh["receipt_token"] != data["receipt_token"]
    again = framed_browser().post(url_of(personas.zone), fresh, headers={"Origin": KOMPAS})
    assert receipt_of(fresh) in again.content.decode()
    assert Report.objects.get().zone == personas.zone


def test_a_token_made_up_or_of_the_staff_form_is_refused(personas, handlers) -> None:
    from kompas.reporting.forms import issue_receipt_token

    for token in (issue_receipt_token(), "AAAA-BBBB-CCCC-DDDD-EEEE", ""):
        data = public_report_form(personas.zone, kind="complaint", what=TEXT)
        data["receipt_token"] = token
        page = framed_browser().post(url_of(personas.zone), data).content.decode()
        assert TEXT in page and "data-error-summary" in page
    assert not Report.objects.exists()


def test_an_expired_token_is_refused_with_the_text_kept(personas, handlers, monkeypatch) -> None:
    real = time.time
    with monkeypatch.context() as past:
        past.setattr(time, "time", lambda: real() - 25 * 3600)  # the form opened yesterday
        token = issue_public_token(personas.zone.pk)
    data = public_report_form(personas.zone, kind="complaint", what=TEXT, receipt_token=token)
    answer = framed_browser().post(url_of(personas.zone), data, headers={"Origin": KOMPAS})
    assert not Report.objects.exists()
    page = answer.content.decode()
    assert TEXT in page
    assert "Dit formulier stond te lang open" in error_summary(page)
    fresh = {**data, "receipt_token": hidden_value(page, "receipt_token")}
    again = framed_browser().post(url_of(personas.zone), fresh, headers={"Origin": KOMPAS})
    assert receipt_of(fresh) in again.content.decode()


def test_a_token_sent_twice_files_one_report(personas, handlers) -> None:
    data = public_report_form(personas.zone, kind="complaint")
    first = framed_browser().post(url_of(personas.zone), data, headers={"Origin": KOMPAS})
    replay = framed_browser().post(
        url_of(personas.zone), {**data, "what": "Iets anders."}, headers={"Origin": KOMPAS}
    )
    assert receipt_of(data) in first.content.decode()
    assert "al ontvangen" in replay.content.decode()
    assert Report.objects.count() == 1


def test_a_busy_channel_keeps_the_text_of_a_framed_form(personas, handlers, monkeypatch) -> None:
    from kompas.reporting import views

    monkeypatch.setattr(views.PUBLIC_SUBMISSIONS, "times", 0)
    data = public_report_form(personas.zone, kind="complaint", what=TEXT)
    page = framed_browser().post(url_of(personas.zone), data, headers={"Origin": KOMPAS})
    assert TEXT in page.content.decode() and "binnen een minuut opnieuw" in page.content.decode()
    assert not Report.objects.exists()


def test_only_the_public_form_may_be_framed_and_only_by_the_zone_s_site(personas) -> None:
    page = Client().get(url_of(personas.zone))
    assert f"frame-ancestors {ZONE_SITE}" in page["Content-Security-Policy"]
    assert "X-Frame-Options" not in page
    for url in (
        reverse("reporting:follow_up"),  # needs its cookie: opened in the whole window
        reverse("accounts:login"),
        reverse("reporting:new"),
    ):
        response = Client().get(url)
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"], url
        assert response["X-Frame-Options"] == "DENY", url


def test_links_from_the_framed_form_to_pages_with_cookies_open_in_the_whole_window(
    personas, handlers
) -> None:
    page = Client().get(url_of(personas.zone)).content.decode()
    follow_up = reverse("reporting:follow_up")
    assert f'<a href="{follow_up}" target="_top">' in page
    data = public_report_form(personas.zone, kind="complaint")
    receipt = Client().post(url_of(personas.zone), data).content.decode()
    assert f'<a href="{follow_up}" target="_top">' in receipt
    # The staff form, never framed, keeps its plain link and its CSRF field.
    staff = sign_in(Client(), personas.member).get(reverse("reporting:new")).content.decode()
    assert f'<a href="{follow_up}">' in staff and "csrfmiddlewaretoken" in staff


def test_the_language_is_chosen_in_the_address_without_a_cookie(personas, handlers) -> None:
    browser = framed_browser()
    page = browser.get(url_of(personas.zone) + "?lang=fr")
    assert "Envoyer le signalement" in page.content.decode()
    assert settings.LANGUAGE_COOKIE_NAME not in page.cookies
    # The switch is a plain GET form: no CSRF token, no cookie to set.
    switch = re.search(
        r'<form method="get" class="language">.*?</form>', page.content.decode(), re.S
    )
    assert switch and 'name="lang" value="en"' in switch.group(0)
    # A refusal on a French form is said in French, and the report is filed in French.
    data = public_report_form(personas.zone, kind="complaint", what=TEXT)
    refused = browser.post(
        url_of(personas.zone) + "?lang=fr", data, headers={"Origin": "https://evil.test"}
    )
    assert "pas été déposé" in refused.content.decode()
    sent = browser.post(url_of(personas.zone) + "?lang=fr", data, headers={"Origin": KOMPAS})
    assert "Votre signalement est reçu" in sent.content.decode()
    # An unknown language is ignored.
    assert "Melding versturen" in browser.get(url_of(personas.zone) + "?lang=xx").content.decode()


def test_nothing_identifying_reaches_the_logs_or_the_database(personas, handlers, caplog) -> None:
    visitor: dict[str, Any] = {
        "HTTP_USER_AGENT": "Mozilla/5.0 (Fairphone 5) Firefox/132",
        "REMOTE_ADDR": "203.0.113.9",
    }
    caplog.set_level(logging.DEBUG)
    refused = public_report_form(personas.zone, kind="complaint", what=TEXT)
    Client(**visitor).post(url_of(personas.zone), refused, headers={"Origin": "https://evil.test"})
    sent = public_report_form(personas.zone, kind="complaint", what=TEXT)
    Client(**visitor).post(url_of(personas.zone), sent, headers={"Origin": KOMPAS})
    assert Report.objects.count() == 1
    logged = caplog.text
    for trace in ("evil.test", "Fairphone", "203.0.113.9", TEXT, receipt_of(sent)):
        assert trace not in logged, trace
    from kompas.reporting.tests.test_privacy import everything_stored

    stored = b"\n".join(everything_stored())
    for trace in ("evil.test", "Fairphone", "203.0.113.9"):
        assert trace.encode() not in stored, trace
    assert not AuditEvent.objects.filter(action__contains="refus").exists()
