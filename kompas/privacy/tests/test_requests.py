"""Data-subject requests (issue 24.4): the data protection officer or the integrity officer
registers a request, Kompas gathers what it holds about a member outside sealed report content,
the answer is recorded with its deadline (one month, extendable by two), and where the
whistleblowing law restricts the right the restriction is recorded instead of answering from a
case. Who asked and what is sealed at rest."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kompas.accounts.roles import Role
from kompas.audit.models import AuditEvent
from kompas.lib.clock import today
from kompas.privacy import services
from kompas.privacy.models import DataSubjectRequest, RequestState
from kompas.testing import assert_written, make_person, sign_in

pytestmark = pytest.mark.django_db

TOKEN = "a-token-of-the-form-0001"


def _register(personas, *, by=None, requester="member", person=None, name="", token=TOKEN, **kw):
    request, _new = services.register_request(
        by=by or personas[Role.DPO],
        kind=kw.pop("kind", "access"),
        requester=requester,
        person=person,
        name=name,
        contact=kw.pop("contact", ""),
        details=kw.pop("details", ""),
        received_on=kw.pop("received_on", today()),
        token=token,
    )
    return request


def _declare_gift(personas, person, description="Pralines van de bakker") -> None:
    from kompas.registers.models import GiftDeclaration

    GiftDeclaration.objects.create(
        zone=personas.zone,
        person=person,
        kind="gift",
        description=description,
        giver_name="Bakkerij Smet",
        giver_type="citizen",
        value=Decimal("20"),
        given_on=today(),
        recommendation="accept",
        status="pending",
        declared_on=today(),
        submission_token=f"gift-{description}",
    )


# --- Who may ---------------------------------------------------------------------------------


def test_an_anonymous_visitor_is_sent_to_sign_in(client: Client, personas) -> None:
    request = _register(personas, person=personas.member)
    for url in (
        reverse("privacy:requests"),
        reverse("privacy:request_new"),
        reverse("privacy:request", args=[request.pk]),
    ):
        assert "/account/sign-in/" in client.get(url)["Location"]
    answer = client.post(reverse("privacy:request_answer", args=[request.pk]), {})
    assert "/account/sign-in/" in answer["Location"]


@pytest.mark.parametrize("role", [Role.ADMIN, Role.HR, Role.OVERSIGHT, Role.CHIEF, "member"])
def test_other_roles_are_refused_and_nothing_is_read(client: Client, personas, role) -> None:
    request = _register(personas, person=personas.member)
    sign_in(client, personas.member if role == "member" else personas[role])
    assert client.get(reverse("privacy:requests")).status_code == 403
    assert client.get(reverse("privacy:request_new")).status_code == 403
    assert client.get(reverse("privacy:request", args=[request.pk])).status_code == 403
    assert (
        client.get(reverse("privacy:request", args=[request.pk]) + "?format=json").status_code
        == 403
    )
    extend = client.post(reverse("privacy:request_extend", args=[request.pk]), {"reason": "X"})
    assert extend.status_code == 403
    answer = client.post(
        reverse("privacy:request_answer", args=[request.pk]),
        {"state": "answered", "answer": "Alles."},
    )
    assert answer.status_code == 403
    assert not AuditEvent.objects.filter(action__startswith="privacy.request_viewed").exists()
    request.refresh_from_db()
    assert request.state == RequestState.RECEIVED


def test_another_zones_request_is_not_found(client: Client, personas) -> None:
    from kompas.testing import make_zone

    elsewhere = make_zone("PZ Ver", "pz-ver")
    their_dpo = make_person(elsewhere, roles=(Role.DPO,))
    theirs = _register(personas, by=their_dpo, person=make_person(elsewhere))
    sign_in(client, personas[Role.DPO])
    assert client.get(reverse("privacy:request", args=[theirs.pk])).status_code == 404
    answer = client.post(
        reverse("privacy:request_answer", args=[theirs.pk]),
        {"state": "answered", "answer": "Alles."},
    )
    assert answer.status_code == 404
    assert "PZ Ver" not in client.get(reverse("privacy:requests")).content.decode()


# --- Registering -----------------------------------------------------------------------------


def test_the_dpo_registers_a_members_access_request_once_on_a_double_submit(
    client: Client, personas
) -> None:
    dpo = personas[Role.DPO]
    sign_in(client, dpo)
    page = client.get(reverse("privacy:request_new"))
    assert page.status_code == 200
    assert_written(page.content.decode())
    data = {
        "token": TOKEN,
        "kind": "access",
        "requester": "member",
        "person": personas.member.pk,
        "details": "Mila wil weten wat Kompas over haar bijhoudt.",
        "received_on": today().isoformat(),
    }
    first = client.post(reverse("privacy:request_new"), data)
    second = client.post(reverse("privacy:request_new"), data)
    request = DataSubjectRequest.objects.get()
    assert first["Location"] == second["Location"] == reverse("privacy:request", args=[request.pk])
    assert request.person == personas.member
    assert request.due_on == date.fromordinal(request.due_on.toordinal())
    from kompas.lib.clock import add_months

    assert request.due_on == add_months(today(), 1)
    assert request.contents()["details"].startswith("Mila wil weten")
    event = AuditEvent.objects.get(action="privacy.request_registered")
    assert (event.actor_id, event.actor_role) == (dpo.pk, "dpo")
    assert event.detail == {"kind": "access", "state": "received"}


def test_a_person_concerned_is_named_only_sealed(client: Client, personas) -> None:
    sign_in(client, personas[Role.INTEGRITY_OFFICER])
    response = client.post(
        reverse("privacy:request_new"),
        {
            "token": TOKEN,
            "kind": "erasure",
            "requester": "concerned",
            "name": "Jozef Vandenbroucke",
            "contact": "jozef@example.test",
            "details": "Wil gewist worden.",
            "received_on": today().isoformat(),
        },
    )
    request = DataSubjectRequest.objects.get()
    assert response["Location"] == reverse("privacy:request", args=[request.pk])
    assert request.person is None
    # Nowhere in the row in plain text (the sealed box is encrypted with the notes key).
    assert b"Vandenbroucke" not in bytes(request.sealed)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM privacy_datasubjectrequest")
        row = cursor.fetchone()
    assert not any("Vandenbroucke" in str(value) for value in row)
    assert not any("Vandenbroucke" in json.dumps(e.detail) for e in AuditEvent.objects.all())
    # The integrity officer reads it, and the look is audited.
    html = client.get(reverse("privacy:request", args=[request.pk])).content.decode()
    assert "Jozef Vandenbroucke" in html and "jozef@example.test" in html
    assert "only inside sealed reports and cases" in html or "verzegelde meldingen" in html
    looked = AuditEvent.objects.get(action="privacy.request_viewed")
    assert looked.actor_role == "integrity_officer"


def test_bad_input_gets_a_clear_error_and_registers_nothing(client: Client, personas) -> None:
    sign_in(client, personas[Role.DPO])
    tomorrow = (today() + timedelta(days=1)).isoformat()
    for data in (
        {"kind": "access", "requester": "member", "received_on": today().isoformat()},
        {"kind": "access", "requester": "citizen", "received_on": today().isoformat()},
        {"kind": "access", "requester": "citizen", "name": "Els", "received_on": tomorrow},
        {"kind": "nope", "requester": "citizen", "name": "Els", "received_on": tomorrow},
        {"kind": "access", "requester": "member", "person": personas.outsider.pk},
    ):
        response = client.post(reverse("privacy:request_new"), {"token": TOKEN, **data})
        assert response.status_code == 400, data
        assert 'class="error-summary"' in response.content.decode()
    assert not DataSubjectRequest.objects.exists()
    damaged = client.post(
        reverse("privacy:request_new"),
        {"token": "<x>", "kind": "access", "requester": "citizen", "name": "Els"},
    )
    assert damaged.status_code == 400


# --- What Kompas holds about a member ---------------------------------------------------------


def test_the_dpo_sees_what_is_held_about_a_member_and_never_a_case(
    client: Client, personas
) -> None:
    from kompas.reporting import crypto
    from kompas.reporting.keys import create_key
    from kompas.reporting.services import NewReport, submit_report
    from kompas.testing import PASSWORD

    member = personas.member
    _declare_gift(personas, member)
    _declare_gift(personas, personas[Role.HR], description="Fles wijn van een ander")
    # Mila reports a breach under her own name, and is named in another report: nothing of
    # either may show, not even in the audit log's events once the held ones joined the chain.
    from kompas.audit.services import release_held

    create_key(personas[Role.OVERSIGHT], PASSWORD)
    submit_report(
        zone=personas.zone,
        data=NewReport(
            kind="breach", channel="internal", identity_mode="confidential", what="Geheim feit."
        ),
        receipt=crypto.new_receipt(),
        signed_in=member,
    )
    submit_report(
        zone=personas.zone,
        data=NewReport(
            kind="breach",
            channel="public",
            identity_mode="anonymous",
            what="Een ander feit.",
            involved=[member],
        ),
        receipt=crypto.new_receipt(),
    )
    release_held(before=today() + timedelta(days=1))
    request = _register(personas, person=member)
    sign_in(client, personas[Role.DPO])
    html = client.get(reverse("privacy:request", args=[request.pk])).content.decode()
    assert_written(html)
    assert member.email in html and member.staff_number in html
    assert "Pralines van de bakker" in html
    assert "Fles wijn van een ander" not in html
    assert "Geheim feit" not in html
    assert "reporting." not in html  # no event of the reporting channel
    assert (
        "carry no person" in html or "dragen geen persoon" in html or 'id="held-trainings"' in html
    )
    looked = AuditEvent.objects.get(action="privacy.request_viewed")
    assert (looked.object_type, looked.object_id) == ("privacy.datasubjectrequest", str(request.pk))


@pytest.mark.parametrize("export", ["csv", "xlsx", "json"])
def test_the_gathered_data_is_exported_and_the_export_is_audited(
    client: Client, personas, export
) -> None:
    member = personas.member
    _declare_gift(personas, member)
    request = _register(personas, person=member)
    sign_in(client, personas[Role.DPO])
    response = client.get(reverse("privacy:request", args=[request.pk]) + f"?format={export}")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    event = AuditEvent.objects.get(action="privacy.request_exported")
    assert event.detail == {"format": export}
    if export == "json":
        data = json.loads(response.content)
        gifts = next(s for s in data["sections"] if s["key"] == "gifts")
        assert gifts["rows"][0][2] == "Pralines van de bakker"
        assert next(s for s in data["sections"] if s["key"] == "reports")["rows"] == []
    elif export == "csv":
        assert "Pralines van de bakker" in response.content.decode("utf-8-sig")


def test_a_citizens_request_has_nothing_to_export(client: Client, personas) -> None:
    request = _register(personas, requester="citizen", name="Els Peeters")
    sign_in(client, personas[Role.DPO])
    assert (
        client.get(reverse("privacy:request", args=[request.pk]) + "?format=csv").status_code == 404
    )
    assert (
        client.get(reverse("privacy:request", args=[request.pk]) + "?format=pdf").status_code == 404
    )


def test_the_request_page_reads_a_fixed_number_of_queries(client: Client, personas) -> None:
    member = personas.member
    request = _register(personas, person=member)
    sign_in(client, personas[Role.DPO])
    url = reverse("privacy:request", args=[request.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    with CaptureQueriesContext(connection) as list_few:
        client.get(reverse("privacy:requests"))
    for n in range(8):
        _declare_gift(personas, member, description=f"Taart {n}")
        _register(
            personas, requester="citizen", name=f"Burger {n}", token=f"token-of-form-{n:04d}x"
        )
    from kompas.audit.services import record

    for _n in range(5):
        record("accounts.person_updated", actor=personas[Role.HR], obj=member)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
        listed = client.get(reverse("privacy:requests"))
    assert listed.status_code == 200
    with CaptureQueriesContext(connection) as list_many:
        client.get(reverse("privacy:requests"))
    assert len(many) - len(list_many) == len(few)
    assert len(list_many) == len(list_few)
    assert len(few) <= 25


# --- Deadline, answer, restriction ------------------------------------------------------------


def test_the_deadline_is_extended_once_within_the_first_month(client: Client, personas) -> None:
    request = _register(personas, requester="citizen", name="Els", received_on=date(2026, 1, 31))
    assert request.due_on == date(2026, 2, 28)
    sign_in(client, personas[Role.DPO])
    url = reverse("privacy:request_extend", args=[request.pk])
    empty = client.post(url, {"reason": ""})
    assert empty.status_code == 400
    assert 'class="error-summary"' in empty.content.decode()
    # Past the first month: too late to extend.
    late = client.post(url, {"reason": "Veel gegevens."})
    assert late.status_code == 400
    request.refresh_from_db()
    assert request.state == RequestState.RECEIVED
    fresh = _register(personas, requester="citizen", name="Jan", token="another-token-0000002")
    response = client.post(
        reverse("privacy:request_extend", args=[fresh.pk]), {"reason": "Veel gegevens."}
    )
    assert response.status_code == 302
    fresh.refresh_from_db()
    from kompas.lib.clock import add_months

    assert (fresh.state, fresh.due_on) == (RequestState.EXTENDED, add_months(today(), 3))
    assert fresh.contents()["extension_reason"] == "Veel gegevens."
    retry = client.post(
        reverse("privacy:request_extend", args=[fresh.pk]), {"reason": "Veel gegevens."}
    )
    assert retry.status_code == 302  # a double submit: extended once
    again = client.post(
        reverse("privacy:request_extend", args=[fresh.pk]), {"reason": "Nog eens."}, follow=True
    )
    assert "kan verlengd worden" in again.content.decode()
    assert AuditEvent.objects.filter(action="privacy.request_extended").count() == 1


def test_an_erasure_answer_says_what_was_changed_and_what_was_kept(
    client: Client, personas
) -> None:
    request = _register(personas, kind="erasure", person=personas.member)
    sign_in(client, personas[Role.DPO])
    url = reverse("privacy:request_answer", args=[request.pk])
    refused = client.post(url, {"state": "answered", "answer": "Gedaan."})
    assert refused.status_code == 400
    request.refresh_from_db()
    assert request.is_open
    done = client.post(
        url,
        {
            "state": "answered",
            "answer": "Uw gesprekskaarten zijn gewist.",
            "changed": "Twee gesprekskaarten gewist door de medewerker zelf.",
            "kept": "De verklaring van een geschenk blijft 5 jaar (wettelijke plicht).",
        },
    )
    assert done.status_code == 302
    request.refresh_from_db()
    assert (request.state, request.answered_on) == (RequestState.ANSWERED, today())
    assert request.contents()["kept"].startswith("De verklaring")
    html = client.get(reverse("privacy:request", args=[request.pk])).content.decode()
    assert "wettelijke plicht" in html and 'action="/privacy/requests/' not in html
    # A double submit of the same answer finds it recorded; another answer is refused.
    again = client.post(
        url,
        {
            "state": "answered",
            "answer": "Uw gesprekskaarten zijn gewist.",
            "changed": "Twee gesprekskaarten gewist door de medewerker zelf.",
            "kept": "De verklaring van een geschenk blijft 5 jaar (wettelijke plicht).",
        },
    )
    assert again.status_code == 302
    twice = client.post(url, {"state": "refused", "answer": "Nee."}, follow=True)
    assert "Dit verzoek is al beantwoord." in twice.content.decode()
    assert AuditEvent.objects.filter(action="privacy.request_answered").count() == 1


def test_a_restriction_is_recorded_with_its_reason_instead_of_an_answer_from_a_case(
    client: Client, personas
) -> None:
    request = _register(personas, requester="concerned", name="Jozef", kind="access")
    sign_in(client, personas[Role.INTEGRITY_OFFICER])
    url = reverse("privacy:request_answer", args=[request.pk])
    without = client.post(url, {"state": "restricted", "answer": "Uw recht is beperkt."})
    assert without.status_code == 400
    response = client.post(
        url,
        {"state": "restricted", "restriction": "reporter", "answer": "Uw recht is beperkt."},
    )
    assert response.status_code == 302
    request.refresh_from_db()
    # The reason is sealed; the readable state (and the audit log's) says "answered" only.
    assert (request.state, request.restriction(), request.integrity_only) == (
        RequestState.ANSWERED,
        "reporter",
        True,
    )
    event = AuditEvent.objects.get(action="privacy.request_answered")
    assert event.detail == {"kind": "access", "state": "answered"}
    html = client.get(reverse("privacy:request", args=[request.pk])).content.decode()
    assert "Beperkt" in html and "identiteit van een melder" in html
    again = client.post(
        url,
        {"state": "restricted", "restriction": "reporter", "answer": "Uw recht is beperkt."},
    )
    assert again.status_code == 302  # a double submit: answered already, as now
    assert AuditEvent.objects.filter(action="privacy.request_answered").count() == 1


# --- What the data protection officer must not learn (attacker review) ------------------------


def _dpo_sees(client: Client, personas, request) -> tuple[str, int, int]:
    """The DPO's list, the status of the request's page, and the home page's count."""
    from django.core.cache import cache

    from kompas.front.waiting import kept_for

    dpo = personas[Role.DPO]
    sign_in(client, dpo)
    listed = client.get(reverse("privacy:requests")).content.decode()
    page = client.get(reverse("privacy:request", args=[request.pk])).status_code
    cache.clear()
    return listed, page, kept_for(dpo, today())["data_requests"]


