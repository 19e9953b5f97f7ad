"""Who decides on a side activity is the competent authority the police statute names, kept as
the zone's data: the mayor or the police college for the chief of police (through the person
named to record their decisions), the chief of police for the other staff. The request shows
who it is; nobody else decides, and without a named person nobody decides at all. The request
also carries the rules' advice and what weighed in it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from kompas.accounts.models import Cadre
from kompas.accounts.roles import Role
from kompas.audit.models import AuditEvent
from kompas.registers import services
from kompas.registers.models import SideActivity, SideActivityRules, SideActivityStatus, Supplier
from kompas.registers.tests.pages import field_errors, html, linked
from kompas.registers.tests.test_side_activities import activity
from kompas.testing import make_person, sign_in

pytestmark = pytest.mark.django_db


def side_rules(personas, **fields) -> dict:
    """The side-activity rules form as the integrity officer sends it."""
    data = {
        "which": "side",
        "side-authority_operational": "chief",
        "side-authority_calog": "chief",
        "side-authority_chief": "mayor",
        "side-external_recorder": "",
        "side-validity_months": "24",
        "side-values": ["objectivity"],
    }
    data.update({f"side-{k}": v for k, v in fields.items()})
    return data


@pytest.fixture
def mayor(personas):
    """The mayor, with an account in the zone (no service, no role)."""
    return make_person(personas.zone, first_name="Burgemeester", last_name="Geysels")


def decide(person, item: SideActivity, approve: str = "yes"):  # type: ignore[no-untyped-def]
    return sign_in(Client(), person).post(
        reverse("registers:side_activity", args=[item.pk]),
        {"approve": approve, "reason": "Geen raakvlak met het werk van de zone."},
    )


def test_the_chiefs_side_activity_waits_for_the_mayor_and_nobody_else_decides(
    personas, mailbox, django_capture_on_commit_callbacks
) -> None:
    chief = personas[Role.CHIEF]
    client = sign_in(Client(), chief)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("registers:side_new"), activity())
    item = SideActivity.objects.get()
    # Nobody is named to record the mayor's decisions: the integrity officer is told.
    [mail] = mailbox.wait_for(1)
    assert mail["To"] == personas[Role.INTEGRITY_OFFICER].email
    assert "De burgemeester" in mail.get_payload(decode=True).decode()
    page = html(client.get(reverse("registers:side_activity", args=[item.pk])))
    assert "Bevoegde overheid</dt><dd>De burgemeester · nog niemand in Kompas" in page
    assert 'name="approve"' not in page
    for person in (chief, personas[Role.INTEGRITY_OFFICER]):  # they read it, no more
        assert decide(person, item).status_code == 403, person
    for person in (personas[Role.MTEAM], personas[Role.HR], personas.member):
        assert decide(person, item).status_code == 404, person
    item.refresh_from_db()
    assert item.status == SideActivityStatus.PENDING
    assert not AuditEvent.objects.filter(action="registers.side_activity_decided").exists()


def test_the_integrity_officer_names_who_records_the_mayors_decisions_and_they_decide(
    personas, mayor, mailbox, django_capture_on_commit_callbacks
) -> None:
    officer = sign_in(Client(), personas[Role.INTEGRITY_OFFICER])
    rules_page = reverse("registers:rules")
    assert "Nog niemand registreert de beslissingen" in html(officer.get(rules_page))
    assert (
        officer.post(rules_page, side_rules(personas, external_recorder=mayor.pk)).status_code
        == 302
    )
    rules = SideActivityRules.current(personas.zone.pk)
    assert (rules.authority_chief, rules.external_recorder) == ("mayor", mayor)
    assert AuditEvent.objects.filter(action="registers.side_rules_changed").count() == 1
    history = html(officer.get(rules_page)).split('id="side-rules"')[1].split("</section>")[0]
    assert mayor.full_name in history and "Nog niemand registreert" not in history

    chief = sign_in(Client(), personas[Role.CHIEF])
    with django_capture_on_commit_callbacks(execute=True):
        chief.post(reverse("registers:side_new"), activity())
    item = SideActivity.objects.get()
    [mail] = mailbox.wait_for(1)
    assert mail["To"] == mayor.email
    url = reverse("registers:side_activity", args=[item.pk])
    assert f"De burgemeester · {mayor.full_name}" in html(chief.get(url))
    recorder = sign_in(Client(), mayor)
    assert linked(recorder.get(reverse("registers:mine")), "registers:side_activity") == [item.pk]
    assert 'name="approve"' in html(recorder.get(url))
    assert decide(personas[Role.CHIEF], item).status_code == 403  # never on their own
    assert decide(mayor, item).status_code == 302
    item.refresh_from_db()
    assert (item.status, item.decided_by, item.decided_as) == ("approved", mayor, "mayor")
    assert f"{mayor.full_name} (De burgemeester)" in html(chief.get(url))
    event = AuditEvent.objects.get(action="registers.side_activity_decided")
    assert event.detail == {"approved": True, "as": "mayor"}


def test_whoever_records_the_mayors_decisions_sees_only_what_the_mayor_decides_on(
    personas, mayor
) -> None:
    SideActivityRules.objects.create(
        zone=personas.zone, created_on="2026-01-01", external_recorder=mayor
    )
    sign_in(Client(), personas.member).post(reverse("registers:side_new"), activity())
    members = SideActivity.objects.get()
    recorder = sign_in(Client(), mayor)
    assert recorder.get(reverse("registers:side_activity", args=[members.pk])).status_code == 404
    assert decide(mayor, members).status_code == 404
    assert linked(recorder.get(reverse("registers:mine")), "registers:side_activity") == []
    # The member's own goes to the chief of police, as the statute says.
    assert services.side_activity_authority(personas.member) == personas[Role.CHIEF]


def test_a_zone_of_several_municipalities_names_the_police_college(personas, mayor) -> None:
    officer = sign_in(Client(), personas[Role.INTEGRITY_OFFICER])
    officer.post(
        reverse("registers:rules"),
        side_rules(personas, authority_chief="police_college", external_recorder=mayor.pk),
    )
    chief = sign_in(Client(), personas[Role.CHIEF])
    chief.post(reverse("registers:side_new"), activity())
    item = SideActivity.objects.get()
    page = html(chief.get(reverse("registers:side_activity", args=[item.pk])))
    assert f"Het politiecollege · {mayor.full_name}" in page
    decide(mayor, item, approve="no")
    item.refresh_from_db()
    assert (item.status, item.decided_as) == ("refused", "police_college")


def test_the_chief_of_police_cannot_be_named_to_record_decisions_on_their_own(personas) -> None:
    officer = sign_in(Client(), personas[Role.INTEGRITY_OFFICER])
    answer = officer.post(
        reverse("registers:rules"),
        side_rules(personas, external_recorder=personas[Role.CHIEF].pk),
    )
    assert answer.status_code == 400 and "side-external_recorder" in field_errors(answer)
    outsider = officer.post(
        reverse("registers:rules"), side_rules(personas, external_recorder=personas.outsider.pk)
    )
    assert outsider.status_code == 400  # only someone of the zone
    assert not SideActivityRules.objects.exists()


def test_the_rules_of_side_activities_are_for_the_integrity_officer_only(personas, mayor) -> None:
    url = reverse("registers:rules")
    data = side_rules(personas, external_recorder=mayor.pk)
    assert Client().post(url, data).status_code == 302  # to sign in
    for person in (personas[Role.CHIEF], personas[Role.MTEAM], mayor, personas.member):
        assert sign_in(Client(), person).post(url, data).status_code == 403
    assert not SideActivityRules.objects.exists()


def test_the_statute_names_the_chief_of_police_for_the_calog_cadre_too(personas) -> None:
    calog = make_person(personas.zone, service=personas.team, cadre=Cadre.CALOG, first_name="Cas")
    sign_in(Client(), calog).post(reverse("registers:side_new"), activity())
    item = SideActivity.objects.get()
    assert services.side_activity_authority(calog) == personas[Role.CHIEF]
    chief = sign_in(Client(), personas[Role.CHIEF])
    page = html(chief.get(reverse("registers:side_activity", args=[item.pk])))
    assert f"Korpschef · {personas[Role.CHIEF].full_name}" in page
    # The member's head of service reads it (they lead the member) but does not decide.
    assert decide(personas[Role.HEAD_OF_SERVICE], item).status_code == 403


def test_whom_an_authority_decides_for_is_the_same_asked_one_by_one_or_of_the_database() -> None:
    """The lists of side activities to decide ask the database; that must be exactly whom
    `for_member` names, for every member of the demo zone, the chief included, under the
    statute's authorities and others a zone may choose."""
    from django.core.management import call_command

    from kompas.accounts.models import Person, Zone

    call_command("load_demo", "--quiet")
    zone = Zone.objects.get(code="demo")
    people = list(Person.objects.filter(zone=zone, is_active=True))
    recorder = make_person(zone, first_name="Burgemeester")
    people.append(recorder)
    for n, member in enumerate(people):
        SideActivity.objects.create(
            zone=zone,
            person=member,
            activity="Trainer",
            organisation="Club",
            organisation_key="club",
            hours_per_week=Decimal("2"),
            starts_on="2026-01-01",
            checks={},
            declared_on="2026-01-01",
            submission_token=f"eq-side-{n}",
        )

    def members(condition) -> set[int]:  # type: ignore[no-untyped-def]
        found = SideActivity.objects.filter(zone=zone).filter(condition)
        return set(found.values_list("person_id", flat=True))

    for operational, calog, chief, named in (
        ("chief", "chief", "mayor", recorder),
        ("chief", "head_of_service", "police_college", recorder),
        ("mteam", "mayor", "mayor", recorder),
        ("chief", "chief", "mayor", None),
    ):
        SideActivityRules.objects.create(
            zone=zone,
            created_on="2026-01-01",
            authority_operational=operational,
            authority_calog=calog,
            authority_chief=chief,
            external_recorder=named,
        )
        authorities = services.SideAuthorities(zone.pk)
        chiefs = [p for p in people if p.pk in authorities.chiefs]
        assert chiefs and all(authorities.for_member(c) == named for c in chiefs)
        for person in people:
            expected = {m.pk for m in people if authorities.for_member(m) == person}
            assert members(authorities.decided_by(person)) == expected, (operational, person)


