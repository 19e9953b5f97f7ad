"""All cases, found fast (issue 21, point 11): the case list shows closed cases too, filters by
kind, status, service, year, deadline state and handler, and finds a case by its number or by
the handlers' own tags; handlers tag cases from the zone's vocabulary and link related cases.
Nobody sees a tag or a link of a case they do not see; every change is audited."""

from __future__ import annotations

import re
from datetime import date, timedelta
from html import unescape

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kompas.accounts.roles import Role
from kompas.audit.models import AuditEvent, HeldEvent
from kompas.lib.clock import today
from kompas.reporting import filing
from kompas.reporting.models import CaseLink, CaseTag, CaseTagging, Grant, Report, Status
from kompas.reporting.tests.conftest import report_form, signed_in_handler
from kompas.testing import sign_in

pytestmark = pytest.mark.django_db

CASES = reverse("reporting:cases")
STEPS = [
    {"step": "acknowledge"},
    {"step": "assess", "assessment": "admissible"},
    {"step": "investigate"},
    {"step": "outcome", "outcome": "informal"},
    {"step": "feedback"},
    {"step": "close"},
]


def file(personas, **fields) -> Report:
    """A member files a named report (a list shows a named report on its first day)."""
    before = set(Report.objects.values_list("pk", flat=True))
    sign_in(Client(), personas.member).post(
        reverse("reporting:new"), report_form(identity_mode="named", **fields)
    )
    return Report.objects.exclude(pk__in=before).get()


def earlier(*reports: Report) -> None:
    """Received a few days ago: what is done on a case now is then timed, not held."""
    Report.objects.filter(pk__in=[r.pk for r in reports]).update(
        received_on=today() - timedelta(days=3)
    )
    for report in reports:
        report.refresh_from_db()


def close(handler: Client, report: Report) -> None:
    for step in STEPS:
        handler.post(reverse("reporting:case_step", args=[report.number]), step)
    report.refresh_from_db()
    assert report.status == Status.CLOSED


def listed(client: Client, query: str = "") -> list[str]:
    """The case numbers in the list's rows."""
    page = client.get(CASES + query).content.decode()
    table = page.split("<tbody>")[1].split("</tbody>")[0]
    return [unescape(n) for n in re.findall(r'<a href="/cases/[^"]+/">([^<]+)</a>', table)]


def case_page(client: Client, report: Report, form: str = "") -> str:
    """The case page (with ``form``: and that form of the page, written when asked for)."""
    asked = {"form": form} if form else {}
    response = client.get(reverse("reporting:case", args=[report.number]), asked)
    assert response.status_code == 200
    return response.content.decode()


def filing_part(page: str) -> str:
    return page.split('id="filing-title"')[1].split("</section>")[0]


def events(action: str, report: Report | None = None) -> int:
    """Audit events of an action (timed in the chain, or held until the day is over)."""
    found = 0
    for model in (AuditEvent, HeldEvent):
        rows = model.objects.filter(action=action)
        if report is not None:
            rows = rows.filter(object_type="reporting.report", object_id=str(report.pk))
        found += rows.count()
    return found


# --- The list -----------------------------------------------------------------------------------


def test_the_case_list_is_for_handlers_only(client: Client, personas, handlers) -> None:
    assert client.get(CASES).status_code == 302  # anonymous: to the sign-in page
    assert sign_in(Client(), personas.member).get(CASES).status_code == 403
    assert signed_in_handler(personas[Role.OVERSIGHT]).get(CASES + "?status=all").status_code == 200


def test_open_cases_by_default_and_closed_ones_a_filter_away(personas, handlers) -> None:
    handler = signed_in_handler(personas[Role.OVERSIGHT])
    done, still_open = file(personas), file(personas)
    close(handler, done)
    assert listed(handler) == [still_open.number]
    assert sorted(listed(handler, "?status=all")) == sorted([done.number, still_open.number])
    assert listed(handler, "?status=closed") == [done.number]
    assert listed(handler, "?status=received") == [still_open.number]
    # An empty list of open cases offers to look among the closed ones.
    page = handler.get(CASES + f"?q={done.number}").content.decode()
    assert "Geen dossier voldoet aan deze filters." in page
    assert f"?q={done.number}&amp;status=all" in page


