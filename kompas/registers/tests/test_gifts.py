"""The gifts register, end to end: the member declares, the head of service decides, the member
confirms; everybody else sees nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from kompas.accounts.roles import Role
from kompas.audit.models import AuditEvent
from kompas.registers.models import DecisionRecord, GiftDeclaration, GiftRules, GiftStatus
from kompas.registers.services import recommend
from kompas.registers.tests.pages import field_errors, html, linked
from kompas.testing import make_person, sign_in

pytestmark = pytest.mark.django_db


def gift(**fields) -> dict:
    data = {
        "token": "declaration-token-0001",
        "kind": "gift",
        "description": "Doos pralines",
        "giver_name": "Garage Janssens",
        "giver_type": "organisation",
        "value": "15",
        "given_on": "2026-11-20",
        "return_favour": "no",
        "normal": "yes",
    }
    data.update(fields)
    return data


@pytest.fixture
def team(personas):
    """The member's head of service heads the service above the member's team."""
    from kompas.accounts.models import RoleAssignment

    RoleAssignment.objects.filter(role=Role.HEAD_OF_SERVICE).update(service=personas.service)
    return personas


def test_a_member_declares_and_the_head_of_service_decides(
    client: Client, team, mailbox, django_capture_on_commit_callbacks
) -> None:
    member, head = team.member, team[Role.HEAD_OF_SERVICE]
    sign_in(client, member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("registers:gift_new"), gift(perishable="on"))
    declaration = GiftDeclaration.objects.get()
    assert response["Location"] == reverse("registers:gift", args=[declaration.pk])
    assert declaration.recommendation == "share"
    assert declaration.status == GiftStatus.PENDING
    [mail] = mailbox.wait_for(1)
    assert mail["To"] == head.email
    assert "pralines" not in mail.get_payload(decode=True).decode()

    leader = sign_in(Client(), head)
    page = leader.get(reverse("registers:gift_pending"))
    assert linked(page, "registers:gift") == [declaration.pk]
    assert f"{declaration.person.full_name}: {declaration.description}" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        leader.post(
            reverse("registers:gift_decide", args=[declaration.pk]),
            {"decision": "share", "reason": "Voor de koffiehoek van de ploeg."},
        )
    declaration.refresh_from_db()
    assert (declaration.decision, declaration.status) == ("share", GiftStatus.DONE)
    assert declaration.decided_by == head
    assert mailbox.wait_for(2)[1]["To"] == member.email
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"registers.gift_declared", "registers.gift_decided", "registers.gift_viewed"} <= actions


def test_a_returned_gift_needs_the_members_confirmation(client: Client, team) -> None:
    sign_in(client, team.member)
    client.post(reverse("registers:gift_new"), gift(value="250", description="Horloge"))
    declaration = GiftDeclaration.objects.get()
    assert declaration.recommendation == "donate"
    leader = sign_in(Client(), team[Role.HEAD_OF_SERVICE])
    leader.post(
        reverse("registers:gift_decide", args=[declaration.pk]),
        {"decision": "return", "reason": "Te waardevol."},
    )
    declaration.refresh_from_db()
    assert declaration.status == GiftStatus.DECIDED
    assert leader.post(reverse("registers:gift_confirm", args=[declaration.pk])).status_code == 403
    declaration.refresh_from_db()
    assert declaration.confirmed_on is None  # only the member confirms
    client.post(reverse("registers:gift_confirm", args=[declaration.pk]))
    declaration.refresh_from_db()
    assert declaration.status == GiftStatus.DONE and declaration.confirmed_on


def test_a_changed_decision_keeps_the_earlier_one(client: Client, team) -> None:
    sign_in(client, team.member)
    client.post(reverse("registers:gift_new"), gift())
    declaration = GiftDeclaration.objects.get()
    leader = sign_in(Client(), team[Role.HEAD_OF_SERVICE])
    url = reverse("registers:gift_decide", args=[declaration.pk])
    leader.post(url, {"decision": "accept", "reason": "Kleine attentie."})
    leader.post(url, {"decision": "return", "reason": "Toch niet: de garage is partij."})
    history = list(DecisionRecord.objects.values_list("decision", flat=True))
    assert history == ["accept", "return"]
    changed = AuditEvent.objects.filter(action="registers.gift_decided").order_by("seq").last()
    assert changed is not None and changed.detail["changed"] is True


def test_the_rules_advise_from_the_zones_data(team) -> None:
    member = team.member
    zone_id = member.zone_id

    def advice(**kw):
        base = dict(
            zone_id=zone_id,
            person=member,
            kind="gift",
            value=Decimal("10"),
            is_cash=False,
            giver_in_file=False,
            perishable=False,
            giver="Bakkerij Peeters",
        )
        base.update(kw)
        return recommend(**base)

    assert advice().recommendation == "accept"
    assert advice(is_cash=True).recommendation == "return"
    assert advice(giver_in_file=True).reasons == ["party_in_file"]
    assert advice(value=Decimal("75")).recommendation == "donate"
    assert advice(kind="invitation", value=Decimal("75")).recommendation == "refuse"
    GiftRules.objects.create(
        zone_id=zone_id, value_threshold=Decimal("100"), created_on="2026-11-01"
    )
    assert advice(value=Decimal("75")).recommendation == "accept"  # the zone raised it


def test_a_recurring_giver_is_flagged(client: Client, team) -> None:
    sign_in(client, team.member)
    client.post(reverse("registers:gift_new"), gift(token="first-token-000001"))
    client.post(
        reverse("registers:gift_new"),
        gift(token="second-token-00002", giver_name="garage  JANSSENS."),
    )
    second = GiftDeclaration.objects.order_by("pk").last()
    assert second is not None and "recurring" in second.recommendation_reasons


def test_a_double_submit_declares_once(client: Client, team) -> None:
    sign_in(client, team.member)
    client.post(reverse("registers:gift_new"), gift())
    client.post(reverse("registers:gift_new"), gift())
    assert GiftDeclaration.objects.count() == 1


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("value", "-5"),
        ("value", "1000000"),
        ("given_on", "2999-01-01"),
        ("kind", "bribe"),
        ("giver_type", "alien"),
        ("description", ""),
    ],
)
def test_bad_input_gets_a_clear_error_and_keeps_the_rest(
    client: Client, team, field: str, value: str
) -> None:
    sign_in(client, team.member)
    response = client.post(reverse("registers:gift_new"), gift(**{field: value}))
    assert response.status_code == 200
    assert field in field_errors(response)
    assert "Garage Janssens" in response.content.decode()
    assert not GiftDeclaration.objects.exists()


def test_an_offered_and_refused_gift_is_recorded_without_a_decision(client: Client, team) -> None:
    sign_in(client, team.member)
    client.post(reverse("registers:gift_new"), gift(offered_only="on"))
    declaration = GiftDeclaration.objects.get()
    assert declaration.status == GiftStatus.RECORDED
    leader = sign_in(Client(), team[Role.HEAD_OF_SERVICE])
    assert linked(leader.get(reverse("registers:gift_pending")), "registers:gift") == []


def test_others_see_nothing_and_cannot_decide(client: Client, team) -> None:
    sign_in(client, team.member)
    client.post(reverse("registers:gift_new"), gift())
    declaration = GiftDeclaration.objects.get()
    url = reverse("registers:gift", args=[declaration.pk])
    colleague = make_person(team.zone, service=team.team, first_name="Collega")
    for person in (colleague, team[Role.HR], team[Role.ADMIN], team.outsider):
        other = sign_in(Client(), person)
        assert other.get(url).status_code == 404, person
        assert (
            other.post(
                reverse("registers:gift_decide", args=[declaration.pk]),
                {"decision": "accept", "reason": "x"},
            ).status_code
            == 404
        )
    officer = sign_in(Client(), team[Role.INTEGRITY_OFFICER])
    assert officer.get(url).status_code == 200
    # The integrity officer reads it but has no decision form.
    assert reverse("registers:gift_decide", args=[declaration.pk]) not in html(officer.get(url))
    # The member cannot decide on their own declaration either.
    client.post(
        reverse("registers:gift_decide", args=[declaration.pk]),
        {"decision": "accept", "reason": "Mag ik zelf."},
    )
    declaration.refresh_from_db()
    assert declaration.decision == ""


def test_the_form_opens_with_todays_date_in_the_date_field(client: Client, team) -> None:
    from kompas.lib.clock import today

    sign_in(client, team.member)
    page = client.get(reverse("registers:gift_new")).content.decode()
    assert f'value="{today().isoformat()}"' in page


def test_whom_a_leader_decides_for_is_the_same_asked_one_by_one_or_of_the_database() -> None:
    """The 'to decide' lists ask the database which members a leader decides for; that must be
    exactly who `for_member` names, for every member and every possible decider of a zone."""
    from django.core.management import call_command

    from kompas.accounts.models import Person, Zone
    from kompas.registers import services
    from kompas.registers.models import SideActivityRules
    from kompas.registers.people import Deciders

    call_command("load_demo", "--quiet")
    zone = Zone.objects.get(code="demo")
    people = list(Person.objects.filter(zone=zone, is_active=True))
    template = GiftDeclaration.objects.filter(zone=zone).first()
    assert template is not None
    for n, member in enumerate(people):  # one declaration for every member
        template.pk, template.person, template.submission_token = None, member, f"eq-{n}"
        template.save()

    def members(condition) -> set[int]:  # type: ignore[no-untyped-def]
        return set(
            GiftDeclaration.objects.filter(zone=zone)
            .filter(condition)
            .values_list("person_id", flat=True)
        )

    deciders = Deciders(zone.pk)
    for person in people:
        expected = {m.pk for m in people if deciders.for_member(m) == person}
        assert members(deciders.decided_by(person)) == expected, person
    # Side activities, with the demo's rules and with a role deciding for the CALog cadre.
    for calog_authority in ("head_of_service", "hr"):
        rules = SideActivityRules.current(zone.pk)
        rules.authority_calog = calog_authority
        rules.save()
        authorities = services.SideAuthorities(zone.pk)
        for person in people:
            expected = {m.pk for m in people if authorities.for_member(m) == person}
            assert members(authorities.decided_by(person)) == expected, (calog_authority, person)


def test_the_list_to_decide_follows_a_change_of_the_organisation_on_the_next_page(
    team, django_capture_on_commit_callbacks
) -> None:
    """Who decides for whom is kept while the zone's organisation stays the same (the tree,
    and each head's share of it): a head of service appointed for the member's own team takes
    the declaration over on the next page, and hands it back when the role is taken away
    again (however the change is made)."""
    from kompas.registers.tests.test_overview import declare_gift

    def shown(browser: Client) -> int:
        with django_capture_on_commit_callbacks(execute=True):  # what the page keeps is kept
            return len(linked(browser.get(pending), "registers:gift"))

    declare_gift(team.member, 1, "Garage", "10")
    pending = reverse("registers:gift_pending")
    head = sign_in(Client(), team[Role.HEAD_OF_SERVICE])
    assert shown(head) == 1
    assert shown(head) == 1  # from what the first page kept
    newcomer = make_person(team.zone, roles=(Role.HEAD_OF_SERVICE,), service=team.team)
    assert shown(head) == 0
    assert shown(sign_in(Client(), newcomer)) == 1
    newcomer.roles_held.all().delete()
    assert shown(head) == 1
    # What is kept is the question, not the answer: a new declaration shows on the next page.
    declare_gift(team.member, 2, "Bakkerij", "15")
    assert shown(head) == 2


def test_a_leader_with_many_declarations_waiting_sees_them_all_a_page_at_a_time(team) -> None:
    from kompas.registers.tests.test_overview import declare_gift

    for n in range(55):
        declare_gift(team.member, n, "Garage", "10")
    leader = sign_in(Client(), team[Role.HEAD_OF_SERVICE])
    first_page = leader.get(reverse("registers:gift_pending"))
    second_page = leader.get(reverse("registers:gift_pending"), {"page": 2})
    first, second = linked(first_page, "registers:gift"), linked(second_page, "registers:gift")
    assert len(first) == 50 and 'href="?page=2"' in html(first_page)  # a next page
    assert len(second) == 5 and "?page=3" not in html(second_page)  # none after it
    assert set(first) | set(second) == set(GiftDeclaration.objects.values_list("pk", flat=True))
    waiting = f'<a href="{reverse("registers:gift_pending")}">55 '
    assert waiting in html(leader.get(reverse("registers:mine")))
    from kompas.audit.models import AuditEvent

    shown = AuditEvent.objects.filter(action="registers.pending_viewed").order_by("seq")
    assert [(e.detail["shown"], e.detail["page"]) for e in shown] == [(50, 1), (5, 2)]
