"""A security review of the day's features, played by the attacker (threat model: README.md).

Each story is an attack that worked before its fix: a handler kept out of a case learning from
another case's timeline that a related case exists without them; a name the handler blacked out
of a case file printed anyway because the reporter wrote it across two lines; a tag or a link
put on a case on its first day still placing it in time in PostgreSQL's row versions after
`end-of-day`."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from kompas.accounts.roles import Role
from kompas.lib import clock
from kompas.reporting import services
from kompas.reporting.models import CaseLink, CaseTag, CaseTagging
from kompas.reporting.tests.conftest import signed_in_handler
from kompas.reporting.tests.test_case_export import export_url, pages_of
from kompas.reporting.tests.test_case_export import file as file_named
from kompas.reporting.tests.test_case_list import case_page, earlier, file, filing_part

LINKED = "Gekoppeld aan een verwant dossier"
UNLINKED = "Koppeling met een verwant dossier ongedaan gemaakt"


# --- Links: the timeline names no case the viewer cannot see --------------------------------


@pytest.mark.django_db
def test_a_handler_kept_out_of_a_case_finds_no_trace_of_its_link_on_a_case_they_handle(
    personas, handlers
) -> None:
    """Oversight links a case the integrity officer shares to one the officer does not see (a
    case about them, say). The link is not listed to the officer; neither may the timeline
    say that the case was linked to something, or the officer learns that a related case
    exists that they are kept out of."""
    oversight = signed_in_handler(personas[Role.OVERSIGHT])
    shared, hidden = file(personas), file(personas)
    earlier(shared, hidden)  # their events are timed, and shown on the timeline at once
    links = reverse("reporting:case_links", args=[shared.number])
    oversight.post(links, {"number": hidden.number})
    oversight.post(links, {"number": hidden.number, "unlink": "1"})
    oversight.post(links, {"number": hidden.number})
    officer = personas[Role.INTEGRITY_OFFICER]
    oversight.post(reverse("reporting:case_share", args=[shared.number]), {"person": officer.pk})

    officer_browser = signed_in_handler(officer)
    seen = case_page(officer_browser, shared)
    assert "Geen verwante dossiers." in filing_part(seen)
    assert LINKED not in seen and UNLINKED not in seen
    # Nor in the case file the officer exports.
    pdf = officer_browser.post(export_url(shared), {"redactions": ""}).content
    text = " ".join(pages_of(pdf))
    assert "Gekoppeld" not in text and "Koppeling" not in text
    # Whoever sees both cases reads the whole history.
    both = case_page(oversight, shared)
    assert both.count(LINKED) == 2 and both.count(UNLINKED) == 1


# --- The case file: a passage left out whatever its spaces -----------------------------------


@pytest.mark.django_db
def test_a_name_blacked_out_is_gone_even_where_the_reporter_broke_it_over_two_lines(
    personas, handlers
) -> None:
    report, key = file_named(
        personas, what="Agent Jan\nJanssens gaf de code aan zijn neef. Ook Jan  Janssens zweeg."
    )
    services.reporter_writes(report=report, case_key=key, body="Het was Jan\r\n Janssens.")
    handler = signed_in_handler(personas[Role.OVERSIGHT])
    ids = [str(m.pk) for m in report.messages.all()]
    response = handler.post(export_url(report), {"messages": ids, "redactions": "Jan Janssens"})
    text = " ".join(pages_of(response.content))
    assert "code aan zijn neef" in text
    assert "Janssens" not in text
    assert text.count("[weggelaten]") == 4  # three in the case, one in the key


# --- PostgreSQL: the filing of a first-day case leaves no row version of its moment ----------


@pytest.mark.skipif(connection.vendor != "postgresql", reason="xmin, xmax: PostgreSQL's")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_tag_or_link_on_a_case_s_first_day_is_rewritten_by_end_of_day(
    personas, handlers, monkeypatch
) -> None:
    """A handler tags and links a case on the day it came in: their events are held, but the
    rows of the tagging and the link carried the number of the transaction that wrote them,
    which lies between the numbers of the day's timed rows (sign-ins) and so says when the
    case existed by. After `end-of-day` no tuple of those tables, dead ones included, may carry
    the handler's transactions."""
    from kompas.reporting.tests.test_side_channels_postgres import _next_xid, _query, _tuples

    old, new = file(personas), file(personas)
    earlier(old)
    handler = signed_in_handler(personas[Role.OVERSIGHT])
    before = _next_xid()
    handler.post(reverse("reporting:case_links", args=[old.number]), {"number": new.number})
    handler.post(reverse("reporting:case_tags", args=[new.number]), {"label": "Eerste dag"})
    hidden = {xid % 2**32 for xid in range(before, _next_xid())}
    assert CaseLink.objects.exists() and CaseTagging.objects.exists()
    _query("CREATE EXTENSION IF NOT EXISTS pageinspect")
    tomorrow = clock.now() + timedelta(days=1)
    monkeypatch.setattr(clock, "now", lambda: tomorrow)
    call_command("end_of_day")

    def traces(model: Any) -> list[int]:
        return [
            xid
            for xmin, xmax, multi in _tuples(model._meta.db_table)
            for xid in ((xmin, xmax) if not multi else (xmin,))
            if xid in hidden
        ]

    for model in (CaseTag, CaseTagging, CaseLink):
        assert not traces(model), model.__name__


def test_the_administrator_does_not_see_who_made_a_new_tag_or_when(personas, handlers) -> None:
    """A new tag is made on a case: who made it and when would tell the functional
    administrator that a case reached that handler's route then. It is one of the case's
    events, which the administrator's audit page leaves out; the case's timeline names it."""
    from kompas.audit.models import AuditEvent

    report = file(personas)
    earlier(report)
    oversight = signed_in_handler(personas[Role.OVERSIGHT])
    oversight.post(reverse("reporting:case_tags", args=[report.number]), {"label": "Pesten"})
    made = AuditEvent.objects.get(action="reporting.tag_created")
    assert made.object_type == "reporting.report" and made.object_id == str(report.pk)
    admin = signed_in_handler(personas[Role.ADMIN])
    log = admin.get(reverse("audit:log")).content.decode()
    assert "tag_created" not in log and "Nieuw label" not in log
    assert "Nieuw label toegevoegd" in case_page(oversight, report)