def test_filters_by_kind_service_year_and_handler_combine(personas, handlers) -> None:
    handler = signed_in_handler(personas[Role.OVERSIGHT])
    breach = file(personas, services=[personas.service.pk])
    advice = file(personas, kind="advice")
    old = file(personas)
    Report.objects.filter(pk=old.pk).update(received_on=date(today().year - 2, 3, 1))
    assert set(listed(handler)) == {breach.number, advice.number, old.number}
    assert set(listed(handler, "?kind=breach")) == {breach.number, old.number}
    assert listed(handler, f"?service={personas.service.pk}") == [breach.number]
    assert listed(handler, f"?year={today().year - 2}") == [old.number]
    assert listed(handler, f"?kind=breach&year={today().year}") == [breach.number]
    # The years offered are those of the handler's cases.
    page = handler.get(CASES + "?more=1").content.decode()
    years = page.split('name="year"')[1].split("</select>")[0]
    assert f'value="{today().year}"' in years and f'value="{today().year - 2}"' in years
    # Shared with the integrity officer, a case is found by who handles it.
    officer = personas[Role.INTEGRITY_OFFICER]
    handler.post(reverse("reporting:case_share", args=[advice.number]), {"person": officer.pk})
    assert listed(handler, f"?handler={officer.pk}") == [advice.number]
    assert listed(handler, f"?handler={officer.pk}&kind=breach") == []


def test_a_wrong_filter_value_is_said_and_the_others_still_filter(personas, handlers) -> None:
    handler = signed_in_handler(personas[Role.OVERSIGHT])
    breach, _advice = file(personas), file(personas, kind="advice")
    response = handler.get(CASES + "?kind=breach&service=99999999999999999999999&year=1800")
    assert response.status_code == 200
    assert listed(handler, "?kind=breach&service=99999999999999999999999") == [breach.number]
    assert "Selecteer een geldige keuze" in response.content.decode()


def test_the_deadline_states(personas, handlers, monkeypatch) -> None:
    handler = signed_in_handler(personas[Role.OVERSIGHT])
    waiting, acknowledged = file(personas), file(personas)
    handler.post(reverse("reporting:case_step", args=[acknowledged.number]), STEPS[0])
    received = waiting.received_on

    def states_on(day: date) -> dict[str, list[str]]:
        monkeypatch.setattr("kompas.reporting.views.today", lambda: day)
        return {
            state: sorted(listed(handler, f"?deadline={state}"))
            for state in ("late", "ack_late", "feedback_late", "due_soon", "on_time")
        }

    both = sorted([waiting.number, acknowledged.number])
    assert states_on(received) == {
        "late": [],
        "ack_late": [],
        "feedback_late": [],
        "due_soon": [waiting.number],  # to acknowledge within 7 days
        "on_time": both,
    }
    assert states_on(received + timedelta(days=8)) == {
        "late": [waiting.number],
        "ack_late": [waiting.number],
        "feedback_late": [],
        "due_soon": [],
        "on_time": [acknowledged.number],
    }
    # Feedback is due 3 months after the acknowledgement, or after the 7 days to acknowledge.
    feedback_by = Report.objects.get(pk=acknowledged.pk).feedback_by
    assert states_on(feedback_by - timedelta(days=3))["due_soon"] == [acknowledged.number]
    assert states_on(feedback_by + timedelta(days=1))["feedback_late"] == [acknowledged.number]
    assert states_on(waiting.feedback_by + timedelta(days=1))["feedback_late"] == both
    # The list's older link for late cases still works.
    assert sorted(listed(handler, "?late=1")) == both


def test_the_list_opens_with_search_and_status_and_more_filters_a_click_away(
    personas, handlers
) -> None:
    handler = signed_in_handler(personas[Role.OVERSIGHT])
    file(personas)

    def names(page: str) -> list[str]:  # the fields of the filter form
        form = page.split('role="search"')[1].split("</form>")[0]
        return re.findall(r'<(?:select|input)[^>]* name="(\w+)"', form)

    page = handler.get(CASES).content.decode()
    assert names(page) == ["q", "status"]
    assert 'href="?more=1"' in page and "Meer filters" in page
    every = ["q", "status", "kind", "service", "year", "deadline", "handler", "tag"]
    page = handler.get(CASES + "?more=1").content.decode()
    assert names(page) == [*every, "more"]  # kept when the form is sent
    assert "Minder filters" in page and "Meer filters" not in page
    # A filter among the others that is set shows them all, as a link to the list with it does.
    page = handler.get(CASES + "?deadline=late").content.decode()
    assert names(page) == [*every, "more"] and "Filters wissen" in page
    assert "Meer filters" not in page


