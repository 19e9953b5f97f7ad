"""The presenter view of a live session (issue 22, point 4): what the projector shows, for the
session's leader alone, with no menu, no name and no sign-out, and no more about the votes than
the control page shows; the leader's keys and control page steer it."""

from __future__ import annotations

import re
from itertools import count as numbers
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kompas.accounts.roles import Role
from kompas.compass import services
from kompas.compass.models import Dilemma, Mode, SessionStatus, TrainingSession
from kompas.compass.tests.test_pages import assert_clean
from kompas.compass.training_views import PRESENTER_KEYS
from kompas.reporting.tests.test_page_translations import assert_translated
from kompas.testing import sign_in

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
_phones = numbers()


def running(personas, *keys: str, min_group: int = 5) -> TrainingSession:
    """A session of the team's coordinator, started, on these dilemmas."""
    leader = personas[Role.COORDINATOR]
    session, _ = services.create_session(
        facilitator=leader,
        title="Briefing",
        mode=Mode.LIVE,
        dilemmas=[Dilemma.objects.get(key=k) for k in keys or ("fuel-card", "free-coffee")],
        service_id=personas.team.pk,
        min_group=min_group,
        token=f"presenter-token-{TrainingSession.objects.count():04d}",
    )
    return services.open_session(session=session, by=leader)


def votes(session: TrainingSession, *positions: int, own: str = "") -> None:
    """One phone per vote, on the option at each of ``positions`` of the current dilemma."""
    item = services.current_item(session)
    assert item is not None
    options = list(item.dilemma.options.order_by("position"))
    for position in positions:
        assert services.cast_vote(
            session=session, device=f"phone-{next(_phones)}", option_id=options[position].pk
        )
    if own:
        assert services.cast_vote(
            session=session, device=f"phone-{next(_phones)}", option_id=None, own_text=own
        )


def urls(session: TrainingSession) -> dict[str, str]:
    return {
        "present": reverse("compass:training_present", args=[session.pk]),
        "live": reverse("compass:training_present_live", args=[session.pk]),
        "steer": reverse("compass:training_steer", args=[session.pk]),
        "control": reverse("compass:training_screen", args=[session.pk]),
    }


def fingerprint(html: str) -> str:
    [found] = re.findall(r"hx-vals='{\"v\": \"([^\"]+)\"}'", html)
    return found


def bars(html: str) -> list[tuple[str, str]]:
    """(option text, "percent% (count)") of every bar shown."""
    return re.findall(
        r'class="stage-option-text"[^>]*>([^<]*)</span>\s*<span class="stage-bar">.*?'
        r'class="stage-percent">([^<]*)</span>',
        html,
        flags=re.S,
    )


def test_only_the_session_s_leader_opens_the_presenter_view(personas) -> None:
    session = running(personas)
    for name, url in urls(session).items():
        answer = Client().post(url) if name == "steer" else Client().get(url)
        assert answer.status_code == 302 and "/account/sign-in/" in answer["Location"]
    # Roles that run no sessions are refused; those that do, but not this one, find nothing.
    for person in (personas.member, personas[Role.HR], personas[Role.ADMIN], personas.outsider):
        client = sign_in(Client(), person)
        assert client.get(urls(session)["present"]).status_code == 403
        assert client.get(urls(session)["live"]).status_code == 403
    for person in (
        personas[Role.HEAD_OF_SERVICE],
        personas[Role.INTEGRITY_OFFICER],
        personas[Role.NETWORK],
        personas[Role.CHIEF],
    ):
        client = sign_in(Client(), person)
        for name in ("present", "live"):
            assert client.get(urls(session)[name]).status_code == 404, (person, name)
        answer = client.post(urls(session)["steer"], {"action": "next", "view": "presenter"})
        assert answer.status_code == 404
    session.refresh_from_db()
    assert session.position == 0
    leader = sign_in(Client(), personas[Role.COORDINATOR])
    assert leader.get(urls(session)["present"]).status_code == 200
    assert leader.get(urls(session)["live"]).status_code == 200


def test_the_presenter_view_shows_the_question_in_full_and_nothing_of_the_app(personas) -> None:
    session = running(personas)
    leader_person = personas[Role.COORDINATOR]
    leader = sign_in(Client(), leader_person)
    html = assert_clean(leader.get(urls(session)["present"]), "presenter")
    item = services.current_item(session)
    assert item is not None
    # No menu, no name, no sign-out: nothing but the slide.
    assert leader_person.full_name not in html and leader_person.email not in html
    assert 'class="site-header"' not in html and "<nav" not in html and "<footer" not in html
    assert reverse("accounts:logout") not in html and "Afmelden" not in html
    # The question, every option in full, the code and the QR code to join.
    assert item.dilemma.title_text in html
    for option in item.dilemma.options.all():
        assert f">{option.text_value}</span>" in html.replace("&#39;", "'")
    assert f"{session.code[:3]} {session.code[3:]}" in html
    assert 'src="data:image/svg+xml' in html and 'alt="QR-code' in html
    assert f"{settings.SITE_URL.split('://')[-1]}/t" in html
    # Its own stylesheet and script, nothing inline (the CSP allows neither).
    assert "compass/presenter.css" in html and "compass/presenter.js" in html
    assert "<style" not in html and " style=" not in html
    assert re.findall(r"<script(?![^>]*\bsrc=)", html) == []


