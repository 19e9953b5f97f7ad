"""A report's draft is kept in the member's browser tab (`kompas/js/draft.js`), never on the server.

A sensitive role is signed out after 15 idle minutes, and the report form leaves the session as it
is (so that filing never moves the reporter's session row): a member who types longer is signed
out, and their POST goes to the sign-in page. Nothing is lost: the tab keeps what they typed, the
sign-in page brings them back to the form, and the form puts it back. The browser half is tested
in Chromium (`e2e/test_report_draft.py`); here the pages that carry it, and the way back.
"""

from __future__ import annotations

import re
from importlib import import_module
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from kompas.accounts.roles import Role
from kompas.reporting.models import Report
from kompas.reporting.tests.conftest import report_form
from kompas.testing import PASSWORD, current_code, sign_in

pytestmark = pytest.mark.django_db

URL = reverse("reporting:new")
SCRIPT = '<script src="/static/kompas/js/draft.js" defer></script>'
SOURCE = Path(__file__).resolve().parents[2] / "front/static/kompas/js/draft.js"


def idle_minutes_pass(browser: Client) -> None:
    """What 15 idle minutes do on the server: the session ends (its row and any copy kept in the
    cache), while the browser still sends its cookie."""
    key = browser.cookies[settings.SESSION_COOKIE_NAME].value
    import_module(settings.SESSION_ENGINE).SessionStore(session_key=key).delete()


def _owner(page: str) -> str:
    found = re.search(r'data-draft-owner="([0-9a-f]+)"', page)
    assert found
    return found.group(1)


def test_the_form_brings_the_draft_script_from_our_own_server(personas) -> None:
    member = personas.member
    response = sign_in(Client(), member).get(URL)
    page = response.content.decode()
    assert SCRIPT in page
    assert not re.search(r"<script(?![^>]*\bsrc=)", page)  # nothing inline
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in response["Content-Security-Policy"].split(";")
    )
    assert policy["script-src"] == "'self'"
    assert re.search(r'<form [^>]*data-draft="report"[^>]*data-draft-restore>', page)
    # What the member is told, shown by the script (without it, nothing is kept).
    assert re.search(r"<p class=\"draft-note\" data-draft-note hidden>Wat u hier typt", page)
    assert re.search(r"data-draft-restored hidden>[^<]*Bestanden kunnen niet bewaard", page)


def test_the_owner_tag_is_the_members_own_and_names_nobody(personas) -> None:
    first = _owner(sign_in(Client(), personas.member).get(URL).content.decode())
    again = _owner(sign_in(Client(), personas.member).get(URL).content.decode())
    other = _owner(sign_in(Client(), personas[Role.HR]).get(URL).content.decode())
    assert first == again != other
    assert len(first) == 24 and str(personas.member.pk) != first


def test_a_form_sent_back_with_errors_keeps_what_the_server_shows(personas) -> None:
    """A form the server shows again with its errors holds the text sent: the draft must not
    overwrite it."""
    browser = sign_in(Client(), personas.member)
    page = browser.post(URL, report_form(what="")).content.decode()
    assert 'data-draft="report"' in page and "data-draft-restore>" not in page
    assert SCRIPT in page


def test_the_public_form_keeps_no_draft(personas) -> None:
    page = Client().get(reverse("reporting:public", args=[personas.zone.code])).content.decode()
    assert "data-draft" not in page and "draft.js" not in page


def test_nothing_of_the_draft_reaches_the_server_before_sending(personas) -> None:
    """The attacker is the server (or whoever reads its logs): while the member types, it must
    hear nothing. The script has no way to send, store anywhere but the tab, or leave the page;
    the only element of the form that asks the server anything is the colleague picker's search
    box, which sends what is typed in it (to find a colleague), not the report."""
    script = SOURCE.read_text()
    for way_out in (
        "fetch",
        "XMLHttpRequest",
        "sendBeacon",
        "WebSocket",
        "EventSource",
        "postMessage",
        "localStorage",
        "indexedDB",
        "cookie",
        "location",
        "submit(",
        "requestSubmit",
        "open(",
        ".src",
        ".href",
        "action",
        "htmx",
        "innerHTML",
        "import",
    ):
        assert way_out not in script, way_out
    assert script.count("window.sessionStorage") == 1  # the only store it uses
    page = sign_in(Client(), personas.member).get(URL).content.decode()
    start = page.index('<form method="post" enctype')
    form = page[start : page.index("</form>", start)]
    asking = re.findall(r"<[a-z]+ [^>]*\bhx-(?:get|post|put|patch|delete)=[^>]*>", form)
    assert len(asking) == 1 and 'name="picker_q"' in asking[0]
    assert f'hx-get="{reverse("accounts:people_pick")}"' in asking[0]


def test_the_receipt_forgets_the_draft(personas, handlers) -> None:
    browser = sign_in(Client(), personas.member)
    page = browser.post(URL, report_form()).content.decode()
    assert Report.objects.count() == 1
    assert 'data-draft-clear="report"' in page and SCRIPT in page


def test_signing_out_forgets_the_draft_and_an_idle_sign_out_keeps_it(personas) -> None:
    browser = sign_in(Client(), personas.member)
    signed_out = browser.post(reverse("accounts:logout"), follow=True).content.decode()
    assert 'data-draft-clear="report"' in signed_out and SCRIPT in signed_out
    # Sent to sign in on the way to the form (an idle sign-out): the draft stays.
    waiting = Client().get(URL, follow=True)
    assert waiting.redirect_chain == [(f"{reverse('accounts:login')}?next={quote(URL)}", 302)]
    assert "data-draft-clear" not in waiting.content.decode()


def test_after_an_idle_sign_out_the_report_sent_leads_back_to_the_form(personas, handlers) -> None:
    """HR (a sensitive role, second factor) types past the idle timeout and sends: the POST goes
    to the sign-in page with the form as `next`, and signing in with both steps lands on the
    form again, unfilled, for the script to put the draft back."""
    member = personas[Role.HR]
    browser = sign_in(Client(), member)  # with both steps
    assert browser.get(URL).status_code == 200
    idle_minutes_pass(browser)

    sent = browser.post(URL, report_form(identity_mode="anonymous"))
    assert sent.status_code == 302
    assert sent["Location"] == f"{reverse('accounts:login')}?next={quote(URL)}"
    assert not Report.objects.exists()
    sign_in_page = browser.get(sent["Location"]).content.decode()
    assert f'name="next" value="{URL}"' in sign_in_page
    assert "data-draft-clear" not in sign_in_page

    signed_in = browser.post(
        sent["Location"], {"username": member.email, "password": PASSWORD, "next": URL}
    )
    assert signed_in["Location"] == URL
    second_step = browser.get(URL)
    assert second_step["Location"] == (
        f"{reverse('accounts:second_factor_verify')}?next={quote(URL, safe='')}"
    )
    device = TOTPDevice.objects.get(user=member, confirmed=True)
    verified = browser.post(second_step["Location"], {"token": current_code(device), "next": URL})
    assert verified["Location"] == URL
    form = browser.get(URL).content.decode()
    assert "data-draft-restore>" in form and SCRIPT in form
    assert browser.post(URL, report_form(identity_mode="anonymous")).status_code == 200
    assert Report.objects.count() == 1