def test_filters_stay_in_the_page_links(personas, handlers) -> None:
    from kompas.reporting.benchdata import generate_reports

    generate_reports(personas.zone, 150)
    handler = signed_in_handler(personas[Role.OVERSIGHT])
    page = handler.get(CASES + "?status=all&kind=breach").content.decode()
    assert "?status=all&amp;kind=breach&amp;page=2" in page
    second = handler.get(CASES + "?status=all&kind=breach&page=2").content.decode()
    assert "?status=all&amp;kind=breach&amp;page=1" in second
    kinds = re.findall(r"</a>(?:\s*<strong[^>]*>[^<]*</strong>)?</td>\s*<td>([^<]+)</td>", second)
    assert kinds and set(kinds) == {"Mogelijke integriteitsschending"}


# --- Search and tags ----------------------------------------------------------------------------


def test_a_handler_tags_a_case_from_the_zone_s_vocabulary_and_finds_it_by_the_tag(
    personas, handlers
) -> None:
    handler = signed_in_handler(personas[Role.OVERSIGHT])
    report, other = file(personas), file(personas)
    earlier(report)  # its timeline shows the day's events from the next day on
    url = reverse("reporting:case_tags", args=[report.number])
    page = filing_part(case_page(handler, report, form="tag"))
    assert "Nooit een naam, een dienst of een feit" in page  # the warning at the new tag
    answer = handler.post(url, {"label": "  ICT-misbruik "}, follow=True).content.decode()
    assert "Het label staat op het dossier." in answer
    tag = CaseTag.objects.get()
    assert tag.label == "ICT-misbruik" and tag.zone_id == personas.zone.pk
    assert events("reporting.tag_created") == 1
    assert events("reporting.case_tagged", report) == 1
    # The same label in other letters is the zone's tag already; chosen from the list too.
    handler.post(reverse("reporting:case_tags", args=[other.number]), {"label": "ict-MISBRUIK"})
    assert CaseTag.objects.count() == 1 and CaseTagging.objects.count() == 2
    assert f'<option value="{tag.pk}">ICT-misbruik</option>' in filing_part(
        case_page(handler, file(personas), form="tag")
    )
    # Found by the tag (a part of it, any case), by its number, or chosen as a filter.
    assert sorted(listed(handler, "?q=misbruik")) == sorted([report.number, other.number])
    assert listed(handler, f"?q={report.number[-5:]}") == [report.number]
    assert sorted(listed(handler, f"?tag={tag.pk}")) == sorted([report.number, other.number])
    assert "ICT-misbruik" in handler.get(CASES).content.decode()  # shown in the rows
    # Taken off again: audited, the tag stays in the vocabulary.
    handler.post(url, {"remove": tag.pk})
    assert listed(handler, "?q=misbruik") == [other.number]
    assert events("reporting.case_untagged", report) == 1
    assert CaseTag.objects.count() == 1
    assert "Label verwijderd" in case_page(handler, report)  # on the timeline


def test_a_tag_is_short_and_never_empty(personas, handlers) -> None:
    handler = signed_in_handler(personas[Role.OVERSIGHT])
    report = file(personas)
    url = reverse("reporting:case_tags", args=[report.number])
    too_long = handler.post(url, {"label": "x" * 41}, follow=True).content.decode()
    assert "niet meer dan 40 tekens" in too_long
    empty = handler.post(url, {"label": "   "}, follow=True).content.decode()
    assert "Kies een label of typ een nieuw label." in empty
    assert not CaseTag.objects.exists() and events("reporting.case_tagged") == 0


def test_a_tag_of_another_zone_cannot_be_put_on_a_case(personas, handlers) -> None:
    foreign = CaseTag.objects.create(zone=personas.outsider.zone, label="Elders")
    handler = signed_in_handler(personas[Role.OVERSIGHT])
    report = file(personas)
    handler.post(reverse("reporting:case_tags", args=[report.number]), {"tag": foreign.pk})
    assert not CaseTagging.objects.exists()


def test_tags_and_links_are_kept_by_those_who_see_the_case(personas, handlers) -> None:
    report = file(personas)
    tags = reverse("reporting:case_tags", args=[report.number])
    links = reverse("reporting:case_links", args=[report.number])
    anonymous = Client()
    assert anonymous.post(tags, {"label": "ICT"}).status_code == 302  # to sign in
    assert anonymous.post(links, {"number": report.number}).status_code == 302
    member = sign_in(Client(), personas.member)  # the reporter: no grant
    counsellor = signed_in_handler(personas[Role.COUNSELLOR])  # a handler without a grant
    for outsider in (member, counsellor):
        assert outsider.post(tags, {"label": "ICT"}).status_code == 404
        assert outsider.post(links, {"number": report.number}).status_code == 404
        assert outsider.get(tags).status_code in (404, 405)
    assert not CaseTag.objects.exists() and not CaseLink.objects.exists()


