"""Live dilemma trainings: a facilitator runs the room from a laptop, participants vote from their
phones without an account, and no vote can be traced to anybody."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import translation

from kompas.accounts.roles import Role
from kompas.audit.models import AuditEvent
from kompas.compass.models import (
    Ballot,
    CompassSettings,
    Dilemma,
    SessionItem,
    SessionStatus,
    Tally,
    TrainingSession,
)
from kompas.compass.services import item_distribution, sessions_per_service, votes_on
from kompas.compass.tests.reading import errors, has_error, text, value_profile, vote_counts
from kompas.compass.values import Value
from kompas.lib.clock import today
from kompas.testing import sign_in

pytestmark = pytest.mark.django_db


def label_of(value: str) -> str:
    """A value as the session's page names it (in Dutch, the members' language)."""
    with translation.override("nl"):
        return str(Value(value).label)


def prepare(
    client: Client, personas, *keys: str, mode: str = "live", min_group: int = 5
) -> TrainingSession:
    dilemmas = [Dilemma.objects.get(key=k).pk for k in keys or ("free-coffee", "fuel-card")]
    answer = client.post(
        reverse("compass:training_new"),
        {
            "token": "session-token-0000001",
            "title": "Teamvergadering december",
            "service": personas.team.pk,
            "mode": mode,
            "min_group": min_group,
            "dilemmas": dilemmas,
        },
    )
    assert answer.status_code == 302, errors(answer)
    return TrainingSession.objects.latest("pk")


def start(client: Client, session: TrainingSession) -> TrainingSession:
    client.post(reverse("compass:training_steer", args=[session.pk]), {"action": "open"})
    session.refresh_from_db()
    assert session.status == SessionStatus.OPEN and re.fullmatch(r"\d{6}", session.code)
    return session


def steer(client: Client, session: TrainingSession, action: str) -> None:
    client.post(reverse("compass:training_steer", args=[session.pk]), {"action": action})


def vote(phone: Client, session: TrainingSession, position: int, **extra):
    phone.get(reverse("participate", args=[session.code]))
    item = session.items.get(position=position)
    option = item.dilemma.options.get(position=extra.pop("option", 0))
    data = extra or {"option": option.pk}
    return phone.post(reverse("participate_vote", args=[session.code]), data)


def test_a_leader_runs_a_session_and_the_room_votes_anonymously(personas) -> None:
    leader = sign_in(Client(), personas[Role.COORDINATOR])
    session = start(leader, prepare(leader, personas))
    screen = leader.get(reverse("compass:training_screen", args=[session.pk]))
    assert session.code in screen.content.decode() and "<svg" in screen.content.decode()

    phones = [Client() for _ in range(6)]
    for n, phone in enumerate(phones):
        joined = phone.post(reverse("join"), {"code": session.code})
        assert joined["Location"] == reverse("participate", args=[session.code])
        assert vote(phone, session, 0, option=0 if n < 4 else 1).status_code == 302
    # A double tap or a retry does not count twice.
    vote(phones[0], session, 0, option=1)
    item = session.items.get(position=0)
    assert votes_on(item) == 6 and item.ballots.count() == 6
    live = leader.get(reverse("compass:training_live", args=[session.pk]))
    assert vote_counts(live) == [[4, 2, 0]]

    steer(leader, session, "reveal")
    assert (
        "Het gaat niet om de prijs"
        in phones[0].get(reverse("participate", args=[session.code])).content.decode()
    )
    late = Client()
    assert vote(late, session, 0).status_code == 400  # voting closed once the reflection is shown

    steer(leader, session, "next")
    session.refresh_from_db()
    assert session.position == 1 and not session.revealed
    for phone in phones:
        vote(phone, session, 1)
    steer(leader, session, "close")
    session.refresh_from_db()
    assert session.status == SessionStatus.CLOSED and session.held_on == today()
    assert phones[0].get(reverse("participate", args=[session.code])).status_code == 404

    page = leader.get(reverse("compass:training", args=[session.pk]))
    items = list(session.items.order_by("position"))
    titles = re.findall(r'<h3 lang="[^"]*">([^<]*)</h3>', page.content.decode())
    assert [unescape(title) for title in titles] == [i.dilemma.title_text for i in items]
    expected = [item_distribution(i, session.min_group) for i in items]
    assert all(d.shown for d in expected)
    assert vote_counts(page) == [[n for _o, n, _p in d.rows] for d in expected]
    assert vote_counts(page)[0] == [4, 2, 0]
    assert value_profile(page)[label_of("objectivity")][0] >= 4
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "compass.session_created",
        "compass.session_opened",
        "compass.session_closed",
    } <= actions
    assert not any("vote" in action for action in actions)


def test_no_row_holds_anything_that_identifies_a_participant() -> None:
    assert {f.name for f in Tally._meta.get_fields()} == {
        "id",
        "zone",
        "dilemma",
        "item",
        "option",
        "count",
        "texts",
    }
    assert {f.name for f in Ballot._meta.get_fields()} == {"id", "item", "key"}


def test_results_stay_hidden_below_the_smallest_group(personas) -> None:
    leader = sign_in(Client(), personas[Role.NETWORK])
    session = start(leader, prepare(leader, personas, min_group=5))
    phone = Client()
    vote(phone, session, 0)
    own = phone.get(reverse("participate", args=[session.code]))
    assert vote_counts(own) == [] and ">1 stem tot nu toe." in own.content.decode()
    live = leader.get(reverse("compass:training_live", args=[session.pk]))
    assert vote_counts(live) == [] and ">1 stem tot nu toe." in live.content.decode()


def test_an_own_option_counts_as_a_vote_and_shows_on_the_screen_when_asked(personas) -> None:
    leader = sign_in(Client(), personas[Role.COORDINATOR])
    session = start(leader, prepare(leader, personas))
    phone = Client()
    answer = vote(phone, session, 0, own="Ik betaal en zeg waarom")
    assert answer.status_code == 302
    vote(Client(), session, 0, own="Een andere mening")
    vote(Client(), session, 0, option=1)
    item = session.items.get(position=0)
    assert Tally.objects.get(item=item, option=None).count == 2
    steer(leader, session, "own")
    live = leader.get(reverse("compass:training_live", args=[session.pk]))
    # In alphabetical order, not in the order they were sent.
    assert "<ul><li>Een andere mening</li><li>Ik betaal en zeg waarom</li></ul>" in text(live)
    assert [n for _o, n, _p in item_distribution(item, 3).rows] == [0, 1, 0, 2]


def test_phones_poll_cheaply_and_see_the_facilitator_move_on(personas) -> None:
    leader = sign_in(Client(), personas[Role.COORDINATOR])
    session = start(leader, prepare(leader, personas))
    phone = Client()
    page = phone.get(reverse("participate", args=[session.code]))
    [fingerprint] = re.findall(r"hx-vals='{\"v\": \"([^\"]+)\"}'", page.content.decode())
    state = reverse("participate_state", args=[session.code])
    assert phone.get(state, {"v": fingerprint}).status_code == 204
    steer(leader, session, "next")
    moved = phone.get(state, {"v": fingerprint})
    assert moved.status_code == 200 and "Eén keer tanken" in moved.content.decode()
    steer(leader, session, "close")
    assert phone.get(state, {"v": fingerprint}).status_code == 286


def test_a_wrong_code_gets_a_clear_error(personas) -> None:
    answer = Client().post(reverse("join"), {"code": "12"})
    assert answer.status_code == 400 and has_error(answer, "code")
    answer = Client().post(reverse("join"), {"code": "000000"})
    assert answer.status_code == 400
    assert Client().get(reverse("participate", args=["abc"])).status_code == 404


def test_only_facilitators_run_sessions_and_only_their_own(personas) -> None:
    assert Client().get(reverse("compass:training_new")).status_code == 302
    for person in (personas.member, personas[Role.HR], personas[Role.ADMIN]):
        assert sign_in(Client(), person).get(reverse("compass:training_new")).status_code == 403
    leader = sign_in(Client(), personas[Role.COORDINATOR])
    session = prepare(leader, personas)
    for person in (personas[Role.HEAD_OF_SERVICE], personas[Role.INTEGRITY_OFFICER]):
        other = sign_in(Client(), person)
        assert other.get(reverse("compass:training", args=[session.pk])).status_code == 404
        assert (
            other.post(
                reverse("compass:training_steer", args=[session.pk]), {"action": "open"}
            ).status_code
            == 404
        )
    session.refresh_from_db()
    assert session.status == SessionStatus.PLANNED


def test_a_double_submit_prepares_one_session(personas) -> None:
    leader = sign_in(Client(), personas[Role.COORDINATOR])
    prepare(leader, personas)
    prepare(leader, personas)
    assert TrainingSession.objects.count() == 1


def test_the_smallest_group_cannot_go_below_the_zone_s_minimum(personas) -> None:
    leader = sign_in(Client(), personas[Role.COORDINATOR])
    answer = leader.post(
        reverse("compass:training_new"),
        {
            "token": "session-token-0000009",
            "title": "x",
            "mode": "live",
            "min_group": 2,
            "dilemmas": [Dilemma.objects.get(key="free-coffee").pk],
        },
    )
    assert answer.status_code == 200 and has_error(answer, "min_group")


def test_a_re_vote_30_days_later_compares_then_and_now(personas) -> None:
    CompassSettings.objects.create(zone=personas.zone, min_group=3)
    leader = sign_in(Client(), personas[Role.COORDINATOR])
    session = start(leader, prepare(leader, personas, "free-coffee", min_group=3))
    for _ in range(3):
        vote(Client(), session, 0, option=1)
    steer(leader, session, "close")
    leader.post(reverse("compass:training_steer", args=[session.pk]), {"action": "revote"})
    revote = TrainingSession.objects.get(revote_of=session)
    assert session.held_on and revote.planned_for == session.held_on + timedelta(days=30)
    assert [i.dilemma.key for i in revote.items.all()] == ["free-coffee"]
    revote = start(leader, revote)
    for _ in range(3):
        vote(Client(), revote, 0, option=0)
    steer(leader, revote, "close")
    page = text(leader.get(reverse("compass:training", args=[revote.pk])))
    before, after = vote_counts(page[page.index('<div class="columns-even">') :])
    assert before[:2] == [0, 3]
    assert after[:2] == [3, 0]
    # Asked without what the page already read, the comparison is the same.
    from kompas.compass.services import compare_revote

    [(_item, before_alone, after_alone)] = compare_revote(TrainingSession.objects.get(pk=revote.pk))
    assert [[n for _o, n, _p in d.rows] for d in (before_alone, after_alone)] == [before, after]


def test_sessions_per_service_show_which_teams_held_none(personas) -> None:
    leader = sign_in(Client(), personas[Role.COORDINATOR])
    session = start(leader, prepare(leader, personas))
    steer(leader, session, "close")
    rows = {r.name: r.count for r in sessions_per_service(personas.zone.pk, today().year)}
    assert rows == {"Interventie": 1, "Operaties": 0}
    url = reverse("compass:training_stats")
    page = sign_in(Client(), personas[Role.MTEAM]).get(url).content.decode()
    day = today().strftime("%d/%m/%Y")
    assert f"<tr><td>Interventie</td><td>1</td><td>{day}</td></tr>" in page
    assert '<tr class="late"><td>Operaties</td><td>0</td><td>—</td></tr>' in page
    assert "Geteld om" in page  # figures counted at most once every five minutes, saying when
    TrainingSession.objects.all().delete()
    again = sign_in(Client(), personas[Role.MTEAM]).get(url).content.decode()
    assert f"<tr><td>Interventie</td><td>1</td><td>{day}</td></tr>" in again
    from django.core.cache import cache

    cache.clear()  # five minutes later
    later = sign_in(Client(), personas[Role.MTEAM]).get(url).content.decode()
    assert '<tr class="late"><td>Interventie</td><td>0</td><td>—</td></tr>' in later
    assert sign_in(Client(), personas[Role.INTEGRITY_OFFICER]).get(url).status_code == 200
    assert sign_in(Client(), personas.member).get(url).status_code == 403


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_fifty_participants_vote_over_real_http(personas, live_server) -> None:
    """50 phones, each with its own cookies, join and vote through the real HTTP stack.

    On PostgreSQL they vote at the same time. The SQLite test database lives in memory behind one
    connection that the live server's threads share, so there they take turns (concurrency on
    SQLite is what `make drill-load` exercises)."""
    import http.cookiejar
    import urllib.parse
    import urllib.request
    from concurrent.futures import ThreadPoolExecutor

    # Set up directly: the facilitator's steps are audited, and the append-only audit log would
    # keep the flush after this transactional test from emptying the database.
    dilemma = Dilemma.objects.get(key="free-coffee")
    session = TrainingSession.objects.create(
        zone=personas.zone,
        facilitator=personas[Role.INTEGRITY_OFFICER],
        title="Themadag",
        status=SessionStatus.OPEN,
        code="424242",
        created_on=today(),
        held_on=today(),
        min_group=5,
    )
    item = SessionItem.objects.create(session=session, dilemma=dilemma, position=0)
    options = list(dilemma.options.order_by("position"))
    choices = [options[n % 3] for n in range(50)]  # 17 A, 17 B, 16 C

    def participant(option_pk: int) -> int:
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        base = live_server.url
        page = opener.open(f"{base}/t/{session.code}/", timeout=30).read().decode()
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert found
        token = found.group(1)
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "option": option_pk}).encode()
        request = urllib.request.Request(  # noqa: S310 - the live server
            f"{base}/t/{session.code}/vote/", data=body, headers={"Referer": f"{base}/t/"}
        )
        with opener.open(request, timeout=30) as answer:
            assert 'name="option"' not in answer.read().decode()  # back on the page, voted
            return answer.status

    workers = 1 if connection.vendor == "sqlite" else 25
    with ThreadPoolExecutor(max_workers=workers) as pool:
        statuses = list(pool.map(participant, [o.pk for o in choices]))
    assert statuses == [200] * 50
    result = item_distribution(item, session.min_group)
    assert result.total == 50
    assert [n for _o, n, _p in result.rows] == [17, 17, 16]
    assert (
        Ballot.objects.count() == 50
        and len(set(Ballot.objects.values_list("key", flat=True))) == 50
    )


def test_the_value_profile_leaves_out_dilemmas_with_too_few_voters(personas) -> None:
    leader = sign_in(Client(), personas[Role.COORDINATOR])
    session = start(leader, prepare(leader, personas, "free-coffee", "fuel-card", min_group=5))
    for _ in range(5):
        vote(Client(), session, 0, option=0)  # free-coffee A serves objectivity and reliability
    steer(leader, session, "next")
    vote(Client(), session, 1, option=2)  # one voter only: not counted
    steer(leader, session, "close")
    page = leader.get(reverse("compass:training", args=[session.pk]))
    served = value_profile(page)
    assert served[label_of("objectivity")] == (5, 0) and served[label_of("quality")] == (0, 0)


def test_a_service_name_is_escaped_in_the_sessions_per_service(personas) -> None:
    from kompas.testing import make_service

    make_service(personas.zone, name="<script>alert(1)</script>")
    page = sign_in(Client(), personas[Role.MTEAM]).get(reverse("compass:training_stats"))
    html = page.content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html
