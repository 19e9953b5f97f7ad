"""The records of processing: the data protection officer reads them (and the integrity officer
and the functional administrator), every look and every export audited; they are written from
the code, and tests fail when the code moves without them."""

from __future__ import annotations

import io

import pytest
from django.apps import apps
from django.db import models
from django.test import Client

from kompas.accounts.roles import Role
from kompas.audit.models import AuditEvent
from kompas.privacy import readers
from kompas.privacy.processings import PROCESSINGS, STORED
from kompas.testing import assert_written, sign_in

pytestmark = pytest.mark.django_db

URL = "/privacy/records/"


def test_an_anonymous_visitor_is_sent_to_sign_in(client: Client, personas) -> None:
    for query in ({}, {"format": "csv"}, {"format": "xlsx"}):
        answer = client.get(URL, query)
        assert answer.status_code == 302 and "/account/sign-in/" in answer["Location"]
    assert not AuditEvent.objects.filter(action__startswith="privacy.").exists()


@pytest.mark.parametrize("role", [Role.HR, Role.CHIEF, Role.OVERSIGHT, "member"])
def test_other_roles_are_refused_and_nothing_is_recorded(client: Client, personas, role) -> None:
    sign_in(client, personas.member if role == "member" else personas[role])
    for query in ({}, {"format": "csv"}):
        assert client.get(URL, query).status_code == 403
    assert not AuditEvent.objects.filter(action__startswith="privacy.").exists()


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_the_dpo_reads_the_records_in_their_language_and_the_look_is_audited(
    client: Client, personas, language: str
) -> None:
    from kompas.accounts.models import Person

    dpo = personas[Role.DPO]
    Person.objects.filter(pk=dpo.pk).update(language=language)
    sign_in(client, Person.objects.get(pk=dpo.pk))
    response = client.get(URL)
    assert response.status_code == 200
    html = assert_written(response.content.decode(), language, "None")
    heading = {
        "nl": "Register van verwerkingsactiviteiten",
        "fr": "Registre des activités de traitement",
        "en": "Records of processing",
    }[language]
    assert f"<h1>{heading}</h1>" in html
    for processing in PROCESSINGS:
        assert f'id="record-{processing.key}"' in html
    assert "reporting.report" in html and "content_box" in html  # tables and sealed fields
    event = AuditEvent.objects.get(action="privacy.records_viewed")
    assert (event.actor_id, event.actor_role) == (dpo.pk, "dpo")


def test_the_records_name_who_may_read_from_the_rules(client: Client, personas) -> None:
    from kompas.privacy.records import records

    found = records(personas.zone.pk, "en")
    accounts = next(r for r in found.records if r.processing.key == "accounts")
    audit = dict(accounts.readers)[
        "the audit log (without the events about cases, but for the integrity officer)"
    ]
    assert audit == "Integrity officer, Functional administrator, Data protection officer"
    reporting = next(r for r in found.records if r.processing.key == "reporting")
    case = dict(reporting.readers)["a case: the report, the conversation, notes, tasks and files"]
    assert case == "every member of staff: only the cases routed or shared to them"
    breach = next(route for route in reporting.routes if route.kind == "Possible integrity breach")
    assert breach.usual == "Internal oversight and integrity service"
    risks = next(r for r in found.records if r.processing.key == "risks")
    assert (
        "a risk analysis they lead",
        "Integrity officer; every member of staff: only the "
        "analyses they lead or of the services they head",
    ) in risks.readers


