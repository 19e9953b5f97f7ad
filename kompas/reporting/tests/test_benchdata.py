"""The benchmark's generated reports count their numbers up around the zone's own reports, whose
numbers are random (`make bench` on the demo zone)."""

from __future__ import annotations

import pytest

from kompas.reporting.benchdata import generate_reports
from kompas.reporting.models import Report

pytestmark = pytest.mark.django_db


def test_generated_reports_skip_the_numbers_the_zone_already_gave(personas, handlers) -> None:
    generate_reports(personas.zone, 1, seed=3)
    own = Report.objects.get()
    # The zone's own reports have random numbers: this one holds the number a count would
    # give next (the old generator counted the year's reports and collided with it).
    Report.objects.filter(pk=own.pk).update(number=f"{own.received_on.year}-0002")
    generate_reports(personas.zone, 300, seed=3)
    numbers = list(Report.objects.values_list("number", flat=True))
    assert len(numbers) == len(set(numbers)) == 301
