"""The integrity officer's overview: filters, CSV and XLSX exports, and nobody else."""

from __future__ import annotations

import io
import itertools
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from kompas.accounts.roles import Role
from kompas.audit.models import AuditEvent
from kompas.lib.clock import today
from kompas.registers.models import ConflictSignal, GiftDeclaration, SideActivity
from kompas.registers.services import declare
from kompas.registers.tests.pages import field_errors, linked, table_rows
from kompas.testing import sign_in

pytestmark = pytest.mark.django_db
_tokens = itertools.count(1)


def make_side_activity(person, organisation: str, **fields) -> SideActivity:
    """A side activity of ``person``, declared today (pending) unless ``fields`` say otherwise."""
    values = {
        "zone_id": person.zone_id,
        "person": person,
        "activity": "Steward",
        "organisation": organisation,
        "organisation_key": organisation.lower(),
        "hours_per_week": Decimal("4"),
        "starts_on": today(),
        "checks": {},
        "declared_on": today(),
        "submission_token": f"side-token-{next(_tokens):08d}",
        **fields,
    }
    return SideActivity.objects.create(**values)


def make_conflict_signal(person, leader, people: str, **fields) -> ConflictSignal:
    """A conflict of interest ``person`` signalled to ``leader`` today, about ``people``."""
    values = {
        "zone_id": person.zone_id,
        "person": person,
        "leader": leader,
        "task_kind": "case",
        "task": "PV 2026/77",
        "relation": "private",
        "people": people,
        "occurred_on": today(),
        "signalled_on": today(),
        "submission_token": f"conflict-token-{next(_tokens):08d}",
        **fields,
    }
    return ConflictSignal.objects.create(**values)


def declare_gift(person, n: int, giver: str, value: str) -> None:
    declare(
        person=person,
        token=f"overview-token-{n:06d}",
        data={
            "kind": "gift",
            "description": f"Geschenk {n}",
            "giver_name": giver,
            "giver_type": "organisation",
            "giver_in_file": False,
            "is_cash": False,
            "perishable": False,
            "value": Decimal(value),
            "given_on": today(),
            "context": "",
            "offered_only": False,
            "answers": {},
        },
    )


@pytest.fixture
def declared(personas):
    declare_gift(personas.member, 1, "Garage Janssens", "20")
    declare_gift(personas.member, 2, '=HYPERLINK("http://evil")', "300")
    declare_gift(personas[Role.HR], 3, "Bakkerij Peeters", "8")
    return personas


