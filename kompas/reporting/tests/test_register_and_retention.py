"""The legal register, its statistics, the case file export, retention and recovery."""

from __future__ import annotations

import io
import sys
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from kompas.accounts.roles import Role
from kompas.audit.models import AuditEvent
from kompas.reporting import crypto
from kompas.reporting.models import Grant, Report, Status
from kompas.reporting.retention import purge_expired
from kompas.reporting.services import NewReport, submit_report
from kompas.reporting.tests.conftest import register_page, signed_in_handler, statistics_page
from kompas.testing import PageCounts, end_of_day, sign_in

pytestmark = pytest.mark.django_db


def file(personas, *, what: str = "Geheime feiten over de kluis.", **fields) -> Report:
    data = NewReport(
        kind=fields.pop("kind", "breach"),
        channel="staff",
        identity_mode=fields.pop("identity_mode", "named"),
        what=what,
        **fields,
    )
    report, _ = submit_report(
        zone=personas.zone, data=data, receipt=crypto.new_receipt(), signed_in=personas.member
    )
    return report


def close(report: Report, on: date) -> None:
    report.status = Status.CLOSED
    report.closed_on = on
    report.save()


def test_the_register_shows_metadata_to_the_integrity_officer_only(
    client: Client, personas, handlers
) -> None:
    report = file(personas)
    sign_in(client, personas[Role.INTEGRITY_OFFICER])
    page = client.get(reverse("reporting:register")).content.decode()
    assert report.number in page
    assert "Geheime feiten" not in page
    csv = client.get(reverse("reporting:register"), {"format": "csv"})
    assert report.number in b"".join(csv.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    for role in (Role.HR, Role.CHIEF, Role.ADMIN):
        sign_in(client, personas[role])
        assert client.get(reverse("reporting:register")).status_code == 403
    assert AuditEvent.objects.filter(action="reporting.register_viewed").exists()


def last_month(*reports: Report) -> int:
    """Move reports into the last complete month, which the statistics count; its year."""
    from kompas.lib.clock import today
    from kompas.lib.small_counts import complete_to

    day = complete_to(today())
    Report.objects.filter(pk__in=[r.pk for r in reports]).update(received_on=day)
    return day.year


def test_statistics_hide_small_counts_zero_included(client: Client, personas, handlers) -> None:
    reports = [file(personas, kind="breach") for _ in range(6)]
    year = last_month(*reports, file(personas, kind="advice"))
    sign_in(client, personas[Role.INTEGRITY_OFFICER])
    response = client.get(reverse("reporting:statistics"), {"year": year})
    stats = statistics_page(response.content.decode())
    kinds = dict(stats["kinds"])
    assert kinds["Mogelijke integriteitsschending"] == "6"
    assert kinds["Vraag of adviesvraag"] == "< 5"  # one
    assert kinds["Felicitatie"] == "< 5"  # none
    # The total is told from the kinds: 6 shown, five kinds of up to 4 hidden.
    assert stats["total"] == "6\u201326"


def test_statistics_list_a_service_only_from_five_reports(
    client: Client, personas, handlers
) -> None:
    busy = [file(personas, services=[personas.team]) for _ in range(5)]
    year = last_month(*busy, file(personas, services=[personas.service]))
    sign_in(client, personas[Role.INTEGRITY_OFFICER])
    page = client.get(reverse("reporting:statistics"), {"year": year}).content.decode()
    assert statistics_page(page)["services"] == [("Interventie", "5")]


def test_statistics_count_up_to_the_end_of_the_last_complete_month(
    client: Client, personas, handlers
) -> None:
    from kompas.lib.clock import today
    from kompas.lib.dates import shown_day
    from kompas.lib.small_counts import complete_to

    earlier = [file(personas, kind="breach") for _ in range(5)]
    year = last_month(*earlier)
    file(personas, kind="breach")  # today: counted once this month has ended
    sign_in(client, personas[Role.INTEGRITY_OFFICER])
    page = client.get(reverse("reporting:statistics"), {"year": year}).content.decode()
    kinds = dict(statistics_page(page)["kinds"])
    assert kinds["Mogelijke integriteitsschending"] == "5"  # 5 or more is shown as it is
    assert f"{shown_day(complete_to(today()))}:" in page  # "Meldingen tot en met 31/03/2026: ..."


def test_the_statistics_are_written_once_per_counting_in_each_language(
    client: Client, personas, handlers
) -> None:
    from django.core.cache import cache

    year = last_month(*[file(personas, kind="breach") for _ in range(6)])
    officer = personas[Role.INTEGRITY_OFFICER]
    sign_in(client, officer)

    def kinds_table() -> str:
        page = client.get(reverse("reporting:statistics"), {"year": year}).content.decode()
        return page[page.index("<caption>") :].split("</table>")[0]

    assert "Mogelijke integriteitsschending</th><td>6<" in kinds_table()
    last_month(file(personas, kind="breach"))
    assert "Mogelijke integriteitsschending</th><td>6<" in kinds_table()  # as counted
    officer.language = "fr"
    officer.save()
    assert "Mogelijke" not in kinds_table()  # each language is counted and written on its own
    officer.language = "nl"
    officer.save()
    cache.clear()  # five minutes later
    assert "Mogelijke integriteitsschending</th><td>7<" in kinds_table()


def test_the_case_file_exports_as_pdf_with_redactions_and_an_audited_hash(
    personas, handlers
) -> None:
    import hashlib

    from pypdf import PdfReader

    report = file(personas, what="Agent Peeters gaf de code van de kluis aan zijn neef.")
    browser = signed_in_handler(personas[Role.OVERSIGHT])
    url = reverse("reporting:case_export", args=[report.number])
    assert browser.get(url).status_code == 200
    response = browser.post(url, {"redactions": "Peeters\nneef"})
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "code van de kluis" in text
    assert "Peeters" not in text and "neef" not in text
    end_of_day()  # a report's first day is held from the audit chain until the day is over
    event = AuditEvent.objects.get(action="reporting.case_exported")
    assert event.detail["sha256"] == hashlib.sha256(response.content).hexdigest()
    assert event.detail["redactions"] == 2


def test_a_closed_case_is_purged_after_its_retention_but_stays_in_the_register(
    personas, handlers, settings
) -> None:
    from kompas.reporting.files import clean
    from kompas.reporting.services import NewReport

    data = NewReport(
        kind="advice",
        channel="public",
        identity_mode="anonymous",
        what="Een vraag met geheime details.",
        files=[clean("a.txt", b"bijlage met geheim")],
    )
    report, _ = submit_report(zone=personas.zone, data=data, receipt=crypto.new_receipt())
    assert list(Path(settings.MEDIA_ROOT).rglob("*.*")) == [] and report.attachments.count() == 1
    close(report, date(2025, 1, 10))
    assert purge_expired(date(2026, 1, 9)) == 0  # advice: 12 months after closure
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        assert purge_expired(date(2026, 1, 10)) == 1
    report.refresh_from_db()
    assert report.purged_on == date(2026, 1, 10)
    assert bytes(report.content_box) == b""
    assert report.receipt_box is None and report.identity_box is None
    assert not report.attachments.exists() and not Grant.objects.filter(report=report).exists()
    assert [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()] == []
    assert report.number and report.kind == "advice"  # the register line stays


def test_a_legal_hold_stops_the_purge(personas, handlers) -> None:
    report = file(personas, kind="advice")
    browser = signed_in_handler(personas[Role.OVERSIGHT])
    browser.post(reverse("reporting:case_hold", args=[report.number]), {"hold": "1"})
    report.refresh_from_db()
    close(report, date(2020, 1, 1))
    assert purge_expired(date(2026, 1, 1)) == 0
    report.refresh_from_db()
    assert report.legal_hold and report.purged_on is None
    end_of_day()
    assert AuditEvent.objects.filter(action="reporting.legal_hold_set").exists()


def test_the_purge_command_runs_daily(personas, handlers, capsys) -> None:
    from datetime import timedelta

    from django.contrib.sessions.backends.cached_db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    gone, kept = SessionStore(), SessionStore()
    gone["x"], kept["x"] = 1, 1
    gone.save()
    kept.save()
    Session.objects.filter(pk=gone.session_key).update(
        expire_date=timezone.now() - timedelta(minutes=1)
    )
    call_command("purge_expired")
    out = capsys.readouterr().out
    assert "case(s) purged" in out and "1 expired session(s) deleted." in out
    assert list(Session.objects.values_list("pk", flat=True)) == [kept.session_key]


def test_two_of_three_recovery_shares_give_a_case_back_to_a_handler(
    personas, handlers, capsys, monkeypatch
) -> None:
    from kompas.reporting import keys

    call_command(
        "recovery_setup",
        "--zone",
        personas.zone.code,
        "--holders",
        "Korpschef,Integriteit,Burgemeester",
        "--threshold",
        "2",
    )
    out = capsys.readouterr().out
    shares = [line.strip() for line in out.splitlines() if line.startswith("  ")]
    assert len(shares) == 3
    report = file(personas)
    assert report.recovery_box is not None
    # The oversight handler lost their password: a new key no longer opens the case.
    officer = personas[Role.OVERSIGHT]
    keys.create_key(officer, "een nieuw wachtwoord na reset")
    monkeypatch.setattr(sys, "stdin", io.StringIO(shares[0] + "\n"))
    with pytest.raises(Exception, match=r"mnemonic"):
        call_command(
            "recovery_restore",
            "--zone",
            personas.zone.code,
            "--to",
            officer.email,
            "--case",
            report.number,
        )
    monkeypatch.setattr(sys, "stdin", io.StringIO(shares[0] + "\n" + shares[2] + "\n"))
    call_command(
        "recovery_restore",
        "--zone",
        personas.zone.code,
        "--to",
        officer.email,
        "--case",
        report.number,
    )
    grant = Grant.objects.get(report=report, person=officer, active=True)
    assert grant.reason == "recovery"
    end_of_day()
    assert AuditEvent.objects.filter(action="reporting.recovery_used").count() == 1


def test_tasks_and_the_timeline_follow_the_case(personas, handlers) -> None:
    report = file(personas)
    officer = personas[Role.OVERSIGHT]
    browser = signed_in_handler(officer)
    tasks = reverse("reporting:case_task", args=[report.number])
    browser.post(tasks, {"title": "Getuige horen", "due_on": "2030-01-15", "assignee": officer.pk})
    task = report.tasks.get()
    assert b"Getuige" not in bytes(task.title_box)
    end_of_day()  # the timeline shows a case's first day once that day is over
    page = browser.get(reverse("reporting:case", args=[report.number])).content.decode()
    assert "Getuige horen" in page
    assert "Taak toegevoegd" in page  # on the timeline, with who did it, by first name
    timeline = page.split('<ol class="timeline">')[1].split("</ol>")[0]
    assert f"Taak toegevoegd · {officer.first_name}</li>" in timeline
    assert "Melding ontvangen</li>" in timeline  # the reporter stays unnamed
    browser.post(tasks, {"done": task.pk})
    task.refresh_from_db()
    assert task.done_on is not None
    # Only a handler of the case can take a task.
    browser.post(tasks, {"title": "X", "due_on": "2030-01-15", "assignee": personas.member.pk})
    assert report.tasks.count() == 1


def test_the_register_lists_overdue_cases(client: Client, personas, handlers, monkeypatch) -> None:
    monkeypatch.setattr("kompas.reporting.services.today", lambda: date(2026, 1, 5))
    report = file(personas)
    monkeypatch.setattr("kompas.reporting.views.today", lambda: date(2026, 1, 20))
    sign_in(client, personas[Role.INTEGRITY_OFFICER])
    response = client.get(reverse("reporting:register"))
    assert register_page(response.content.decode())["overdue"] == [report.number]


def test_the_register_offers_every_year_from_the_latest_report_back_to_the_first(
    client: Client, personas, handlers
) -> None:
    sign_in(client, personas[Role.INTEGRITY_OFFICER])

    def years() -> list[int]:
        return register_page(client.get(reverse("reporting:register")).content.decode())["years"]

    assert years() == []
    old, new = file(personas), file(personas, what="Een tweede melding.")
    Report.objects.filter(pk=old.pk).update(received_on=date(2023, 5, 1))
    Report.objects.filter(pk=new.pk).update(received_on=date(2025, 2, 1))
    assert years() == [2025, 2024, 2023]


def test_the_register_names_each_line_s_kind_status_and_outcome_in_the_reader_s_language(
    client: Client, personas, handlers
) -> None:
    from django.utils import translation

    report = file(personas)
    Report.objects.filter(pk=report.pk).update(outcome="informal")
    report.refresh_from_db()
    sign_in(client, personas[Role.INTEGRITY_OFFICER])
    page = client.get(reverse("reporting:register")).content.decode()
    with translation.override("nl"):
        shown = [report.get_kind_display(), report.get_status_display()]
        shown.append(report.get_outcome_display())
    for label in shown:
        assert f"<td>{label}</td>" in page


def test_the_register_costs_the_same_queries_whatever_the_reports(personas, handlers) -> None:
    officer = personas[Role.INTEGRITY_OFFICER]
    pages = [(officer, reverse("reporting:register"))]
    counts = PageCounts()
    file(personas)
    small = counts(pages)
    for n in range(4):
        close(file(personas, what=f"Melding {n}."), date(2025, 3, 1))
    assert counts(pages) == small


def test_the_case_key_opens_with_one_s_own_active_grant_only(personas, handlers) -> None:
    from django.core.exceptions import PermissionDenied

    from kompas.reporting import keys
    from kompas.reporting.services import case_key_for_handler
    from kompas.testing import PASSWORD

    report = file(personas)
    grants = list(report.grants.filter(active=True).select_related("person"))
    officer = grants[0].person  # a handler the report went to
    key = keys.active_key(officer)
    assert key is not None
    private_key = crypto.unwrap_private_key(
        key.wrapped_private_key, PASSWORD, key.salt, key.opslimit, key.memlimit
    )
    assert case_key_for_handler(report, officer, private_key, grants) == case_key_for_handler(
        report, officer, private_key
    )
    others = [g for g in grants if g.person_id != officer.pk]
    with pytest.raises(PermissionDenied):
        case_key_for_handler(report, officer, private_key, others)  # someone else's grants
    report.grants.filter(person=officer).update(active=False)
    with pytest.raises(PermissionDenied):
        case_key_for_handler(report, officer, private_key, list(report.grants.all()))


def test_well_being_lines_and_late_cases_belong_to_the_well_being_route_alone(
    client: Client, personas, handlers, monkeypatch
) -> None:
    import csv as csv_module

    monkeypatch.setattr("kompas.reporting.services.today", lambda: date(2026, 1, 5))
    breach, wellbeing = file(personas), file(personas, kind="wellbeing")
    Report.objects.filter(pk=wellbeing.pk).update(received_on=date(2025, 12, 30))
    monkeypatch.setattr("kompas.reporting.views.today", lambda: date(2026, 1, 20))  # both late
    url = reverse("reporting:register")

    def seen(person) -> dict[str, object]:
        sign_in(client, person)
        page = client.get(url)
        assert page.status_code == 200
        lines = client.get(url, {"format": "csv"})
        text = b"".join(lines.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
        shown = register_page(page.content.decode())
        return {
            "rows": shown["rows"],
            "overdue": shown["overdue"],
            "csv": [row[0] for row in csv_module.reader(text.splitlines()[1:], delimiter=";")],
            "years": shown["years"],
            "page": page.content.decode(),
        }

    for role in (Role.INTEGRITY_OFFICER, Role.OVERSIGHT):
        keeper = seen(personas[role])
        assert keeper["rows"] == keeper["overdue"] == keeper["csv"] == [breach.number], role
        assert keeper["years"] == [2026], role  # 2025 held only the well-being report
        assert wellbeing.number not in str(keeper["page"]), role
    for role in (Role.COUNSELLOR, Role.PAPS):
        route = seen(personas[role])
        assert route["rows"] == route["overdue"] == route["csv"] == [wellbeing.number], role
        assert route["years"] == [2025], role
        assert breach.number not in str(route["page"]), role
        assert client.get(reverse("reporting:statistics")).status_code == 200
    for role in (Role.HR, Role.CHIEF, Role.HEAD_OF_SERVICE, Role.DISCIPLINARY, Role.ADMIN):
        sign_in(client, personas[role])
        assert client.get(url).status_code == 403, role
    sign_in(client, personas.member)
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302


def test_the_register_s_page_reads_the_lines_django_reads(personas, handlers) -> None:
    """The register page's lines, late cases and years (read through SQL compiled once) are
    those Django's own queries give, for every keeper, every year and every page."""
    from django.db.models import Max, Min

    from kompas.lib.clock import today
    from kompas.reporting import register as reg

    reports = [file(personas, kind=kind) for kind in ("breach", "advice", "wellbeing") * 3]
    for n, report in enumerate(reports):
        Report.objects.filter(pk=report.pk).update(received_on=date(2023 + n % 3, 2, 1 + n))
    late_ones = [report.pk for report in reports[:6]]
    Report.objects.filter(pk__in=late_ones).update(acknowledge_by=date(2024, 1, 1))
    Grant.objects.filter(report=reports[0], person=personas[Role.OVERSIGHT]).delete()
    for role in (Role.INTEGRITY_OFFICER, Role.OVERSIGHT, Role.COUNSELLOR, Role.PAPS):
        person = personas[role]
        for year in (None, 2023, 2024, 2026):
            django_lines = [r.pk for r in reg.register_of(person, year)]
            assert django_lines or year, role
            for number, per_page in ((1, 50), (1, 2), (2, 2), (3, 2)):
                page = reg.page_of_register(person, year, number, per_page)
                start = (number - 1) * per_page
                assert [row.pk for row in page] == django_lines[start : start + per_page]
                assert page.has_next() == (len(django_lines) > start + per_page)
        late = reg.lines_of(person).overdue(today()).order_by("acknowledge_by")
        assert late.exists(), role
        assert [row.number for row in reg.overdue_of(person, today())] == [
            r.number for r in late[: reg.LATE_SHOWN]
        ], role
        bounds = reg.lines_of(person).aggregate(first=Min("received_on"), last=Max("received_on"))
        expected = list(range(bounds["last"].year, bounds["first"].year - 1, -1))
        assert reg.years_of(person) == expected, role
    # And what each keeper sees, written out: the officer every line but well-being; oversight
    # those of the kinds it handles only where it holds a grant (not reports[0]: kept out);
    # the well-being route the well-being lines it was given.
    breach_and_advice = {r.pk for r in reports if r.kind != "wellbeing"}
    seen = {
        Role.INTEGRITY_OFFICER: breach_and_advice,
        Role.OVERSIGHT: breach_and_advice - {reports[0].pk},
    }
    for role in (Role.COUNSELLOR, Role.PAPS):
        given = set(Grant.objects.filter(person=personas[role]).values_list("report_id", flat=True))
        seen[role] = {r.pk for r in reports if r.kind == "wellbeing" and r.pk in given}
    for role, lines in seen.items():
        person = personas[role]
        assert {row.pk for row in reg.page_of_register(person, None, 1, 50)} == lines, role
        late_numbers = {r.number for r in reports if r.pk in lines and r.pk in late_ones}
        assert {row.number for row in reg.overdue_of(person, today())} == late_numbers, role
        days = Report.objects.filter(pk__in=lines).values_list("received_on", flat=True)
        years = sorted({day.year for day in days}, reverse=True)
        assert reg.years_of(person) == list(range(years[0], years[-1] - 1, -1)), role
    assert seen[Role.COUNSELLOR], "the well-being route was given its reports"


def test_the_register_tells_from_when_a_closed_case_s_content_goes(
    client: Client, personas, handlers
) -> None:
    """A closed case's line names the first day its content may be destroyed (closed on,
    plus its kind's period: a breach five years by default), in the reader's language."""
    report = file(personas)
    close(report, date(2026, 3, 31))
    sign_in(client, personas[Role.INTEGRITY_OFFICER])
    line = client.get(reverse("reporting:register")).content.decode().split(report.number)[1]
    assert "vanaf 31/03/2031" in line.split("</tr>")[0]
    client.post(reverse("front:set_language"), {"language": "fr"})
    line = client.get(reverse("reporting:register")).content.decode().split(report.number)[1]
    assert "à partir du 31/03/2031" in line.split("</tr>")[0]
