"""The attacker of the scores given alone holds every row of the database about the analysis,
the server key and one participant's cookie (a phone left on a desk, a copy of the data folder).
They can tell that the device scored a scenario, which is what stops a second score, and never
what it gave: no row holds a ballot and a likelihood or an impact together, and the counts' ids,
order and (on PostgreSQL) row versions are the same whatever the device gave."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse

from kompas.accounts.roles import Role
from kompas.lib.clock import today
from kompas.risks import services, views
from kompas.risks.models import (
    AnalysedProcess,
    AnalysisStatus,
    RiskAnalysis,
    RiskMatrix,
    Scenario,
    ScoreBallot,
    ScoreCount,
)

# Transactions as in production (each score its own), not savepoints in a test's transaction.
# The analysis is set up directly and participants reach the page without signing in through
# the client: the workshop's steps and sign-ins are audited, and the append-only audit log would
# keep the flush after a transactional test from emptying the database.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SCENARIOS = ("Opzoekingen voor privédoeleinden", "Informatie doorgeven aan kennissen")


def open_for_scoring(personas, token: str) -> RiskAnalysis:
    """An analysis of two scenarios, open for scoring, with the counts its scenarios get when
    they are added (services.add_scenario)."""
    matrix = RiskMatrix.current(personas.zone.pk)
    if matrix.pk is None:
        matrix.save()
    analysis = RiskAnalysis.objects.create(
        zone=personas.zone,
        service=personas.service,
        title="Risicoanalyse Operaties",
        matrix=matrix,
        led_by=personas[Role.HEAD_OF_SERVICE],
        status=AnalysisStatus.OPEN,
        started_on=today(),
        scoring_open=True,
        submission_token=token,
    )
    process = AnalysedProcess.objects.create(
        analysis=analysis, code="databases", name="Databanken", vulnerability=4
    )
    for description in SCENARIOS:
        scenario = Scenario.objects.create(
            process=process, description=description, likelihood=4, impact=4
        )
        services.make_score_counts([scenario], matrix)
    return analysis


def score(
    analysis: RiskAnalysis, person: Any, given: dict[int, tuple[int, int]], cookie: str = ""
) -> str:
    """A participant sends the scoring page their scores ({scenario's place: (likelihood,
    impact)}) from a device with this cookie (a new device without); returns the cookie."""
    scenarios = list(Scenario.objects.filter(process__analysis=analysis).order_by("pk"))
    data = {}
    for n, (likelihood, impact) in given.items():
        data[f"l_{scenarios[n].pk}"] = str(likelihood)
        data[f"i_{scenarios[n].pk}"] = str(impact)
    request: Any = RequestFactory().post(reverse("risks:score", args=[analysis.pk]), data)
    request.user = person  # signed in without the client's sign-in, which is audited
    if cookie:
        request.COOKIES[views.DEVICE_COOKIE] = cookie
    response = views.score(request, pk=analysis.pk)
    assert response.status_code == 200
    return response.cookies[views.DEVICE_COOKIE].value


def what_the_database_tells(analysis: RiskAnalysis, cookie: str) -> dict[str, list[Any]]:
    """Every row of every risks table about the analysis, as the attacker reads it, written
    relative to the analysis so that two can be compared: ids become their order, the device's
    ballots are found with the server key, and on PostgreSQL each row's versions (xmin, and
    xmax of a row locked or deleted) become the ballot written in the same transaction."""
    processes = list(analysis.processes.order_by("pk").values_list("pk", flat=True))
    scenarios = list(
        Scenario.objects.filter(process__analysis=analysis)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    keys = {services.ballot_key(Scenario(pk=pk), cookie) for pk in scenarios}
    named = {
        "analysis_id": {analysis.pk: "the analysis"},
        "process_id": {pk: f"process {n}" for n, pk in enumerate(processes)},
        "scenario_id": {pk: f"scenario {n}" for n, pk in enumerate(scenarios)},
    }
    about = {
        "analysis_id": [analysis.pk],
        "process_id": processes,
        "scenario_id": scenarios,
    }
    versions = (
        "xmin::text AS xmin, xmax::text AS xmax," if connection.vendor == "postgresql" else ""
    )
    rows: dict[str, list[dict[str, Any]]] = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            if not table.startswith("risks_"):
                continue
            names = [c.name for c in connection.introspection.get_table_description(cursor, table)]
            column = "id" if table == "risks_riskanalysis" else None
            column = column or next(
                (c for c in ("scenario_id", "process_id", "analysis_id") if c in names), None
            )
            if column is None:
                continue  # the matrix, shared by the zone's analyses
            ids = [analysis.pk] if column == "id" else about[column]
            marks = ", ".join(["%s"] * len(ids))
            cursor.execute(
                f"SELECT {versions} * FROM {table} WHERE {column} IN ({marks}) ORDER BY id",  # noqa: S608  # nosec B608
                ids,
            )
            columns = [c[0] for c in cursor.description]
            rows[table] = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    ballots = {row["xmin"]: n for n, row in enumerate(rows["risks_scoreballot"]) if "xmin" in row}
    told: dict[str, list[Any]] = {}
    for table, found in rows.items():
        told[table] = []
        for n, row in enumerate(found):
            row["id"] = "the analysis" if table == "risks_riskanalysis" else n
            for column, name in named.items():
                if column in row:
                    row[column] = name.get(row[column], row[column])
            if "submission_token" in row:
                row["submission_token"] = "its token"
            if "key" in row:
                row["key"] = "the device's" if row["key"] in keys else "another device's"
            for version in ("xmin", "xmax"):
                if version in row:
                    tx = row[version]
                    row[version] = None if tx == "0" else ballots.get(tx, "no ballot's")
            told[table].append(row)
    return told


# Two workshops where the device and another participant swap what they gave: (each
# participant's scores in turn, {scenario's place: (likelihood, impact)}; the device's turn; the
# other's turn). The device scores first or last (the last score is what a row's newest version
# would betray), one scenario or both, the same cell on one and different ones on the other.
SWAPS = [
    ([{0: (2, 3), 1: (1, 1)}, {0: (4, 4), 1: (5, 2)}, {0: (3, 5)}], 0, 1),
    ([{0: (2, 3)}, {0: (4, 4), 1: (5, 2)}, {0: (3, 5), 1: (5, 2)}, {0: (1, 2)}], 3, 0),
    ([{0: (2, 3), 1: (5, 5)}, {0: (2, 3)}, {0: (4, 1), 1: (1, 5)}], 2, 0),
]


@pytest.mark.parametrize(("turns", "device", "other"), SWAPS)
def test_the_rows_are_the_same_whatever_the_device_gave(personas, turns, device, other) -> None:
    swapped = list(turns)
    swapped[device], swapped[other] = turns[other], turns[device]
    assert swapped[device].keys() == turns[device].keys() and swapped[device] != turns[device]
    told = []
    for n, workshop in enumerate((turns, swapped)):
        analysis = open_for_scoring(personas, token=f"secrecy-analysis-{n:06d}")
        cookies = [score(analysis, personas.member, given) for given in workshop]
        told.append(what_the_database_tells(analysis, cookies[device]))
    # What is known: which scenarios the device scored (once each), and how the team scored.
    for rows in told:
        keys = [b["key"] for b in rows["risks_scoreballot"]]
        assert keys.count("the device's") == len(turns[device])
        assert sum(c["count"] for c in rows["risks_scorecount"]) == len(keys)
    # The counts hold no key, the ballots no score, and no other table holds either.
    assert "risks_score" not in told[0]
    assert set(told[0]["risks_scoreballot"][0]) - {"xmin", "xmax"} == {"id", "scenario_id", "key"}
    assert set(told[0]["risks_scorecount"][0]) - {"xmin", "xmax"} == {
        "id",
        "scenario_id",
        "likelihood",
        "impact",
        "count",
    }
    # Nothing else tells the two workshops apart.
    assert told[0] == told[1]


def test_counts_are_made_before_scoring_in_grid_order_and_stay_in_place(personas) -> None:
    analysis = open_for_scoring(personas, token="secrecy-analysis-000001")
    first = Scenario.objects.filter(process__analysis=analysis).order_by("pk").first()
    cells = ScoreCount.objects.filter(scenario=first).order_by("pk")
    made = list(cells.values_list("pk", "likelihood", "impact", "count"))
    assert [(li, im, n) for _pk, li, im, n in made] == [
        (li, im, 0) for li in range(1, 6) for im in range(1, 6)
    ]
    score(analysis, personas.member, {0: (4, 2)})
    score(analysis, personas.member, {0: (1, 5)})
    after = list(cells.values_list("pk", "likelihood", "impact", "count"))
    assert [row[:3] for row in after] == [row[:3] for row in made]
    assert {(li, im): n for _pk, li, im, n in after if n} == {(4, 2): 1, (1, 5): 1}


def test_a_device_cannot_score_twice_not_even_with_its_cookie_in_another_browser(
    personas,
) -> None:
    analysis = open_for_scoring(personas, token="secrecy-analysis-000001")
    cookie = score(analysis, personas.member, {0: (2, 3)})
    assert score(analysis, personas.member, {0: (5, 5)}, cookie=cookie) == cookie
    # The same cookie in another browser, even signed in as somebody else: only the scenario
    # the device had not scored counts.
    score(analysis, personas[Role.COORDINATOR], {0: (1, 1), 1: (3, 3)}, cookie=cookie)
    first, second = Scenario.objects.filter(process__analysis=analysis).order_by("pk")
    assert services.score_summary(first).count == 1 and services.score_summary(second).count == 1
    assert ScoreBallot.objects.filter(scenario=first).count() == 1
    assert list(
        ScoreCount.objects.filter(scenario=first, count__gt=0).values_list(
            "likelihood", "impact", "count"
        )
    ) == [(2, 3, 1)]