def test_a_person_concerneds_request_is_the_integrity_officers_only(
    client: Client, personas, mailbox, django_capture_on_commit_callbacks
) -> None:
    """The DPO holds `privacy.handle_requests` but must not learn who is concerned by a report:
    a person concerned's request is neither listed, nor opened, nor counted, nor reminded to
    them; the integrity officer sees it."""
    from kompas.privacy.reminders import send_request_reminders

    officer = personas[Role.INTEGRITY_OFFICER]
    request = _register(
        personas,
        by=officer,
        requester="concerned",
        name="Jan Peeters",
        received_on=today() - timedelta(days=40),
    )
    listed, page, count = _dpo_sees(client, personas, request)
    assert "Jan Peeters" not in listed and "Peeters" not in listed
    assert "melding betrokken" not in listed  # the requester's kind is not shown either
    assert f"/privacy/requests/{request.pk}/" not in listed
    assert (page, count) == (404, 0)
    answer = client.post(
        reverse("privacy:request_answer", args=[request.pk]),
        {"state": "answered", "answer": "Alles."},
    )
    assert answer.status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        assert send_request_reminders(today()) == 1
    assert [m["To"] for m in mailbox.wait_for(1)] == [officer.email]
    sign_in(client, officer)
    assert "Jan Peeters" in client.get(reverse("privacy:requests")).content.decode()


