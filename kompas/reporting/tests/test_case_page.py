"""What the case page tells a handler (issue 21, point 13): the services and compass values the
reporter ticked, the reporter's answers as words, and the times of the handlers' own acts."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from kompas.accounts.roles import Role
from kompas.reporting.models import Report
from kompas.reporting.tests.conftest import report_form, signed_in_handler
from kompas.testing import end_of_day, sign_in

pytestmark = pytest.mark.django_db


def test_the_case_shows_what_the_reporter_ticked_in_words(personas, handlers) -> None:
    member = sign_in(Client(), personas.member)
    member.post(
        reverse("reporting:new"),
        report_form(
            services=[personas.team.pk],
            values=["objectivity"],
            addressed_colleague="yes",
            told_leader="no",
        ),
    )
    report = Report.objects.get()
    handler = signed_in_handler(personas[Role.OVERSIGHT])
    page = handler.get(reverse("reporting:case", args=[report.number])).content.decode()
    facts = re.sub(r"\s+", " ", page)
    assert f"<dt>Betrokken diensten</dt><dd>{personas.team.name}</dd>" in facts
    assert "<dt>Geraakte waarden</dt><dd>Objectiviteit</dd>" in facts
    assert "Ja</dd>" in facts and "Nee</dd>" in facts
    assert ">yes<" not in facts and ">no<" not in facts


def test_the_timeline_times_a_handler_s_act_and_only_dates_what_was_held(
    personas, handlers
) -> None:
    member = sign_in(Client(), personas.member)
    member.post(reverse("reporting:new"), report_form())
    report = Report.objects.get()
    end_of_day()  # the day of receipt is over: what happened on it joins the log, by day
    # The case came in yesterday: what a handler does today is not held any more.
    Report.objects.filter(pk=report.pk).update(received_on=report.received_on - timedelta(days=1))
    handler = signed_in_handler(personas[Role.OVERSIGHT])
    handler.post(reverse("reporting:case_step", args=[report.number]), {"step": "acknowledge"})
    page = handler.get(reverse("reporting:case", args=[report.number])).content.decode()
    timeline = page.split('class="timeline"')[1].split("</ol>")[0]
    received = re.search(r"<li>([^<]*?) · Melding ontvangen", timeline)
    acknowledged = re.search(r"<li>([^<]*?) · Ontvangst bevestigd", timeline)
    assert received and acknowledged, timeline
    assert re.fullmatch(r"\d\d/\d\d/\d{4}", received.group(1))  # the day only
    assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", acknowledged.group(1))  # day and time
