"""The integrity action plan: the officer builds it, responsible people report progress, Kompas
fills in the indicators it holds data for; values per service and the question bank."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from kompas.accounts.roles import Role
from kompas.audit.models import AuditEvent
from kompas.lib.clock import today
from kompas.plans import indicators
from kompas.plans.models import (
    Activity,
    AutoIndicator,
    EvaluationValues,
    Indicator,
    InterviewQuestion,
    ManualValue,
    OperationalObjective,
    PlanPeriod,
    StrategicObjective,
)
from kompas.testing import sign_in

pytestmark = pytest.mark.django_db


def build_plan(client: Client, personas) -> Activity:
    url = reverse("plans:plan_edit")
    year = today().year
    client.post(
        url,
        {
            "which": "period",
            "period-name": f"Actieplan {year - 1}-{year + 2}",
            "period-starts_on": f"{year - 1}-01-01",
            "period-ends_on": f"{year + 2}-12-31",
        },
    )
    period = PlanPeriod.objects.get()
    client.post(
        url,
        {
            "which": "strategic",
            "period": period.pk,
            "strategic-code": "1",
            "strategic-title": "Een open cultuur",
        },
    )
    strategic = StrategicObjective.objects.get()
    client.post(
        url,
        {
            "which": "operational",
            "period": period.pk,
            "operational-strategic": strategic.pk,
            "operational-code": "1.A",
            "operational-title": "Dilemmatrainingen",
        },
    )
    objective = OperationalObjective.objects.get()
    answer = client.post(
        url,
        {
            "which": "activity",
            "period": period.pk,
            "activity-objective": objective.pk,
            "activity-title": "Themadag dilemma's",
            "activity-responsible_roles": ["network"],
            "activity-responsible_people": [personas[Role.NETWORK].pk],
            "activity-starts_on": f"{year}-01-01",
            "activity-ends_on": f"{year}-06-30",
            "activity-frequency": "yearly",
            "activity-preconditions": "Zaal vrij",
            "activity-means": "Een halve dag",
        },
    )
    assert answer.status_code == 302, answer.content.decode()
    return Activity.objects.get()


def test_the_officer_builds_the_plan_and_the_responsible_person_reports_progress(personas) -> None:
    officer = sign_in(Client(), personas[Role.INTEGRITY_OFFICER])
    activity = build_plan(officer, personas)
    assert list(activity.responsible_people.all()) == [personas[Role.NETWORK]]
    member = sign_in(Client(), personas.member)
    page = member.get(reverse("plans:plan"))
    assert page.status_code == 200 and "Themadag dilemma" in page.content.decode()
    url = reverse("plans:activity", args=[activity.pk])
    assert 'name="progress"' not in member.get(url).content.decode()  # no form to note progress
    assert member.post(url, {"text": "x", "progress": "10", "status": "running"}).status_code == 403
    network = sign_in(Client(), personas[Role.NETWORK])
    network.post(url, {"text": "Datum vastgelegd", "progress": "30", "status": "running"})
    activity.refresh_from_db()
    assert (activity.progress, activity.status) == (30, "running")
    assert activity.notes.get().written_by == personas[Role.NETWORK]
    assert AuditEvent.objects.filter(
        action="plans.progress_noted", actor_id=personas[Role.NETWORK].pk
    ).exists()
    assert sign_in(Client(), personas.outsider).get(url).status_code == 404
    assert member.get(reverse("plans:plan_edit")).status_code == 403


def test_an_end_before_the_start_gets_a_clear_error(personas) -> None:
    officer = sign_in(Client(), personas[Role.INTEGRITY_OFFICER])
    answer = officer.post(
        reverse("plans:plan_edit"),
        {
            "which": "period",
            "period-name": "x",
            "period-starts_on": "2026-01-01",
            "period-ends_on": "2025-01-01",
        },
    )
    assert answer.status_code == 400 and 'id="id_period-ends_on_error"' in answer.content.decode()
    assert not PlanPeriod.objects.exists()


def test_a_late_activity_shows_as_late(personas) -> None:
    officer = sign_in(Client(), personas[Role.INTEGRITY_OFFICER])
    activity = build_plan(officer, personas)
    Activity.objects.filter(pk=activity.pk).update(ends_on=today() - timedelta(days=1))
    activity.refresh_from_db()
    assert activity.is_late(today())
    page = officer.get(reverse("plans:activity", args=[activity.pk])).content.decode()
    assert '<strong class="late">' in page


def test_kompas_fills_in_the_indicators_it_holds_data_for(personas) -> None:
    from kompas.risks import services as risks

    zone = personas.zone.pk
    assert indicators.risk_analysis_share(zone, today()) == Decimal(0)
    head = personas[Role.HEAD_OF_SERVICE]  # heads Operaties, above the member's team
    analysis, _ = risks.start_analysis(
        by=head, service=personas.service, title="A", light=True, token="indicator-analysis-01"
    )
    process = risks.add_process(
        by=head, analysis=analysis, code="cash", name="", vulnerability=2, factors={}
    )
    risks.add_scenario(by=head, process=process, description="x", values=[], likelihood=1, impact=1)
    risks.agree(by=head, analysis=analysis)
    share = indicators.risk_analysis_share(zone, today())
    assert share == Decimal(100)  # both staffed services sit under Operaties
    from kompas.registers.tests.test_overview import declare_gift

    declare_gift(personas.member, 1, "Garage", "10")
    assert indicators.declarations_on_time(zone, today().year) == Decimal(0)  # not decided yet
    officer = sign_in(Client(), personas[Role.INTEGRITY_OFFICER])
    build_plan(officer, personas)
    period = PlanPeriod.objects.get()
    Indicator.objects.create(
        period=period, name="", auto=AutoIndicator.RISK_ANALYSES, target=100, unit="%"
    )
    manual = Indicator.objects.create(period=period, name="Opgeleide leiders", target=100, unit="%")
    officer.post(
        reverse("plans:indicator_value", args=[manual.pk]),
        {"value": "55", "measured_on": today().isoformat()},
    )
    assert ManualValue.objects.get().value == Decimal(55)
    page = officer.get(reverse("plans:plan")).content.decode()
    # The manual value as entered, the automatic one counted by Kompas (Dutch decimals).
    assert "<td>Opgeleide leiders</td><td>55,00 %</td><td>100,00 %</td>" in page
    assert "<td>100,0 %</td>" in page
    auto = Indicator.objects.get(auto=AutoIndicator.RISK_ANALYSES)
    officer.post(
        reverse("plans:indicator_value", args=[auto.pk]),
        {"value": "1", "measured_on": today().isoformat()},
    )
    assert ManualValue.objects.count() == 1


def test_a_head_of_service_sets_the_evaluation_values_of_their_service(personas) -> None:
    head = sign_in(Client(), personas[Role.HEAD_OF_SERVICE])
    url = reverse("plans:evaluation")
    answer = head.post(
        url,
        {
            "service": personas.team.pk,
            "values": ["objectivity", "reliability"],
            "agreed_on": "2026-10-01",
        },
    )
    assert answer.status_code == 302
    row = EvaluationValues.objects.get()
    assert (
        row.values == ["objectivity", "reliability"]
        and row.set_by == personas[Role.HEAD_OF_SERVICE]
    )
    other = personas.zone.services.create(name="Verkeer", code="verkeer")
    refused = head.post(url, {"service": other.pk, "values": ["quality"]})
    assert refused.status_code == 400 and 'id="id_service_error"' in refused.content.decode()
    assert head.post(url, {"service": personas.team.pk, "values": []}).status_code == 400
    assert sign_in(Client(), personas.member).get(url).status_code == 403
    shown = sign_in(Client(), personas[Role.MTEAM]).get(url).content.decode()
    assert 'name="values"' not in shown  # no form to set them


def test_the_question_bank_for_selection_interviews(personas) -> None:
    officer = sign_in(Client(), personas[Role.INTEGRITY_OFFICER])
    url = reverse("plans:questions")
    officer.post(
        url,
        {
            "text": "Wat doet u als een collega u om een gunst vraagt?",
            "values": ["objectivity"],
            "functions": ["operational"],
            "purposes": ["selection"],
        },
    )
    officer.post(
        url,
        {
            "text": "Hoe bespreekt u fouten in uw team?",
            "values": ["ethical_leadership"],
            "functions": ["leader"],
            "purposes": ["promotion"],
        },
    )
    assert InterviewQuestion.objects.count() == 2
    head = sign_in(Client(), personas[Role.HEAD_OF_SERVICE])
    shown = head.get(url, {"purpose": "promotion"}).content.decode()
    assert re.findall(r"<li><p>([^<]*)</p>", shown) == ["Hoe bespreekt u fouten in uw team?"]
    assert 'name="text"' not in head.get(url).content.decode()  # no form to add one
    assert head.post(url, {"text": "x"}).status_code == 403
    assert 'name="text"' in sign_in(Client(), personas[Role.HR]).get(url).content.decode()
    assert sign_in(Client(), personas.member).get(url).status_code == 403
    question = InterviewQuestion.objects.order_by("pk")[0]
    officer.post(reverse("plans:question_retire", args=[question.pk]))
    assert InterviewQuestion.objects.filter(active=True).count() == 1
    missing = officer.post(url, {"text": "", "values": []})
    assert missing.status_code == 400 and 'class="errorlist' in missing.content.decode()


def test_the_officer_corrects_an_activity(personas) -> None:
    officer = sign_in(Client(), personas[Role.INTEGRITY_OFFICER])
    activity = build_plan(officer, personas)
    url = reverse("plans:activity_edit", args=[activity.pk])
    page = officer.get(url)
    assert page.status_code == 200 and "Themadag dilemma&#39;s" in page.content.decode()
    data: dict[str, Any] = {
        "frequency": activity.frequency,
        "preconditions": activity.preconditions,
        "means": activity.means,
    }
    data.update(
        objective=activity.objective_id,
        responsible_people=[personas[Role.COORDINATOR].pk],
        responsible_roles=["coordinator"],
        title="Themadag dilemma's (najaar)",
        starts_on=activity.starts_on.isoformat(),
        ends_on=activity.ends_on.isoformat(),
    )
    assert officer.post(url, data).status_code == 302
    activity.refresh_from_db()
    assert activity.title == "Themadag dilemma's (najaar)"
    assert list(activity.responsible_people.all()) == [personas[Role.COORDINATOR]]
    assert sign_in(Client(), personas[Role.NETWORK]).get(url).status_code == 403
    bad = officer.post(url, {**data, "ends_on": "2000-01-01"})
    assert bad.status_code == 400


def test_a_double_submit_adds_one_activity_and_one_note(personas) -> None:
    officer = sign_in(Client(), personas[Role.INTEGRITY_OFFICER])
    activity = build_plan(officer, personas)
    build_plan(officer, personas)  # every form posted a second time
    assert (PlanPeriod.objects.count(), Activity.objects.count()) == (1, 1)
    url = reverse("plans:activity", args=[activity.pk])
    for _ in range(2):
        officer.post(url, {"text": "Gestart", "progress": "10", "status": "running"})
    assert activity.notes.count() == 1
