"""The dilemma library: a starter set covering all eight values in three languages, individual
play that counts without names, and proposals reviewed by the integrity network."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kompas.accounts.roles import Role
from kompas.audit.models import AuditEvent
from kompas.compass.models import (
    CompassSettings,
    Dilemma,
    DilemmaOption,
    DilemmaStatus,
    Tally,
)
from kompas.compass.tests.reading import errors, has_error, linked, vote_counts
from kompas.compass.values import Value
from kompas.testing import end_of_day, sign_in

pytestmark = pytest.mark.django_db


def listed(answer) -> list[Dilemma]:
    """The dilemmas the library page lists, in its order."""
    keys = linked(answer, "compass:dilemma", within='<ul class="dilemma-list">')
    found = Dilemma.objects.in_bulk(keys)
    return [found[pk] for pk in keys]


def test_the_starter_library_holds_24_dilemmas_covering_every_value_in_three_languages() -> None:
    starter = Dilemma.objects.filter(zone__isnull=True, status=DilemmaStatus.PUBLISHED)
    assert starter.count() >= 24
    touched: set[str] = set()
    for dilemma in starter.prefetch_related("options"):
        for field in (dilemma.title, dilemma.situation, dilemma.reflection):
            assert all(field.get(lang) for lang in ("nl", "fr", "en")), dilemma.key
        options = list(dilemma.options.all())
        assert 2 <= len(options) <= 4, dilemma.key
        for option in options:
            assert all(option.text.get(lang) for lang in ("nl", "fr", "en"))
            assert option.serves or option.harms, (dilemma.key, option.position)
            assert set(option.serves) | set(option.harms) <= set(Value.values)
            touched |= set(option.serves) | set(option.harms)
        assert dilemma.themes and dilemma.audiences
    assert touched == set(Value.values)


def test_a_member_filters_the_library_by_theme_and_value(personas) -> None:
    client = sign_in(Client(), personas.member)
    shown = listed(client.get(reverse("compass:library"), {"theme": "gifts"}))
    assert shown and all("gifts" in d.themes for d in shown)
    shown = listed(client.get(reverse("compass:library"), {"value": "networking"}))
    assert shown and all("networking" in d.values_touched for d in shown)
    assert Client().get(reverse("compass:library")).status_code == 302


def test_playing_alone_counts_the_choice_without_a_name_and_hides_small_groups(personas) -> None:
    dilemma = Dilemma.objects.get(key="free-coffee")
    option = dilemma.options.get(position=0)
    client = sign_in(Client(), personas.member)
    url = reverse("compass:dilemma", args=[dilemma.pk])
    answer = client.post(url, {"option": option.pk})
    assert f"{option.letter}</h2>" in answer.content.decode()  # "You chose A"
    assert 'name="option"' not in answer.content.decode()
    assert vote_counts(answer) == []  # one vote, fewer than the minimum: not shown
    assert "Altijd betalen" in answer.content.decode()
    # The zone's tallies of the dilemma, made at once in option order: nothing names the member.
    assert list(
        Tally.objects.order_by("pk").values_list("zone", "dilemma", "item", "option", "count")
    ) == [
        (personas.zone.pk, dilemma.pk, None, o.pk, int(o == option)) for o in dilemma.options.all()
    ]
    for _i in range(CompassSettings.MIN_GROUP_FLOOR + 2):
        client.post(url, {"option": option.pk})
    total = CompassSettings.MIN_GROUP_FLOOR + 4
    [counts] = vote_counts(client.post(url, {"option": option.pk}))
    assert counts[0] == total and sum(counts) == total
    # The outsider's zone has its own picture.
    other = sign_in(Client(), personas.outsider).post(url, {"option": option.pk})
    assert vote_counts(other) == [] and ">1 stem tot nu toe." in other.content.decode()


def test_a_zone_s_first_play_makes_all_its_tallies_of_the_dilemma_in_option_order(
    personas,
) -> None:
    """Made at once, not as each option is first chosen: their order tells nothing."""
    dilemma = Dilemma.objects.get(key="free-coffee")
    last = dilemma.options.order_by("position").last()
    assert last is not None and last.position > 0
    member = sign_in(Client(), personas.member)
    member.post(reverse("compass:dilemma", args=[dilemma.pk]), {"option": last.pk})
    made = list(Tally.objects.order_by("pk").values_list("item", "option", "count"))
    assert made == [(None, o.pk, int(o == last)) for o in dilemma.options.all()]


def test_choosing_nothing_gets_a_clear_error(personas) -> None:
    dilemma = Dilemma.objects.get(key="free-coffee")
    client = sign_in(Client(), personas.member)
    answer = client.post(reverse("compass:dilemma", args=[dilemma.pk]), {"option": "999999"})
    assert answer.status_code == 400 and "Kies een van de opties" in answer.content.decode()
    assert not Tally.objects.filter(count__gt=0).exists()


def proposal(**fields) -> dict:
    data = {
        "token": "proposal-token-000001",
        "title": "Een vriend op de wachtlijst",
        "situation": "Een vriend vraagt of ik zijn aanvraag voor een wapenvergunning kan versnellen.",
        "option_0": "Nee zeggen en uitleggen waarom.",
        "serves_0": ["objectivity"],
        "option_1": "Eens navragen hoe ver het staat.",
        "harms_1": ["objectivity", "reliability"],
        "themes": ["private_contacts"],
        "audiences": ["calog"],
    }
    data.update(fields)
    return data


def test_an_anonymous_proposal_keeps_no_name_and_enters_the_library_after_review(personas) -> None:
    member = sign_in(Client(), personas.member)
    assert member.post(reverse("compass:propose"), proposal()).status_code == 302
    member.post(reverse("compass:propose"), proposal())  # a double click
    dilemma = Dilemma.objects.get(zone=personas.zone)
    assert dilemma.status == DilemmaStatus.PROPOSED and dilemma.proposed_by is None
    assert not AuditEvent.objects.filter(action="compass.dilemma_proposed").exists()
    end_of_day()  # held with the day only until the day is over, then chained
    event = AuditEvent.objects.get(action="compass.dilemma_proposed")
    assert event.actor_id is None
    local = timezone.localtime(event.at)
    assert (local.hour, local.minute, local.second) == (0, 0, 0)
    assert dilemma not in listed(member.get(reverse("compass:library")))

    network = personas[Role.NETWORK]
    reviewer = sign_in(Client(), network)
    assert linked(reviewer.get(reverse("compass:proposals")), "compass:proposal") == [dilemma.pk]
    url = reverse("compass:proposal", args=[dilemma.pk])
    answer = reviewer.post(
        url,
        proposal(
            title="Een kennis op de wachtlijst",
            reflection="Voorrang voor kennissen ondergraaft de gelijke behandeling.",
            decision="publish",
            services=[personas.team.pk],
        ),
    )
    assert answer.status_code == 302
    dilemma.refresh_from_db()
    assert (
        dilemma.status == DilemmaStatus.PUBLISHED
        and dilemma.title["nl"] == "Een kennis op de wachtlijst"
    )
    assert dilemma.reviewed_by == network
    assert dilemma in listed(member.get(reverse("compass:library")))
    mine = member.get(reverse("compass:library"), {"mine": "on"})
    assert listed(mine) == [dilemma]  # the member works in the team it is tagged with
    assert "Een kennis op de wachtlijst</a>" in mine.content.decode()
    assert f" · {personas.team.name}</span>" in mine.content.decode()  # the service it is for
    outsider = sign_in(Client(), personas.outsider)
    assert dilemma not in listed(outsider.get(reverse("compass:library")))
    assert outsider.get(reverse("compass:dilemma", args=[dilemma.pk])).status_code == 404
    # Reviewed once; a second review is refused.
    assert reviewer.post(url, proposal(decision="reject")).status_code == 404


def test_a_proposer_who_asks_to_be_kept_informed_sees_the_outcome(personas) -> None:
    member = sign_in(Client(), personas.member)
    member.post(reverse("compass:propose"), proposal(keep_informed="on"))
    dilemma = Dilemma.objects.get(zone=personas.zone)
    assert dilemma.proposed_by == personas.member
    reviewer = sign_in(Client(), personas[Role.INTEGRITY_OFFICER])
    reviewer.post(
        reverse("compass:proposal", args=[dilemma.pk]),
        proposal(decision="reject", note="Lijkt te veel op een bestaand dilemma."),
    )
    page = member.get(reverse("compass:propose")).content.decode()
    assert "Lijkt te veel op een bestaand dilemma." in page


def test_a_value_served_and_harmed_at_once_is_refused(personas) -> None:
    member = sign_in(Client(), personas.member)
    answer = member.post(reverse("compass:propose"), proposal(harms_0=["objectivity"]))
    assert answer.status_code == 200 and has_error(answer, "harms_0")
    answer = member.post(reverse("compass:propose"), proposal(option_1="", option_2="Iets anders"))
    assert answer.status_code == 200 and errors(answer)
    assert not Dilemma.objects.filter(zone=personas.zone).exists()


def test_only_the_network_and_the_integrity_officer_review(personas) -> None:
    member = sign_in(Client(), personas.member)
    member.post(reverse("compass:propose"), proposal())
    dilemma = Dilemma.objects.get(zone=personas.zone)
    url = reverse("compass:proposal", args=[dilemma.pk])
    assert Client().get(url).status_code == 302
    for person in (personas.member, personas[Role.HEAD_OF_SERVICE], personas[Role.ADMIN]):
        assert sign_in(Client(), person).get(url).status_code == 403
    assert sign_in(Client(), personas.outsider_admin).get(url).status_code == 403
    assert sign_in(Client(), personas[Role.NETWORK]).get(url).status_code == 200


def test_the_dilemmas_touching_values_are_those_whose_options_serve_or_harm_one(personas) -> None:
    """Asked of the database, the same answer as reading every option of the library."""
    from itertools import combinations

    library = Dilemma.objects.library_for(personas.member)
    options = [
        (o.dilemma_id, set(o.serves) | set(o.harms))
        for o in DilemmaOption.objects.filter(dilemma__in=library)
    ]
    values = [v.value for v in Value]
    for wanted in [set(pair) for pair in combinations(values, 2)] + [{v} for v in values]:
        expected = sorted({d for d, touched in options if touched & wanted})
        assert list(library.touching(wanted).values_list("pk", flat=True)) == expected, wanted
    assert not library.touching(set()).exists()
