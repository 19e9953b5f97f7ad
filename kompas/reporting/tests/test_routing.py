"""Routing: a report always reaches an impartial handler, never someone it keeps out.

When the reporter names every usual handler of a kind as involved, the report goes to the zone's
substitutes for the kind, then to the integrity officer, the disciplinary authority and the chief
of police in turn; when everyone who could handle it is kept out, it is not filed and the reporter
is told where else to go.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from kompas.accounts.roles import Role
from kompas.audit.models import AuditEvent
from kompas.reporting import crypto, services
from kompas.reporting.forms import issue_receipt_token, receipt_from_token
from kompas.reporting.models import Channel, Grant, IdentityMode, Kind, Report, Substitute
from kompas.reporting.tests.conftest import receipt_of, report_form
from kompas.testing import PASSWORD, make_person, sign_in

pytestmark = pytest.mark.django_db

STAFF_KINDS = [Kind.ADVICE, Kind.BREACH, Kind.COMPLAINT, Kind.WELLBEING, Kind.CONGRATULATION]


def _file(personas, kind: str, involved: list) -> Report:
    receipt = receipt_from_token(issue_receipt_token())
    assert receipt is not None
    data = services.NewReport(
        kind=kind,
        channel=Channel.STAFF,
        identity_mode=IdentityMode.ANONYMOUS,
        what="Er gebeurde iets dat niet klopt.",
        involved=involved,
    )
    report, created = services.submit_report(
        zone=personas.zone, data=data, receipt=receipt, signed_in=personas.member
    )
    assert created
    return report


def _grantees(report: Report) -> set[int]:
    return set(Grant.objects.filter(report=report, active=True).values_list("person_id", flat=True))


def _usual(personas, kind: str) -> list:
    return [personas[role] for role in services.ROUTES[kind]]


@pytest.mark.parametrize("kind", STAFF_KINDS)
def test_a_report_that_names_every_usual_handler_goes_down_the_policys_line(
    personas, handlers, kind
) -> None:
    kept_out = _usual(personas, kind)
    for role in services.FALLBACK:
        expected = personas[role]
        if expected in kept_out:
            continue
        report = _file(personas, kind, kept_out)
        assert _grantees(report) == {expected.pk}, (kind, role)
        kept_out = [*kept_out, expected]


@pytest.mark.parametrize("kind", STAFF_KINDS)
def test_a_report_that_names_everyone_who_could_handle_it_is_not_filed(
    personas, handlers, kind
) -> None:
    everyone = list(
        {
            p.pk: p for p in _usual(personas, kind) + [personas[r] for r in services.FALLBACK]
        }.values()
    )
    with pytest.raises(services.NobodyToReceive):
        _file(personas, kind, everyone)
    assert not Report.objects.exists()


@pytest.mark.parametrize("kind", STAFF_KINDS)
def test_the_zones_substitute_comes_before_the_fallback_and_is_skipped_when_kept_out(
    personas, handlers, kind
) -> None:
    substitute = personas[Role.HEAD_OF_SERVICE]
    services.name_substitute(
        zone_id=personas.zone.pk, kind=kind, person=substitute, by=personas[Role.INTEGRITY_OFFICER]
    )
    report = _file(personas, kind, _usual(personas, kind))
    assert _grantees(report) == {substitute.pk}
    report = _file(personas, kind, [*_usual(personas, kind), substitute])
    assert _grantees(report) == {personas[Role.INTEGRITY_OFFICER].pk}


def test_a_usual_handler_who_cannot_receive_yet_does_not_count(personas) -> None:
    """Without a key (never signed in), oversight cannot open a case: the fallback receives it."""
    from kompas.reporting import keys

    keys.create_key(personas[Role.INTEGRITY_OFFICER], PASSWORD)
    report = _file(personas, Kind.BREACH, [])
    assert _grantees(report) == {personas[Role.INTEGRITY_OFFICER].pk}


def test_the_receipt_tells_the_reporter_in_general_terms_who_handles_the_report(
    client: Client, personas, handlers
) -> None:
    sign_in(client, personas.member)
    data = report_form(involved=[personas[Role.OVERSIGHT].pk])
    page = client.post(reverse("reporting:new"), data).content.decode()
    with translation.override("nl"):
        told = services.handled_by_text(Kind.BREACH, Role.INTEGRITY_OFFICER)
    assert escape(told) in page
    report = Report.objects.get()
    assert _grantees(report) == {personas[Role.INTEGRITY_OFFICER].pk}
    # The reporter can read it later; nobody reads it in the readable metadata.
    opened = services.open_with_receipt(receipt_of(data))
    assert opened is not None
    assert crypto.decrypt_json(opened[1], report.content_box)["handled_by"] == "integrity_officer"


def test_the_form_keeps_what_was_typed_when_nobody_can_receive_it(
    client: Client, personas, handlers
) -> None:
    sign_in(client, personas.member)
    everyone = [personas[Role.OVERSIGHT], *(personas[r] for r in services.FALLBACK)]
    data = report_form(involved=[p.pk for p in everyone])
    response = client.post(reverse("reporting:new"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "sigaretten" in page  # nothing typed is lost
    assert "Comité P" in page
    assert not Report.objects.exists()


def test_a_protection_case_follows_the_same_line(personas, handlers) -> None:
    parent = _file(personas, Kind.BREACH, [personas[Role.OVERSIGHT]])
    key = services.case_key_for_handler(
        parent, personas[Role.INTEGRITY_OFFICER], _private_key(personas[Role.INTEGRITY_OFFICER])
    )
    child = services.report_retaliation(parent=parent, parent_key=key, what="Ik word gepest.")
    assert _grantees(child) == {personas[Role.INTEGRITY_OFFICER].pk}


def _private_key(person) -> bytes:
    from kompas.reporting.models import HandlerKey

    key = HandlerKey.objects.get(person=person, active=True)
    return crypto.unwrap_private_key(
        bytes(key.wrapped_private_key), PASSWORD, bytes(key.salt), key.opslimit, key.memlimit
    )


# --- The integrity officer's page of substitutes ---------------------------------------------


def test_the_routing_page_is_the_integrity_officers(client: Client, personas) -> None:
    url = reverse("reporting:routing")
    assert client.get(url).status_code == 302  # anonymous: to the sign-in page
    sign_in(client, personas[Role.OVERSIGHT])
    assert client.get(url).status_code == 403
    sign_in(client, personas[Role.INTEGRITY_OFFICER])
    assert client.get(url).status_code == 200


def test_the_integrity_officer_names_and_removes_a_substitute_and_both_are_audited(
    client: Client, personas
) -> None:
    officer = personas[Role.INTEGRITY_OFFICER]
    sign_in(client, officer)
    url = reverse("reporting:routing")
    chosen = personas[Role.DISCIPLINARY]
    response = client.post(url, {"kind": Kind.BREACH, "person": chosen.pk})
    assert response.status_code == 302
    substitute = Substitute.objects.get()
    assert (substitute.kind, substitute.person_id) == (Kind.BREACH, chosen.pk)
    assert chosen.full_name in client.get(url).content.decode()
    client.post(url, {"remove": substitute.pk})
    assert not Substitute.objects.exists()
    actions = list(AuditEvent.objects.filter(actor_id=officer.pk).values_list("action", flat=True))
    assert "reporting.substitute_named" in actions
    assert "reporting.substitute_removed" in actions


def test_the_routing_page_offers_only_its_zones_handlers(client: Client, personas) -> None:
    sign_in(client, personas[Role.INTEGRITY_OFFICER])
    url = reverse("reporting:routing")
    for person in (personas.member, personas.outsider):
        response = client.post(url, {"kind": Kind.BREACH, "person": person.pk})
        assert response.status_code == 200
        assert not Substitute.objects.exists()


def test_the_data_protection_officer_is_never_named_a_substitute(client: Client, personas) -> None:
    from django.core.exceptions import ValidationError

    dpo = make_person(personas.zone, roles=(Role.INTEGRITY_OFFICER, Role.DPO), first_name="Dora")
    sign_in(client, personas[Role.INTEGRITY_OFFICER])
    url = reverse("reporting:routing")
    assert "Dora" not in client.get(url).content.decode()  # not offered
    assert client.post(url, {"kind": Kind.BREACH, "person": dpo.pk}).status_code == 200
    with pytest.raises(ValidationError):
        services.name_substitute(
            zone_id=dpo.zone_id, kind=Kind.BREACH, person=dpo, by=personas[Role.INTEGRITY_OFFICER]
        )
    assert not Substitute.objects.exists()


def test_a_substitute_of_another_zone_cannot_be_removed(client: Client, personas) -> None:
    other_officer = make_person(
        personas.outsider.zone, roles=(Role.INTEGRITY_OFFICER,), first_name="Ine"
    )
    theirs = services.name_substitute(
        zone_id=other_officer.zone_id,
        kind=Kind.BREACH,
        person=other_officer,
        by=other_officer,
    )
    sign_in(client, personas[Role.INTEGRITY_OFFICER])
    response = client.post(reverse("reporting:routing"), {"remove": theirs.pk})
    assert response.status_code == 404
    assert Substitute.objects.filter(pk=theirs.pk).exists()


def test_a_report_nobody_can_receive_yet_is_not_filed_and_says_so(personas) -> None:
    """No handler signed in yet (no keys): the report is refused with its own message."""
    with pytest.raises(services.NobodyToReceive) as refused:
        _file(personas, Kind.BREACH, [])
    assert "nog geen meldingen ontvangen" in str(refused.value)  # in the zone's Dutch
    assert not Report.objects.exists()
