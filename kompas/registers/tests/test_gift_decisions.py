"""A leader's decision on a gift or invitation: only the decisions that fit are offered, none is
chosen beforehand, money is never accepted (not through the form, not by a forged request, not
by the model), and the member's answers read as words in the reader's language, on the page and
in the exports."""

from __future__ import annotations

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from kompas.accounts.roles import Role
from kompas.audit.models import AuditEvent
from kompas.registers import services
from kompas.registers.models import DecisionRecord, GiftDeclaration, GiftStatus
from kompas.registers.tests.pages import html
from kompas.registers.tests.test_gifts import gift, team  # noqa: F401 - the fixture
from kompas.testing import make_person, sign_in

pytestmark = pytest.mark.django_db


def declared(client: Client, member, **fields) -> GiftDeclaration:
    sign_in(client, member)
    client.post(reverse("registers:gift_new"), gift(**fields))
    return GiftDeclaration.objects.get()


def offered(page) -> list[str]:
    """The decisions the page's decision form offers, in its order."""
    return re.findall(r'<input type="radio" name="decision" value="(\w+)"', html(page))


def preselected(page) -> list[str]:
    return re.findall(r'<input type="radio" name="decision" value="(\w+)"[^>]*checked', html(page))


def test_a_leader_is_not_offered_to_accept_a_cash_voucher(client: Client, team) -> None:  # noqa: F811
    declaration = declared(client, team.member, description="Cadeaubon", is_cash="on")
    leader = sign_in(Client(), team[Role.HEAD_OF_SERVICE])
    page = leader.get(reverse("registers:gift", args=[declaration.pk]))
    assert offered(page) == ["return", "donate"]
    assert preselected(page) == []


def test_a_forged_accept_of_money_is_refused_and_nothing_changes(
    client: Client,
    team,  # noqa: F811
    mailbox,
    django_capture_on_commit_callbacks,
) -> None:
    declaration = declared(client, team.member, description="Cadeaubon", is_cash="on")
    mailbox.messages.clear()
    leader = sign_in(Client(), team[Role.HEAD_OF_SERVICE])
    for forged in ("accept", "share", "refuse"):
        with django_capture_on_commit_callbacks(execute=True):
            page = leader.post(
                reverse("registers:gift_decide", args=[declaration.pk]),
                {"decision": forged, "reason": "Kleine attentie."},
                follow=True,
            )
        assert page.status_code == 200
        expected = (
            "Een ontvangen geschenk wordt aanvaard, teruggestuurd, gedeeld of geschonken."
            if forged == "refuse"
            else "Geld, een waardebon of een cadeaukaart wordt nooit aanvaard of gedeeld"
        )
        assert expected in html(page), forged
    declaration.refresh_from_db()
    assert (declaration.decision, declaration.status) == ("", GiftStatus.PENDING)
    assert declaration.decided_by is None
    assert not DecisionRecord.objects.exists()
    assert not AuditEvent.objects.filter(action="registers.gift_decided").exists()
    assert mailbox.messages == []
    # The same way, a decision that fits is taken, and the member is mailed.
    with django_capture_on_commit_callbacks(execute=True):
        leader.post(
            reverse("registers:gift_decide", args=[declaration.pk]),
            {"decision": "return", "reason": "Geld gaat terug."},
        )
    assert [mail["To"] for mail in mailbox.wait_for(1)] == [team.member.email]


def test_the_model_never_accepts_money_whoever_asks(client: Client, team) -> None:  # noqa: F811
    declaration = declared(client, team.member, is_cash="on")
    head = team[Role.HEAD_OF_SERVICE]
    with pytest.raises(ValidationError):
        services.decide(declaration=declaration, by=head, decision="accept", reason="Mag.")
    with pytest.raises(ValidationError):
        declaration.decide(decision="accept", reason="Mag.", by=head, on=None)
    declaration.refresh_from_db()
    assert declaration.decision == ""
    services.decide(declaration=declaration, by=head, decision="return", reason="Geld: terug.")
    declaration.refresh_from_db()
    assert (declaration.decision, declaration.status) == ("return", GiftStatus.DECIDED)


@pytest.mark.parametrize(
    ("kind", "cash", "decisions"),
    [
        ("gift", False, ["accept", "return", "share", "donate"]),
        ("gift", True, ["return", "donate"]),
        ("invitation", False, ["accept", "refuse"]),
        ("invitation", True, ["refuse"]),
    ],
)
def test_only_the_decisions_that_fit_the_kind_are_offered(
    client: Client,
    team,  # noqa: F811
    kind: str,
    cash: bool,
    decisions: list[str],
) -> None:
    fields = {"kind": kind, **({"is_cash": "on"} if cash else {})}
    declaration = declared(client, team.member, **fields)
    assert declaration.allowed_decisions() == decisions
    leader = sign_in(Client(), team[Role.HEAD_OF_SERVICE])
    url = reverse("registers:gift", args=[declaration.pk])
    assert offered(leader.get(url)) == decisions
    unfit = [d for d in ("accept", "return", "share", "donate", "refuse") if d not in decisions]
    for decision in unfit:
        leader.post(
            reverse("registers:gift_decide", args=[declaration.pk]),
            {"decision": decision, "reason": "Geprobeerd."},
        )
    declaration.refresh_from_db()
    assert declaration.decision == ""
    leader.post(
        reverse("registers:gift_decide", args=[declaration.pk]),
        {"decision": decisions[-1], "reason": "Zo beslist."},
    )
    declaration.refresh_from_db()
    assert declaration.decision == decisions[-1]


