"""A deterministic, fictitious police zone for the demo, the end-to-end tests and the benchmarks.

``build_demo_zone(people=150)`` makes a zone in the shape of a Belgian local police zone: a chief's
office with the integrity service, operations (intervention teams, neighbourhood policing, traffic,
local investigation, reception) and support (HR and logistics, ICT, finance). Every role is held by a
named demo account (``DEMO_ACCOUNTS``); everyone else gets no password. Larger sizes add teams, so a
national-scale dataset has about one service per fifty people.
"""

from __future__ import annotations

import base64
import hashlib
import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from kompas.accounts.models import Cadre, EmploymentStatus, Person, RoleAssignment, Service, Zone
from kompas.accounts.roles import SENSITIVE_ROLES, Role
from kompas.audit.services import record

DEMO_ZONE_CODE = "demo"
DEMO_PASSWORD = "Kompas-demo-2026"
DEMO_DOMAIN = "demo.kompas.test"

FIRST_NAMES = [
    "Jan",
    "Els",
    "Tom",
    "Sofie",
    "Pieter",
    "An",
    "Koen",
    "Lien",
    "Wim",
    "Katrien",
    "Bart",
    "Ine",
    "Dirk",
    "Nathalie",
    "Joris",
    "Sara",
    "Kristof",
    "Evy",
    "Stijn",
    "Leen",
    "Yannick",
    "Fatima",
    "Mehmet",
    "Ilse",
    "Gert",
    "Hanne",
    "Jens",
    "Marie",
    "Nico",
    "Eline",
    "Rik",
    "Anouk",
    "Thomas",
    "Lotte",
    "Sam",
    "Nina",
    "Hakim",
    "Julie",
    "Ruben",
    "Femke",
]
LAST_NAMES = [
    "Peeters",
    "Janssens",
    "Maes",
    "Jacobs",
    "Mertens",
    "Willems",
    "Claes",
    "Goossens",
    "Wouters",
    "De Smet",
    "Dubois",
    "Lambrechts",
    "Van den Broeck",
    "Hermans",
    "Aerts",
    "Verhoeven",
    "Van Damme",
    "Vermeulen",
    "Michiels",
    "Smets",
    "Martens",
    "Bosmans",
    "De Backer",
    "Van Dyck",
    "Vos",
    "Cools",
    "Geerts",
    "Verstraeten",
    "El Amrani",
    "Yilmaz",
]

# (code, name, parent code); the base organisation of a zone of about 150 people.
BASE_SERVICES = [
    ("korpsleiding", "Korpsleiding", None),
    ("intern-toezicht", "Dienst Intern Toezicht en Integriteit", "korpsleiding"),
    ("communicatie", "Communicatie", "korpsleiding"),
    ("operaties", "Operaties", None),
    ("interventie", "Interventie", "operaties"),
    ("wijkwerking", "Wijkwerking", "operaties"),
    ("verkeer", "Verkeer", "operaties"),
    ("lokale-recherche", "Lokale Recherche", "operaties"),
    ("onthaal", "Onthaal", "operaties"),
    ("ondersteuning", "Ondersteuning", None),
    ("hr-logistiek", "HR en Logistiek", "ondersteuning"),
    ("ict", "ICT", "ondersteuning"),
    ("financien", "Financiën", "ondersteuning"),
]
# The services a citizen meets and can name on the public form.
PUBLIC_SERVICES = ["interventie", "wijkwerking", "verkeer", "lokale-recherche", "onthaal"]
# Teams under these services, and the share of staff each service gets.
TEAMS = {
    "interventie": ["Ploeg A", "Ploeg B", "Ploeg C", "Ploeg D"],
    "wijkwerking": ["Wijkpost Noord", "Wijkpost Zuid"],
}
WEIGHTS = {
    "interventie": 40,
    "wijkwerking": 18,
    "verkeer": 10,
    "lokale-recherche": 10,
    "onthaal": 6,
    "hr-logistiek": 5,
    "ict": 3,
    "financien": 3,
    "communicatie": 2,
    "intern-toezicht": 2,
    "korpsleiding": 1,
}
OPERATIONAL = {"interventie", "wijkwerking", "verkeer", "lokale-recherche", "onthaal"}


