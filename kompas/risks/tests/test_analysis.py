"""A head of service runs an integrity risk analysis with the team; the M-team weighs what is not
covered into a multi-year plan; accepted risks come back when their acceptance expires."""

from __future__ import annotations

import random
import re
from collections import Counter
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from markupsafe import escape

from kompas.accounts.roles import Role
from kompas.audit.models import AuditEvent
from kompas.lib.clock import add_months, today
from kompas.risks import services
from kompas.risks.models import (
    AnalysisStatus,
    Measure,
    RiskAnalysis,
    RiskMatrix,
    Scenario,
    ScoreBallot,
    ScoreCount,
    Treatment,
)
from kompas.risks.views import DEVICE_COOKIE
from kompas.testing import sign_in

pytestmark = pytest.mark.django_db


def start(client: Client, personas, **extra) -> RiskAnalysis:
    data = {
        "token": "analysis-token-000001",
        "service": personas.service.pk,
        "title": "Risicoanalyse Operaties",
        **extra,
    }
    answer = client.post(reverse("risks:analysis_new"), data)
    assert answer.status_code == 302, answer.content.decode()
    return RiskAnalysis.objects.latest("pk")


def walk_workshop(client: Client, analysis: RiskAnalysis) -> Scenario:
    url = reverse("risks:analysis", args=[analysis.pk])
    answer = client.post(
        url,
        {
            "action": "process",
            "code": "databases",
            "vulnerability": "4",
            "factor_complexity": "1",
            "factor_history": "2",
            "factor_change": "0",
            "factor_management": "0",
            "factor_personnel": "1",
        },
    )
    assert answer.status_code == 302
    process = analysis.processes.get()
    assert process.code == "databases"
    assert process.label == "Gebruik en raadpleging van politiedatabanken"
    client.post(
        url,
        {
            "action": "scenario",
            "process": process.pk,
            f"process-{process.pk}-description": "Opzoekingen voor privédoeleinden",
            f"process-{process.pk}-likelihood": "4",
            f"process-{process.pk}-impact": "4",
            f"process-{process.pk}-values": ["quality", "reliability"],
        },
    )
    scenario = Scenario.objects.get()
    scenario_url = reverse("risks:scenario", args=[scenario.pk])
    client.post(
        scenario_url,
        {"action": "control", "description": "Logging van opzoekingen", "maturity": "2"},
    )
    client.post(
        scenario_url,
        {
            "action": "estimate",
            "likelihood": "4",
            "impact": "4",
            "residual_likelihood": "3",
            "residual_impact": "4",
        },
    )
    scenario.refresh_from_db()
    return scenario


def agreed_scenario(personas) -> Scenario:
    """The one scenario of an analysis the head of service ran with the team and agreed."""
    head = sign_in(Client(), personas[Role.HEAD_OF_SERVICE])
    analysis = start(head, personas)
    scenario = walk_workshop(head, analysis)
    head.post(reverse("risks:analysis", args=[analysis.pk]), {"action": "agree"})
    return scenario


def test_a_head_of_service_runs_a_full_analysis_with_the_team(personas) -> None:
    head = sign_in(Client(), personas[Role.HEAD_OF_SERVICE])
    analysis = start(head, personas)
    scenario = walk_workshop(head, analysis)
    assert scenario.controls.count() == 1
    inherent, residual = scenario.inherent_level, scenario.residual_level
    assert inherent and inherent.key == "high"  # 4 x 4 = 16 on the default matrix
    assert residual and residual.key == "high"  # 3 x 4 = 12
    assert scenario.uncovered
    page = head.get(reverse("risks:analysis", args=[analysis.pk]))
    aside = page.content.decode().split('<aside class="info">')[1]
    assert "<dt>Geschenken en uitnodigingen gemeld</dt>" in aside and aside.count("<dt>") == 9
    # The dilemmas touching quality or reliability, linked in the aside.
    suggested = re.findall(r'href="(/[^"]*)" lang=', aside)
    assert 0 < len(suggested) <= 5
    from kompas.compass.models import Dilemma

    touched = set(scenario.values)
    expected = [
        d.pk
        for d in Dilemma.objects.library_for(personas[Role.HEAD_OF_SERVICE]).order_by("pk")
        if touched & set(d.values_touched)
    ][:5]
    assert suggested == [reverse("compass:dilemma", args=[pk]) for pk in expected]
    titles = Dilemma.objects.filter(pk__in=expected)
    assert all(str(escape(d.title_text)) in aside for d in titles)
    head.post(reverse("risks:analysis", args=[analysis.pk]), {"action": "agree"})
    analysis.refresh_from_db()
    assert analysis.status == AnalysisStatus.AGREED and analysis.is_current(today())
    scenario.refresh_from_db()
    assert scenario.next_review_on == add_months(today(), 6)  # high: every 6 months
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "risks.analysis_started",
        "risks.process_added",
        "risks.scenario_added",
        "risks.analysis_agreed",
    } <= actions
    # Agreed means closed for changes.
    answer = head.post(reverse("risks:analysis", args=[analysis.pk]), {"action": "open_scoring"})
    assert answer.status_code == 403