def test_no_decision_is_chosen_beforehand_and_the_advice_is_a_hint(client: Client, team) -> None:  # noqa: F811
    declaration = declared(client, team.member, perishable="on")
    assert declaration.recommendation == "share"
    leader = sign_in(Client(), team[Role.HEAD_OF_SERVICE])
    url = reverse("registers:gift", args=[declaration.pk])
    page = leader.get(url)
    assert preselected(page) == []
    assert "De regels van de zone raden aan: Deel het in de kantine of met het team." in html(page)
    leader.post(
        reverse("registers:gift_decide", args=[declaration.pk]),
        {"decision": "accept", "reason": "Kleine attentie."},
    )
    # Changing a decision starts from nothing chosen too.
    assert preselected(leader.get(url)) == []


def test_the_decision_form_is_for_the_deciding_head_only(client: Client, team) -> None:  # noqa: F811
    declaration = declared(client, team.member)
    url = reverse("registers:gift", args=[declaration.pk])
    decide_url = reverse("registers:gift_decide", args=[declaration.pk])
    anonymous = Client()
    assert anonymous.get(url).status_code == 302
    assert anonymous.post(decide_url, {"decision": "accept", "reason": "x"}).status_code == 302
    colleague = sign_in(Client(), make_person(team.zone, service=team.team, first_name="Collega"))
    assert colleague.post(decide_url, {"decision": "accept", "reason": "x"}).status_code == 404
    officer = sign_in(Client(), team[Role.INTEGRITY_OFFICER])
    assert offered(officer.get(url)) == []  # reads it, does not decide
    assert offered(client.get(url)) == []  # nor does the member
    leader = sign_in(Client(), team[Role.HEAD_OF_SERVICE])
    assert offered(leader.get(url)) == ["accept", "return", "share", "donate"]
    declaration.refresh_from_db()
    assert declaration.decision == ""


WORDS = {
    "nl": ("Nee", "Ja", "Niet zeker", "Eenmalig"),
    "fr": ("Non", "Oui", "Pas sûr", "Ponctuel"),
    "en": ("No", "Yes", "Not sure", "A one-off"),
}


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_the_answers_read_as_words_in_the_readers_language(
    client: Client,
    team,  # noqa: F811
    language: str,
) -> None:
    declaration = declared(
        client,
        team.member,
        why="yes",  # the member's own words, shown as written
        return_favour="no",
        normal="yes",
        harm="unsure",
        recurring="once",
    )
    no, yes, unsure, once = WORDS[language]
    for reader in (team[Role.HEAD_OF_SERVICE], team[Role.INTEGRITY_OFFICER], team.member):
        reader.language = language
        reader.save(update_fields=["language"])
        page = html(sign_in(Client(), reader).get(reverse("registers:gift", args=[declaration.pk])))
        answers = re.findall(r"<dd>([^<]*)</dd>", page.split('id="advice-title"')[-1])
        assert [no, yes, unsure, once] == [a for a in answers if a in (no, yes, unsure, once)]
        for raw in ("unsure", "once"):
            assert f"<dd>{raw}</dd>" not in page

    officer = sign_in(Client(), team[Role.INTEGRITY_OFFICER])
    url = reverse("registers:overview")
    text = officer.get(url, {"export": "csv"}).content.decode("utf-8-sig")
    _header, row = [line.split(";") for line in text.strip().splitlines()]
    assert row[-7:] == ["yes", "", no, yes, unsure, once, ""]
    from openpyxl import load_workbook

    xlsx = officer.get(url, {"export": "xlsx"})
    [sheet_row] = list(
        load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(min_row=2, values_only=True)
    )
    assert [v or "" for v in sheet_row[-7:]] == ["yes", "", no, yes, unsure, once, ""]


def test_the_demo_never_accepts_money_and_takes_only_decisions_that_fit() -> None:
    from django.core.management import call_command

    call_command("load_demo", "--quiet")
    decided = list(GiftDeclaration.objects.filter(zone__code="demo").exclude(decision=""))
    assert any(d.is_cash for d in decided)  # the voucher for a dinner counts as money
    assert [d.pk for d in decided if d.decision not in d.allowed_decisions()] == []


def test_the_member_is_mailed_the_decision_in_their_own_language(
    client: Client,
    team,  # noqa: F811
    mailbox,
    django_capture_on_commit_callbacks,
) -> None:
    team.member.language = "fr"
    team.member.save(update_fields=["language"])
    declaration = declared(client, team.member, is_cash="on")
    mailbox.messages.clear()
    leader = sign_in(Client(), team[Role.HEAD_OF_SERVICE])
    with django_capture_on_commit_callbacks(execute=True):
        leader.post(
            reverse("registers:gift_decide", args=[declaration.pk]),
            {"decision": "return", "reason": "Geld gaat terug."},
        )
    [mail] = mailbox.wait_for(1)
    body = mail.get_payload(decode=True).decode()
    assert "Renvoyer au donateur" in body and "return" not in body.split("http")[0]
