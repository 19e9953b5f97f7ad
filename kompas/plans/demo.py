"""The demo zone's integrity action plan 2022-2025, summarised in our own words, with the next
period started, indicators, evaluation values for two services and a few interview questions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from kompas.accounts.models import Person, Service, Zone
from kompas.lib.clock import today
from kompas.plans.models import (
    Activity,
    AutoIndicator,
    EvaluationValues,
    Indicator,
    InterviewQuestion,
    ManualValue,
    OperationalObjective,
    PlanPeriod,
    ProgressNote,
    StrategicObjective,
)

D = date

# (code, title, [(code, title, due, [(activity, roles, start, end, frequency, status, progress,
#   preconditions, means)])])
PLAN_2022 = [
    (
        "1",
        "Een integriteitsbeleid dat de integriteit van de zone en van elk personeelslid bevordert",
        [
            (
                "1.A",
                "De noden kennen: een risicoanalyse per dienst en een meerjarenplan",
                D(2023, 12, 31),
                [
                    (
                        "Integriteitsrisicoanalyse per dienst volgens het stappenplan, met het team",
                        ["head_of_service"],
                        D(2022, 5, 1),
                        D(2023, 6, 30),
                        "once",
                        "done",
                        100,
                        "Risico: een te lichte analyse.",
                        "Tijd in teamvergaderingen; begeleiding door de integriteitsverantwoordelijke.",
                    ),
                    (
                        "Overzicht en weging van niet of onvoldoende gedekte risico's door het M-team; meerjarenplan",
                        ["mteam"],
                        D(2023, 7, 1),
                        D(2023, 12, 31),
                        "once",
                        "done",
                        100,
                        "",
                        "Twee M-teamvergaderingen.",
                    ),
                ],
            ),
            (
                "1.B",
                "Bewustmaking, monitoring en consequente opvolging",
                D(2025, 12, 31),
                [
                    (
                        "Opleiding voor leidinggevenden over het omgaan met integriteitsschendingen",
                        ["integrity_officer"],
                        D(2022, 9, 1),
                        D(2025, 12, 31),
                        "yearly",
                        "running",
                        70,
                        "",
                        "Externe lesgever; een halve dag per jaar.",
                    ),
                    (
                        "Peterschap voor nieuwkomers door rolmodellen",
                        ["head_of_service"],
                        D(2022, 5, 1),
                        D(2025, 12, 31),
                        "continuous",
                        "running",
                        50,
                        "",
                        "",
                    ),
                    (
                        "Analyse van klachten door intern toezicht, met aanbevelingen ter preventie",
                        ["oversight"],
                        D(2022, 5, 1),
                        D(2025, 12, 31),
                        "quarterly",
                        "running",
                        60,
                        "Risico: alleen informele reacties, zwijgcultuur.",
                        "",
                    ),
                ],
            ),
        ],
    ),
    (
        "2",
        "Een open, ethische cultuur waarin integriteit bespreekbaar is",
        [
            (
                "2.A",
                "Het netwerk integriteit installeren en bekendmaken als aanspreekpunt",
                D(2022, 4, 30),
                [
                    (
                        "Netwerk integriteit samenstellen uit alle niveaus en voorstellen",
                        ["integrity_officer"],
                        D(2022, 2, 1),
                        D(2022, 4, 30),
                        "once",
                        "done",
                        100,
                        "",
                        "Vrijwilligers; een startdag.",
                    ),
                ],
            ),
            (
                "2.B",
                "Het ethisch kompas bekendmaken",
                D(2022, 12, 31),
                [
                    (
                        "Campagne met affiches over de acht waarden",
                        ["communication"],
                        D(2022, 5, 1),
                        D(2022, 12, 31),
                        "once",
                        "done",
                        100,
                        "",
                        "Drukwerk; intranet.",
                    ),
                ],
            ),
            (
                "2.C",
                "Integriteit op de agenda van elke dienstvergadering",
                D(2025, 12, 31),
                [
                    (
                        "Vast agendapunt integriteit, met een dilemma van vijf minuten",
                        ["head_of_service", "coordinator"],
                        D(2022, 5, 1),
                        D(2025, 12, 31),
                        "monthly",
                        "running",
                        40,
                        "Risico: het punt verdwijnt bij drukte.",
                        "",
                    ),
                ],
            ),
            (
                "2.D",
                "Integriteit in de gewone werking",
                D(2024, 12, 31),
                [
                    (
                        "Per dienst de kernwaarden waarop beoordeeld wordt, afgesproken met het team",
                        ["head_of_service"],
                        D(2023, 1, 1),
                        D(2024, 12, 31),
                        "once",
                        "running",
                        50,
                        "Overleg met de vakbonden (BOC).",
                        "",
                    ),
                    (
                        "Integriteitsvragen in selectie, werving en bevordering",
                        ["hr"],
                        D(2022, 5, 1),
                        D(2022, 12, 31),
                        "once",
                        "done",
                        100,
                        "",
                        "",
                    ),
                    (
                        "Dilemmatrainingen: themadagen en in teamvergaderingen",
                        ["integrity_officer", "network"],
                        D(2022, 5, 1),
                        D(2022, 12, 31),
                        "yearly",
                        "done",
                        100,
                        "Dilemma's leerzaam houden, niet belerend.",
                        "Kompas-trainingen.",
                    ),
                    (
                        "Laagdrempelige kanalen om vragen te stellen of vaststellingen door te geven, anoniem indien nodig",
                        ["integrity_officer"],
                        D(2022, 5, 1),
                        D(2022, 12, 31),
                        "once",
                        "done",
                        100,
                        "",
                        "Het meldkanaal van Kompas.",
                    ),
                ],
            ),
        ],
    ),
]

QUESTIONS = [
    (
        "Vertel over een moment waarop een collega iets deed wat niet door de beugel kon. Wat deed u?",
        "Spreekt de kandidaat aan, of zwijgt uit solidariteit?",
        ["loyalty", "transparency"],
        ["operational", "calog"],
        ["selection", "recruitment"],
    ),
    (
        "Een burger biedt u na een tussenkomst een cadeaubon aan. Hoe reageert u?",
        "Kent de kandidaat de regels, en blijft hij vriendelijk?",
        ["objectivity", "customer_focus"],
        ["operational"],
        ["selection"],
    ),
    (
        "Hoe zorgt u als leidinggevende dat integriteit in uw team bespreekbaar blijft?",
        "Concrete gewoonten, eigen voorbeeld.",
        ["ethical_leadership"],
        ["leader"],
        ["promotion"],
    ),
]


def demo_plans(zone: Zone) -> None:
    if PlanPeriod.objects.filter(zone=zone).exists():
        return
    people = {
        p.email.split("@")[0]: p
        for p in Person.objects.filter(zone=zone, email__endswith="@demo.kompas.test")
    }
    period = PlanPeriod.objects.create(
        zone=zone,
        name="Integriteitsactieplan 2022-2025",
        starts_on=D(2022, 1, 1),
        ends_on=D(2025, 12, 31),
    )
    PlanPeriod.objects.create(
        zone=zone,
        name="Integriteitsactieplan 2026-2029",
        starts_on=D(2026, 1, 1),
        ends_on=D(2029, 12, 31),
    )
    officer = people.get("integriteit")
    for code, title, operational in PLAN_2022:
        strategic = StrategicObjective.objects.create(period=period, code=code, title=title)
        for op_code, op_title, due, activities in operational:
            objective = OperationalObjective.objects.create(
                strategic=strategic, code=op_code, title=op_title, due_on=due
            )
            for text, roles, start, end, frequency, status, progress, pre, means in activities:
                activity = Activity.objects.create(
                    objective=objective,
                    title=text,
                    responsible_roles=roles,
                    starts_on=start,
                    ends_on=end,
                    frequency=frequency,
                    status=status,
                    progress=progress,
                    preconditions=pre,
                    means=means,
                )
                if officer is not None and "integrity_officer" in roles:
                    activity.responsible_people.add(officer)
                if progress:
                    ProgressNote.objects.create(
                        activity=activity,
                        written_on=min(end, today()),
                        written_by=officer,
                        text="Stand van zaken bijgewerkt.",
                        progress=progress,
                        status=status,
                    )
    for kind, target, unit in (
        (AutoIndicator.RISK_ANALYSES, 100, "%"),
        (AutoIndicator.DILEMMA_SESSIONS, 1, ""),
        (AutoIndicator.REPORTS_ACKNOWLEDGED, 100, "%"),
        (AutoIndicator.DECLARATIONS_ON_TIME, 90, "%"),
    ):
        Indicator.objects.create(
            period=period, name="", auto=kind, target=Decimal(target), unit=unit
        )
    manual = Indicator.objects.create(
        period=period,
        name="Leidinggevenden opgeleid in het omgaan met schendingen",
        target=Decimal(100),
        unit="%",
    )
    ManualValue.objects.create(
        indicator=manual, measured_on=D(2025, 6, 30), value=Decimal(72), entered_by=officer
    )
    for code, values in (
        ("interventie", ["objectivity", "reliability", "customer_focus"]),
        ("verkeer", ["customer_focus", "quality", "objectivity"]),
    ):
        service = Service.objects.filter(zone=zone, code=code).first()
        if service is not None:
            EvaluationValues.objects.create(
                service=service,
                values=values,
                agreed_with_team_on=D(2024, 10, 15),
                set_on=D(2024, 10, 15),
                set_by=officer,
            )
    for text, listen, values, functions, purposes in QUESTIONS:
        InterviewQuestion.objects.create(
            zone=zone,
            text=text,
            listen_for=listen,
            values=values,
            functions=functions,
            purposes=purposes,
            added_on=D(2022, 11, 1),
            added_by=people.get("hr"),
        )
