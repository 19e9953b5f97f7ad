"""The gift advice weighs the member's answers, not only the value and the giver: an expected
favour in return, a relation that is not a normal professional one, harm to the zone's name or
the general interest, or a recurring giver move it towards returning or refusing, and the advice
says which answers weighed, to the member while declaring and to the leader deciding, each in
their own language. What each answer weighs is the zone's data, kept with its history; money is
returned or refused whatever the rules say, as the model decides."""

from __future__ import annotations

import itertools
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from kompas.accounts.roles import Role
from kompas.audit.models import AuditEvent
from kompas.registers.models import (
    WEIGHABLE_ANSWERS,
    GiftDeclaration,
    GiftRules,
    default_answer_weights,
)
from kompas.registers.services import recommend
from kompas.registers.tests.pages import field_errors, html
from kompas.registers.tests.test_gifts import gift, team  # noqa: F401 - the fixture
from kompas.testing import make_person, sign_in

pytestmark = pytest.mark.django_db

GIFT, INVITATION = "gift", "invitation"
PERISHABLE, CASH = {"perishable": True}, {"is_cash": True}
ALL_CLEAR = {"return_favour": "no", "normal": "yes", "harm": "no", "recurring": "once"}

# (kind, value, answers, other facts) -> (advice, the reasons it names), under the default rules
# (threshold 50 EUR; the four answers of the policy decide, "not sure" counts against).
CASES = [
    (GIFT, "10", {}, {}, "accept", []),
    (GIFT, "10", {**ALL_CLEAR, "open": "yes"}, {}, "accept", []),
    (GIFT, "10", {}, PERISHABLE, "share", ["perishable"]),
    (GIFT, "10", {"return_favour": "yes"}, {}, "return", ["answer:return_favour:yes=refuse"]),
    (INVITATION, "10", {"return_favour": "yes"}, {}, "refuse", ["answer:return_favour:yes=refuse"]),
    (GIFT, "10", {"normal": "no"}, PERISHABLE, "return", ["answer:normal:no=refuse"]),
    (GIFT, "10", {"harm": "yes"}, {}, "return", ["answer:harm:yes=refuse"]),
    (GIFT, "10", {"recurring": "recurring"}, {}, "return", ["answer:recurring:recurring=refuse"]),
    (
        GIFT,
        "10",
        {"return_favour": "unsure"},
        {},
        "donate",
        ["answer:return_favour:unsure=caution"],
    ),
    (
        GIFT,
        "10",
        {"harm": "unsure"},
        PERISHABLE,
        "share",
        ["answer:harm:unsure=caution", "perishable"],
    ),
    (INVITATION, "10", {"normal": "unsure"}, {}, "refuse", ["answer:normal:unsure=caution"]),
    (GIFT, "10", {"open": "no"}, {}, "accept", []),  # the zone may make it weigh
    (GIFT, "75", {}, {}, "donate", ["above_threshold"]),
    (GIFT, "75", {}, PERISHABLE, "donate", ["above_threshold"]),
    (INVITATION, "75", {}, {}, "refuse", ["above_threshold"]),
    (
        GIFT,
        "75",
        {"harm": "yes", "normal": "unsure"},
        {},
        "return",
        ["answer:harm:yes=refuse", "above_threshold", "answer:normal:unsure=caution"],
    ),
    (GIFT, "10", ALL_CLEAR, CASH, "return", ["cash"]),
    (GIFT, "10", {}, {**CASH, **PERISHABLE}, "return", ["cash"]),
    (INVITATION, "10", {}, CASH, "refuse", ["cash"]),
    (GIFT, "10", {}, {"giver_in_file": True}, "return", ["party_in_file"]),
]


def advise(member, kind: str, value: str, answers: dict, facts: dict):  # type: ignore[no-untyped-def]
    return recommend(
        zone_id=member.zone_id,
        person=member,
        kind=kind,
        value=Decimal(value),
        is_cash=facts.get("is_cash", False),
        giver_in_file=facts.get("giver_in_file", False),
        perishable=facts.get("perishable", False),
        giver="Garage Janssens",
        answers=answers,
    )


@pytest.mark.parametrize(("kind", "value", "answers", "facts", "advice", "reasons"), CASES)
def test_the_advice_follows_the_answers_the_kind_and_the_value(
    personas, kind, value, answers, facts, advice, reasons
) -> None:
    found = advise(personas.member, kind, value, answers, facts)
    assert (found.recommendation, found.reasons) == (advice, reasons)


