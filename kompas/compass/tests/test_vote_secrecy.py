"""The attacker of a live vote holds every row of the database, the server key and one phone's
cookie (a phone left on a desk, a copy of the data folder). They can tell that the phone voted on
a dilemma, which is what stops a second vote, and never which option it chose: no row holds a
ballot and an option together, and the tallies' ids, order and (on PostgreSQL) transactions are
the same whichever option the phone chose."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from kompas.accounts.roles import Role
from kompas.compass import services
from kompas.compass.models import (
    Dilemma,
    DilemmaOption,
    SessionItem,
    SessionStatus,
    Tally,
    TrainingSession,
)
from kompas.compass.training_views import DEVICE_COOKIE
from kompas.lib.clock import today

# Transactions as in production (each vote its own), not savepoints in a test's transaction.
# The sessions are set up directly: the facilitator's steps are audited, and the append-only
# audit log would keep the flush after a transactional test from emptying the database.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def open_room(personas, code: str) -> TrainingSession:
    session = TrainingSession.objects.create(
        zone=personas.zone,
        facilitator=personas[Role.COORDINATOR],
        title="Teamvergadering",
        status=SessionStatus.OPEN,
        code=code,
        created_on=today(),
        held_on=today(),
        min_group=5,
    )
    item = SessionItem.objects.create(
        session=session, dilemma=Dilemma.objects.get(key="free-coffee"), position=0
    )
    services.make_tallies(session, [item])
    return session


def vote(session: TrainingSession, choice: int | str, phone: Client | None = None) -> Client:
    """A phone votes: a number chooses that option (A is 0), a text is an own option."""
    phone = phone or Client()
    phone.get(reverse("participate", args=[session.code]))
    item = session.items.get()
    data: dict[str, Any] = (
        {"own": choice}
        if isinstance(choice, str)
        else {"option": item.dilemma.options.get(position=choice).pk}
    )
    assert phone.post(reverse("participate_vote", args=[session.code]), data).status_code == 302
    return phone


def what_the_database_tells(session: TrainingSession, cookie: str) -> dict[str, list[Any]]:
    """Every row of every compass table about the session's dilemma, as the attacker reads it,
    written relative to the session so that two rooms can be compared: ids become their order,
    the phone's ballot is found with the server key, options become their letter, and on
    PostgreSQL each row's transaction (xmin) becomes the ballot written in the same one."""
    item = session.items.get()
    key = services.ballot_key(item, cookie)
    letters = {o.pk: o.letter for o in item.dilemma.options.all()}
    xmin = "xmin::text" if connection.vendor == "postgresql" else "NULL"
    rows: dict[str, list[dict[str, Any]]] = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            if not table.startswith("compass_"):
                continue
            names = [c.name for c in connection.introspection.get_table_description(cursor, table)]
            if "item_id" not in names:
                continue
            cursor.execute(
                f"SELECT {xmin} AS tx, * FROM {table} WHERE item_id = %s ORDER BY id",  # noqa: S608  # nosec B608
                [item.pk],
            )
            columns = [c[0] for c in cursor.description]
            rows[table] = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    ballots = {row["tx"]: n for n, row in enumerate(rows.get("compass_ballot", []))}
    told: dict[str, list[Any]] = {}
    for table, found in rows.items():
        told[table] = []
        for n, row in enumerate(found):
            row["id"] = n
            row["item_id"] = "the dilemma"
            if "option_id" in row:
                row["option_id"] = letters.get(row["option_id"], row["option_id"])
            if "key" in row:
                row["key"] = "the phone's" if row["key"] == key else "another phone's"
            row["tx"] = ballots.get(row["tx"], "no ballot's") if row["tx"] else None
            told[table].append(row)
    return told


# Two rooms where the phone and another swap their choices: (choices in voting order, the
# phone's turn, the other's turn). The phone votes first or last (the last vote is what a row's
# newest version would betray), for an option or an own option, or two own options swap.
SWAPS = [
    ([0, 1, 0, 2, 1], 0, 1),
    ([0, 1, 0, 2, 1], 4, 0),
    (["Ik betaal de koffie", 0, 1, "Ik weiger", 1], 0, 2),
    ([0, "Ik betaal de koffie", 2, 1, "Ik weiger"], 4, 3),
    (["Ik betaal de koffie", 0, "Ik weiger", 1, 0], 0, 2),
]


@pytest.mark.parametrize(("choices", "phone", "other"), SWAPS)
def test_the_rows_are_the_same_whichever_option_the_phone_chose(
    personas, choices, phone, other
) -> None:
    swapped = list(choices)
    swapped[phone], swapped[other] = choices[other], choices[phone]
    assert swapped[phone] != choices[phone]
    told = []
    for n, room_choices in enumerate((choices, swapped)):
        session = open_room(personas, code=f"42424{n}")
        phones = [vote(session, choice) for choice in room_choices]
        cookie = phones[phone].cookies[DEVICE_COOKIE].value
        told.append(what_the_database_tells(session, cookie))
    # What is known: that the phone voted on the dilemma (once), and how the room voted.
    for rows in told:
        assert [b["key"] for b in rows["compass_ballot"]].count("the phone's") == 1
        assert sum(t["count"] for t in rows["compass_tally"]) == len(choices)
    # The tallies hold no key, the ballots no option, and no other table holds either.
    assert set(told[0]) == {"compass_ballot", "compass_tally"}
    assert set(told[0]["compass_ballot"][0]) == {"tx", "id", "item_id", "key"}
    assert "key" not in told[0]["compass_tally"][0]
    # Nothing else tells the two rooms apart.
    assert told[0] == told[1]


def test_tallies_are_made_when_the_session_opens_in_option_order(personas) -> None:
    session = open_room(personas, code="424240")
    item = session.items.get()
    made = list(Tally.objects.filter(item=item).order_by("pk").values_list("option", "count"))
    assert made == [(o.pk, 0) for o in item.dilemma.options.all()] + [(None, 0)]
    vote(session, 2)
    vote(session, "Zelf betalen")
    after = list(Tally.objects.filter(item=item).order_by("pk").values_list("option", "count"))
    assert [pk for pk, _n in after] == [pk for pk, _n in made]
    assert [n for _pk, n in after] == [0, 0, 1, 1]


def test_a_phone_cannot_vote_twice_not_even_with_its_cookie_in_another_browser(personas) -> None:
    session = open_room(personas, code="424240")
    phone = vote(session, 0)
    vote(session, 1, phone=phone)
    copy = Client()
    copy.cookies[DEVICE_COOKIE] = phone.cookies[DEVICE_COOKIE].value
    vote(session, "Toch iets anders", phone=copy)
    item = session.items.get()
    assert services.votes_on(item) == 1 and item.ballots.count() == 1
    assert list(Tally.objects.filter(item=item, count__gt=0).values_list("option", flat=True)) == [
        item.dilemma.options.get(position=0).pk
    ]


def test_an_option_added_during_the_session_gets_its_tallies_at_once(personas) -> None:
    session = open_room(personas, code="424240")
    item = session.items.get()
    added = DilemmaOption.objects.create(
        dilemma=item.dilemma, position=3, text={"nl": "Iets anders"}, serves=["loyalty"]
    )
    vote(session, 3)
    vote(session, 1)
    tallies = Tally.objects.filter(item=item)
    assert tallies.count() == 5 and tallies.get(option=added).count == 1
    assert services.votes_on(item) == 2