def test_an_analysis_without_scenarios_cannot_be_agreed(personas) -> None:
    head = sign_in(Client(), personas[Role.HEAD_OF_SERVICE])
    analysis = start(head, personas)
    page = head.post(
        reverse("risks:analysis", args=[analysis.pk]), {"action": "agree"}, follow=True
    )
    assert "Voeg minstens één risicoscenario toe" in page.content.decode()
    analysis.refresh_from_db()
    assert analysis.status == AnalysisStatus.OPEN


def test_bad_input_gets_a_clear_error(personas) -> None:
    head = sign_in(Client(), personas[Role.HEAD_OF_SERVICE])
    analysis = start(head, personas)
    url = reverse("risks:analysis", args=[analysis.pk])
    answer = head.post(url, {"action": "process", "code": "", "name": "", "vulnerability": "9"})
    assert answer.status_code == 400
    shown = answer.content.decode()
    assert 'id="id_name_error"' in shown and 'id="id_vulnerability_error"' in shown
    assert not analysis.processes.exists()


def test_who_sees_and_who_leads_an_analysis(personas) -> None:
    head = sign_in(Client(), personas[Role.HEAD_OF_SERVICE])
    analysis = start(head, personas)
    url = reverse("risks:analysis", args=[analysis.pk])
    assert Client().get(url).status_code == 302
    assert sign_in(Client(), personas.member).get(url).status_code == 403
    assert sign_in(Client(), personas.outsider_admin).get(url).status_code == 403
    for role in (Role.MTEAM, Role.CHIEF, Role.INTEGRITY_OFFICER):
        assert sign_in(Client(), personas[role]).get(url).status_code == 200
    mteam = sign_in(Client(), personas[Role.MTEAM])
    assert mteam.post(url, {"action": "open_scoring"}).status_code == 403  # sees, does not lead
    # A head of service cannot start an analysis for a service they do not lead.
    other = personas.outsider
    answer = head.post(
        reverse("risks:analysis_new"),
        {
            "token": "analysis-token-000009",
            "service": other.zone.services.create(name="X", code="x").pk,
            "title": "x",
        },
    )
    assert answer.status_code == 200 and 'id="id_service_error"' in answer.content.decode()


def test_one_analysis_is_visible_to_exactly_whom_the_list_shows_it(personas) -> None:
    """`is_visible_to` (an analysis read by its key) follows `visible_to` (the lists)."""
    from kompas.testing import make_person, make_service

    head = personas[Role.HEAD_OF_SERVICE]
    coordinator = make_person(personas.zone, roles=(Role.COORDINATOR,), service=personas.team)
    analyses = [
        services.start_analysis(
            by=head, service=service, title=f"Analyse {n}", light=False, token=f"visible-{n:06}"
        )[0]
        for n, service in enumerate((personas.service, personas.team))
    ]
    other = make_service(personas.zone, "Elders")

    def made(service: Any, led_by: Any, token: str) -> RiskAnalysis:
        return RiskAnalysis.objects.create(
            zone=personas.zone,
            service=service,
            title=token,
            submission_token=token,
            matrix=analyses[0].matrix,
            led_by=led_by,
            status=AnalysisStatus.OPEN,
            started_on=today(),
        )

    led_by_member = made(other, personas.member, "visible-member")
    analyses.append(made(None, personas[Role.MTEAM], "visible-without-service"))
    people = [*personas.by_role.values(), personas.member, personas.outsider, coordinator]
    people.append(personas.outsider_admin)
    for person in people:
        person = type(person).objects.get(pk=person.pk)  # roles as a page reads them
        listed = set(RiskAnalysis.objects.visible_to(person).values_list("pk", flat=True))
        for analysis in [*analyses, led_by_member]:
            assert analysis.is_visible_to(person) == (analysis.pk in listed), (person, analysis)
    assert analyses[1].is_visible_to(coordinator) and led_by_member.is_visible_to(personas.member)


