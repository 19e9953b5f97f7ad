"""A long list is paged without counting it: one query per page, whatever the size of the table."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kompas.audit.models import AuditEvent
from kompas.audit.services import record
from kompas.lib.paging import LAST_PAGE, page_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(personas) -> object:
    for n in range(7):
        record("test.paged", actor=personas.member, object_type="test", object_id=str(n))
    return AuditEvent.objects.filter(action="test.paged").order_by("seq")


def test_a_page_shows_its_rows_and_knows_whether_another_follows(events) -> None:
    first = page_of(events, None, 3)
    assert [e.object_id for e in first] == ["0", "1", "2"]
    assert first.has_next() and not first.has_previous() and first.has_other_pages()
    assert first.next_page_number() == 2
    last = page_of(events, "3", 3)
    assert [e.object_id for e in last] == ["6"]
    assert not last.has_next() and last.has_previous() and last.previous_page_number() == 2
    assert len(page_of(events, "2", 7)) == 0  # past the end: an empty page, not an error


@pytest.mark.parametrize("asked", ["", "0", "-1", "abc", "1.5", str(LAST_PAGE + 1)])
def test_a_page_number_that_makes_no_sense_shows_the_first_page(events, asked: str) -> None:
    assert page_of(events, asked, 3).number == 1


def test_a_page_costs_one_query_and_no_count(events) -> None:
    with CaptureQueriesContext(connection) as queries:
        page_of(events, "2", 3)
    assert len(queries) == 1
    assert "COUNT" not in queries[0]["sql"].upper()
