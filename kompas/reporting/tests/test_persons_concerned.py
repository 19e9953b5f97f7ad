"""Persons concerned and the outcome of a disciplinary procedure (issue 24, point 6; directive
2019/1937 art. 22, GDPR art. 14(5)(b)): the handler records each person concerned by a label,
when and how they were informed and heard, or why informing them is delayed and until when;
the case's handlers alone see it, the case file shows it, and its deadline is tracked like the
others (case page, the case list's deadline states behind the inbox, the reminders)."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from html import unescape
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from kompas.accounts.roles import Role
from kompas.audit.models import AuditEvent
from kompas.lib.clock import add_months, today
from kompas.reporting import crypto, filing
from kompas.reporting.models import ConcernedState, PersonConcerned, Report, Status
from kompas.reporting.reminders import due_cases, send_reminders
from kompas.reporting.services import NewReport, submit_report
from kompas.reporting.tests.conftest import signed_in_handler
from kompas.reporting.tests.test_privacy import everything_stored
from kompas.testing import end_of_day, sign_in

pytestmark = pytest.mark.django_db

LABEL = "Betrokkene Aster"
HOW = "Per aangetekende brief van de korpschef, ontvangen door Verbeeck"
HEARD = "Verhoor met raadsman Claes in het hoofdbureau"
DELAY = "Verbeeck zou de getuige Mertens onder druk zetten"
NOTE = "Beslissing van de burgemeester na advies van Claes"


def file(personas, **fields: Any) -> Report:
    """A breach reported by name by a member, received yesterday (so listed everywhere)."""
    report, _ = submit_report(
        zone=personas.zone,
        data=NewReport(
            kind="breach", channel="staff", identity_mode="named", what="De kluis stond open."
        ),
        receipt=crypto.new_receipt(),
        signed_in=personas.member,
    )
    Report.objects.filter(pk=report.pk).update(received_on=today() - timedelta(days=1))
    report.refresh_from_db()
    return report


def url(name: str, report: Report) -> str:
    return reverse(f"reporting:{name}", args=[report.number])


def post(client: Client, report: Report, action: str, **fields: Any) -> Any:
    prefix = {"add": "concerned"}.get(action, action)
    data = {"action": action, **{f"{prefix}-{k}": v for k, v in fields.items()}}
    return client.post(url("case_concerned", report), data)


def section(page: str) -> str:
    return page.split('id="concerned-title"')[1].split("</section>")[0]


@pytest.fixture
def oversight(personas, handlers) -> Client:
    return signed_in_handler(personas[Role.OVERSIGHT])


# --- Who may read and write it ----------------------------------------------------------------


def test_an_anonymous_visitor_is_sent_to_sign_in(client: Client, personas, handlers) -> None:
    report = file(personas)
    for name in ("case_concerned", "case_discipline"):
        response = client.post(url(name, report), {"action": "add", "concerned-label": LABEL})
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    assert not PersonConcerned.objects.exists()


@pytest.mark.parametrize("who", ["member", Role.COUNSELLOR, Role.ADMIN])
def test_nobody_without_the_case_reads_or_writes_it(client: Client, personas, handlers, who):
    # A member, a handler of another route without a grant on the case, and the functional
    # administrator: the case does not exist for them.
    report = file(personas)
    oversight = signed_in_handler(personas[Role.OVERSIGHT])
    assert post(oversight, report, "add", label=LABEL).status_code == 302
    person = personas.member if who == "member" else personas[who]
    browser = sign_in(client, person) if who != Role.COUNSELLOR else signed_in_handler(person)
    assert browser.get(url("case", report)).status_code == 404
    assert post(browser, report, "add", label="Betrokkene 2").status_code == 404
    data = {"discipline-sanction": "warning"}
    assert browser.post(url("case_discipline", report), data).status_code == 404
    assert PersonConcerned.objects.count() == 1
    end_of_day()
    if who == Role.ADMIN:
        # The administrator's audit page leaves events about cases out.
        page = browser.get(reverse("audit:log")).content.decode()
        assert "concerned" not in page and LABEL not in page


# --- The handler's story ----------------------------------------------------------------------


def test_the_handler_records_a_person_concerned_informs_and_hears_them(
    personas, handlers, oversight
) -> None:
    report = file(personas)
    answer = post(oversight, report, "add", label=LABEL)
    assert answer.status_code == 302 and answer["Location"].endswith("#concerned-title")
    person = PersonConcerned.objects.get(report=report)
    due = add_months(today(), 1)
    assert person.state == ConcernedState.TO_INFORM and person.due_on == due
    page = section(oversight.get(url("case", report)).content.decode())
    assert LABEL in page and "Te informeren" in page and "informeren tegen" in page

    day = (today() - timedelta(days=2)).isoformat()
    assert (
        post(oversight, report, "informed", person=person.pk, day=day, how=HOW).status_code == 302
    )
    assert post(oversight, report, "heard", person=person.pk, day=day, how=HEARD).status_code == 302
    person.refresh_from_db()
    assert person.state == ConcernedState.INFORMED and person.due_on is None
    page = section(oversight.get(url("case", report)).content.decode())
    assert "Geïnformeerd" in page and HOW in page and HEARD in page
    assert "informeren tegen" not in page

    # Sealed: nothing the handler typed is in the database; audited without content.
    stored = b"\n".join(everything_stored())
    for secret in (LABEL, HOW, HEARD):
        assert secret.encode() not in stored
    end_of_day()
    events = AuditEvent.objects.filter(action__startswith="reporting.concerned_")
    assert sorted(e.action for e in events) == [
        "reporting.concerned_added",
        "reporting.concerned_heard",
        "reporting.concerned_informed",
    ]
    assert all(e.object_id == str(report.pk) and not e.detail for e in events)
    assert all(e.actor_id == personas[Role.OVERSIGHT].pk for e in events)
    timeline = oversight.get(url("case", report)).content.decode().split('id="timeline-title"')[1]
    assert "Betrokkene vastgelegd" in timeline and "Betrokkene geïnformeerd" in timeline


def test_informing_is_delayed_with_a_reason_and_a_day_to_review(
    personas, handlers, oversight
) -> None:
    report = file(personas)
    post(oversight, report, "add", label=LABEL)
    person = PersonConcerned.objects.get()
    # A review day that is not after today is refused on the page, with what was typed.
    refused = post(
        oversight, report, "delay", person=person.pk, reason=DELAY, review_on=today().isoformat()
    )
    assert refused.status_code == 400
    assert "Kies een dag na vandaag" in refused.content.decode()
    assert DELAY in refused.content.decode()
    review = today() + timedelta(days=20)
    done = post(
        oversight, report, "delay", person=person.pk, reason=DELAY, review_on=review.isoformat()
    )
    assert done.status_code == 302
    person.refresh_from_db()
    assert person.state == ConcernedState.DELAYED and person.due_on == review
    page = section(oversight.get(url("case", report)).content.decode())
    assert "Informeren uitgesteld" in page and DELAY in page and "uitstel herbekijken" in page
    assert DELAY.encode() not in b"\n".join(everything_stored())
    # A day in the future is not recorded as the day they were informed.
    ahead = (today() + timedelta(days=1)).isoformat()
    refused = post(oversight, report, "informed", person=person.pk, day=ahead, how=HOW)
    assert refused.status_code == 400
    person.refresh_from_db()
    assert person.state == ConcernedState.DELAYED


def test_a_closed_case_takes_no_person_concerned(personas, handlers, oversight) -> None:
    report = file(personas)
    Report.objects.filter(pk=report.pk).update(status=Status.CLOSED, closed_on=today())
    refused = post(oversight, report, "add", label=LABEL)
    assert refused.status_code == 400
    assert not PersonConcerned.objects.exists()
    assert 'action="/cases/' + report.number + '/concerned/"' not in refused.content.decode()


# --- The deadline, tracked like the others ----------------------------------------------------


def test_the_deadline_is_on_the_case_list_states_and_in_the_reminders(
    personas, handlers, oversight, mailbox, django_capture_on_commit_callbacks
) -> None:
    report = file(personas)
    # The case's own deadlines are met, so that only the person concerned is due.
    Report.objects.filter(pk=report.pk).update(
        status=Status.INVESTIGATING, acknowledged_on=today(), feedback_by=today() + timedelta(60)
    )
    post(oversight, report, "add", label=LABEL)
    handler = personas[Role.OVERSIGHT]

    def listed(state: str) -> bool:
        return filing.case_list(handler, today(), deadline=state).filter(pk=report.pk).exists()

    assert not listed(filing.LATE) and not listed(filing.DUE_SOON) and listed(filing.ON_TIME)
    assert not [d for d in due_cases(today()) if d.what == "concerned"]

    PersonConcerned.objects.update(due_on=today() + timedelta(days=3))
    assert listed(filing.DUE_SOON) and not listed(filing.LATE)
    [due] = [d for d in due_cases(today()) if d.what == "concerned"]
    assert due.report == report and not due.late
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders(today()) == 1
        assert send_reminders(today()) == 0  # once a day
    [mail] = mailbox.wait_for(1)
    body = mail.get_payload(decode=True).decode()
    assert report.number in body and "informeer een betrokkene" in body
    assert LABEL not in body

    PersonConcerned.objects.update(due_on=today() - timedelta(days=1))
    assert listed(filing.LATE) and not listed(filing.ON_TIME)
    page = section(oversight.get(url("case", report)).content.decode())
    assert "te laat" in page
    # Informed: nothing is due any more.
    person = PersonConcerned.objects.get()
    day = today().isoformat()
    post(oversight, report, "informed", person=person.pk, day=day, how=HOW)
    assert listed(filing.ON_TIME)
    assert not [d for d in due_cases(today()) if d.what == "concerned"]


# --- The disciplinary outcome -----------------------------------------------------------------


def discipline(client: Client, report: Report, **fields: Any) -> Any:
    data = {f"discipline-{k}": v for k, v in fields.items()}
    return client.post(url("case_discipline", report), data)


def test_the_disciplinary_outcome_is_recorded_sealed_with_its_days(
    personas, handlers, oversight
) -> None:
    report = file(personas)
    heard, decided = today() - timedelta(days=10), today() - timedelta(days=2)
    fields = {
        "sanction": "reprimand",
        "heard_on": heard.isoformat(),
        "decided_on": decided.isoformat(),
        "note": NOTE,
    }
    # Only once the case's outcome is a disciplinary procedure.
    refused = discipline(oversight, report, **fields)
    assert refused.status_code == 400
    assert "zodra de uitkomst van het dossier die procedure is" in refused.content.decode()
    Report.objects.filter(pk=report.pk).update(
        status=Status.OUTCOME, outcome="disciplinary", outcome_on=today()
    )
    # The hearing comes before the decision.
    swapped = {**fields, "heard_on": decided.isoformat(), "decided_on": heard.isoformat()}
    assert discipline(oversight, report, **swapped).status_code == 400
    assert discipline(oversight, report, **fields).status_code == 302
    report.refresh_from_db()
    assert report.discipline_box is not None
    assert NOTE.encode() not in b"\n".join(everything_stored())
    page = oversight.get(url("case", report)).content.decode()
    shown = page.split('id="discipline-title"')[1].split("</section>")[0]
    assert "Blaam" in shown and NOTE in shown
    end_of_day()
    [event] = AuditEvent.objects.filter(action="reporting.discipline_recorded")
    assert event.detail == {"again": False}


# --- The case file ----------------------------------------------------------------------------


def test_the_case_file_shows_the_persons_concerned_and_the_outcome(
    personas, handlers, oversight
) -> None:
    report = file(personas)
    Report.objects.filter(pk=report.pk).update(
        status=Status.OUTCOME, outcome="disciplinary", outcome_on=today()
    )
    post(oversight, report, "add", label=LABEL)
    post(oversight, report, "add", label="Betrokkene Beuk")
    asked = oversight.get(url("case", report), {"form": "concerned"})  # the forms, when asked
    labels = options(asked.content.decode(), "heard-person")
    day = today().isoformat()
    for pk in labels.values():
        post(oversight, report, "heard", person=pk, day=day, how=HEARD)
    review = today() + timedelta(days=14)
    post(
        oversight,
        report,
        "delay",
        person=labels["Betrokkene Beuk"],
        reason=DELAY,
        review_on=review.isoformat(),
    )
    post(oversight, report, "informed", person=labels[LABEL], day=day, how=HOW)
    discipline(
        oversight,
        report,
        sanction="suspension",
        heard_on=day,
        decided_on=day,
        note=NOTE,
    )
    response = oversight.post(url("case_export", report), {"redactions": ""})
    assert response.status_code == 200
    text = " ".join(
        " ".join(page.extract_text().split())
        for page in PdfReader(io.BytesIO(response.content)).pages
    )
    assert "Betrokkenen" in text and LABEL in text and "Betrokkene Beuk" in text
    assert " ".join(HOW.split()) in text and " ".join(DELAY.split()) in text
    assert "Tuchtprocedure" in text and "Schorsing bij tuchtmaatregel" in text
    assert " ".join(NOTE.split()) in text


def options(page: str, name: str) -> dict[str, str]:
    """A select box's options on the page: label -> value."""
    box = page.split(f'name="{name}"')[1].split("</select>")[0]
    return {
        unescape(label): value for value, label in re.findall(r'value="([^"]+)"[^>]*>([^<]*)<', box)
    }