# --- The advice on a side activity --------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "advice", "reasons"),
    [
        ({}, "approve", []),
        ({"check_rest": "no"}, "refuse", ["check:rest=refuse"]),
        ({"check_no_contact": "no"}, "look_closer", ["check:no_contact=caution"]),
        (
            {"contact_with_zone": "on", "contact_explained": "Klanten uit Heist"},
            "look_closer",
            ["contact=caution"],
        ),
        (
            {"check_not_forbidden": "no", "contact_with_zone": "on", "contact_explained": "x"},
            "refuse",
            ["check:not_forbidden=refuse", "contact=caution"],
        ),
    ],
)
def test_the_advice_on_a_side_activity_follows_the_checks(
    personas, fields, advice, reasons
) -> None:
    sign_in(Client(), personas.member).post(reverse("registers:side_new"), activity(**fields))
    item = SideActivity.objects.get()
    assert (item.advice, item.advice_reasons) == (advice, reasons)


def test_the_member_and_the_chief_read_the_advice_and_what_weighed(personas) -> None:
    client = sign_in(Client(), personas.member)
    client.post(reverse("registers:side_new"), activity(check_rest="no"))
    item = SideActivity.objects.get()
    url = reverse("registers:side_activity", args=[item.pk])
    page = html(client.get(url))
    assert "Niet verenigbaar: weigeren" in page
    assert (
        "\u2018De uren laten genoeg rust om veilig te werken.\u2019 Nee <em>(weegt naar weigeren)"
        in page
    )
    chief = personas[Role.CHIEF]
    chief.language = "en"
    chief.save()
    theirs = html(sign_in(Client(), chief).get(url))
    assert "Not compatible: refuse" in theirs
    assert (
        "“Its hours leave enough rest to work safely.” No <em>(weighs towards refusing)" in theirs
    )