def test_the_records_export_as_csv_and_excel_each_audited(client: Client, personas) -> None:
    from openpyxl import load_workbook

    officer = personas[Role.INTEGRITY_OFFICER]
    sign_in(client, officer)
    csv = client.get(URL, {"format": "csv"})
    assert csv.status_code == 200
    assert csv["Content-Disposition"] == 'attachment; filename="records-of-processing.csv"'
    text = csv.content.decode("utf-8-sig")
    assert "Bewaring" in text or "Retention" in text
    xlsx = client.get(URL, {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == text.count("\n")
    assert {r[0] for r in rows[1:]} == {str(p.title) for p in PROCESSINGS} or len(rows) > 50
    formats = list(
        AuditEvent.objects.filter(action="privacy.records_exported")
        .order_by("seq")
        .values_list("detail__format", "actor_role")
    )
    assert formats == [("csv", "integrity_officer"), ("xlsx", "integrity_officer")]


def test_the_records_cost_the_same_queries_whatever_the_zone_holds(
    client: Client, personas, django_assert_max_num_queries
) -> None:
    from kompas.registers import configuration

    sign_in(client, personas[Role.DPO])
    client.get(URL)
    # 13: the zone's retention settings are read too (kompas.privacy.retention).
    with django_assert_max_num_queries(13) as before:
        client.get(URL)
    configuration.change_retention(
        by=personas[Role.INTEGRITY_OFFICER],
        values={"gift_years": 6, "conflict_years": 6, "side_activity_years": 6},
    )
    with django_assert_max_num_queries(len(before.captured_queries)):
        client.get(URL)


# --- The record follows the code ------------------------------------------------------------


def test_the_rules_read_back_from_their_names_decide_as_the_rules_do() -> None:
    """For every permission and every role (and none): the tree read from the rule's name, with
    no object (so the object's conditions false and the zone the own), answers what the rule
    itself answers. Otherwise the records would name the wrong readers."""
    from rules.permissions import permissions

    import kompas.permissions  # noqa: F401

    for name in permissions:
        rule = readers.rule_of(name)
        objects = dict.fromkeys(rule.atoms(), False) | {"same_zone": True}
        for actor in readers.ACTORS:
            person = readers.stand_in(actor)
            roles = frozenset(person.roles)
            assert rule.holds(roles, objects) == person.has_perm(name), (name, actor)


def test_every_permission_is_in_the_records_with_the_rule_they_were_checked_against() -> None:
    """A permission added, removed or changed fails here until `readers.READS` is looked at
    again: what does it let read now, and whose data? Then write its rule as printed below."""
    assert readers.drift() == [], "\n".join(readers.drift())


def test_a_rule_changed_without_the_records_following_is_caught(monkeypatch) -> None:
    import rules
    from rules.permissions import permissions

    changed = dict(permissions)
    changed["audit.view_log"] = rules.predicates.Predicate(lambda p: True, name="is_member")
    changed["privacy.new_look"] = rules.predicates.Predicate(lambda p: True, name="is_member")
    monkeypatch.setattr("rules.permissions.permissions", changed)
    found = readers.drift()
    assert any("audit.view_log" in line and "is_member" in line for line in found)
    assert any("privacy.new_look" in line for line in found)


def test_every_stored_model_is_in_the_records_and_every_sealed_field_named() -> None:
    labels = {model._meta.label_lower for model in apps.get_models()}
    assert sorted(labels - set(STORED)) == [], "name these models in processings.STORED"
    assert sorted(set(STORED) - labels) == [], "these models are gone from the code"
    for label, stored in STORED.items():
        model = apps.get_model(label)
        binary = {f.name for f in model._meta.concrete_fields if isinstance(f, models.BinaryField)}
        # Every encrypted (binary) field is named sealed or key material; every field named
        # sealed is one.
        assert binary <= set(stored.sealed) | set(stored.keys), label
        assert set(stored.sealed) <= binary, label
        assert bool(stored.sealed) == bool(stored.sealed_with), label
        assert set(stored.processings) <= {p.key for p in PROCESSINGS}, label


def test_a_rule_with_an_unknown_condition_is_refused_rather_than_misread() -> None:
    with pytest.raises(readers.UnknownRule):
        readers.parse("(is_member & knows_the_chief)")
    with pytest.raises(readers.UnknownRule):
        readers.parse("has_role_emperor")
    tree = readers.parse("((is_member & has_role_hr) & same_zone) & ~is_self")
    assert str(tree) == "(is_member & has_role_hr & same_zone & ~is_self)"


def test_a_rule_that_cannot_be_read_is_said_so_on_the_page(monkeypatch) -> None:
    import rules
    from rules.permissions import permissions

    changed = dict(permissions)
    changed["audit.view_log"] = rules.predicates.Predicate(lambda p: True, name="is_friend")
    monkeypatch.setattr("rules.permissions.permissions", changed)
    said = readers.who_may("audit.view_log").said()
    assert "kompas/permissions.py" in said