# --- The case page's queries ------------------------------------------------------------------


def test_the_case_page_reads_its_persons_concerned_in_one_query(
    personas, handlers, oversight
) -> None:
    report = file(personas)
    case = url("case", report)

    def queries() -> tuple[int, int]:
        oversight.get(case)
        with CaptureQueriesContext(connection) as captured:
            assert oversight.get(case).status_code == 200
        on_table = [q for q in captured if "reporting_personconcerned" in q["sql"]]
        return len(captured), len(on_table)

    none = queries()
    for n in range(4):
        post(oversight, report, "add", label=f"Betrokkene {n}")
    assert queries() == none
    assert none[1] == 1  # the one query the persons concerned add to the page


def test_the_case_list_marks_a_case_whose_person_concerned_is_late(
    personas, handlers, oversight
) -> None:
    report = file(personas)
    post(oversight, report, "add", label=LABEL)
    cases = reverse("reporting:cases")
    listed = oversight.get(cases).content.decode()
    row = listed.split(f">{report.number}</a>")[1].split("</tr>")[0]
    assert "betrokkene: uiterlijk" in row and "te laat" not in row
    PersonConcerned.objects.update(due_on=today() - timedelta(days=1))
    late = oversight.get(cases + "?deadline=late").content.decode()
    row = late.split(f">{report.number}</a>")[1].split("</tr>")[0]
    assert "betrokkene: uiterlijk" in row and "te laat" in row
    assert LABEL not in late