@dataclass(frozen=True)
class DemoAccount:
    key: str
    first_name: str
    last_name: str
    service: str
    roles: tuple[tuple[str, str | None], ...]  # (role, service code for service roles)
    language: str = "nl"
    cadre: str = Cadre.OPERATIONAL

    @property
    def email(self) -> str:
        return f"{self.key}@{DEMO_DOMAIN}"


DEMO_ACCOUNTS = [
    DemoAccount(
        "korpschef",
        "Hilde",
        "Korpschef",
        "korpsleiding",
        ((Role.CHIEF, None), (Role.MTEAM, None), (Role.HEAD_OF_SERVICE, "korpsleiding")),
    ),
    DemoAccount(
        "integriteit",
        "Ivo",
        "Integriteit",
        "korpsleiding",
        ((Role.INTEGRITY_OFFICER, None), (Role.MTEAM, None)),
    ),
    DemoAccount(
        "toezicht",
        "Tine",
        "Toezicht",
        "intern-toezicht",
        ((Role.OVERSIGHT, None), (Role.HEAD_OF_SERVICE, "intern-toezicht")),
    ),
    DemoAccount(
        "diensthoofd",
        "Dries",
        "Diensthoofd",
        "interventie",
        ((Role.HEAD_OF_SERVICE, "interventie"), (Role.MTEAM, None)),
    ),
    DemoAccount(
        "teamleider",
        "Tom",
        "Teamleider",
        "interventie-ploeg-a",
        ((Role.COORDINATOR, "interventie-ploeg-a"),),
    ),
    DemoAccount("medewerker", "Mila", "Medewerker", "interventie-ploeg-a", ()),
    DemoAccount(
        "hr", "Hans", "Personeelsdienst", "hr-logistiek", ((Role.HR, None),), cadre=Cadre.CALOG
    ),
    DemoAccount("beheerder", "Bea", "Beheerder", "ict", ((Role.ADMIN, None),), cadre=Cadre.CALOG),
    DemoAccount(
        "vertrouwenspersoon",
        "Vera",
        "Vertrouwen",
        "hr-logistiek",
        ((Role.COUNSELLOR, None),),
        cadre=Cadre.CALOG,
    ),
    DemoAccount(
        "paps", "Paul", "Preventie", "hr-logistiek", ((Role.PAPS, None),), cadre=Cadre.CALOG
    ),
    DemoAccount(
        "tucht",
        "Tuur",
        "Tuchtoverheid",
        "korpsleiding",
        ((Role.DISCIPLINARY, None),),
        cadre=Cadre.CALOG,
    ),
    DemoAccount(
        "netwerk", "Nele", "Netwerk", "wijkwerking-wijkpost-noord", ((Role.NETWORK, None),)
    ),
    DemoAccount(
        "communicatie",
        "Carl",
        "Communicatie",
        "communicatie",
        ((Role.COMMUNICATION, None),),
        cadre=Cadre.CALOG,
    ),
    DemoAccount("agent.fr", "Amélie", "Dupont", "verkeer", (), language="fr"),
    DemoAccount("agent.en", "Adam", "Smith", "lokale-recherche", (), language="en"),
    DemoAccount(
        "dpo", "Dina", "Gegevensbescherming", "korpsleiding", ((Role.DPO, None),), cadre=Cadre.CALOG
    ),
]


def demo_totp_secret(account: DemoAccount) -> bytes:
    """A fixed TOTP key per demo account, so that a re-run keeps the authenticator app valid."""
    return hashlib.sha256(f"kompas-demo-totp:{account.key}".encode()).digest()[:20]


def demo_totp_base32(account: DemoAccount) -> str:
    return base64.b32encode(demo_totp_secret(account)).decode()