def test_the_advice_is_always_a_decision_the_declaration_can_get(personas) -> None:
    """Whatever the zone's rules and the member's answers, the advice is among the decisions a
    leader is offered (`allowed_decisions`): money is never advised to be accepted or shared."""
    member = personas.member
    answer_sets = [{}, {"return_favour": "yes"}, {"harm": "unsure"}, {"open": "no"}]
    for weight in ("refuse", "caution", "none"):
        GiftRules.objects.create(
            zone=personas.zone,
            created_on="2026-11-01",
            answer_weights={key: weight for key in default_answer_weights()},
        )
        for kind, cash, perishable, value, answers in itertools.product(
            (GIFT, INVITATION), (False, True), (False, True), ("10", "75"), answer_sets
        ):
            found = advise(
                member, kind, value, answers, {"is_cash": cash, "perishable": perishable}
            )
            allowed = GiftDeclaration(kind=kind, is_cash=cash).allowed_decisions()
            assert found.recommendation in allowed, (weight, kind, cash, perishable, answers)


def test_the_integrity_officer_changes_what_an_answer_weighs_and_keeps_the_history(
    personas,
) -> None:
    member = personas.member
    assert advise(member, GIFT, "10", {"open": "no"}, {}).recommendation == "accept"
    officer = sign_in(Client(), personas[Role.INTEGRITY_OFFICER])
    url = reverse("registers:rules")
    page = html(officer.get(url))
    for question, answers in WEIGHABLE_ANSWERS.items():
        for answer in answers:  # a select per answer that can weigh, with what it weighs now
            assert f'name="gifts-weight_{question}__{answer}"' in page
    sent = {
        "which": "gifts",
        "gifts-value_threshold": "50",
        "gifts-recurring_count": "2",
        "gifts-refuse_parties_in_file": "on",
        "gifts-values": ["objectivity"],
        "gifts-weight_open__no": "refuse",
        "gifts-weight_return_favour__yes": "caution",
    }
    assert officer.post(url, sent).status_code == 302
    rules = GiftRules.current(personas.zone.pk)
    assert rules.weights()["open:no"] == "refuse"
    assert rules.weights()["return_favour:yes"] == "caution"
    assert rules.weights()["harm:yes"] == "refuse"  # not sent: kept as it was
    found = advise(member, GIFT, "10", {"open": "no", "return_favour": "yes"}, {})
    assert found.recommendation == "return"
    assert found.reasons == ["answer:open:no=refuse", "answer:return_favour:yes=caution"]
    # The same rules sent again add nothing; the change is audited once.
    officer.post(url, sent)
    assert GiftRules.objects.count() == 1
    assert AuditEvent.objects.filter(action="registers.gift_rules_changed").count() == 1
    # The earlier rules stay readable: the history names what the answers weighed then.
    officer.post(url, {**sent, "gifts-weight_open__no": "none"})
    assert GiftRules.objects.count() == 2
    history = html(officer.get(url)).split('id="gift-rules"')[1].split("</section>")[0]
    assert history.count("Hebt u er open over gepraat met collega&#39;s?\u2019 Nee") == 1


def test_a_weight_that_does_not_exist_is_refused_and_nothing_changes(personas) -> None:
    officer = sign_in(Client(), personas[Role.INTEGRITY_OFFICER])
    answer = officer.post(
        reverse("registers:rules"),
        {
            "which": "gifts",
            "gifts-value_threshold": "50",
            "gifts-recurring_count": "2",
            "gifts-values": ["objectivity"],
            "gifts-weight_harm__yes": "ignore-it",
        },
    )
    assert answer.status_code == 400 and "gifts-weight_harm__yes" in field_errors(answer)
    assert not GiftRules.objects.exists()


def test_money_is_never_advised_to_be_kept_and_there_is_no_setting_for_it(personas) -> None:
    """The model never takes "accept" or "share" on money; the advice agrees, and the rules
    page has no "never cash" to switch off any more."""
    officer = sign_in(Client(), personas[Role.INTEGRITY_OFFICER])
    assert "refuse_cash" not in html(officer.get(reverse("registers:rules")))
    found = advise(personas.member, GIFT, "5", ALL_CLEAR, {**CASH, **PERISHABLE})
    assert found.recommendation == "return" and found.reasons == ["cash"]


def test_the_member_and_the_leader_read_which_answers_weighed_in_their_language(
    client: Client,
    team,  # noqa: F811
) -> None:
    team.member.language = "nl"
    team.member.save()
    head = team[Role.HEAD_OF_SERVICE]
    head.language = "fr"
    head.save()
    sign_in(client, team.member)
    client.post(reverse("registers:gift_new"), gift(return_favour="yes", harm="unsure"))
    declaration = GiftDeclaration.objects.get()
    assert declaration.recommendation == "return"
    assert declaration.recommendation_reasons == [
        "answer:return_favour:yes=refuse",
        "answer:harm:unsure=caution",
    ]
    mine = html(client.get(reverse("registers:gift", args=[declaration.pk])))
    assert "Stuur het terug naar de gever" in mine
    assert (
        "\u2018Kan er een wederdienst verwacht worden?\u2019 Ja <em>(weegt naar teruggeven of weigeren)"
        in mine
    )
    assert "Niet zeker <em>(weegt tegen persoonlijk aanvaarden)" in mine
    leader = sign_in(Client(), head)
    theirs = html(leader.get(reverse("registers:gift", args=[declaration.pk])))
    assert "« Une faveur en retour pourrait-elle être attendue ? » Oui" in theirs
    assert "(pèse vers le renvoi ou le refus)" in theirs
    assert "answer:" not in theirs and "unsure" not in theirs


