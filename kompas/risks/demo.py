"""Demo data: two services' agreed risk analyses and the M-team's multi-year plan, so every risk
page shows something real (written directly; demo only)."""

from __future__ import annotations

from datetime import timedelta

from kompas.accounts.models import Person, Service, Zone
from kompas.lib.clock import add_months, today
from kompas.risks.models import (
    AnalysedProcess,
    AnalysisStatus,
    Control,
    Measure,
    RiskAnalysis,
    RiskMatrix,
    Scenario,
    Treatment,
)

# service code -> (title, [(process code, vulnerability, factors, [(scenario, values, l, i,
#   residual l, residual i, [(control, maturity)])])])
ANALYSES = {
    "interventie": (
        "Risicoanalyse Interventie",
        [
            (
                "databases",
                4,
                {"complexity": 1, "personnel": 2, "history": 1},
                [
                    (
                        "Opzoekingen in de databanken voor privédoeleinden",
                        ["quality", "reliability"],
                        4,
                        4,
                        3,
                        4,
                        [("Logging van elke opzoeking", 2)],
                    ),
                    (
                        "Informatie doorgeven aan kennissen",
                        ["networking", "reliability"],
                        3,
                        4,
                        2,
                        4,
                        [("Jaarlijkse sensibilisering", 1)],
                    ),
                ],
            ),
            (
                "known_people",
                3,
                {"change": 1, "management": 1},
                [
                    (
                        "Tussenkomst bij familie of vrienden zonder melding",
                        ["objectivity"],
                        3,
                        3,
                        2,
                        3,
                        [("Melding belangenvermenging in Kompas", 2)],
                    ),
                ],
            ),
            (
                "seized_goods",
                4,
                {"complexity": 2, "history": 2},
                [
                    (
                        "Inbeslagnames niet meteen geregistreerd",
                        ["quality", "transparency"],
                        3,
                        5,
                        3,
                        4,
                        [("Wekelijkse controle van de berging", 1)],
                    ),
                ],
            ),
        ],
    ),
    "hr-logistiek": (
        "Risicoanalyse HR en Logistiek",
        [
            (
                "purchasing",
                5,
                {"complexity": 2, "management": 1},
                [
                    (
                        "Voorkeur voor een bevriende leverancier",
                        ["objectivity", "transparency"],
                        3,
                        4,
                        2,
                        4,
                        [("Vier-ogenprincipe bij aankopen", 2)],
                    ),
                ],
            ),
            (
                "overtime",
                3,
                {"personnel": 1},
                [
                    (
                        "Overuren afgerond of onjuist geregistreerd",
                        ["reliability", "quality"],
                        3,
                        3,
                        2,
                        2,
                        [("Maandelijkse controle door het diensthoofd", 3)],
                    ),
                ],
            ),
        ],
    ),
}


def demo_risks(zone: Zone) -> None:
    if RiskAnalysis.objects.filter(zone=zone, submission_token__startswith="demo-").exists():
        return
    matrix = RiskMatrix.current(zone.pk)
    if matrix.pk is None:
        matrix.save()
    people = {
        p.email.split("@")[0]: p
        for p in Person.objects.filter(zone=zone, email__endswith="@demo.kompas.test")
    }
    agreed_on = today() - timedelta(days=200)
    for code, (title, processes) in ANALYSES.items():
        service = Service.objects.filter(zone=zone, code=code).first()
        if service is None:
            continue
        analysis = RiskAnalysis.objects.create(
            zone=zone,
            service=service,
            title=title,
            matrix=matrix,
            led_by=people.get("diensthoofd") or people["integriteit"],
            status=AnalysisStatus.AGREED,
            started_on=agreed_on - timedelta(days=40),
            agreed_on=agreed_on,
            valid_until=add_months(agreed_on, RiskAnalysis.VALID_MONTHS),
            submission_token=f"demo-{code}",
        )
        for process_code, vulnerability, factors, scenarios in processes:
            from kompas.risks.catalogue import PROCESSES

            process = AnalysedProcess.objects.create(
                analysis=analysis,
                code=process_code,
                name=str(PROCESSES[process_code]),
                vulnerability=vulnerability,
                factors=factors,
            )
            for text, values, li, im, rl, ri, controls in scenarios:
                scenario = Scenario.objects.create(
                    process=process,
                    description=text,
                    values=values,
                    likelihood=li,
                    impact=im,
                    residual_likelihood=rl,
                    residual_impact=ri,
                )
                for control, maturity in controls:
                    Control.objects.create(
                        scenario=scenario, description=control, maturity=maturity
                    )
                scenario.schedule_review(on=agreed_on)
                scenario.save()
    _weigh(zone, people)


def _weigh(zone: Zone, people: dict[str, Person]) -> None:
    from kompas.risks.services import uncovered

    chief = people.get("korpschef")
    owner = people.get("diensthoofd") or chief
    if chief is None or owner is None:
        return
    on = today() - timedelta(days=150)
    for n, scenario in enumerate(uncovered(zone.pk)):
        if n == 2:
            scenario.weigh(
                by=chief,
                on=on,
                priority=3,
                treatment=Treatment.ACCEPT,
                reason="Nieuwe registratiesoftware in aantocht; tot dan aanvaard.",
                accepted_until=today() + timedelta(days=90),
            )
            scenario.save()
            continue
        scenario.weigh(
            by=chief,
            on=on,
            priority=1 + n % 2,
            treatment=Treatment.REDUCE,
            reason="",
            accepted_until=None,
        )
        scenario.save()
        start = on + timedelta(days=30 * n)
        Measure.objects.create(
            scenario=scenario,
            title=f"Maatregel: {scenario.description.lower()}",
            owner=owner,
            starts_on=start,
            due_on=add_months(start, 6 + 6 * n),
            effort=["small", "medium", "large"][n % 3],
            progress=[60, 20, 0, 10][n % 4],
            status="running" if n % 4 != 2 else "planned",
        )