def test_the_bars_show_from_the_smallest_group_and_no_sooner(personas) -> None:
    session = running(personas, min_group=5)
    leader = sign_in(Client(), personas[Role.COORDINATOR])
    votes(session, 0, 0, 0, 1)
    html = leader.get(urls(session)["present"]).content.decode()
    # Four votes: the count, not which option they went to.
    assert bars(html) == [] and "stage-percent" not in html and "75%" not in html
    assert "4 stemmen" in html and "Resultaten verschijnen vanaf 5 stemmen." in html
    votes(session, 2)
    html = leader.get(urls(session)["present"]).content.decode()
    item = services.current_item(session)
    assert item is not None
    texts = [o.text_value for o in item.dilemma.options.order_by("position")]
    assert bars(html.replace("&#39;", "'")) == [
        (texts[0], "60% (3)"),
        (texts[1], "20% (1)"),
        (texts[2], "20% (1)"),
    ]
    assert "5 stemmen" in html and "Resultaten verschijnen" not in html
    # The presenter view says what the control page says, no more: the same count, the same
    # fingerprint (session version and number of votes), nothing that dates a vote.
    control = leader.get(urls(session)["control"]).content.decode()
    assert fingerprint(html) == fingerprint(control) == f"{session.version}-5"
    assert "60% (3)" in control


def test_own_options_show_in_alphabetical_order_only_when_the_leader_asks(personas) -> None:
    session = running(personas, min_group=3)
    leader = sign_in(Client(), personas[Role.COORDINATOR])
    votes(session, 0, 1, 2, own="Zelf het gesprek aangaan")
    votes(session, own="Advies vragen")  # five votes: the smallest group
    html = leader.get(urls(session)["present"]).content.decode()
    assert "Zelf het gesprek" not in html and "Advies vragen" not in html
    assert ">Eigen optie</span>" in html  # counted among the bars, without its text
    answer = leader.post(
        urls(session)["steer"], {"action": "own", "view": "presenter"}, headers=HTMX
    )
    html = assert_clean(answer, "own options")
    assert '<ul class="stage-own"><li>Advies vragen</li><li>Zelf het gesprek aangaan</li></ul>' in (
        html
    )
    assert "stage-situation" not in html  # the room discusses the options now


def test_the_leader_s_keys_steer_the_room_and_the_view_answers_in_place(personas) -> None:
    session = running(personas)
    leader = sign_in(Client(), personas[Role.COORDINATOR])
    page = leader.get(urls(session)["present"]).content.decode()
    print_ = fingerprint(page)
    live = urls(session)["live"]
    assert leader.get(live, {"v": print_}).status_code == 204  # nothing changed
    votes(session, 0)
    assert leader.get(live, {"v": print_}).status_code == 200  # a vote: redrawn

    def step(action: str) -> str:
        answer = leader.post(
            urls(session)["steer"], {"action": action, "view": "presenter"}, headers=HTMX
        )
        html = assert_clean(answer, action)
        assert html.lstrip().startswith('<div id="stage"') and "<html" not in html, action
        return html

    html = step("reveal")
    assert "<h2>Reflectie</h2>" in html and "De stemming is gesloten." in html
    assert 'id="key-reveal" name="action" value="reveal"' in html and "disabled" in html
    html = step("next")
    # The answer shows the new state at once (not the one before the step).
    assert Dilemma.objects.get(key="free-coffee").title_text in html
    assert "Dilemma 2 van 2" in html and "Reflectie" not in html
    html = step("lecture")
    assert "Lezingmodus" in html and "stage-situation" not in html
    assert 'aria-pressed="true">Lezingmodus' in html
    session.refresh_from_db()
    assert session.mode == Mode.LECTURE
    control = leader.get(urls(session)["control"]).content.decode()
    assert 'value="lecture" class="secondary" aria-pressed="true"' in control
    html = step("lecture")
    assert "stage-situation" in html
    html = step("previous")
    assert "Dilemma 1 van 2" in html
    # Without JavaScript a button still works, and comes back to the presenter view.
    answer = leader.post(urls(session)["steer"], {"action": "next", "view": "presenter"})
    assert answer.status_code == 302 and answer["Location"] == urls(session)["present"]
    # Ending: the room sees that it has ended, the view stops polling, the phones too.
    html = step("close")
    assert "Deze sessie is afgelopen" in html and "hx-trigger" not in html
    assert reverse("compass:training", args=[session.pk]) in html
    session.refresh_from_db()
    assert session.status == SessionStatus.CLOSED
    ended = leader.get(live, {"v": print_})
    assert ended.status_code == 286 and "Deze sessie is afgelopen" in ended.content.decode()
    again = assert_clean(leader.get(urls(session)["present"]), "presenter ended")
    assert "Deze sessie is afgelopen" in again and session.code not in again
    assert leader.get(urls(session)["control"]).status_code == 302
    # The control page (on the leader's phone, say) moves on to the results.
    polled = leader.get(reverse("compass:training_live", args=[session.pk]), {"v": print_})
    assert polled.status_code == 286
    assert polled["HX-Redirect"] == reverse("compass:training", args=[session.pk])