def test_the_zones_own_wording_of_a_question_is_what_the_advice_quotes(
    client: Client,
    team,  # noqa: F811
) -> None:
    officer = sign_in(Client(), team[Role.INTEGRITY_OFFICER])
    officer.post(
        reverse("registers:wording"),
        {"key": "question:harm", "nl": "Schaadt dit de naam van de zone?", "fr": "", "en": ""},
    )
    sign_in(client, team.member)
    client.post(reverse("registers:gift_new"), gift(harm="yes"))
    page = html(client.get(reverse("registers:gift", args=[GiftDeclaration.objects.get().pk])))
    assert "\u2018Schaadt dit de naam van de zone?\u2019 Ja" in page


# --- The advice while declaring (htmx) ---------------------------------------------------------


def test_the_member_sees_the_advice_and_what_weighed_while_filling_in_the_form(
    client: Client,
    team,  # noqa: F811
) -> None:
    sign_in(client, team.member)
    form = html(client.get(reverse("registers:gift_new")))
    assert f'hx-post="{reverse("registers:gift_advice")}"' in form
    assert 'id="advice-preview"' in form
    answer = client.post(
        reverse("registers:gift_advice"),
        {"kind": "gift", "value": "10", "normal": "no", "giver_name": "Garage Janssens"},
    )
    assert answer.status_code == 200
    shown = html(answer)
    assert "Stuur het terug naar de gever" in shown
    assert "Past het in een normale professionele relatie?\u2019 Nee" in shown
    assert "<html" not in shown  # a piece of the page, for the form's advice box
    # Half a form is enough: what is not filled in yet does not weigh.
    assert "Mag aanvaard worden" in html(client.post(reverse("registers:gift_advice"), {}))
    offered = client.post(reverse("registers:gift_advice"), {"offered_only": "on"})
    assert "vraagt geen beslissing" in html(offered)
    assert not GiftDeclaration.objects.exists()  # nothing is stored
    assert not AuditEvent.objects.filter(action__startswith="registers.gift").exists()


def test_a_form_sent_back_with_an_error_shows_the_advice_so_far(
    client: Client,
    team,  # noqa: F811
) -> None:
    sign_in(client, team.member)
    answer = client.post(
        reverse("registers:gift_new"), gift(description="", harm="yes", value="20")
    )
    assert "description" in field_errors(answer)
    assert "Stuur het terug naar de gever" in html(answer)


def test_the_advice_while_declaring_counts_only_the_members_own_gifts(
    client: Client,
    team,  # noqa: F811
) -> None:
    """A recurring giver is one who gave this member before: another member's declarations
    from the same giver neither weigh nor show."""
    colleague = make_person(team.zone, service=team.team, first_name="Collega")
    sign_in(Client(), colleague).post(reverse("registers:gift_new"), gift())
    sign_in(client, team.member)
    shown = html(
        client.post(
            reverse("registers:gift_advice"),
            {"kind": "gift", "value": "10", "giver_name": "Garage Janssens"},
        )
    )
    assert "Mag aanvaard worden" in shown and "vaker" not in shown
    client.post(reverse("registers:gift_new"), gift(token="own-token-000000001"))
    shown = html(
        client.post(
            reverse("registers:gift_advice"),
            {"kind": "gift", "value": "10", "giver_name": "garage janssens"},
        )
    )
    assert "Dezelfde gever gaf het personeelslid de voorbije twaalf maanden al vaker iets" in shown


def test_the_advice_while_declaring_is_for_signed_in_members_and_posts_only(
    client: Client,
    team,  # noqa: F811
) -> None:
    url = reverse("registers:gift_advice")
    anonymous = client.post(url, {"kind": "gift"})
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("accounts:login"))
    member = sign_in(Client(), team.member)
    assert member.get(url).status_code == 405
    # Someone of another zone gets their own zone's rules, never this zone's.
    GiftRules.objects.create(zone=team.zone, created_on="2026-11-01", value_threshold=Decimal("5"))
    outsider = sign_in(Client(), team.outsider)
    assert "Mag aanvaard worden" in html(outsider.post(url, {"kind": "gift", "value": "10"}))
    assert "Schenk het aan een goed doel" in html(member.post(url, {"kind": "gift", "value": "10"}))
