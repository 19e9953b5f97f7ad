"""Confidential identities, reporters who reveal themselves, retaliation, sharing and stepping off."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from kompas.accounts.roles import Role
from kompas.audit.models import AuditEvent
from kompas.reporting.models import Grant, Kind, Report, RevealRequest
from kompas.reporting.tests.conftest import (
    public_report_form,
    receipt_of,
    report_form,
    signed_in_handler,
)
from kompas.testing import end_of_day, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def confidential(client: Client, personas, handlers) -> Report:
    sign_in(client, personas.member)
    client.post(reverse("reporting:new"), report_form(identity_mode="confidential"))
    return Report.objects.get()


def test_revealing_a_confidential_identity_needs_a_reason_and_a_second_person(
    personas, confidential
) -> None:
    handler = signed_in_handler(personas[Role.OVERSIGHT])
    case_url = reverse("reporting:case", args=[confidential.number])
    assert personas.member.email not in handler.get(case_url).content.decode()

    officer = personas[Role.INTEGRITY_OFFICER]
    handler.post(
        reverse("reporting:case_reveal", args=[confidential.number]),
        {
            "approver": officer.pk,
            "reason": "Het parket vraagt de getuige formeel te horen.",
            "for_reporter": "Het parket wil u als getuige horen, daarom vragen we wie u bent.",
        },
    )
    request = RevealRequest.objects.get()
    assert b"parket" not in bytes(request.reason_box)
    assert personas.member.email not in handler.get(case_url).content.decode()

    approver = signed_in_handler(officer)
    page = approver.get(reverse("reporting:reveal_requests")).content.decode()
    assert "Het parket vraagt" in page
    approver.post(
        reverse("reporting:reveal_requests"), {"request": request.pk, "decision": "approve"}
    )
    assert personas.member.email in handler.get(case_url).content.decode()
    end_of_day()
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "reporting.reveal_requested",
        "reporting.reveal_approved",
        "reporting.identity_viewed",
    } <= set(actions)


def test_a_refused_reveal_keeps_the_identity_sealed(personas, confidential) -> None:
    handler = signed_in_handler(personas[Role.OVERSIGHT])
    handler.post(
        reverse("reporting:case_reveal", args=[confidential.number]),
        {
            "approver": personas[Role.INTEGRITY_OFFICER].pk,
            "reason": "Wij willen graag weten wie dit meldde.",
            "for_reporter": "Het parket wil u als getuige horen, daarom vragen we wie u bent.",
        },
    )
    approver = signed_in_handler(personas[Role.INTEGRITY_OFFICER])
    approver.post(
        reverse("reporting:reveal_requests"),
        {"request": RevealRequest.objects.get().pk, "decision": "refuse"},
    )
    page = handler.get(reverse("reporting:case", args=[confidential.number])).content.decode()
    assert personas.member.email not in page


def test_nobody_approves_their_own_request_or_someone_elses(personas, confidential) -> None:
    from kompas.reporting import services

    officer = personas[Role.INTEGRITY_OFFICER]
    handler = signed_in_handler(personas[Role.OVERSIGHT])
    handler.post(
        reverse("reporting:case_reveal", args=[confidential.number]),
        {
            "approver": officer.pk,
            "reason": "Een formele reden van voldoende lengte.",
            "for_reporter": "Het parket wil u als getuige horen, daarom vragen we wie u bent.",
        },
    )
    request = RevealRequest.objects.get()
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.decide_reveal(request=request, by=personas[Role.OVERSIGHT], approve=True)
    other = signed_in_handler(personas[Role.CHIEF])
    assert other.get(reverse("reporting:reveal_requests")).status_code == 403


def test_an_involved_integrity_officer_cannot_approve(client: Client, personas, handlers) -> None:
    officer = personas[Role.INTEGRITY_OFFICER]
    sign_in(client, personas.member)
    client.post(
        reverse("reporting:new"), report_form(identity_mode="confidential", involved=[officer.pk])
    )
    report = Report.objects.get()
    handler = signed_in_handler(personas[Role.OVERSIGHT])
    handler.post(
        reverse("reporting:case_reveal", args=[report.number]),
        {
            "approver": officer.pk,
            "reason": "Een reden die lang genoeg is om te tellen.",
            "for_reporter": "Het parket wil u als getuige horen, daarom vragen we wie u bent.",
        },
    )
    assert not RevealRequest.objects.exists()


def test_a_reporter_chooses_to_reveal_themselves(personas, handlers) -> None:
    citizen = Client()
    data = public_report_form(personas.zone, kind="complaint")
    citizen.post(reverse("reporting:public", args=[personas.zone.code]), data)
    report = Report.objects.get()
    citizen.post(reverse("reporting:follow_up"), {"receipt": receipt_of(data)})
    citizen.post(
        reverse("reporting:follow_up_case"),
        {"action": "reveal", "name": "An Burger", "email": "an@example.test"},
    )
    report.refresh_from_db()
    assert report.identity_mode == "named"
    handler = signed_in_handler(personas[Role.OVERSIGHT])
    assert (
        "an@example.test"
        in handler.get(reverse("reporting:case", args=[report.number])).content.decode()
    )


def test_retaliation_opens_a_linked_protection_case(personas, handlers) -> None:
    coordinator = personas[Role.COORDINATOR]
    member = Client()
    sign_in(member, personas.member)
    data = report_form(identity_mode="anonymous", involved=[personas[Role.OVERSIGHT].pk])
    from kompas.reporting import keys
    from kompas.testing import PASSWORD, make_person

    neutral = make_person(personas.zone, roles=(Role.OVERSIGHT,), first_name="Neutral")
    keys.create_key(neutral, PASSWORD)
    member.post(reverse("reporting:new"), data)
    original = Report.objects.get()

    reporter = Client()
    reporter.post(reverse("reporting:follow_up"), {"receipt": receipt_of(data)})
    reporter.post(
        reverse("reporting:follow_up_case"),
        {"action": "retaliation", "what": "Sinds mijn melding krijg ik alleen nachtdiensten."},
    )
    child = Report.objects.get(kind=Kind.RETALIATION)
    assert child.parent == original
    # The original report kept the involved oversight member out; so does the protection case.
    assert set(Grant.objects.filter(report=child).values_list("person__first_name", flat=True)) == {
        "Neutral"
    }
    page = reporter.get(reverse("reporting:follow_up_case")).content.decode()
    assert child.number in page
    reporter.post(
        reverse("reporting:follow_up_case"),
        {"action": "write", "case": child.pk, "body": "Het rooster als bewijs."},
    )
    assert child.messages.count() == 1
    assert coordinator.pk not in set(
        Grant.objects.filter(report=child).values_list("person", flat=True)
    )


def test_a_handler_shares_the_case_and_steps_off(personas, handlers, confidential) -> None:
    from kompas.reporting import keys
    from kompas.testing import PASSWORD, make_person

    colleague = make_person(personas.zone, roles=(Role.OVERSIGHT,), first_name="Colleague")
    keys.create_key(colleague, PASSWORD)
    handler = signed_in_handler(personas[Role.OVERSIGHT])
    # The last handler cannot step off.
    handler.post(
        reverse("reporting:case_step_off", args=[confidential.number]), {"reason": "conflict"}
    )
    assert Grant.objects.filter(report=confidential, active=True).count() == 1
    handler.post(
        reverse("reporting:case_share", args=[confidential.number]), {"person": colleague.pk}
    )
    handler.post(
        reverse("reporting:case_step_off", args=[confidential.number]), {"reason": "conflict"}
    )
    assert set(
        Grant.objects.filter(report=confidential, active=True).values_list(
            "person__first_name", flat=True
        )
    ) == {"Colleague"}
    assert handler.get(reverse("reporting:case", args=[confidential.number])).status_code == 404
    end_of_day()
    event = AuditEvent.objects.get(action="reporting.case_stepped_off")
    assert event.detail == {"reason": "conflict_of_interest"}


def test_a_case_is_never_shared_with_someone_kept_out(client: Client, personas, handlers) -> None:
    sign_in(client, personas.member)
    client.post(reverse("reporting:new"), report_form(involved=[personas[Role.COUNSELLOR].pk]))
    report = Report.objects.get()
    from kompas.accounts.models import RoleAssignment

    RoleAssignment.objects.create(person=personas[Role.COUNSELLOR], role=Role.OVERSIGHT)
    handler = signed_in_handler(personas[Role.OVERSIGHT])
    handler.post(
        reverse("reporting:case_share", args=[report.number]),
        {"person": personas[Role.COUNSELLOR].pk},
    )
    assert not Grant.objects.filter(report=report, person=personas[Role.COUNSELLOR]).exists()


def test_a_congratulation_reaches_the_leader_and_the_chief(
    client: Client, personas, handlers
) -> None:
    sign_in(client, personas[Role.HR])
    client.post(
        reverse("reporting:new"),
        report_form(
            kind="congratulation",
            identity_mode="named",
            involved=[personas.member.pk],
            what="Mila bleef kalm bij een zware interventie.",
        ),
    )
    report = Report.objects.get()
    names = set(Grant.objects.filter(report=report).values_list("person__first_name", flat=True))
    assert names == {"Chief", "Coordinator"}


def test_the_staff_report_form_offers_the_main_services_kept_until_the_organisation_changes(
    personas, django_assert_max_num_queries
) -> None:
    from kompas.reporting.forms import main_services
    from kompas.testing import make_service

    zone = personas.zone
    deep = make_service(zone, "Team diep", parent=personas.team)
    browser = sign_in(Client(), personas.member)
    # The report form writes nothing to the session; the session learns on the first other
    # page whether the member has a second factor.
    browser.get(reverse("front:home"))
    url = reverse("reporting:new")

    def offered(page: str) -> list[str]:
        select = page.split('<select name="services"')[1].split("</select>")[0]
        return re.findall(r'<option value="(\d+)"', select)

    page = browser.get(url).content.decode()
    expected = [str(pk) for pk in main_services(zone).values_list("pk", flat=True)]
    assert offered(page) == expected and str(deep.pk) not in offered(page)
    # The person, their roles, their zone's organisation stamp (the session is in the cache) and
    # the channel's settings (its words about the external channel); nothing for the services.
    with django_assert_max_num_queries(4):
        browser.get(url)
    # A new main service is offered at once (the organisation's stamp changed).
    new = make_service(zone, "Aaa Nieuw")
    assert str(new.pk) in offered(browser.get(url).content.decode())
    # An answer is still checked against the zone's main services.
    other = make_service(personas.outsider.zone, "Elders")
    answer = browser.post(url, {"services": [other.pk], "kind": "breach", "what": "x"})
    assert answer.status_code == 200 and 'id="id_services_error"' in answer.content.decode()