def test_the_integrity_officer_filters_and_exports(client: Client, declared) -> None:
    declare_gift(declared.outsider, 4, "Elders BV", "5")  # another zone's: never in this one
    sign_in(client, declared[Role.INTEGRITY_OFFICER])
    url = reverse("registers:overview")
    assert len(linked(client.get(url), "registers:gift")) == 3
    assert "Elders BV" not in client.get(url).content.decode()
    assert len(linked(client.get(url, {"giver": "garage"}), "registers:gift")) == 1
    assert len(linked(client.get(url, {"minimum": "100"}), "registers:gift")) == 1

    csv = client.get(url, {"export": "csv", "giver": "bakkerij"})
    text = csv.content.decode("utf-8-sig")
    assert "Bakkerij Peeters" in text and "Garage" not in text

    from openpyxl import load_workbook

    xlsx = client.get(url, {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    givers = [row[5] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert '\'=HYPERLINK("http://evil")' in givers  # never a live formula
    exports = AuditEvent.objects.filter(action="registers.overview_exported")
    assert exports.count() == 2


def test_the_officer_filters_by_part_of_a_service_name_on_the_page_and_in_the_export(
    client: Client, declared
) -> None:
    """The service filter is a part of a name, in any case ("interv" finds "Interventie"): the
    services of the zone so named, not a list of every service (a zone may have a thousand). A
    name no service of the zone has finds nothing, another zone's services included."""
    from kompas.testing import make_service

    make_service(declared.outsider.zone, "Fietsbrigade")
    sign_in(client, declared[Role.INTEGRITY_OFFICER])
    url = reverse("registers:overview")

    def form(**query: str) -> str:
        """The page's filter form."""
        text = client.get(url, query).content.decode()
        return text.split('<form method="get"', 1)[1].split("</form>", 1)[0]

    # Nothing filtered, every officer gets the same blank form (kept a few minutes); the side
    # activities' form has no decision; a filtered page writes its form with what was asked.
    blank = form()
    assert blank == form() and 'name="service"' in blank
    assert "<option" not in blank.split('name="service"')[1][:200]
    assert 'name="service"' in form(register="side")
    assert 'name="decision"' not in form(register="side")
    assert 'value="garage"' in form(giver="garage")
    # Mila (the member) is in Interventie; the HR officer's declaration is elsewhere.
    found = client.get(url, {"service": "INTERV"})
    assert len(linked(found, "registers:gift")) == 2
    assert 'value="INTERV"' in found.content.decode()  # the filter stays as it was asked
    assert len(linked(client.get(url, {"service": "fietsbrigade"}), "registers:gift")) == 0
    exported = client.get(url, {"service": "interv", "export": "csv"})
    text = exported.content.decode("utf-8-sig")
    assert "Garage Janssens" in text and "Bakkerij Peeters" not in text


def test_the_page_leaves_who_decided_and_when_to_the_export(client: Client, declared) -> None:
    """The page's rows read at a glance (nine columns); who decided and when, and the weighing
    answers, are on the declaration's own page and in the exports."""
    sign_in(client, declared[Role.INTEGRITY_OFFICER])
    url = reverse("registers:overview")
    page = client.get(url).content.decode()
    assert "Beslist door" not in page and "Beslist op" not in page
    text = client.get(url, {"export": "csv"}).content.decode("utf-8-sig")
    head = text.splitlines()[0].split(";")
    assert head[8:11] == ["Beslissing", "Beslist door", "Beslist op"]


def test_a_period_that_ends_before_it_starts_is_refused(client: Client, declared) -> None:
    sign_in(client, declared[Role.INTEGRITY_OFFICER])
    response = client.get(
        reverse("registers:overview"), {"start": "2026-05-01", "end": "2026-04-01"}
    )
    assert "end" in field_errors(response)


@pytest.mark.parametrize("role", [Role.HR, Role.HEAD_OF_SERVICE, Role.ADMIN, Role.OVERSIGHT])
def test_nobody_else_sees_the_overview(client: Client, declared, role) -> None:
    sign_in(client, declared[role])
    assert client.get(reverse("registers:overview")).status_code == 403
    for tab in ("gifts", "side", "conflicts", "yearly", "patterns"):
        assert client.get(reverse("registers:overview"), {"register": tab}).status_code == 403


def tabs_of(response) -> list[tuple[str, bool]]:
    """The overview's tabs as (address, is it the one shown)."""
    found = []
    nav = response.content.decode().split('<ul class="tabs">')[1].split("</ul>")[0]
    for item in nav.split("<li>")[1:]:
        href = item.split('href="')[1].split('"')[0]
        found.append((href, 'aria-current="page"' in item))
    return found


def test_the_overview_is_one_page_with_a_tab_per_view_of_the_registers(
    client: Client, declared
) -> None:
    officer, mteam = declared[Role.INTEGRITY_OFFICER], declared[Role.MTEAM]
    url = reverse("registers:overview")
    # The integrity officer opens on the gifts; the counts per year are the M-team's.
    sign_in(client, officer)
    response = client.get(url)
    assert tabs_of(response) == [
        ("?register=gifts", True),
        ("?register=side", False),
        ("?register=conflicts", False),
        ("?register=patterns", False),
    ]
    assert len(linked(response, "registers:gift")) == 3
    side = client.get(url, {"register": "side"})
    assert ("?register=side", True) in tabs_of(side)
    assert "<h2>Nevenactiviteiten</h2>" in side.content.decode()
    assert client.get(url, {"register": "yearly"}).status_code == 403
    # Only the tab asked for is worked out: the patterns' page reads no declaration list.
    patterns = client.get(url, {"register": "patterns"}).content.decode()
    assert "Geschenk 1" not in patterns and "Patronen over de registers" in patterns
    # The M-team member (and the chief) see only the counts per service and year.
    for who in (mteam, declared[Role.CHIEF]):
        sign_in(client, who)
        response = client.get(url)
        assert tabs_of(response) == [("?register=yearly", True)]
        assert "Geschenk 1" not in response.content.decode()
        for tab in ("gifts", "side", "conflicts", "patterns"):
            assert client.get(url, {"register": tab}).status_code == 403
    # Someone holding both roles sees every tab; an unknown tab opens the first.
    from kompas.accounts.models import RoleAssignment

    RoleAssignment.objects.create(person=officer, role=Role.MTEAM)
    sign_in(client, officer)
    assert [tab for tab, _current in tabs_of(client.get(url, {"register": "nonsense"}))] == [
        "?register=gifts",
        "?register=side",
        "?register=conflicts",
        "?register=yearly",
        "?register=patterns",
    ]
    assert tabs_of(client.get(url, {"register": "nonsense"}))[0] == ("?register=gifts", True)


def test_the_former_addresses_send_to_their_tab(client: Client, declared) -> None:
    sign_in(client, declared[Role.MTEAM])
    response = client.get(reverse("registers:yearly"), {"year": "2025"})
    assert response.status_code == 302
    assert response["Location"] == reverse("registers:overview") + "?register=yearly&year=2025"
    # Refused as the tab is: the former address tells an outsider nothing more.
    assert client.get(reverse("registers:cross_checks")).status_code == 403
    sign_in(client, declared[Role.INTEGRITY_OFFICER])
    response = client.get(reverse("registers:cross_checks"))
    assert response["Location"] == reverse("registers:overview") + "?register=patterns"
    assert client.get(reverse("registers:yearly")).status_code == 403
    client.logout()
    response = client.get(reverse("registers:yearly"))
    assert response.status_code == 302 and "sign-in" in response["Location"]


def test_patterns_across_the_registers_show_recurring_givers_and_employers(
    client: Client, declared
) -> None:
    for n in range(4, 7):
        declare_gift(declared.member, n, "Garage Janssens", "10")
    make_side_activity(
        declared[Role.HR], "Garage Janssens", activity="Boekhouding", hours_per_week=Decimal("2")
    )
    sign_in(client, declared[Role.INTEGRITY_OFFICER])
    page = client.get(reverse("registers:overview"), {"register": "patterns"})
    from kompas.registers.crosscheck import patterns

    found = patterns(declared.zone.pk, today())
    kinds = {(p.kind, p.count) for p in found}
    # The page shows each pattern: who or what, and how many declarations.
    shown = {(row[1], row[2].split(":")[0]) for row in table_rows(page)}
    assert shown == {(p.name, str(p.count)) for p in found}
    assert ("recurring_giver", 4) in kinds
    assert ("member_cluster", 4) in kinds
    assert ("giver_and_employer", 4) in kinds
    sign_in(client, declared[Role.HR])
    assert client.get(reverse("registers:overview"), {"register": "patterns"}).status_code == 403


def test_the_m_team_sees_counts_per_service_and_never_names(client: Client, declared) -> None:
    for n in range(10, 16):
        declare_gift(declared.member, n, "Bakker", "5")
    sign_in(client, declared[Role.MTEAM])
    response = client.get(reverse("registers:overview"), {"register": "yearly"})
    # service, declared, refused, returned or donated, side activities, conflicts
    operations = next(r for r in table_rows(response) if r[0] == "Operaties")
    assert operations[1] == "9"  # the member's 8 and HR's 1, in Operaties
    assert operations[3] in ("0", "< 5")
    page = response.content.decode()
    assert declared.member.last_name not in page
    ids = list(GiftDeclaration.objects.filter(person=declared.member).values_list("pk", flat=True))
    GiftDeclaration.objects.filter(pk__in=ids[:6]).update(offered_only=True)
    GiftDeclaration.objects.filter(pk__in=ids[:5]).update(decision="return")
    cache.clear()  # the figures are counted again after five minutes; here at once
    rows = table_rows(client.get(reverse("registers:overview"), {"register": "yearly"}))
    operations = next(r for r in rows if r[0] == "Operaties")
    assert (operations[2], operations[3]) == ("6", "5")
    sign_in(client, declared[Role.HR])
    assert client.get(reverse("registers:overview"), {"register": "yearly"}).status_code == 403


def test_a_control_character_in_a_declaration_never_breaks_an_export(
    client: Client, declared
) -> None:
    # A member pasted text with an escape character (\x1b) into their declaration: XLSX cannot
    # hold it, and every export of the register failed for everyone.
    declare_gift(declared.member, 5, "Drukkerij\x1b Claes\x07", "12")
    sign_in(client, declared[Role.INTEGRITY_OFFICER])
    url = reverse("registers:overview")
    from openpyxl import load_workbook

    xlsx = client.get(url, {"export": "xlsx"})
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    givers = [row[5] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "Drukkerij Claes" in givers
    text = client.get(url, {"export": "csv"}).content.decode("utf-8-sig")
    assert "Drukkerij Claes" in text and "\x1b" not in text and "\x07" not in text


@pytest.mark.parametrize(
    "name", ["registers:gift", "registers:side_activity", "registers:conflict"]
)
def test_each_row_links_to_its_entry_as_reverse_writes_it(name: str) -> None:
    """The rows' addresses are reversed once per page, each row's id put in its place."""
    from kompas.lib.urls import addresses

    url_of = addresses(name)
    for pk in (1, 10, 100, 12345, 2**31):
        assert url_of(pk) == reverse(name, args=[pk])


def test_an_export_with_a_filter_that_is_not_right_downloads_nothing_and_says_why(
    client: Client, declared
) -> None:
    """A filter the form refuses filters nothing on the page; exported, it would hold every row
    the officer did not ask for: the page comes back with the filter's error and a line saying
    nothing was downloaded, and no export is recorded."""
    sign_in(client, declared[Role.INTEGRITY_OFFICER])
    url = reverse("registers:overview")
    for file_format in ("csv", "xlsx"):
        refused = client.get(url, {"export": file_format, "minimum": "veel"})
        assert refused.status_code == 400
        assert "Content-Disposition" not in refused
        page = refused.content.decode()
        assert "Er is niets gedownload: verbeter eerst de filter." in page
        assert 'role="alert"' in page
    assert not AuditEvent.objects.filter(action="registers.overview_exported").exists()
    officer = declared[Role.INTEGRITY_OFFICER]
    officer.language = "fr"
    officer.save(update_fields=["language"])
    client = Client()
    sign_in(client, officer)
    refused = client.get(url, {"export": "csv", "minimum": "veel"})
    assert "Rien n'a été téléchargé : corrigez d'abord le filtre." in refused.content.decode()
    fine = client.get(url, {"export": "csv", "minimum": "100"})
    assert fine.status_code == 200 and "attachment" in fine["Content-Disposition"]
