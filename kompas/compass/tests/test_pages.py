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
from kompas.reporting.tests.test_page_translations import assert_translated
from kompas.testing import sign_in

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