def test_a_supplier_and_long_hours_ask_for_a_closer_look_as_the_zone_says(personas) -> None:
    Supplier.objects.create(
        zone=personas.zone, name="Garage Janssens", key="garage janssens", added_on="2026-01-01"
    )
    officer = sign_in(Client(), personas[Role.INTEGRITY_OFFICER])
    officer.post(
        reverse("registers:rules"),
        side_rules(personas, hours_caution="10", weight_check__no_contact="refuse"),
    )
    rules = SideActivityRules.current(personas.zone.pk)
    assert rules.hours_caution == Decimal("10")
    assert rules.weights_in_force()["check:no_contact"] == "refuse"
    member = sign_in(Client(), personas.member)
    member.post(
        reverse("registers:side_new"),
        activity(organisation="Garage  Janssens", hours_per_week="12"),
    )
    item = SideActivity.objects.get()
    assert (item.advice, item.advice_reasons) == (
        "look_closer",
        ["supplier=caution", "hours=caution"],
    )
    page = html(member.get(reverse("registers:side_activity", args=[item.pk])))
    assert (
        "De werkgever of organisatie is een leverancier van de zone <em>(vraagt nader onderzoek)"
        in page
    )
    member.post(
        reverse("registers:side_new"),
        activity(token="side-activity-token-02", check_no_contact="no"),
    )
    assert SideActivity.objects.get(advice_reasons=["check:no_contact=refuse"]).advice == "refuse"