@transaction.atomic
def build_demo_zone(*, people: int = 150, seed: int = 2022) -> tuple[Zone, bool]:
    """Create the demo zone once; returns it and whether it was created now."""
    existing = Zone.objects.filter(code=DEMO_ZONE_CODE).first()
    if existing is not None:
        return existing, False
    rng = random.Random(seed)
    zone = Zone.objects.create(name="PZ Demo (fictief)", code=DEMO_ZONE_CODE, is_demo=True)

    services: dict[str, Service] = {}
    for code, name, parent in BASE_SERVICES:
        services[code] = Service.objects.create(
            zone=zone, code=code, name=name, parent=services[parent] if parent else None
        )
    teams = {parent: list(names) for parent, names in TEAMS.items()}
    # Large datasets: add intervention teams and neighbourhood posts until there is about one
    # service for every fifty people.
    extra = max(0, people // 50 - len(BASE_SERVICES) - sum(len(t) for t in teams.values()))
    for n in range(extra):
        parent = "interventie" if n % 2 == 0 else "wijkwerking"
        teams[parent].append(f"{'Ploeg' if parent == 'interventie' else 'Wijkpost'} {n + 1:04d}")
    leaf_codes: list[tuple[str, str]] = []  # (service code, weight key)
    for parent, names in teams.items():
        for name in names:
            code = f"{parent}-{name.lower().replace(' ', '-')}"
            services[code] = Service(zone=zone, code=code, name=name, parent=services[parent])
            leaf_codes.append((code, parent))
    Service.objects.bulk_create([s for s in services.values() if s.pk is None], batch_size=1000)
    for code, _name, _parent in BASE_SERVICES:
        if code not in TEAMS:
            leaf_codes.append((code, code))
    # The services citizens meet, offered on the public form.
    from kompas.reporting.models import ChannelSettings

    channel = ChannelSettings.objects.create(zone=zone)
    channel.public_services.set([services[code] for code in PUBLIC_SERVICES])

    demo_hash = make_password(DEMO_PASSWORD)
    accounts: dict[str, Person] = {}
    for number, account in enumerate(DEMO_ACCOUNTS, start=1):
        person = Person.objects.create(
            zone=zone,
            email=account.email,
            staff_number=f"D{number:03d}",
            first_name=account.first_name,
            last_name=account.last_name,
            cadre=account.cadre,
            status=EmploymentStatus.STATUTORY,
            service=services[account.service],
            language=account.language,
            password=demo_hash,
        )
        accounts[account.key] = person
        for role, service_code in account.roles:
            RoleAssignment.objects.create(
                person=person, role=role, service=services[service_code] if service_code else None
            )
        if any(role in SENSITIVE_ROLES for role, _s in account.roles):
            TOTPDevice.objects.create(
                user=person,
                name="Kompas demo",
                confirmed=True,
                key=demo_totp_secret(account).hex(),
            )

    # Everyone else, spread over the services by weight.
    weights = [
        WEIGHTS.get(key, 1) / (len(TEAMS[key]) if key in TEAMS else 1) for _code, key in leaf_codes
    ]
    if extra:
        weights = [
            1.0 if key in TEAMS else w for w, (_c, key) in zip(weights, leaf_codes, strict=True)
        ]
    others: list[Person] = []
    for n in range(max(0, people - len(DEMO_ACCOUNTS))):
        code, key = rng.choices(leaf_codes, weights=weights)[0]
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        status = rng.choices(
            [
                EmploymentStatus.STATUTORY,
                EmploymentStatus.CONTRACTUAL,
                EmploymentStatus.STUDENT_INTERN,
            ],
            weights=[85, 12, 3],
        )[0]
        operational = key in OPERATIONAL and status != EmploymentStatus.STUDENT_INTERN
        others.append(
            Person(
                zone=zone,
                email=f"p{n + 1:06d}@{DEMO_DOMAIN}",
                staff_number=f"P{n + 1:06d}",
                first_name=first,
                last_name=last,
                cadre=Cadre.OPERATIONAL if operational else Cadre.CALOG,
                status=status,
                service=services[code],
                password=make_password(None),
            )
        )
    Person.objects.bulk_create(others, batch_size=2000)
    _assign_leaders(zone, services, accounts, rng)
    # Handlers of the demo get their reporting keys now, since their password is known.
    from kompas.reporting import keys

    for person in Person.objects.filter(zone=zone, pk__in=[p.pk for p in accounts.values()]):
        if keys.needs_key(person):
            keys.create_key(person, DEMO_PASSWORD)
    record(
        "accounts.demo_zone_created",
        zone_id=zone.pk,
        object_type="accounts.zone",
        object_id=zone.pk,
        detail={"people": people},
    )
    return zone, True


def _assign_leaders(
    zone: Zone, services: dict[str, Service], accounts: dict[str, Person], rng: random.Random
) -> None:
    """Heads of service for every service, coordinators for every team, and the line above them."""
    chief = accounts["korpschef"]
    members: dict[int, list[Person]] = {}
    for person in Person.objects.filter(zone=zone).exclude(
        pk__in=[p.pk for p in accounts.values()]
    ):
        assert person.service_id is not None
        members.setdefault(person.service_id, []).append(person)
    head_of: dict[int, Person] = {
        services["interventie"].pk: accounts["diensthoofd"],
        services["intern-toezicht"].pk: accounts["toezicht"],
    }
    coordinator_of: dict[int, Person] = {services["interventie-ploeg-a"].pk: accounts["teamleider"]}
    new_roles: list[RoleAssignment] = []
    moved: list[Person] = []
    by_pk = {s.pk: s for s in services.values()}
    # Top services are led by a member of the M-team: the chief leads the chief's office.
    head_of[services["korpsleiding"].pk] = chief
    for service in sorted(services.values(), key=lambda s: s.pk):
        is_team = service.parent_id is not None and by_pk[service.parent_id].code in TEAMS
        target = coordinator_of if is_team else head_of
        if service.pk in target:
            continue
        pool = members.get(service.pk, [])
        if pool:
            leader = pool.pop(rng.randrange(len(pool)))
        else:
            # A service above teams (Wijkwerking) takes its head from one of its teams.
            below = [
                members[s.pk]
                for s in services.values()
                if s.parent_id == service.pk and len(members.get(s.pk, [])) > 1
            ]
            if not below:
                continue
            leader = below[0].pop()
            leader.service = service
            moved.append(leader)
        target[service.pk] = leader
        role = Role.COORDINATOR if is_team else Role.HEAD_OF_SERVICE
        new_roles.append(RoleAssignment(person=leader, role=role, service=service))
        if service.parent_id is None:
            new_roles.append(RoleAssignment(person=leader, role=Role.MTEAM))
    RoleAssignment.objects.bulk_create(new_roles, batch_size=2000)
    Person.objects.bulk_update(moved, ["service"], batch_size=2000)

    def leader_for(service: Service) -> Person | None:
        """The nearest coordinator or head of service above (or of) a service."""
        node: Service | None = service
        while node is not None:
            found = coordinator_of.get(node.pk) or head_of.get(node.pk)
            if found is not None:
                return found
            node = by_pk.get(node.parent_id) if node.parent_id else None
        return chief

    def leader_above(person: Person, service: Service) -> Person | None:
        found = leader_for(service)
        if found is not None and found.pk != person.pk:
            return found
        above = leader_for(by_pk[service.parent_id]) if service.parent_id else None
        return above or chief

    changed: list[Person] = []
    everyone = list(accounts.values()) + [p for pool in members.values() for p in pool]
    everyone += list(coordinator_of.values()) + list(head_of.values())
    seen: set[int] = set()
    for person in everyone:
        if person.pk in seen or person.pk == chief.pk:
            continue
        seen.add(person.pk)
        assert person.service_id is not None
        above = leader_above(person, by_pk[person.service_id])
        if above is not None and above.pk != person.pk:
            person.leader = above
            changed.append(person)
    Person.objects.bulk_update(changed, ["leader"], batch_size=2000)
