"""Writing the organisation (organisation:write) goes through HR's import: the same checks, all
or nothing, the same audit event with the token named; a bad payload changes nothing and says
which field."""

from __future__ import annotations

import pytest

from kompas.accounts.models import Person, Service
from kompas.api.models import ApiToken
from kompas.api.scopes import Scope
from kompas.api.tests.conftest import api_token, call
from kompas.audit.models import AuditEvent
from kompas.audit.services import verify_chain

pytestmark = pytest.mark.django_db


def person(**fields):
    return {
        "staff_number": "N0001",
        "first_name": "Nora",
        "last_name": "Nieuw",
        "email": "nora.nieuw@pz.example",
        "service": ["Operaties", "Verkeer"],
        "cadre": "calog",
        "status": "contractual",
        **fields,
    }


def _state():
    """Everything a write could change: people, services and the audit log but for calls."""
    return (
        list(Person.objects.order_by("pk").values()),
        list(Service.objects.order_by("pk").values()),
        list(AuditEvent.objects.exclude(action="api.called").values_list("seq", flat=True)),
    )


@pytest.fixture
def writer(personas) -> str:
    return api_token(personas.zone, Scope.WRITE_ORGANISATION)


def test_people_are_added_and_updated_as_the_import_does(personas, writer) -> None:
    leader = person(staff_number="N0002", first_name="Lea", email="lea@pz.example", leader="")
    answer = call("put", "/api/v1/people", writer, {"people": [person(leader="N0002"), leader]})
    assert answer.status_code == 200, answer.content
    assert answer.json() == {"created": 2, "updated": 0, "services_created": 1}
    nora = Person.objects.get(zone=personas.zone, staff_number="N0001")
    assert nora.service is not None and nora.leader is not None
    assert (nora.service.name, nora.service.parent, nora.leader.first_name) == (
        "Verkeer",
        personas.service,
        "Lea",
    )
    assert not nora.has_usable_password()
    token = ApiToken.objects.get()
    event = AuditEvent.objects.filter(action="accounts.people_imported").get()
    assert (event.actor_id, event.actor_role, event.zone_id) == (None, "api", personas.zone.pk)
    assert event.detail == {"created": 2, "updated": 0, "services_created": 1, "token": token.pk}
    # The same people again, one renamed: updated, nothing created.
    again = call("put", "/api/v1/people", writer, {"people": [person(last_name="Anders"), leader]})
    assert again.json() == {"created": 0, "updated": 2, "services_created": 0}
    nora.refresh_from_db()
    assert nora.last_name == "Anders" and nora.leader is None
    assert verify_chain().intact


@pytest.mark.parametrize(
    ("payload", "field", "words"),
    [
        ({"people": [person(nickname="No")]}, "people[0].nickname", "Unknown field"),
        ({"people": [person()], "mode": "replace"}, "mode", "Unknown field"),
        ({"people": [person(service=[{"name": "x"}])]}, "people[0].service[0]", "text"),
        ({"people": [person(email="geen-adres")]}, "people[0]", "not a valid e-mail"),
        ({"people": [person(cadre="general")]}, "people[0].cadre", "One of"),
        ({"people": [person(first_name="")]}, "people[0].first_name", "required"),
        ({"people": [person(last_name="x" * 101)]}, "people[0].last_name", "100"),
        ({"people": [person(first_name="Nul\x00")]}, "people[0].first_name", "NUL"),
        ({"people": [person(service=["Operaties > Verkeer"])]}, "people[0].service[0]", ">"),
        ({"people": [person(leader="N0001")]}, "people[0]", "cannot lead themselves"),
        ({"people": [person(leader="X9999")]}, "people[0]", "neither in the file nor"),
        ({"people": [person(), person(first_name="Twee")]}, "people[1]", "also stands"),
        ({"people": []}, "people", "At least 1"),
        ({}, "people", "required"),
    ],
)
def test_a_bad_payload_changes_nothing_and_names_the_field(
    personas, writer, payload, field, words
) -> None:
    before = _state()
    answer = call("put", "/api/v1/people", writer, payload, accept_language="en")
    assert answer.status_code == 422, answer.content
    body = answer.json()
    assert body["detail"] == "The request has errors: nothing was changed."
    assert any(e["field"] == field and words in e["message"] for e in body["errors"]), body
    assert _state() == before


def test_a_circle_of_leaders_is_refused_whole(personas, writer) -> None:
    circle = [
        person(leader="N0002"),
        person(staff_number="N0002", email="b@pz.example", leader="N0001"),
    ]
    before = _state()
    answer = call("put", "/api/v1/people", writer, {"people": circle}, accept_language="en")
    assert answer.status_code == 422
    assert {e["field"] for e in answer.json()["errors"]} == {"people[0]", "people[1]"}
    assert _state() == before


def test_an_address_of_another_zone_is_refused(personas, writer) -> None:
    taken = person(email=personas.outsider.email)
    answer = call("put", "/api/v1/people", writer, {"people": [taken]}, accept_language="en")
    assert answer.status_code == 422
    assert "belongs to someone else" in answer.json()["errors"][0]["message"]
    assert not Person.objects.filter(staff_number="N0001").exists()


def test_the_errors_speak_the_callers_language(personas, writer) -> None:
    payload = {"people": [person(nickname="x")]}
    for language, words in (("nl", "Onbekend veld"), ("fr", "Champ inconnu"), ("en", "Unknown")):
        answer = call("put", "/api/v1/people", writer, payload, accept_language=language)
        assert words in answer.json()["errors"][0]["message"], language
    # Without a choice: Dutch, the zone's language.
    assert "Onbekend veld" in call("put", "/api/v1/people", writer, payload).content.decode()


def test_services_are_added_by_path_and_never_twice(personas, writer) -> None:
    paths = {
        "services": [{"path": ["Operaties", "Wijk"]}, {"path": ["operaties", "Wijk", "Post Noord"]}]
    }
    answer = call("put", "/api/v1/services", writer, paths)
    assert answer.json() == {"services_created": 2}
    wijk = Service.objects.get(zone=personas.zone, name="Wijk")
    assert wijk.parent == personas.service
    assert Service.objects.get(name="Post Noord").parent == wijk
    assert call("put", "/api/v1/services", writer, paths).json() == {"services_created": 0}
    events = AuditEvent.objects.filter(action="accounts.services_imported")
    assert [e.detail for e in events] == [
        {"services_created": 2, "token": ApiToken.objects.get().pk}
    ]


def test_a_bad_service_path_changes_nothing(personas, writer) -> None:
    before = _state()
    payload: object
    for payload in (
        {"services": [{"path": []}]},
        {"services": [{"path": ["A"], "parent": 3}]},
        {"services": [{"path": ["x" * 201]}]},
        {"services": [{"path": ["A"]}], "extra": True},
        "not json",
        [],
    ):
        answer = call("put", "/api/v1/services", writer, payload)
        assert answer.status_code in (400, 422), (payload, answer.content)
        assert set(answer.json()) == {"detail", "errors"}
    assert _state() == before


def test_a_body_larger_than_five_megabytes_is_refused_unread(personas, writer) -> None:
    huge = '{"people": [' + ",".join(['{"staff_number": "' + "9" * 30 + '"}'] * 120_000) + "]}"
    assert len(huge) > 5 * 1024 * 1024
    before = _state()
    answer = call("put", "/api/v1/people", writer, huge)
    assert answer.status_code == 413
    assert _state() == before