def test_the_analysis_page_costs_the_same_queries_for_more_processes_and_scenarios(
    personas,
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = sign_in(Client(), personas[Role.HEAD_OF_SERVICE])
    analysis = start(client, personas)
    walk_workshop(client, analysis)
    url = reverse("risks:analysis", args=[analysis.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        page = client.get(url).content.decode()
    process = analysis.processes.first()
    assert process is not None
    for n in range(3):
        more = services.add_process(
            by=personas[Role.HEAD_OF_SERVICE], analysis=analysis, code="", name=f"Proces {n}",
            vulnerability=2, factors={}, notes="",
        )  # fmt: skip
        scenario = services.add_scenario(
            by=personas[Role.HEAD_OF_SERVICE], process=more, description=f"Scenario {n}",
            likelihood=3, impact=3, values=["objectivity"],
        )  # fmt: skip
        services.add_control(
            by=personas[Role.HEAD_OF_SERVICE], scenario=scenario, description="Controle",
            maturity=2,
        )  # fmt: skip
    with CaptureQueriesContext(connection) as many:
        more_page = client.get(url).content.decode()
    assert len(many) == len(few)
    assert "Scenario 2" in more_page and process.label in page


def test_participants_score_alone_and_no_score_names_anyone(personas) -> None:
    head = sign_in(Client(), personas[Role.HEAD_OF_SERVICE])
    analysis = start(head, personas)
    scenario = walk_workshop(head, analysis)
    score_url = reverse("risks:score", args=[analysis.pk])
    assert sign_in(Client(), personas.member).get(score_url).status_code == 404  # not open yet
    head.post(reverse("risks:analysis", args=[analysis.pk]), {"action": "open_scoring"})
    for likelihood, impact in [(2, 3), (4, 4), (3, 5)]:
        phone = sign_in(Client(), personas.member)
        answer = phone.post(score_url, {f"l_{scenario.pk}": likelihood, f"i_{scenario.pk}": impact})
        assert answer.status_code == 200 and "1 score geteld. Bedankt." in answer.content.decode()
        again = phone.post(score_url, {f"l_{scenario.pk}": 1, f"i_{scenario.pk}": 1})
        assert "0 scores geteld. Bedankt." in again.content.decode()  # one score per phone
        # The phone's cookie and the server key find its ballot (that it scored), no more.
        key = services.ballot_key(scenario, phone.cookies[DEVICE_COOKIE].value)
        assert ScoreBallot.objects.filter(scenario=scenario, key=key).count() == 1
    summary = services.score_summary(scenario)
    assert (summary.count, summary.likelihood, summary.impact, summary.spread) == (3, 3.0, 4.0, 10)
    page = head.get(reverse("risks:scenario", args=[scenario.pk])).content.decode()
    assert "3 mensen scoorden: gemiddeld kans 3,0, impact 4,0; de scores liggen 10 punten" in page
    assert {f.name for f in ScoreCount._meta.get_fields()} == {
        "id",
        "scenario",
        "likelihood",
        "impact",
        "count",
    }
    assert {f.name for f in ScoreBallot._meta.get_fields()} == {"id", "scenario", "key"}
    assert not AuditEvent.objects.filter(
        action__contains="score", actor_id=personas.member.pk
    ).exists()
    bad = sign_in(Client(), personas.member).post(
        score_url, {f"l_{scenario.pk}": 9, f"i_{scenario.pk}": 1}
    )
    assert bad.status_code == 400
    assert sign_in(Client(), personas.outsider).get(score_url).status_code == 404


def test_levels_follow_a_non_default_matrix_and_older_analyses_keep_theirs(personas) -> None:
    head = sign_in(Client(), personas[Role.HEAD_OF_SERVICE])
    old = start(head, personas)
    officer = sign_in(Client(), personas[Role.INTEGRITY_OFFICER])
    data = {
        "likelihood_steps": "4",
        "impact_steps": "3",
        "acceptable_level": "geel",
        "key_0": "groen",
        "label_0": "Groen",
        "min_0": "1",
        "colour_0": "#00aa00",
        "review_0": "24",
        "key_1": "geel",
        "label_1": "Geel",
        "min_1": "4",
        "colour_1": "#ffcc00",
        "review_1": "12",
        "key_2": "rood",
        "label_2": "Rood",
        "min_2": "9",
        "colour_2": "#cc0000",
        "review_2": "3",
    }
    assert officer.post(reverse("risks:matrix"), data).status_code == 302
    matrix = RiskMatrix.current(personas.zone.pk)
    assert (matrix.likelihood_steps, matrix.impact_steps) == (4, 3)
    keys = {
        (li, im): getattr(matrix.level(li, im), "key", None)
        for li in range(1, 5)
        for im in range(1, 4)
    }
    assert keys[(1, 3)] == "groen" and keys[(2, 2)] == "geel" and keys[(3, 3)] == "rood"
    assert getattr(matrix.level(4, 3), "label", "") == "Rood"
    assert not matrix.is_acceptable(matrix.level(3, 3)) and matrix.is_acceptable(matrix.level(2, 3))
    new = start(head, personas, token="analysis-token-000002")
    assert new.matrix == matrix and old.matrix != matrix
    # Scores outside the new scale are refused.
    head.post(
        reverse("risks:analysis", args=[new.pk]),
        {"action": "process", "code": "cash", "vulnerability": "2"},
    )
    process = new.processes.get()
    answer = head.post(
        reverse("risks:analysis", args=[new.pk]),
        {
            "action": "scenario",
            "process": process.pk,
            f"process-{process.pk}-description": "Kas",
            f"process-{process.pk}-likelihood": "5",
            f"process-{process.pk}-impact": "2",
        },
    )
    assert answer.status_code == 400 and not Scenario.objects.filter(process=process).exists()
    # A broken matrix is refused with a clear error.
    broken = {**data, "min_1": "1"}
    answer = officer.post(reverse("risks:matrix"), broken)
    assert (
        answer.status_code == 400 and '<div class="errors" role="alert">' in answer.content.decode()
    )
    assert sign_in(Client(), personas[Role.MTEAM]).get(reverse("risks:matrix")).status_code == 403


def test_the_m_team_weighs_uncovered_risks_into_a_multi_year_plan(personas, mailbox) -> None:
    scenario = agreed_scenario(personas)

    mteam = sign_in(Client(), personas[Role.MTEAM])
    heat = mteam.get(reverse("risks:heat_map")).content.decode()
    assert f'href="{reverse("risks:scenario", args=[scenario.pk])}"' in heat
    _matrix, rows = services.heat_map(personas.zone.pk)
    y, cell = next(
        (y, c) for y, row in enumerate(rows) for c in row if (c.likelihood, c.impact) == (3, 4)
    )
    assert cell.count == 1
    assert f'<text x="{3 * 56}" dx="28" y="{y * 56}" dy="35"' in heat  # the cell shows its 1
    url = reverse("risks:scenario", args=[scenario.pk])
    refused = mteam.post(url, {"action": "weigh", "treatment": "accept", "treatment_reason": ""})
    assert refused.status_code == 400 and 'class="errorlist' in refused.content.decode()
    mteam.post(
        url,
        {
            "action": "weigh",
            "priority": "1",
            "treatment": "reduce",
            "treatment_reason": "Meer controle",
        },
    )
    start_on = today()
    answer = mteam.post(
        url,
        {
            "action": "measure",
            "title": "Steekproef op opzoekingen",
            "owner": personas[Role.HEAD_OF_SERVICE].pk,
            "starts_on": start_on.isoformat(),
            "due_on": (start_on + timedelta(days=500)).isoformat(),
            "effort": "medium",
        },
    )
    assert answer.status_code == 302
    measure = Measure.objects.get()
    years = dict(services.plan_by_year(personas.zone.pk))
    assert all(measure in years[y] for y in range(start_on.year, measure.due_on.year + 1))
    # The owner reports progress; someone else cannot.
    owner = sign_in(Client(), personas[Role.HEAD_OF_SERVICE])
    owner.post(
        reverse("risks:measure", args=[measure.pk]),
        {"progress": "40", "status": "running", "notes": "Gestart"},
    )
    measure.refresh_from_db()
    assert (measure.progress, measure.status) == (40, "running")
    assert (
        sign_in(Client(), personas.member)
        .get(reverse("risks:measure", args=[measure.pk]))
        .status_code
        == 404
    )
    assert (
        sign_in(Client(), personas[Role.HEAD_OF_SERVICE]).get(reverse("risks:heat_map")).status_code
        == 403
    )


def test_an_accepted_risk_comes_back_when_its_acceptance_expires(
    personas, mailbox, django_capture_on_commit_callbacks
) -> None:
    scenario = agreed_scenario(personas)
    until = today() + timedelta(days=60)
    mteam = sign_in(Client(), personas[Role.MTEAM])
    mteam.post(
        reverse("risks:scenario", args=[scenario.pk]),
        {
            "action": "weigh",
            "treatment": "accept",
            "treatment_reason": "Tijdelijk, nieuwe software komt",
            "accepted_until": until.isoformat(),
        },
    )
    scenario.refresh_from_db()
    assert scenario.treatment == Treatment.ACCEPT and scenario.next_review_on == until
    assert services.expire_acceptances(on=until) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert services.expire_acceptances(on=until + timedelta(days=1)) == 1
    scenario.refresh_from_db()
    assert scenario.treatment == "" and scenario.accepted_until is None
    assert scenario in services.reviews_due(personas.zone.pk, on=until + timedelta(days=1))
    mails = mailbox.wait_for(2)
    assert {m["To"] for m in mails} == {personas[Role.MTEAM].email, personas[Role.CHIEF].email}
    assert "Opzoekingen" not in mails[0].get_payload(decode=True).decode()


def test_signals_count_the_service_and_hide_small_numbers(personas) -> None:
    from kompas.registers.tests.test_overview import declare_gift

    for n in range(4):
        declare_gift(
            personas.member, n, "Garage", "10"
        )  # the member works in a team under Operaties
    found = {s.label: s for s in services.signals(personas.service, personas.zone.pk)}
    gifts = next(s for label, s in found.items() if s.count == 4)
    assert gifts.shown == "4"
    assert services.Signal("x", 2).shown == "<\u00a03"  # one line: a non-breaking space
    other = personas.zone.services.create(name="Verkeer", code="verkeer")
    assert all(s.count == 0 for s in services.signals(other, personas.zone.pk))


def test_overdue_reviews_remind_the_m_team_weekly(
    personas, mailbox, django_capture_on_commit_callbacks
) -> None:
    scenario = agreed_scenario(personas)
    scenario.refresh_from_db()
    due = scenario.next_review_on
    assert due is not None
    assert services.remind_reviews(due - timedelta(days=1)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert services.remind_reviews(due) == 1
    assert len(mailbox.wait_for(2)) == 2  # the M-team member and the chief
    assert services.remind_reviews(due + timedelta(days=3)) == 0
    assert services.remind_reviews(due + timedelta(days=7)) == 1


def test_trainings_suggest_dilemmas_from_the_service_s_top_risks(personas) -> None:
    agreed_scenario(personas)  # the scenario touches quality and reliability
    assert services.top_risk_values(personas.team) == ["quality", "reliability"]  # via Operaties
    leader = sign_in(Client(), personas[Role.COORDINATOR])  # works in the team
    from kompas.compass.models import Dilemma

    page = leader.get(reverse("compass:training_new")).content.decode()
    suggested = list(
        Dilemma.objects.library_for(personas[Role.COORDINATOR]).touching(
            {"quality", "reliability"}
        )[:6]
    )
    assert suggested and all({"quality", "reliability"} & set(d.values_touched) for d in suggested)
    assert all(str(escape(d.title_text)) in page for d in suggested)


def test_residual_risk_follows_the_controls(personas) -> None:
    head = sign_in(Client(), personas[Role.HEAD_OF_SERVICE])
    analysis = start(head, personas)
    head.post(
        reverse("risks:analysis", args=[analysis.pk]),
        {"action": "process", "code": "cash", "vulnerability": "3"},
    )
    process = analysis.processes.get()
    head.post(
        reverse("risks:analysis", args=[analysis.pk]),
        {
            "action": "scenario",
            "process": process.pk,
            f"process-{process.pk}-description": "Kasverschil",
            f"process-{process.pk}-likelihood": "4",
            f"process-{process.pk}-impact": "4",
        },
    )
    scenario = Scenario.objects.get()
    url = reverse("risks:scenario", args=[scenario.pk])
    assert getattr(scenario.residual_level, "key", "") == "high"  # 4 x 4, no controls yet
    head.post(url, {"action": "control", "description": "Procedure op papier", "maturity": "1"})
    assert getattr(Scenario.objects.get().residual_level, "key", "") == "high"  # paper only
    head.post(
        url, {"action": "control", "description": "Dubbele telling, bewezen", "maturity": "3"}
    )
    scenario = Scenario.objects.get()
    assert scenario.computed_residual_likelihood == 2
    assert getattr(scenario.residual_level, "key", "") == "medium"  # 2 x 4 = 8
    # The group's own residual estimate, where given, wins.
    head.post(
        url,
        {
            "action": "estimate",
            "likelihood": "4",
            "impact": "4",
            "residual_likelihood": "1",
            "residual_impact": "2",
        },
    )
    assert getattr(Scenario.objects.get().residual_level, "key", "") == "low"


def test_a_double_submit_in_the_workshop_adds_nothing_twice(personas) -> None:
    head = sign_in(Client(), personas[Role.HEAD_OF_SERVICE])
    analysis = start(head, personas)
    url = reverse("risks:analysis", args=[analysis.pk])
    for _ in range(2):
        head.post(url, {"action": "process", "code": "cash", "vulnerability": "3"})
    process = analysis.processes.get()
    for _ in range(2):
        head.post(
            url,
            {
                "action": "scenario",
                "process": process.pk,
                f"process-{process.pk}-description": "Kasverschil",
                f"process-{process.pk}-likelihood": "3",
                f"process-{process.pk}-impact": "3",
            },
        )
    scenario = Scenario.objects.get()
    for _ in range(2):
        head.post(
            reverse("risks:scenario", args=[scenario.pk]),
            {"action": "control", "description": "Dubbele telling", "maturity": "2"},
        )
    assert scenario.controls.count() == 1
    assert AuditEvent.objects.filter(action="risks.scenario_added").count() == 1


def test_every_field_on_an_analysis_with_several_processes_has_its_own_label(
    client: Client, personas
) -> None:
    """One scenario form per process: their fields must not share ids, or a label would name
    another process's field and a screen reader would find this one without a name."""
    import re
    from collections import Counter

    from kompas.risks.models import AnalysedProcess
    from kompas.risks.services import start_analysis

    head = personas[Role.HEAD_OF_SERVICE]
    analysis, _new = start_analysis(
        by=head, service=personas.service, title="Twee processen", light=False, token="two-p"
    )
    for code in ("cash", "seized"):
        AnalysedProcess.objects.create(analysis=analysis, code=code, vulnerability=3)
    sign_in(client, head)
    html = client.get(reverse("risks:analysis", args=[analysis.pk])).content.decode()
    ids = Counter(re.findall(r'\sid="([^"]+)"', html))
    assert [i for i, n in ids.items() if n > 1] == []
    targets = re.findall(r'<label for="([^"]+)"', html)
    assert targets and all(ids[t] == 1 for t in targets)
    assert sum(t.endswith("-description") for t in targets) == 2


def per_score_summary(rows: list[tuple[int, int]]) -> services.ScoreSummary:
    """What the summary was while every score was a row of its own (as it was written then)."""
    if len(rows) < services.MINIMUM_COUNT:
        return services.ScoreSummary(count=len(rows), shown=False)
    products = [a * b for a, b in rows]
    return services.ScoreSummary(
        count=len(rows),
        shown=True,
        likelihood=round(sum(a for a, _b in rows) / len(rows), 1),
        impact=round(sum(b for _a, b in rows) / len(rows), 1),
        spread=max(products) - min(products),
    )


def test_the_counts_give_the_figures_the_rows_of_each_score_gave(personas) -> None:
    head = sign_in(Client(), personas[Role.HEAD_OF_SERVICE])
    analysis = start(head, personas)
    scenario = walk_workshop(head, analysis)
    services.set_scoring(by=personas[Role.HEAD_OF_SERVICE], analysis=analysis, open_=True)
    analysis.refresh_from_db()
    rng = random.Random(19)
    rows: list[tuple[int, int]] = []
    for n in range(40):
        given = (rng.randint(1, 5), rng.randint(1, 5))
        assert services.cast_scores(
            analysis=analysis, device=f"device-{n:020d}", scores={scenario.pk: given}
        )
        rows.append(given)
        assert services.score_summary(scenario) == per_score_summary(rows), rows
    # Alike scores, and one lone extreme.
    for rows in ([(3, 3)] * 4, [(1, 1), (5, 5), (5, 5)], [(2, 4), (4, 2), (1, 5)]):
        counts = Counter(rows)
        assert services.summarise(counts) == per_score_summary(rows)


def test_a_scenario_gets_its_counts_when_added_and_older_ones_when_scoring_opens(personas) -> None:
    head = sign_in(Client(), personas[Role.HEAD_OF_SERVICE])
    analysis = start(head, personas)
    scenario = walk_workshop(head, analysis)
    cells = ScoreCount.objects.filter(scenario=scenario).order_by("pk")
    assert [(c.likelihood, c.impact, c.count) for c in cells] == [
        (li, im, 0) for li in range(1, 6) for im in range(1, 6)
    ]
    # A scenario from before the counts (the demo's, or one the migration left without).
    older = Scenario.objects.create(process=scenario.process, description="Ouder", likelihood=2)
    assert not ScoreCount.objects.filter(scenario=older).exists()
    head.post(reverse("risks:analysis", args=[analysis.pk]), {"action": "open_scoring"})
    assert ScoreCount.objects.filter(scenario=older).count() == 25
    assert cells.count() == 25  # made once
    # And one that lost them anyway gets them with its first score.
    ScoreCount.objects.filter(scenario=older).delete()
    analysis.refresh_from_db()
    assert services.cast_scores(
        analysis=analysis, device="device-000000000000001", scores={older.pk: (2, 5)}
    )
    assert list(
        ScoreCount.objects.filter(scenario=older, count__gt=0).values_list("likelihood", "impact")
    ) == [(2, 5)]
    assert ScoreCount.objects.filter(scenario=older).count() == 25


def test_an_agreed_analysis_is_kept_written_and_an_open_one_shows_each_change(personas) -> None:
    """Only an open analysis is worked on: each change shows at once. An agreed one cannot
    change, so its processes are kept written (Django's cache) and not read again; the rest of
    the page (signals, dilemmas) is read as before, in the reader's language."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    head = sign_in(Client(), personas[Role.HEAD_OF_SERVICE])
    analysis = start(head, personas)
    scenario = walk_workshop(head, analysis)
    url = reverse("risks:analysis", args=[analysis.pk])
    head.get(url)
    services.add_control(
        by=personas[Role.HEAD_OF_SERVICE], scenario=scenario, description="Steekproef",
        maturity=3,
    )  # fmt: skip
    assert "<td>2</td>" in head.get(url).content.decode()  # the second control, at once
    head.post(url, {"action": "agree"})
    written = head.get(url).content.decode()
    with CaptureQueriesContext(connection) as kept:
        again = head.get(url).content.decode()
    processes = re.compile(r'<div class="columns">.*<aside', re.S)
    assert processes.findall(again) == processes.findall(written)
    assert "Opzoekingen voor privédoeleinden" in again and "<td>2</td>" in again
    read = " ".join(q["sql"] for q in kept.captured_queries)
    assert 'FROM "risks_analysedprocess"' not in read and 'FROM "risks_control"' not in read
    # Another reader, in another language, gets the analysis in theirs.
    chief = personas[Role.CHIEF]
    chief.language = "en"
    chief.save()
    english = sign_in(Client(), chief).get(url).content.decode()
    assert "Use and consultation of police databases" in english
    assert "Opzoekingen voor privédoeleinden" in english