def test_a_handler_never_sees_the_tags_of_a_case_without_a_grant(personas, handlers) -> None:
    oversight = signed_in_handler(personas[Role.OVERSIGHT])
    breach = file(personas)
    oversight.post(reverse("reporting:case_tags", args=[breach.number]), {"label": "Pesten"})
    counsellor = signed_in_handler(personas[Role.COUNSELLOR])
    wellbeing = file(personas, kind="wellbeing")
    assert listed(counsellor, "?status=all&q=Pesten") == []
    assert listed(counsellor, f"?status=all&q={breach.number}") == []
    tag = CaseTag.objects.get()
    assert listed(counsellor, f"?tag={tag.pk}") == []
    page = counsellor.get(CASES).content.decode()
    assert breach.number not in page
    # The vocabulary itself is the zone's: its labels are offered, never the cases they are on.
    assert "Pesten" in filing_part(case_page(counsellor, wellbeing, form="tag"))
    assert "Pesten" not in page.split("<tbody>")[1]


# --- Links --------------------------------------------------------------------------------------


def test_a_handler_links_two_related_cases_and_both_show_it(personas, handlers) -> None:
    handler = signed_in_handler(personas[Role.OVERSIGHT])
    first, second = file(personas), file(personas)
    earlier(first, second)  # their timelines show the day's events from the next day on
    url = reverse("reporting:case_links", args=[first.number])
    answer = handler.post(url, {"number": second.number}, follow=True).content.decode()
    assert "De dossiers zijn gekoppeld." in answer
    link = CaseLink.objects.get()
    assert link.first_id < link.second_id  # stored once per pair
    assert second.number in filing_part(case_page(handler, first))
    assert first.number in filing_part(case_page(handler, second))
    assert events("reporting.cases_linked", first) == events("reporting.cases_linked", second) == 1
    assert "Gekoppeld aan een verwant dossier" in case_page(handler, second)  # the timeline
    # Linked again from the other side: still the one link.
    handler.post(reverse("reporting:case_links", args=[second.number]), {"number": first.number})
    assert CaseLink.objects.count() == 1 and events("reporting.cases_linked") == 2
    # A case is not linked to itself.
    itself = handler.post(url, {"number": first.number}, follow=True).content.decode()
    assert "niet aan zichzelf" in itself and CaseLink.objects.count() == 1
    # Undone from either side, audited on both.
    handler.post(
        reverse("reporting:case_links", args=[second.number]),
        {"number": first.number, "unlink": "1"},
    )
    assert not CaseLink.objects.exists()
    assert events("reporting.cases_unlinked", first) == events("reporting.cases_unlinked", second)
    assert "Geen verwante dossiers." in filing_part(case_page(handler, first))


def test_a_link_to_a_case_the_viewer_cannot_see_is_not_shown(personas, handlers) -> None:
    oversight = signed_in_handler(personas[Role.OVERSIGHT])
    shared, hidden = file(personas), file(personas)
    oversight.post(reverse("reporting:case_links", args=[shared.number]), {"number": hidden.number})
    officer = personas[Role.INTEGRITY_OFFICER]
    oversight.post(reverse("reporting:case_share", args=[shared.number]), {"person": officer.pk})
    # The integrity officer sees the shared case, not the other: nor its link, nor its number.
    seen = case_page(signed_in_handler(officer), shared)
    assert hidden.number not in seen and "Geen verwante dossiers." in filing_part(seen)


def test_only_a_case_the_handler_sees_can_be_linked(personas, handlers) -> None:
    oversight = signed_in_handler(personas[Role.OVERSIGHT])
    breach = file(personas)
    wellbeing = file(personas, kind="wellbeing")  # the counsellors', not oversight's
    url = reverse("reporting:case_links", args=[breach.number])
    for number in (wellbeing.number, "2026-00000"):
        answer = oversight.post(url, {"number": number}, follow=True).content.decode()
        assert "U hebt geen dossier met dit nummer." in answer
    assert not CaseLink.objects.exists()
    # Tried like a case page of a number one may not see: recorded for the integrity officer.
    refused = HeldEvent.objects.filter(action="reporting.case_refused")
    assert set(refused.values_list("object_id", flat=True)) == {wellbeing.number, "2026-00000"}
    # The service keeps the same rule whoever calls it.
    with pytest.raises(PermissionDenied):
        filing.link_cases(report=breach, other=wellbeing, by=personas[Role.OVERSIGHT])