def test_a_session_not_yet_started_opens_on_its_own_page(personas) -> None:
    leader_person = personas[Role.COORDINATOR]
    session, _ = services.create_session(
        facilitator=leader_person,
        title="Later",
        mode=Mode.LIVE,
        dilemmas=[Dilemma.objects.get(key="free-coffee")],
        service_id=None,
        min_group=5,
        token="presenter-token-planned",
    )
    leader = sign_in(Client(), leader_person)
    answer = leader.get(urls(session)["present"])
    assert answer.status_code == 302
    assert answer["Location"] == reverse("compass:training", args=[session.pk])


def test_the_control_page_lists_the_keys_the_presenter_view_knows(personas) -> None:
    """Every key the control page names does what it says in presenter.js, and presenter.js
    knows no key the page leaves out."""
    script = (
        Path(__file__).resolve().parents[1] / "static" / "compass" / "presenter.js"
    ).read_text()
    block = re.search(r"const KEYS = \{(.*?)\};", script, flags=re.S)
    assert block is not None
    in_script = dict(re.findall(r'(\w+): "(\w+)"', block.group(1)))
    names = {"→": "ArrowRight", "←": "ArrowLeft", "Page Down": "PageDown", "Page Up": "PageUp"}
    documented = {
        names.get(key, key.lower()): action
        for action, keys, _what in PRESENTER_KEYS
        for key in keys
    }
    assert documented == in_script
    session = running(personas)
    leader = sign_in(Client(), personas[Role.COORDINATOR])
    html = leader.get(urls(session)["control"]).content.decode()
    assert "Toetsen in de presentatieweergave" in html
    assert urls(session)["present"] in html
    for action, keys, what in PRESENTER_KEYS:
        assert all(f"<kbd>{key}</kbd>" in html for key in keys), action
        assert str(what) in html
        if action != "fullscreen":
            assert (
                f'data-action="{action}"' in leader.get(urls(session)["present"]).content.decode()
            )


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_presenter_view_is_translated(personas, language) -> None:
    session = running(personas, min_group=3)
    person = personas[Role.COORDINATOR]
    person.language = language
    person.save()
    leader = sign_in(Client(), person)
    votes(session, 0, 1, 2, own="x")
    for action in ("", "own", "reveal", "lecture", "next", "close"):
        if action:
            html = leader.post(
                urls(session)["steer"], {"action": action, "view": "presenter"}, headers=HTMX
            ).content.decode()
            assert_translated(html, language, f"presenter after {action}")
        if action != "close":
            for name in ("present", "control"):
                page = leader.get(urls(session)[name]).content.decode()
                assert_translated(page, language, f"{name} after {action}")
    assert_translated(leader.get(urls(session)["present"]).content.decode(), language, "ended")


def test_the_presenter_view_s_queries_do_not_grow_with_the_votes(personas) -> None:
    session = running(personas, min_group=3)
    leader = sign_in(Client(), personas[Role.COORDINATOR])

    def count(url: str, **params: str) -> int:
        leader.get(url, params)
        with CaptureQueriesContext(connection) as queries:
            answer = leader.get(url, params)
        assert answer.status_code == 200, url
        return len(queries)

    services.steer_session(session=session, by=personas[Role.COORDINATOR], action="own")
    session.refresh_from_db()
    few = (count(urls(session)["present"]), count(urls(session)["live"]))
    votes(session, *([0, 1, 2] * 10), own="Een eigen optie")
    votes(session, own="Nog een")
    many = (count(urls(session)["present"]), count(urls(session)["live"]))
    assert few == many


def test_the_polls_of_a_running_session_do_not_keep_a_sensitive_leader_signed_in(
    personas, monkeypatch
) -> None:
    """The presenter view and the control page ask every second: were each answer to slide the
    short idle timeout of a sensitive role (an integrity officer leading the session), a laptop
    left on the projector would stay signed in for good."""
    import time
    from datetime import datetime

    from django.contrib.sessions.models import Session

    from kompas.accounts.models import RoleAssignment

    session = running(personas)
    leader = personas[Role.COORDINATOR]
    RoleAssignment.objects.create(person=leader, role=Role.HR)  # now a sensitive role
    client = sign_in(Client(), leader, verified=True)
    client.get(urls(session)["present"])
    key = client.session.session_key

    def expires() -> datetime:
        return Session.objects.get(session_key=key).expire_date

    first = expires()
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 61)
    for poll in (urls(session)["live"], reverse("compass:training_live", args=[session.pk])):
        assert client.get(poll, headers=HTMX).status_code == 200
    assert expires() == first
    client.get(urls(session)["present"])  # the leader's own page does move it
    assert expires() > first
