"""Every compass page in French and English, with no Dutch left; and query counts that do not
grow with the data."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kompas.accounts.roles import Role
from kompas.compass import services
from kompas.compass.models import Dilemma, TrainingSession
from kompas.compass.tests.reading import form_data
from kompas.reporting.tests.test_page_translations import assert_translated
from kompas.testing import assert_written, sign_in

pytestmark = pytest.mark.django_db


def held_session(personas, n: int, votes: int = 6) -> TrainingSession:
    facilitator = personas[Role.COORDINATOR]
    session, _ = services.create_session(
        facilitator=facilitator,
        title=f"Sessie {n}",
        mode="live",
        dilemmas=list(Dilemma.objects.filter(zone__isnull=True)[:3]),
        service_id=personas.team.pk,
        min_group=5,
        token=f"pages-session-token-{n:04d}",
    )
    session = services.open_session(session=session, by=facilitator)
    for position in range(3):
        for v in range(votes):
            option = session.items.get(position=position).dilemma.options.get(position=0)
            services.cast_vote(
                session=session, device=f"device-{n}-{v}-xxxxxxxxxx", option_id=option.pk
            )
        session = services.steer_session(session=session, by=facilitator, action="next")
    return services.steer_session(session=session, by=facilitator, action="close")


def pages(personas) -> list[tuple[object, str]]:
    session = TrainingSession.objects.filter(status="closed").order_by("pk")[0]
    dilemma = Dilemma.objects.get(key="cousin-speeding")
    return [
        ("member", reverse("compass:compass")),
        ("member", reverse("compass:value", args=["objectivity"])),
        ("member", reverse("compass:editions")),
        ("member", reverse("compass:edition", args=[0])),
        ("member", reverse("compass:library")),
        ("member", reverse("compass:dilemma", args=[dilemma.pk])),
        ("member", reverse("compass:propose")),
        ("member", reverse("compass:aid_list")),
        ("member", reverse("compass:aid_new")),
        ("member", reverse("compass:guides")),
        ("member", reverse("compass:sheet_new", args=["addressed"])),
        (Role.COORDINATOR, reverse("compass:trainings")),
        (Role.COORDINATOR, reverse("compass:training_new")),
        (Role.COORDINATOR, reverse("compass:training", args=[session.pk])),
        (Role.NETWORK, reverse("compass:proposals")),
        (Role.INTEGRITY_OFFICER, reverse("compass:settings")),
        (Role.INTEGRITY_OFFICER, reverse("compass:value_edit", args=["loyalty"])),
        (Role.MTEAM, reverse("compass:training_stats")),
    ]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_compass_page_is_translated(personas, language) -> None:
    held_session(personas, 1)
    for who, url in pages(personas):
        person = personas.member if who == "member" else personas[who]
        person.language = language
        person.save()
        client = sign_in(Client(), person)
        response = client.get(url)
        assert response.status_code == 200, url
        assert_translated(response.content.decode(), language, url)
    # The decision aid's steps, the big screen and the phone.
    member = sign_in(Client(), personas.member)
    member.post(reverse("compass:aid_new"), {"token": "pages-walk-token-0001", "facts": "x"})
    walk = services.DilemmaWalk.objects.get()
    for step in range(8):
        page = member.get(reverse("compass:aid_step", args=[walk.pk, step]))
        assert_translated(page.content.decode(), language, f"aid step {step}")
    assert_translated(
        member.get(reverse("compass:aid", args=[walk.pk])).content.decode(), language, "aid"
    )
    leader = sign_in(Client(), personas[Role.COORDINATOR])
    session = TrainingSession.objects.get()
    revote, _ = services.plan_revote(session=session, by=personas[Role.COORDINATOR])
    services.open_session(session=revote, by=personas[Role.COORDINATOR])
    revote.refresh_from_db()
    screen = leader.get(reverse("compass:training_screen", args=[revote.pk]))
    assert_translated(screen.content.decode(), language, "screen")
    phone = Client()
    phone.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    assert_translated(phone.get(reverse("join")).content.decode(), language, "join")
    page = phone.get(reverse("participate", args=[revote.code]))
    assert_translated(page.content.decode(), language, "participate")


def count(client: Client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def test_query_counts_do_not_grow_with_the_data(personas) -> None:
    held_session(personas, 1)
    clients: dict[int, Client] = {}

    def measure() -> dict[str, int]:
        found = {}
        for who, url in pages(personas):
            person = personas.member if who == "member" else personas[who]
            client = clients.setdefault(person.pk, sign_in(Client(), person))
            found[url] = count(client, url)
        return found

    small = measure()
    for n in range(2, 8):
        held_session(personas, n, votes=9)
    large = measure()
    assert small == large


def assert_clean(answer, what: str) -> str:
    assert answer.status_code in {200, 286, 400, 404}, (what, answer.status_code)
    return assert_written(answer.content.decode(), what, ">None<", '"None"')


def test_every_compass_page_is_written_whole_in_every_state(personas) -> None:
    """Each page, each partial the screens poll and each state they show, written by Jinja2
    with no template syntax, uncalled method or missing value left."""
    held_session(personas, 1)
    for who, url in pages(personas):
        person = personas.member if who == "member" else personas[who]
        assert_clean(sign_in(Client(), person).get(url), url)
    member = sign_in(Client(), personas.member)
    member.post(reverse("compass:aid_new"), {"token": "pages-walk-token-0002", "facts": "x"})
    walk = services.DilemmaWalk.objects.get()
    member.post(reverse("compass:aid_step", args=[walk.pk, 1]), {"option_a": "A", "option_b": "B"})
    for step in range(8):
        assert_clean(member.get(reverse("compass:aid_step", args=[walk.pk, step])), f"step {step}")
    assert_clean(member.get(reverse("compass:aid_list")), "aid list")
    member.post(reverse("compass:aid_share", args=[walk.pk]), {"person": personas[Role.HR].pk})
    html = assert_clean(member.get(reverse("compass:aid", args=[walk.pk])), "aid")
    assert personas[Role.HR].full_name in html
    shared = sign_in(Client(), personas[Role.HR])
    assert_clean(shared.get(reverse("compass:aid", args=[walk.pk])), "aid shared")
    assert_clean(shared.get(reverse("compass:aid_list")), "aid list shared")
    data = {"token": "pages-sheet-token-001", "about": "Gesprek"}
    member.post(reverse("compass:sheet_new", args=["addressing"]), data)
    sheet = services.ConversationSheet.objects.get()
    assert_clean(member.get(reverse("compass:sheet", args=[sheet.pk])), "sheet")
    assert_clean(member.get(reverse("compass:guides")), "guides with a sheet")
    dilemma = Dilemma.objects.get(key="cousin-speeding")
    option = dilemma.options.get(position=0)
    assert_clean(
        member.post(reverse("compass:dilemma", args=[dilemma.pk]), {"option": option.pk}), "chosen"
    )
    assert_clean(
        member.post(reverse("compass:dilemma", args=[dilemma.pk]), {"option": "x"}), "refused"
    )
    from kompas.compass.tests.test_library import proposal

    member.post(reverse("compass:propose"), proposal(keep_informed="on"))
    assert_clean(member.get(reverse("compass:propose")), "propose with mine")
    assert_clean(member.post(reverse("compass:propose"), proposal(title="")), "propose refused")
    proposed = Dilemma.objects.get(zone=personas.zone)
    network = sign_in(Client(), personas[Role.NETWORK])
    assert_clean(network.get(reverse("compass:proposal", args=[proposed.pk])), "review")
    assert_clean(network.get(reverse("compass:library")), "library with proposals")
    officer = sign_in(Client(), personas[Role.INTEGRITY_OFFICER])
    edit = reverse("compass:value_edit", args=["loyalty"])
    officer.post(edit, {**form_data(officer.get(edit), "note"), "name_nl": "Trouw", "note": "x"})
    assert_clean(officer.get(reverse("compass:edition", args=[1])), "edition 1")
    assert_clean(officer.get(reverse("compass:compass")), "compass with an edition")
    assert_clean(officer.get(reverse("compass:editions")), "editions")

    # A session prepared, the big screen in every state, the phones.
    leader = sign_in(Client(), personas[Role.COORDINATOR])
    session = TrainingSession.objects.get()
    revote, _ = services.plan_revote(session=session, by=personas[Role.COORDINATOR])
    assert_clean(leader.get(reverse("compass:training", args=[revote.pk])), "planned")
    assert_clean(leader.get(reverse("compass:training", args=[session.pk])), "with a re-vote")
    assert_clean(leader.get(reverse("compass:trainings")), "trainings")
    services.open_session(session=revote, by=personas[Role.COORDINATOR])
    revote.refresh_from_db()
    assert_clean(leader.get(reverse("compass:training", args=[revote.pk])), "open")
    phone = Client()
    screen = reverse("compass:training_screen", args=[revote.pk])
    live = reverse("compass:training_live", args=[revote.pk])
    steer = reverse("compass:training_steer", args=[revote.pk])
    participate = reverse("participate", args=[revote.code])
    state = reverse("participate_state", args=[revote.code])
    vote = reverse("participate_vote", args=[revote.code])
    assert_clean(leader.get(screen), "screen")
    assert_clean(phone.get(participate), "phone")
    html = assert_clean(phone.get(state), "phone polled")
    assert html.lstrip().startswith('<div id="phone"') and "<html" not in html
    first = revote.items.get(position=0).dilemma.options.get(position=0)
    assert_clean(phone.post(vote, {"option": first.pk}, HTTP_HX_REQUEST="true"), "voted (htmx)")
    assert_clean(phone.get(participate), "phone voted")
    assert_clean(Client().post(vote, {"option": "x"}), "vote refused")
    for action in ("own", "reveal", "next", "previous"):
        html = assert_clean(leader.post(steer, {"action": action}, HTTP_HX_REQUEST="true"), action)
        assert html.lstrip().startswith('<div id="live"') and "<html" not in html
        assert_clean(leader.get(screen), f"screen after {action}")
        assert_clean(leader.get(live), f"live after {action}")
        assert_clean(phone.get(participate), f"phone after {action}")
    leader.post(steer, {"action": "close"})
    html = assert_clean(phone.get(state), "ended")
    assert (
        html.lstrip().startswith('<div id="phone" class="phone"><p class="message"')
        and "<html" not in html
    )
    assert_clean(leader.get(reverse("compass:training", args=[revote.pk])), "compared")
    assert_clean(phone.get(reverse("join")), "join")
    assert_clean(phone.post(reverse("join"), {"code": "12"}), "join refused")
    assert_clean(phone.get(participate), "joined after the end")
