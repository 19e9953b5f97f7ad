"""Home says what waits: per person and role, counts that link to the list they count, the
member's own declarations and the way to report, declare and think a dilemma through; only
what the person may see, in a number of queries that the data does not change."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from kompas.accounts.models import Person
from kompas.accounts.roles import Role
from kompas.lib.clock import today
from kompas.registers.tests.test_overview import (
    declare_gift,
    make_conflict_signal,
    make_side_activity,
)
from kompas.testing import PageCounts, make_person, sign_in

pytestmark = pytest.mark.django_db


def home_of(client: Client) -> str:
    cache.clear()  # the counts of decisions are kept a minute: here counted afresh each time
    response = client.get(reverse("front:home"))
    assert response.status_code == 200
    return response.content.decode()


def section(page: str, title_id: str) -> str:
    """The section of the home page headed by ``title_id`` ('' when it is not there)."""
    if f'id="{title_id}"' not in page:
        return ""
    return page.split(f'id="{title_id}"')[1].split("</section>")[0]


def counts(html: str) -> dict[str, tuple[int, str]]:
    """The counts of a part of the page: {label: (count, link)}."""
    found = re.findall(
        r'<li><a href="([^"]*)"><span class="count">(\d+)</span> ([^<]*)</a></li>', html
    )
    return {unescape(label): (int(count), unescape(href)) for href, count, label in found}


def test_an_anonymous_visitor_is_sent_to_sign_in(client: Client) -> None:
    response = client.get(reverse("front:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_member_sees_the_dutch_home_page(client: Client, personas) -> None:
    sign_in(client, personas.member)
    response = client.get(reverse("front:home"))
    assert response.status_code == 200
    assert 'lang="nl-BE"' in response.content.decode()
    assert "Welkom, Mila" in response.content.decode()


def test_the_home_page_names_the_member_s_place_and_declarations_in_one_query(
    client: Client, personas, django_assert_num_queries
) -> None:
    member = personas.member
    sign_in(client, member)
    client.get(reverse("front:home"))  # the session settles
    # The session comes from the cache; the person, their roles, their place with their own
    # declarations counted (their plan activities and risk measures ending soon are kept a
    # minute in the cache).
    with django_assert_num_queries(3):
        page = client.get(reverse("front:home")).content.decode()
    assert f"<dd>{member.zone.name}</dd>" in page
    assert f"<dd>{member.service.name}</dd>" in page
    assert f"<dd>{member.leader.full_name}</dd>" in page
    assert f'<a href="{reverse("accounts:organisation")}">' in page
    # Someone without service or leader sees a dash for each.
    Person.objects.filter(pk=member.pk).update(service=None, leader=None)
    page = client.get(reverse("front:home")).content.decode()
    assert page.count("<dd>—</dd>") == 2


@pytest.mark.parametrize(
    ("language", "greeting", "html_lang"),
    [("fr", "Bienvenue, Mila", "fr-BE"), ("en", "Welcome, Mila", "en")],
)
def test_a_french_or_english_member_sees_it_translated(
    client: Client, personas, language: str, greeting: str, html_lang: str
) -> None:
    personas.member.language = language
    personas.member.save()
    sign_in(client, personas.member)
    page = client.get(reverse("front:home")).content.decode()
    assert greeting in page
    assert f'lang="{html_lang}"' in page
    assert "Welkom" not in page


def test_a_member_is_shown_the_way_to_report_declare_and_think_a_dilemma_through(
    client: Client, personas
) -> None:
    page = home_of(sign_in(client, personas.member))
    actions = section(page, "do-title")
    for name in (
        "reporting:new",
        "registers:gift_new",
        "registers:side_new",
        "registers:conflict_new",
        "compass:aid_new",
        "reporting:follow_up",
    ):
        assert f'href="{reverse(name)}"' in actions, name
    # Nothing of others waits for a plain member: no decisions, no cases.
    assert section(page, "waiting-title") == ""
    assert section(page, "inbox-title") == ""
    assert "Geen van uw aangiften wacht op iets." in section(page, "own-title")


def test_a_member_sees_the_state_of_their_own_declarations(client: Client, personas) -> None:
    member = personas.member
    declare_gift(member, 1, "Garage Janssens", "20")
    declare_gift(member, 2, "Bakkerij Peeters", "8")
    make_side_activity(member, "Voetbalclub")
    make_conflict_signal(member, personas[Role.COORDINATOR], "mijn buurman")
    declare_gift(personas[Role.HR], 3, "Elders", "5")  # someone else's: not counted
    own = counts(section(home_of(sign_in(client, member)), "own-title"))
    mine = reverse("registers:mine")
    assert own == {
        "geschenken en uitnodigingen wachten op een beslissing": (2, mine),
        "nevenactiviteit wacht op een beslissing": (1, mine),
        "signaal van belangenvermenging wacht op de maatregel van uw leidinggevende": (1, mine),
    }
    listed = client.get(mine).content.decode()  # the page the counts link to lists them
    assert "Geschenk 1" in listed and "Geschenk 2" in listed and "Voetbalclub" in listed


def test_a_head_of_service_sees_the_gifts_to_decide_and_the_link_lists_exactly_them(
    client: Client, personas
) -> None:
    head = personas[Role.HEAD_OF_SERVICE]
    for n in range(3):
        declare_gift(personas.member, n, "Garage Janssens", "20")
    waiting = counts(section(home_of(sign_in(client, head)), "waiting-title"))
    count, link = waiting["geschenken en uitnodigingen om over te beslissen"]
    assert (count, link) == (3, reverse("registers:gift_pending"))
    listed = client.get(link).content.decode()
    assert len(re.findall(r'href="/registers/gifts/\d+/"', listed)) == count
    # Decided ones no longer wait; the member, who decides nothing, has no such count.
    from kompas.registers.models import GiftDeclaration

    GiftDeclaration.objects.filter(description="Geschenk 0").update(status="decided")
    waiting = counts(section(home_of(client), "waiting-title"))
    assert waiting["geschenken en uitnodigingen om over te beslissen"][0] == 2
    assert section(home_of(sign_in(Client(), personas.member)), "waiting-title") == ""


def test_counts_of_decisions_are_kept_a_minute_and_say_when(client: Client, personas) -> None:
    head = personas[Role.HEAD_OF_SERVICE]
    declare_gift(personas.member, 1, "Garage Janssens", "20")
    waiting = section(home_of(sign_in(client, head)), "waiting-title")
    assert "Geteld om " in waiting
    label = "geschenk of uitnodiging om over te beslissen"
    assert counts(waiting)[label][0] == 1
    declare_gift(personas.member, 2, "Garage Janssens", "20")
    kept = section(client.get(reverse("front:home")).content.decode(), "waiting-title")
    assert counts(kept)[label][0] == 1  # within the minute
    assert (
        counts(section(home_of(client), "waiting-title"))[
            "geschenken en uitnodigingen om over te beslissen"
        ][0]
        == 2
    )


def test_a_count_of_decisions_stops_at_ninety_nine_plus(
    client: Client, personas, monkeypatch
) -> None:
    from kompas.front import waiting

    monkeypatch.setattr(waiting, "COUNT_UP_TO", 3)
    for n in range(4):
        declare_gift(personas.member, n, "Garage Janssens", "20")
    page = home_of(sign_in(client, personas[Role.HEAD_OF_SERVICE]))
    shown = re.findall(r'<span class="count">([^<]*)</span>', section(page, "waiting-title"))
    assert shown == ["2+"]


def test_what_is_coming_up_is_kept_a_minute_and_says_when(client: Client, personas) -> None:
    from kompas.compass.models import SessionStatus, TrainingSession

    facilitator = personas[Role.COORDINATOR]
    assert "Stand van " in section(home_of(sign_in(client, facilitator)), "coming-title")
    TrainingSession.objects.create(
        zone=personas.zone,
        facilitator=facilitator,
        title="Briefing ploeg B",
        status=SessionStatus.PLANNED,
        created_on=today(),
        min_group=3,
    )
    assert "Briefing ploeg B" not in client.get(reverse("front:home")).content.decode()
    assert "Briefing ploeg B" in section(home_of(client), "coming-title")  # looked up again


def test_a_leader_is_asked_for_a_measure_on_the_signals_sent_to_them(
    client: Client, personas
) -> None:
    leader = personas[Role.COORDINATOR]
    signal = make_conflict_signal(personas.member, leader, "mijn neef")
    make_conflict_signal(personas[Role.HR], personas[Role.CHIEF], "een vriend")  # not theirs
    waiting = counts(section(home_of(sign_in(client, leader)), "waiting-title"))
    label = "signaal van belangenvermenging om met een maatregel te beantwoorden"
    assert waiting[label] == (1, reverse("registers:mine") + "#to-measure")
    listed = client.get(reverse("registers:mine")).content.decode()
    assert 'id="to-measure"' in listed
    assert listed.split('id="to-measure"')[1].split("</ul>")[0].count("<li>") == 1
    signal.status = "measured"
    signal.save()
    assert section(home_of(client), "waiting-title") == ""  # nothing of others waits now


def test_side_activities_to_decide_wait_for_the_cadre_s_authority(client: Client, personas) -> None:
    from kompas.registers.services import side_activity_authority

    make_side_activity(personas.member, "Voetbalclub")
    authority = side_activity_authority(personas.member)
    assert authority is not None
    waiting = counts(section(home_of(sign_in(client, authority)), "waiting-title"))
    assert waiting["nevenactiviteit om over te beslissen"] == (
        1,
        reverse("registers:mine") + "#side-to-decide",
    )
    listed = client.get(reverse("registers:mine")).content.decode()
    assert listed.split('id="side-to-decide"')[1].split("</ul>")[0].count("<li>") == 1


def test_a_facilitator_sees_the_sessions_they_planned(client: Client, personas) -> None:
    from kompas.compass.models import SessionStatus, TrainingSession

    facilitator = personas[Role.COORDINATOR]
    coming = section(home_of(sign_in(client, facilitator)), "coming-title")
    assert "Geen sessie gepland." in coming
    assert f'href="{reverse("compass:training_new")}"' in coming
    session = TrainingSession.objects.create(
        zone=personas.zone,
        facilitator=facilitator,
        title="Briefing ploeg A",
        status=SessionStatus.PLANNED,
        created_on=today(),
        planned_for=today() + timedelta(days=3),
        min_group=3,
    )
    coming = section(home_of(client), "coming-title")
    assert f'<a href="{reverse("compass:training", args=[session.pk])}">Briefing ploeg A</a>' in (
        coming
    )
    # A member facilitates nothing: no sessions on their home.
    assert section(home_of(sign_in(Client(), personas.member)), "coming-title") == ""


def test_reviewers_see_the_proposed_dilemmas_to_review(client: Client, personas) -> None:
    from kompas.compass.models import Dilemma, DilemmaStatus

    Dilemma.objects.create(
        zone=personas.zone, status=DilemmaStatus.PROPOSED, title="Een lift naar huis"
    )
    for reviewer in (personas[Role.NETWORK], personas[Role.INTEGRITY_OFFICER]):
        waiting = counts(section(home_of(sign_in(client, reviewer)), "waiting-title"))
        assert waiting["voorgesteld dilemma om na te kijken"] == (1, reverse("compass:proposals"))
    for other in (personas.member, personas[Role.HR]):
        assert "voorgesteld dilemma" not in home_of(sign_in(client, other))


def test_risk_work_waits_for_whoever_leads_or_owns_it(client: Client, personas) -> None:
    from kompas.risks.models import Measure, RiskAnalysis
    from kompas.risks.tests.test_analysis import agreed_scenario, start

    head = personas[Role.HEAD_OF_SERVICE]
    scenario = agreed_scenario(personas)
    analysis = start(sign_in(Client(), head), personas, token="analysis-token-000002")
    Measure.objects.create(
        scenario=scenario,
        title="Logging nakijken",
        owner=personas.member,
        starts_on=today(),
        due_on=today() + timedelta(days=10),
        effort="low",
    )
    coming = section(home_of(sign_in(client, head)), "coming-title")
    assert f'href="{reverse("risks:analysis", args=[analysis.pk])}"' in coming
    assert "open, door u geleid" in coming
    # The owner of a measure sees it, whatever their role.
    coming = section(home_of(sign_in(client, personas.member)), "coming-title")
    assert "Logging nakijken" in coming
    assert f'href="{reverse("risks:measure", args=[Measure.objects.get().pk])}"' in coming
    # The M-team: reviews due, counted as the reviews page lists them.
    RiskAnalysis.objects.update(valid_until=today() + timedelta(days=400))
    scenario.next_review_on = today()
    scenario.save()
    waiting = counts(section(home_of(sign_in(client, personas[Role.MTEAM])), "waiting-title"))
    assert waiting["risicoherziening te doen"] == (1, reverse("risks:reviews"))
    listed = client.get(reverse("risks:reviews")).content.decode()
    assert listed.count(f'href="{reverse("risks:scenario", args=[scenario.pk])}"') == 1


def test_the_home_page_costs_the_same_queries_for_each_role_whatever_the_data(personas) -> None:
    from kompas.compass.models import SessionStatus, TrainingSession

    people = [personas.member, *(personas[role] for role in Role)]
    pages = [(person, reverse("front:home")) for person in people]
    measure = PageCounts()
    small = measure(pages)
    # Grow everything the home page counts or lists.
    for n in range(6):
        declare_gift(personas.member, 10 + n, "Garage Janssens", "20")
        make_side_activity(personas.member, f"Club {n}")
        make_conflict_signal(personas.member, personas[Role.COORDINATOR], f"buur {n}")
        TrainingSession.objects.create(
            zone=personas.zone,
            facilitator=personas[Role.COORDINATOR],
            title=f"Sessie {n}",
            status=SessionStatus.PLANNED,
            created_on=today(),
            min_group=3,
        )
        make_person(personas.zone, service=personas.team, leader=personas[Role.COORDINATOR])
    assert measure(pages) == small


def test_switching_language_is_kept_in_the_profile(client: Client, personas) -> None:
    sign_in(client, personas.member)
    response = client.post(reverse("front:set_language"), {"language": "fr", "next": "/"})
    assert response.status_code == 302
    personas.member.refresh_from_db()
    assert personas.member.language == "fr"
    assert "Bienvenue" in client.get("/").content.decode()


def test_switching_language_refuses_an_outside_redirect(client: Client) -> None:
    response = client.post(
        reverse("front:set_language"), {"language": "en", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_switching_to_an_unknown_language_is_refused(client: Client) -> None:
    response = client.post(reverse("front:set_language"), {"language": "de"})
    assert response.status_code == 400


def test_a_visitor_sees_dutch_whatever_the_browser_asks(client: Client, db) -> None:
    page = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Aanmelden" in page.content.decode()
    assert page["Content-Language"] == "nl"


def test_a_visitor_who_chose_french_sees_french(client: Client, db) -> None:
    client.post(reverse("front:set_language"), {"language": "fr", "next": "/"})
    page = client.get(reverse("accounts:login"))
    assert "Se connecter" in page.content.decode()