def test_a_dpo_who_registers_a_person_concerneds_request_hands_it_over(
    client: Client, personas
) -> None:
    sign_in(client, personas[Role.DPO])
    response = client.post(
        reverse("privacy:request_new"),
        {
            "token": TOKEN,
            "kind": "access",
            "requester": "concerned",
            "name": "Jan Peeters",
            "received_on": today().isoformat(),
        },
    )
    assert response["Location"] == reverse("privacy:requests")
    request = DataSubjectRequest.objects.get()
    assert request.integrity_only
    assert "Jan Peeters" not in client.get(response["Location"]).content.decode()


def test_a_restricted_member_request_leaves_nothing_plain_and_leaves_the_dpos_view(
    client: Client, personas
) -> None:
    """A restriction says "this member is involved in a report": neither the readable row nor
    the DPO's pages may say it once the integrity officer restricts the answer."""
    member = personas.member
    request = _register(personas, person=member, received_on=today() - timedelta(days=40))
    listed, page, count = _dpo_sees(client, personas, request)
    assert member.full_name in listed and (page, count) == (200, 1)
    services.answer_request(
        by=personas[Role.INTEGRITY_OFFICER],
        request=request,
        state="restricted",
        restriction="investigation",
        answer="Uw recht is beperkt.",
        changed="",
        kept="",
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM privacy_datasubjectrequest WHERE id = %s", [request.pk])
        columns = [c[0] for c in cursor.description]
        row = dict(zip(columns, cursor.fetchone(), strict=True))
    assert "restriction" not in row and row["person_id"] is None
    assert row["state"] == "answered"
    plain = [str(v) for k, v in row.items() if k != "sealed"]
    assert not any(word in v for v in plain for word in ("restricted", "investigation"))
    assert not any(
        "restricted" in json.dumps(e.detail) or "investigation" in json.dumps(e.detail)
        for e in AuditEvent.objects.all()
    )
    listed, page, count = _dpo_sees(client, personas, request)
    assert member.full_name not in listed and (page, count) == (404, 0)
    # The integrity officer still reads it: the member, the reason, what is held.
    sign_in(client, personas[Role.INTEGRITY_OFFICER])
    assert member.full_name in client.get(reverse("privacy:requests")).content.decode()
    html = client.get(reverse("privacy:request", args=[request.pk])).content.decode()
    assert member.full_name in html and "Beperkt" in html and "opvolging van een melding" in html
    assert 'id="held-title"' in html


def test_the_list_shows_open_requests_by_deadline_and_late_ones(client: Client, personas) -> None:
    _register(personas, requester="citizen", name="Laat", received_on=today() - timedelta(days=40))
    _register(personas, requester="citizen", name="Vers", token="another-token-0000003")
    sign_in(client, personas[Role.DPO])
    html = assert_written(client.get(reverse("privacy:requests")).content.decode())
    assert html.index("Laat") < html.index("Vers")
    assert 'class="late"' in html
    assert AuditEvent.objects.filter(action="privacy.requests_listed").count() == 1
    home = client.get(reverse("privacy:zone", args=[personas.zone.code])).content.decode()
    assert f'href="{reverse("privacy:requests")}"' in home


# --- Deadlines on the home page and in the reminders ------------------------------------------


def test_the_home_page_counts_the_requests_to_answer(client: Client, personas) -> None:
    from django.core.cache import cache

    _register(personas, requester="citizen", name="Els")
    cache.clear()
    sign_in(client, personas[Role.DPO])
    html = client.get(reverse("front:home")).content.decode()
    assert f'href="{reverse("privacy:requests")}"' in html
    assert "Els" not in html  # a count, never who asked
    cache.clear()
    sign_in(client, personas[Role.HR])
    assert reverse("privacy:requests") not in client.get(reverse("front:home")).content.decode()


def test_a_reminder_names_the_deadline_only_and_goes_out_once_a_day(
    personas, mailbox, django_capture_on_commit_callbacks
) -> None:
    from kompas.privacy.reminders import send_request_reminders

    request = _register(
        personas,
        requester="concerned",
        name="Jozef Vandenbroucke",
        details="Geheime vraag",
        received_on=date(2026, 10, 20),
    )
    assert request.due_on == date(2026, 11, 20)
    assert send_request_reminders(date(2026, 11, 12)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        # A person concerned's request: the zone's integrity officer only.
        assert send_request_reminders(date(2026, 11, 13)) == 1
        assert send_request_reminders(date(2026, 11, 13)) == 0
    mails = mailbox.wait_for(1)
    assert {m["To"] for m in mails} == {personas[Role.INTEGRITY_OFFICER].email}
    body = mails[0].get_payload(decode=True).decode()
    assert "20/11/2026" in body and f"/privacy/requests/{request.pk}/" in body
    assert "Vandenbroucke" not in body and "Geheime vraag" not in body
    request.state = RequestState.ANSWERED
    request.save()
    assert send_request_reminders(date(2026, 11, 14)) == 0


def test_the_audit_events_gathered_are_those_of_the_named_apps_only(personas) -> None:
    """Deny by default: an event of the reporting channel, of a case, or of an app not named in
    `AUDITED_APPS` is never gathered, even when the member is its actor."""
    from kompas.audit.services import record
    from kompas.privacy.gathered import gathered

    member = personas.member
    record("accounts.person_updated", actor=personas[Role.HR], role="hr", obj=member)
    record("registers.gift_declared", actor=member, object_type="registers.giftdeclaration")
    record("reporting.key_created", actor=member, object_type="accounts.person")
    record("reporting.case_opened", actor=member, object_type="reporting.report", object_id=7)
    record("someapp.thing_done", actor=member, object_type="accounts.person")
    record("privacy.request_registered", actor=member, object_type="privacy.datasubjectrequest")
    events = next(s for s in gathered(member) if s.key == "audit_events")
    assert sorted((row[3], row[1]) for row in events.rows) == [
        ("accounts.person_updated", False),
        ("registers.gift_declared", True),
    ]


def test_the_audit_events_of_sign_in_passkeys_and_provisioning_are_gathered(personas) -> None:
    """The apps added since (sso, passkeys, scim) write events by or about the member: they are
    gathered; another member's are not."""
    from kompas.audit.services import record
    from kompas.privacy.gathered import gathered

    member, other = personas.member, personas[Role.HR]
    record("sso.identity_linked", actor=member, obj=member)
    record("passkeys.passkey_added", actor=member, object_type="passkeys.passkey", object_id=3)
    record("passkeys.passphrase_set", actor=member, obj=member)
    record("scim.user_updated", obj=member, zone_id=member.zone_id)
    record("passkeys.passkey_added", actor=other, object_type="passkeys.passkey", object_id=4)
    record("scim.user_updated", obj=other, zone_id=other.zone_id)
    events = next(s for s in gathered(member) if s.key == "audit_events")
    assert sorted((row[3], row[1]) for row in events.rows) == [
        ("passkeys.passkey_added", True),
        ("passkeys.passphrase_set", True),
        ("scim.user_updated", False),
        ("sso.identity_linked", True),
    ]


def test_the_records_state_how_long_the_requests_are_kept(personas) -> None:
    """No purge removes a request and no page deletes one: the records of processing say so
    rather than leave the requests out."""
    from django.utils import translation

    from kompas.privacy.retention import periods

    with translation.override("en"):
        kept = {k.what: k.period for k in periods(personas.zone.pk)["accounts"]}
    assert kept["Data-subject requests, what was answered and when"] == (
        "no period: Kompas neither deletes them nor lets anyone delete them"
    )


def test_a_member_is_told_of_a_request_registered_in_their_name(
    client: Client, personas, mailbox, django_capture_on_commit_callbacks
) -> None:
    """A request is no quiet way to look a colleague up: the member whose request is
    registered gets one notice naming the day received and the right, in their language."""
    from django.utils import translation

    from kompas.privacy.models import RequestKind

    member = personas.member
    member.language = "fr"
    member.save(update_fields=["language"])
    received = today() - timedelta(days=2)
    sign_in(client, personas[Role.DPO])
    data = {
        "token": TOKEN,
        "kind": "access",
        "requester": "member",
        "person": member.pk,
        "details": "Geheime aantekening van de DPO",
        "received_on": received.isoformat(),
    }
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("privacy:request_new"), data)
        client.post(reverse("privacy:request_new"), data)  # a double submit tells once
    mails = mailbox.wait_for(1)
    assert [m["To"] for m in mails] == [member.email]
    body = mails[0].get_payload(decode=True).decode()
    with translation.override("fr"):
        right = str(RequestKind.ACCESS.label)
    assert received.strftime("%d/%m/%Y") in body and right in body
    assert "Geheime" not in body and personas[Role.DPO].last_name not in body
    # A citizen's request tells no member.
    with django_capture_on_commit_callbacks(execute=True):
        _register(personas, requester="citizen", name="Els", token="another-token-0000009")
    assert len(mailbox.messages) == 1


def test_the_dpos_audit_log_shows_nothing_of_a_request_that_is_the_integrity_officers_only(
    client: Client, personas
) -> None:
    """The attacker is the DPO reading the audit log, which they may: the events of a person
    concerned's request (registered, answered) would tell them that someone is involved in a
    report, as a case's events would. The integrity officer reads them; a request the DPO
    handles stays in the DPO's log."""
    officer = personas[Role.INTEGRITY_OFFICER]
    concerned = _register(personas, by=officer, requester="concerned", name="Jan Peeters")
    mine = _register(
        personas, by=personas[Role.DPO], requester="citizen", name="An Claes", token="t-2"
    )
    assert AuditEvent.objects.filter(object_id=str(concerned.pk)).exists()
    sign_in(client, personas[Role.DPO])
    log = client.get(reverse("audit:log"), {"action": "privacy."}).content.decode()
    assert f"privacy.datasubjectrequest {concerned.pk}<" not in log
    assert f"privacy.datasubjectrequest {mine.pk}<" in log
    sign_in(client, officer)
    log = client.get(reverse("audit:log"), {"action": "privacy."}).content.decode()
    assert f"privacy.datasubjectrequest {concerned.pk}<" in log
