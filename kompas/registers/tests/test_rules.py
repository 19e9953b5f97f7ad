"""The registers' rules as data: the integrity officer changes thresholds, authorities, retention,
the wording of questions and checks, sensitive posts and suppliers; every change keeps history."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from kompas.accounts.models import Cadre
from kompas.accounts.roles import Role
from kompas.accounts.services import update_person
from kompas.audit.models import AuditEvent
from kompas.lib.clock import today
from kompas.registers.configuration import purge_expired_declarations
from kompas.registers.models import (
    GiftDeclaration,
    GiftRules,
    RetentionRules,
    SideActivityRules,
    SideActivityStatus,
    Supplier,
)
from kompas.registers.tests.pages import field_errors, html, linked, table_rows
from kompas.registers.tests.test_overview import (
    declare_gift,
    make_conflict_signal,
    make_side_activity,
)
from kompas.testing import make_person, sign_in

pytestmark = pytest.mark.django_db

PAGES: list[tuple[str, list[int]]] = [
    ("registers:rules", []),
    ("registers:wording", []),
    ("registers:sensitive_posts", []),
    ("registers:suppliers", []),
]


def test_only_the_integrity_officer_sees_the_rules_pages(personas) -> None:
    for name, args in PAGES:
        url = reverse(name, args=args)
        assert Client().get(url).status_code == 302
        for person in (
            personas.member,
            personas[Role.CHIEF],
            personas[Role.ADMIN],
            personas.outsider_admin,
        ):
            assert sign_in(Client(), person).get(url).status_code == 403, (name, person)
        assert sign_in(Client(), personas[Role.INTEGRITY_OFFICER]).get(url).status_code == 200


def test_a_new_threshold_is_in_force_and_the_old_rules_stay_readable(personas) -> None:
    officer = sign_in(Client(), personas[Role.INTEGRITY_OFFICER])
    url = reverse("registers:rules")
    answer = officer.post(
        url,
        {
            "which": "gifts",
            "gifts-value_threshold": "25",
            "gifts-recurring_count": "2",
            "gifts-values": ["objectivity", "reliability"],
        },
    )
    assert answer.status_code == 302
    assert GiftRules.current(personas.zone.pk).value_threshold == Decimal("25")
    officer.post(
        url,
        {
            "which": "gifts",
            "gifts-value_threshold": "40",
            "gifts-recurring_count": "3",
            "gifts-values": ["objectivity"],
        },
    )
    assert list(GiftRules.objects.values_list("value_threshold", flat=True)) == [
        Decimal("40"),
        Decimal("25"),
    ]
    # Both rules stay readable, newest first, the thresholds as the reader writes amounts.
    gift_rules = html(officer.get(url)).split('id="gift-rules"')[1].split("</section>")[0]
    assert [row[2] for row in table_rows(gift_rules)] == ["40,00", "25,00"]
    # 45 EUR is below the default 50 but above the new 40: the recommendation says so.
    declare_gift(personas.member, 1, "Garage Janssens", "45")
    assert "above_threshold" in GiftDeclaration.objects.get().recommendation_reasons
    assert AuditEvent.objects.filter(action="registers.gift_rules_changed").count() == 2
    # The value page names the rules that protect the value.
    member = sign_in(Client(), personas.member)
    rule_pages = [reverse("registers:gift_new"), reverse("registers:side_new")]

    def linked_rules(value: str) -> list[str]:
        page = html(member.get(reverse("compass:value", args=[value])))
        page = page.split('<main id="main"')[1].split("</main>")[0]  # not the menu's links
        return [link for link in re.findall(r'href="([^"]*)"', page) if link in rule_pages]

    assert linked_rules("objectivity") == rule_pages
    assert linked_rules("reliability") == []


def test_a_negative_threshold_gets_a_clear_error_and_changes_nothing(personas) -> None:
    officer = sign_in(Client(), personas[Role.INTEGRITY_OFFICER])
    answer = officer.post(
        reverse("registers:rules"),
        {"which": "gifts", "gifts-value_threshold": "-5", "gifts-recurring_count": "2"},
    )
    assert answer.status_code == 400 and "gifts-value_threshold" in field_errors(answer)
    answer = officer.post(
        reverse("registers:rules"),
        {
            "which": "retention",
            "retention-gift_years": "0",
            "retention-conflict_years": "5",
            "retention-side_activity_years": "5",
        },
    )
    assert answer.status_code == 400
    assert not GiftRules.objects.exists() and not RetentionRules.objects.exists()


def test_the_calog_cadre_can_be_asked_to_declare_side_activities(personas) -> None:
    calog = make_person(personas.zone, service=personas.team, cadre=Cadre.CALOG, first_name="Cas")
    client = sign_in(Client(), calog)
    with translation.override("nl"):  # the pages' language
        must = translation.gettext(
            "As a member of the operational cadre you must declare every side activity, paid or not."
        )
        may = translation.gettext(
            "You may declare a side activity; it protects you if questions come up later."
        )
    page = html(client.get(reverse("registers:mine")))
    assert may in page and must not in page
    officer = sign_in(Client(), personas[Role.INTEGRITY_OFFICER])
    officer.post(
        reverse("registers:rules"),
        {
            "which": "side",
            "side-authority_operational": "chief",
            "side-authority_calog": "head_of_service",
            "side-authority_chief": "mayor",
            "side-validity_months": "36",
            "side-calog_must_declare": "on",
            "side-values": ["objectivity", "quality"],
        },
    )
    rules = SideActivityRules.current(personas.zone.pk)
    assert rules.calog_must_declare and rules.validity_months == 36
    assert rules.values == ["objectivity", "quality"]  # kept too, not only offered
    assert rules.created_by == personas[Role.INTEGRITY_OFFICER]
    page = html(client.get(reverse("registers:mine")))
    assert must in page and may not in page


def test_the_zone_s_own_wording_of_a_question_shows_on_the_gift_form(personas) -> None:
    officer = sign_in(Client(), personas[Role.INTEGRITY_OFFICER])
    url = reverse("registers:wording")
    assert officer.get(url, {"key": "question:why"}).status_code == 200
    officer.post(
        url,
        {"key": "question:why", "nl": "Waarom kreeg jij dit, denk je?", "fr": "", "en": "Why you?"},
    )
    officer.post(url, {"key": "question:why", "nl": "Waarom kreeg je dit?", "fr": "", "en": ""})
    page = sign_in(Client(), personas.member).get(reverse("registers:gift_new")).content.decode()
    assert "Waarom kreeg je dit?" in page
    history = re.findall(
        r'<li translate="no">[^<]*?: ([^<]*)</li>', html(officer.get(url, {"key": "question:why"}))
    )
    assert history == [
        "Waarom kreeg je dit?",
        "Waarom kreeg jij dit, denk je?",
    ]
    assert officer.post(url, {"key": "question:nonsense", "nl": "x"}).status_code == 404
    answer = officer.post(url, {"key": "check:rest", "nl": "", "fr": "x"})
    assert answer.status_code == 200 and field_errors(answer) == {"nl"}


def test_a_move_to_a_sensitive_post_asks_to_renew_the_side_activity(
    personas, mailbox, django_capture_on_commit_callbacks
) -> None:
    officer = sign_in(Client(), personas[Role.INTEGRITY_OFFICER])
    officer.post(
        reverse("registers:sensitive_posts"),
        {"service": personas.service.pk, "functions": "informantenbeheer"},
    )
    personas.service.refresh_from_db()
    assert personas.service.sensitive_functions == "informantenbeheer"
    activity = make_side_activity(
        personas.member,
        "SK Heist",
        starts_on=today() - timedelta(days=100),
        status=SideActivityStatus.APPROVED,
        declared_on=today() - timedelta(days=100),
        valid_until=today() + timedelta(days=300),
    )
    with django_capture_on_commit_callbacks(execute=True):
        update_person(
            by=personas[Role.HR], person=personas.member, changes={"service": personas.service}
        )
    activity.refresh_from_db()
    assert activity.renewal_requested_on == today()
    assert "informantenbeheer" in activity.renewal_reason
    [mail] = mailbox.wait_for(1)
    assert mail["To"] == personas.member.email
    assert "/registers/side-activities/new/" in mail.get_payload(decode=True).decode()


def test_suppliers_show_up_in_the_cross_checks(personas) -> None:
    officer = sign_in(Client(), personas[Role.INTEGRITY_OFFICER])
    officer.post(
        reverse("registers:suppliers"),
        {"names": "Garage Janssens\nDrukkerij Goossens\ngarage  janssens"},
    )
    assert Supplier.objects.count() == 2
    declare_gift(personas.member, 1, "Garage Janssens", "20")
    make_conflict_signal(
        personas.member,
        personas[Role.COORDINATOR],
        "Zaakvoerder Drukkerij Goossens",
        task_kind="purchase",
        task="Offerte drukwerk",
    )
    from kompas.registers.crosscheck import patterns

    suppliers = {p.name: p for p in patterns(personas.zone.pk, today()) if p.kind == "supplier"}
    assert suppliers["Garage Janssens"].declaration_ids == [GiftDeclaration.objects.get().pk]
    assert len(suppliers["Drukkerij Goossens"].conflict_ids) == 1
    # The page lists both, with links to the declaration and the signal.
    page = officer.get(reverse("registers:overview"), {"register": "patterns"})
    assert {row[1] for row in table_rows(page)} == {"Garage Janssens", "Drukkerij Goossens"}
    assert linked(page, "registers:gift") == suppliers["Garage Janssens"].declaration_ids
    assert linked(page, "registers:conflict") == suppliers["Drukkerij Goossens"].conflict_ids
    supplier = Supplier.objects.get(name="Garage Janssens")
    assert (
        sign_in(Client(), personas.outsider_admin)
        .post(reverse("registers:supplier_remove", args=[supplier.pk]))
        .status_code
        == 403
    )
    officer.post(reverse("registers:supplier_remove", args=[supplier.pk]))
    assert not Supplier.objects.filter(pk=supplier.pk).exists()


def test_the_overview_covers_side_activities_and_conflicts_with_exports(personas) -> None:
    item = make_side_activity(
        personas.member, "Sportclub", activity="Lesgever", hours_per_week=Decimal("2")
    )
    make_conflict_signal(personas.member, personas[Role.COORDINATOR], "Mijn neef")
    officer = sign_in(Client(), personas[Role.INTEGRITY_OFFICER])
    url = reverse("registers:overview")
    side = officer.get(url, {"register": "side"})
    assert linked(side, "registers:side_activity") == [item.pk]
    assert "Lesgever" in html(side)
    approved = officer.get(url, {"register": "side", "status": "approved"})
    assert linked(approved, "registers:side_activity") == []
    conflicts = officer.get(url, {"register": "conflicts", "giver": "neef"})
    assert len(linked(conflicts, "registers:conflict")) == 1
    csv = officer.get(url, {"register": "conflicts", "export": "csv"}).content.decode("utf-8-sig")
    assert "PV 2026/77" in csv
    from openpyxl import load_workbook

    xlsx = officer.get(url, {"register": "side", "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [row[3] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["Lesgever"]
    assert AuditEvent.objects.filter(
        action="registers.overview_exported", object_type="registers.sideactivity"
    ).exists()


def test_the_daily_purge_deletes_declarations_past_their_retention(personas) -> None:
    declare_gift(personas.member, 1, "Oud", "10")
    declare_gift(personas.member, 2, "Recent", "10")
    old = GiftDeclaration.objects.get(giver_name="Oud")
    GiftDeclaration.objects.filter(pk=old.pk).update(
        declared_on=today() - timedelta(days=6 * 365), status="decided"
    )
    pending_old = GiftDeclaration.objects.get(giver_name="Recent")
    GiftDeclaration.objects.filter(pk=pending_old.pk).update(
        declared_on=today() - timedelta(days=6 * 365)
    )
    counts = purge_expired_declarations(on=today())
    assert counts["gifts"] == 1
    assert list(GiftDeclaration.objects.values_list("giver_name", flat=True)) == [
        "Recent"
    ]  # still pending
    event = AuditEvent.objects.get(action="registers.declarations_purged")
    assert event.detail["gifts"] == 1 and "Oud" not in str(event.detail)


def test_a_move_in_a_people_import_asks_to_renew_too(personas) -> None:
    from kompas.accounts.importing import import_people
    from kompas.accounts.models import Person
    from kompas.accounts.tests.test_import import GOOD

    hr = personas[Role.HR]
    assert import_people(by=hr, data=GOOD.encode()).ok
    an = Person.objects.get(staff_number="1002", zone=personas.zone)
    activity = make_side_activity(an, "SK", status=SideActivityStatus.APPROVED)
    moved = GOOD.replace(
        "1002;An;Maes;an.maes@pz.example;Operaties > Interventie;",
        "1002;An;Maes;an.maes@pz.example;Operaties > Verkeer;",
    )
    assert import_people(by=hr, data=moved.encode()).ok
    activity.refresh_from_db()
    assert activity.renewal_requested_on == today() and "Verkeer" in activity.renewal_reason


def test_the_same_rules_posted_twice_add_one_row(personas) -> None:
    officer = sign_in(Client(), personas[Role.INTEGRITY_OFFICER])
    data = {
        "which": "retention",
        "retention-gift_years": "4",
        "retention-conflict_years": "5",
        "retention-side_activity_years": "6",
    }
    officer.post(reverse("registers:rules"), data)
    officer.post(reverse("registers:rules"), data)
    assert RetentionRules.objects.count() == 1
    wording = {"key": "question:why", "nl": "Waarom?", "fr": "", "en": ""}
    officer.post(reverse("registers:wording"), wording)
    officer.post(reverse("registers:wording"), wording)
    from kompas.registers.models import Wording

    assert Wording.objects.count() == 1
