"""Intake: members of staff and the public report; each report reaches the right handlers only."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kompas.accounts.roles import Role
from kompas.audit.models import AuditEvent
from kompas.reporting import crypto
from kompas.reporting.models import Grant, IdentityMode, Report
from kompas.reporting.tests.conftest import (
    hidden_value,
    public_report_form,
    receipt_of,
    report_form,
)
from kompas.testing import end_of_day, make_person, sign_in

pytestmark = pytest.mark.django_db


def grantees(report: Report) -> set[str]:
    return {g.person.first_name for g in Grant.objects.filter(report=report, active=True)}


def test_a_member_files_a_confidential_report_and_gets_a_receipt(
    client: Client, personas, handlers
) -> None:
    sign_in(client, personas.member)
    data = report_form()
    response = client.post(reverse("reporting:new"), data)
    assert response.status_code == 200
    page = response.content.decode()
    receipt = receipt_of(data)
    assert receipt in page
    report = Report.objects.get()
    assert re.fullmatch(rf"{report.received_on.year}-\d{{5}}", report.number)
    assert report.number in page
    assert report.identity_mode == IdentityMode.CONFIDENTIAL
    assert report.kind == "breach"
    # Breaches go to internal oversight only.
    assert grantees(report) == {"Oversight"}
    proof = page[page.index('<section class="receipt"') : page.index("</section>")]
    assert personas.member.full_name not in proof
    assert personas.member.email not in proof


def test_the_report_text_and_identity_are_stored_encrypted(
    client: Client, personas, handlers
) -> None:
    sign_in(client, personas.member)
    data = report_form(identity_mode="named")
    client.post(reverse("reporting:new"), data)
    report = Report.objects.get()
    assert b"sigaretten" not in bytes(report.content_box)
    assert personas.member.email.encode() not in bytes(report.identity_box or b"")
    opened = crypto.unseal(
        _private_key(handlers[Role.OVERSIGHT]), bytes(report.grants.get().sealed_case_key)
    )
    assert "sigaretten" in crypto.decrypt_json(opened, report.content_box)["what"]
    assert (
        crypto.decrypt_json(opened, bytes(report.identity_box or b""))["email"]
        == personas.member.email
    )


def _private_key(person) -> bytes:
    from kompas.reporting.models import HandlerKey
    from kompas.testing import PASSWORD

    key = HandlerKey.objects.get(person=person, active=True)
    return crypto.unwrap_private_key(
        bytes(key.wrapped_private_key), PASSWORD, bytes(key.salt), key.opslimit, key.memlimit
    )


def test_an_anonymous_staff_report_keeps_no_link_to_the_member(
    client: Client, personas, handlers
) -> None:
    sign_in(client, personas.member)
    client.post(reverse("reporting:new"), report_form(identity_mode="anonymous"))
    report = Report.objects.get()
    assert report.identity_box is None
    assert report.identity_mode == IdentityMode.ANONYMOUS
    assert not AuditEvent.objects.filter(action="reporting.report_received").exists()
    end_of_day()  # held until the day is over, then chained with the day only
    event = AuditEvent.objects.get(action="reporting.report_received")
    assert event.actor_id is None
    assert timezone.localtime(event.at).time().isoformat() == "00:00:00"


def test_people_named_as_involved_never_receive_the_report(
    client: Client, personas, handlers
) -> None:
    second = make_person(personas.zone, roles=(Role.OVERSIGHT,), first_name="Second")
    from kompas.reporting import keys
    from kompas.testing import PASSWORD

    keys.create_key(second, PASSWORD)
    sign_in(client, personas.member)
    client.post(
        reverse("reporting:new"),
        report_form(involved=[personas[Role.OVERSIGHT].pk]),
    )
    report = Report.objects.get()
    assert grantees(report) == {"Second"}
    assert not Report.objects.visible_to(personas[Role.OVERSIGHT]).exists()


def test_a_reporter_can_keep_their_own_leaders_out(client: Client, personas, handlers) -> None:
    # The member's chain: coordinator, then the head of the service above, then the chief.
    head = personas[Role.HEAD_OF_SERVICE]
    head_as_oversight = make_person(personas.zone, roles=(Role.OVERSIGHT,), first_name="Neutral")
    from kompas.reporting import keys
    from kompas.testing import PASSWORD

    keys.create_key(head_as_oversight, PASSWORD)
    from kompas.accounts.models import RoleAssignment

    RoleAssignment.objects.create(person=personas[Role.COORDINATOR], role=Role.OVERSIGHT)
    sign_in(client, personas.member)
    client.post(
        reverse("reporting:new"),
        report_form(identity_mode="anonymous", own_leaders_involved="on"),
    )
    report = Report.objects.get()
    names = grantees(report)
    assert "Coordinator" not in names  # the member's direct leader, though in oversight
    assert {"Oversight", "Neutral"} <= names
    assert head.first_name not in names


def test_well_being_matters_go_to_the_counsellors_and_the_prevention_adviser(
    client: Client, personas, handlers
) -> None:
    sign_in(client, personas.member)
    client.post(reverse("reporting:new"), report_form(kind="wellbeing"))
    assert grantees(Report.objects.get()) == {"Counsellor", "Paps"}


def test_a_double_click_files_one_report_and_shows_the_same_receipt(
    client: Client, personas, handlers
) -> None:
    sign_in(client, personas.member)
    data = report_form()
    first = client.post(reverse("reporting:new"), data)
    second = client.post(reverse("reporting:new"), data)
    assert Report.objects.count() == 1
    assert receipt_of(data) in second.content.decode()
    assert "al ontvangen" in second.content.decode()
    assert first.status_code == second.status_code == 200


def test_a_forged_receipt_token_files_nothing_and_keeps_the_text(
    client: Client, personas, handlers
) -> None:
    sign_in(client, personas.member)
    data = report_form(receipt_token="AAAA-BBBB-CCCC-DDDD-EEEE")
    response = client.post(reverse("reporting:new"), data)
    assert response.status_code == 200
    assert Report.objects.count() == 0
    page = response.content.decode()
    assert "sigaretten" in page  # nothing the reporter typed is lost
    assert "te lang open" in page


def test_an_empty_report_gets_a_clear_error(client: Client, personas, handlers) -> None:
    sign_in(client, personas.member)
    response = client.post(reverse("reporting:new"), report_form(what=""))
    assert response.status_code == 200
    assert "Dit veld is verplicht." in response.content.decode()
    assert not Report.objects.exists()


def test_the_public_form_files_an_anonymous_complaint(client: Client, personas, handlers) -> None:
    url = reverse("reporting:public", args=[personas.zone.code])
    page = client.get(url).content.decode()
    assert personas.member.last_name not in page  # the staff list is not public
    data = public_report_form(personas.zone, kind="complaint")
    response = client.post(url, data)
    assert response.status_code == 200
    report = Report.objects.get()
    assert (report.channel, report.identity_mode, report.identity_box) == (
        "public",
        "anonymous",
        None,
    )
    assert grantees(report) == {"Oversight"}


def test_a_citizen_may_leave_contact_details_that_only_handlers_read(
    client: Client, personas, handlers
) -> None:
    url = reverse("reporting:public", args=[personas.zone.code])
    client.post(
        url,
        public_report_form(personas.zone, kind="complaint", contact_email="burger@example.test"),
    )
    report = Report.objects.get()
    assert report.identity_mode == IdentityMode.CONFIDENTIAL
    assert b"burger@example.test" not in bytes(report.identity_box or b"")


def test_the_public_form_can_be_framed_only_by_the_zone_site(
    client: Client, personas, settings
) -> None:
    url = reverse("reporting:public", args=[personas.zone.code])
    assert "frame-ancestors 'none'" in client.get(url)["Content-Security-Policy"]
    settings.EMBED_ORIGINS = ["https://www.politie-heist.example"]
    response = client.get(url)
    assert (
        "frame-ancestors https://www.politie-heist.example" in response["Content-Security-Policy"]
    )
    assert "X-Frame-Options" not in response


def test_an_unknown_zone_has_no_public_form(client: Client, db) -> None:
    assert client.get(reverse("reporting:public", args=["nowhere"])).status_code == 404


def test_report_numbers_are_drawn_at_random_within_the_zone_and_year(personas, handlers) -> None:
    """Counted up, numbers would tell the order of filing: a marker report filed at a known
    moment (its number is on its receipt) would place every other report before or after it."""
    from kompas.reporting.services import NewReport, submit_report

    numbers = []
    for _ in range(12):
        report, created = submit_report(
            zone=personas.zone,
            data=NewReport(kind="advice", channel="public", identity_mode="anonymous", what="x"),
            receipt=crypto.new_receipt(),
        )
        assert created
        assert report.number.startswith(f"{report.received_on.year}-")
        numbers.append(int(report.number.split("-")[1]))
    assert len(set(numbers)) == 12  # unique in the zone and year
    assert numbers != sorted(numbers)  # one chance in 479,001,600 to fail by luck
    # Their keys say nothing of the order either.
    keys = list(Report.objects.order_by("number").values_list("pk", flat=True))
    assert all(key > 2**40 for key in keys)


def test_the_proof_of_filing_downloads_without_any_identity(
    client: Client, personas, handlers
) -> None:
    import io

    from pypdf import PdfReader

    sign_in(client, personas.member)
    data = report_form(identity_mode="named")
    page = client.post(reverse("reporting:new"), data)
    token = hidden_value(page.content.decode(), "receipt_token")
    response = client.post(reverse("reporting:proof"), {"receipt_token": token})
    assert response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert receipt_of(data) in text
    assert Report.objects.get().number in text
    assert personas.member.last_name not in text and personas.member.email not in text
    forged = client.post(reverse("reporting:proof"), {"receipt_token": "x"})
    assert forged.status_code == 302


def test_a_flood_of_public_reports_is_slowed_down_without_losing_the_text(
    client: Client, personas, handlers, monkeypatch
) -> None:
    from kompas.reporting import views

    monkeypatch.setattr(views.PUBLIC_SUBMISSIONS, "times", 2)
    url = reverse("reporting:public", args=[personas.zone.code])
    for _ in range(2):
        client.post(url, public_report_form(personas.zone, kind="complaint"))
    response = client.post(url, public_report_form(personas.zone, kind="complaint"))
    assert Report.objects.count() == 2
    page = response.content.decode()
    assert "sigaretten" in page


def test_a_retry_gets_its_receipt_even_when_the_channel_is_busy(
    client: Client, personas, handlers, monkeypatch
) -> None:
    from kompas.reporting import views

    monkeypatch.setattr(views.PUBLIC_SUBMISSIONS, "times", 1)
    url = reverse("reporting:public", args=[personas.zone.code])
    data = public_report_form(personas.zone, kind="complaint")
    client.post(url, data)
    again = client.post(url, data)
    assert receipt_of(data) in again.content.decode()