def test_tags_and_links_may_change_on_a_closed_case(personas, handlers) -> None:
    """They are the handlers' filing, not the case's course: a closed case stays read-only for
    messages, notes and tasks, and can still be tagged, linked and unlinked."""
    handler = signed_in_handler(personas[Role.OVERSIGHT])
    closed, other = file(personas), file(personas)
    close(handler, closed)
    handler.post(reverse("reporting:case_tags", args=[closed.number]), {"label": "Afgerond"})
    handler.post(reverse("reporting:case_links", args=[closed.number]), {"number": other.number})
    page = filing_part(case_page(handler, closed, form="tag"))
    assert "Afgerond" in page and other.number in page
    assert reverse("reporting:case_tags", args=[closed.number]) in page
    assert 'name="label"' in page  # the form to tag it, asked for on a closed case too
    assert listed(handler, "?status=closed&q=afgerond") == [closed.number]
    handler.post(
        reverse("reporting:case_links", args=[closed.number]),
        {"number": other.number, "unlink": "1"},
    )
    assert not CaseLink.objects.exists()


def test_changes_on_a_case_s_first_day_are_held_with_its_other_events(personas, handlers) -> None:
    """A tag or link timed at 14:05 would tell that a case received that day existed by then."""
    handler = signed_in_handler(personas[Role.OVERSIGHT])
    old, new = file(personas), file(personas)
    earlier(old)
    handler.post(reverse("reporting:case_links", args=[old.number]), {"number": new.number})
    handler.post(reverse("reporting:case_tags", args=[new.number]), {"label": "Nieuw"})
    assert not AuditEvent.objects.filter(
        action__in=["reporting.cases_linked", "reporting.tag_created", "reporting.case_tagged"]
    ).exists()
    assert HeldEvent.objects.filter(action="reporting.cases_linked").count() == 2
    handler.post(reverse("reporting:case_tags", args=[old.number]), {"label": "Oud"})
    assert AuditEvent.objects.filter(action="reporting.tag_created").count() == 1


# --- Cost -----------------------------------------------------------------------------------


def _count(client: Client, url: str) -> int:
    from django.test import TestCase

    # As a served page: what the first request keeps in the shared cache once committed (the
    # zone's services) is read from it by the second.
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


LIST_URLS = [
    "",
    "?status=all",
    "?more=1",
    "?status=all&kind=breach&deadline=on_time&q=2",
    "?status=all&year={year}&service={service}&handler={handler}&tag={tag}",
]


def test_the_list_and_the_case_page_cost_the_same_queries_whatever_the_data(
    personas, handlers, django_assert_num_queries
) -> None:
    from kompas.reporting.benchdata import generate_reports

    person = personas[Role.OVERSIGHT]
    handler = signed_in_handler(person)
    case = file(personas, services=[personas.service.pk])
    other = file(personas)
    handler.post(reverse("reporting:case_tags", args=[case.number]), {"label": "Eerste"})
    handler.post(reverse("reporting:case_links", args=[case.number]), {"number": other.number})
    tag = CaseTag.objects.get()
    values = {
        "year": today().year,
        "service": personas.service.pk,
        "handler": person.pk,
        "tag": tag.pk,
    }
    urls = [CASES + u.format(**values) for u in LIST_URLS]
    small = [_count(handler, url) for url in urls]
    page = reverse("reporting:case", args=[case.number])
    on_case = _count(handler, page)

    generate_reports(personas.zone, 120)
    many = list(Report.objects.visible_to(person).exclude(pk=case.pk)[:30])
    for n, report in enumerate(many):
        filing.add_tag(report=report, by=person, label=f"Label {n % 7}")
        filing.add_tag(report=report, by=person, tag=tag)
        filing.link_cases(report=case, other=report, by=person)
        filing.add_tag(report=case, by=person, label=f"Label {n % 7}")
    Report.objects.filter(pk__in=[r.pk for r in many[:10]]).update(status=Status.CLOSED)
    assert [_count(handler, url) for url in urls] == small
    assert _count(handler, page) == on_case
    # What each costs, so that a change to it is seen: the session, the person and their roles,
    # the page of cases and the tags on its rows; with every filter shown also the years and the
    # filter form's services, handlers and tags; each model chosen in the filters is read once
    # more to be checked.
    assert small == [5, 5, 9, 9, 12]
    handler.get(urls[0])
    with django_assert_num_queries(5):
        handler.get(urls[0])
    # The grants of the handler stay one per case however many links and tags.
    assert Grant.objects.filter(report=case, active=True).count() == 1