# --- Retention ----------------------------------------------------------------------------------


def test_the_purge_destroys_the_persons_concerned_and_the_outcome(
    personas, handlers, oversight
) -> None:
    from kompas.reporting.retention import purge

    report = file(personas)
    Report.objects.filter(pk=report.pk).update(
        status=Status.OUTCOME, outcome="disciplinary", outcome_on=today()
    )
    post(oversight, report, "add", label=LABEL)
    day = today().isoformat()
    discipline(oversight, report, sanction="warning", heard_on=day, decided_on=day)
    Report.objects.filter(pk=report.pk).update(status=Status.CLOSED, closed_on=today())
    report.refresh_from_db()
    assert report.discipline_box is not None
    purge(report, today())
    report.refresh_from_db()
    assert report.discipline_box is None and not PersonConcerned.objects.exists()


def test_the_inbox_counts_a_case_whose_person_concerned_is_due(
    personas, handlers, oversight
) -> None:
    from django.core.cache import cache

    from kompas.reporting import inbox

    report = file(personas)
    Report.objects.filter(pk=report.pk).update(
        status=Status.INVESTIGATING, acknowledged_on=today(), feedback_by=today() + timedelta(60)
    )
    post(oversight, report, "add", label=LABEL)
    handler = personas[Role.OVERSIGHT]

    def counted() -> tuple[int, int]:
        cache.clear()  # the counts are kept a minute
        waiting = inbox.waiting_for(handler, today())
        return waiting.late, waiting.due_soon

    assert counted() == (0, 0)
    PersonConcerned.objects.update(due_on=today() + timedelta(days=3))
    assert counted() == (0, 1)
    PersonConcerned.objects.update(due_on=today() - timedelta(days=1))
    assert counted() == (1, 0)
