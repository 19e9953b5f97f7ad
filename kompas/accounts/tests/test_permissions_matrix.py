"""Every sensitive URL tried by every role, by an outsider and by an anonymous visitor.

``ALLOWED`` is the expected truth; the rules in ``kompas.permissions`` must give exactly this.
Later features add their URLs here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from kompas.accounts.roles import Role
from kompas.testing import sign_in

pytestmark = pytest.mark.django_db

HR_OR_ADMIN = {Role.HR, Role.ADMIN}
HANDLERS = {
    Role.OVERSIGHT,
    Role.INTEGRITY_OFFICER,
    Role.COUNSELLOR,
    Role.PAPS,
    Role.DISCIPLINARY,
    Role.CHIEF,
    Role.HEAD_OF_SERVICE,
    Role.COORDINATOR,
}
# The well-being route opens the register for its own lines (reporting.register.register_kinds).
REGISTER = {Role.INTEGRITY_OFFICER, Role.OVERSIGHT, Role.COUNSELLOR, Role.PAPS}
ADMIN = {Role.ADMIN}
AUDITORS = {Role.ADMIN, Role.INTEGRITY_OFFICER, Role.DPO}
EVERYONE = set(Role) | {"member"}
PLAN_EDITORS = {Role.MTEAM, Role.CHIEF, Role.INTEGRITY_OFFICER}
RISK_READERS = {
    Role.HEAD_OF_SERVICE,
    Role.COORDINATOR,
    Role.MTEAM,
    Role.CHIEF,
    Role.INTEGRITY_OFFICER,
}
# The data protection officer reads the records and what the registers hold; the texts of the
# notices are the integrity officer's and the administrator's (kompas.privacy).
RECORD_READERS = {Role.DPO, Role.INTEGRITY_OFFICER, Role.ADMIN}
HOLDINGS_READERS = {Role.DPO, Role.INTEGRITY_OFFICER}
PRIVACY_EDITORS = {Role.INTEGRITY_OFFICER, Role.ADMIN}
RETENTION_READERS = {Role.INTEGRITY_OFFICER, Role.DPO}
REQUEST_HANDLERS = {Role.DPO, Role.INTEGRITY_OFFICER}
FACILITATORS = {
    Role.CHIEF,
    Role.MTEAM,
    Role.HEAD_OF_SERVICE,
    Role.COORDINATOR,
    Role.NETWORK,
    Role.INTEGRITY_OFFICER,
}


def _a_request(p: Any) -> int:
    """A member's access request of the zone (kompas.privacy), for its page."""
    from kompas.lib import sealed
    from kompas.lib.clock import add_months, today
    from kompas.privacy.models import SEALED_REQUEST, DataSubjectRequest

    return DataSubjectRequest.objects.create(
        zone=p.zone,
        kind="access",
        requester="member",
        person=p.member,
        received_on=today(),
        due_on=add_months(today(), 1),
        sealed=sealed.seal_json(SEALED_REQUEST, {}),
        submission_token="matrix-request-token",
    ).pk


# (name, how to build the URL from the personas, method, who may)
URLS: list[tuple[str, Callable[..., str], str, set[Any]]] = [
    ("home", lambda p: reverse("front:home"), "get", EVERYONE),
    ("profile", lambda p: reverse("accounts:profile"), "get", EVERYONE),
    ("organisation", lambda p: reverse("accounts:organisation"), "get", EVERYONE),
    ("people", lambda p: reverse("accounts:people"), "get", HR_OR_ADMIN),
    ("person", lambda p: reverse("accounts:person", args=[p.member.pk]), "get", HR_OR_ADMIN),
    ("import", lambda p: reverse("accounts:import"), "get", HR_OR_ADMIN),
    ("grant role", lambda p: reverse("accounts:grant_role", args=[p.member.pk]), "post", ADMIN),
    (
        "reset 2FA",
        lambda p: reverse("accounts:reset_second_factor", args=[p.member.pk]),
        "post",
        ADMIN,
    ),
    ("audit log", lambda p: reverse("audit:log"), "get", AUDITORS),
    ("report", lambda p: reverse("reporting:new"), "get", EVERYONE),
    ("cases", lambda p: reverse("reporting:cases"), "get", HANDLERS),
    ("record oral report", lambda p: reverse("reporting:record_oral"), "get", HANDLERS),
    (
        "reveal requests",
        lambda p: reverse("reporting:reveal_requests"),
        "get",
        {Role.INTEGRITY_OFFICER},
    ),
    ("routing", lambda p: reverse("reporting:routing"), "get", {Role.INTEGRITY_OFFICER}),
    ("register", lambda p: reverse("reporting:register"), "get", REGISTER),
    ("statistics", lambda p: reverse("reporting:statistics"), "get", REGISTER),
    ("my declarations", lambda p: reverse("registers:mine"), "get", EVERYONE),
    ("declare a gift", lambda p: reverse("registers:gift_new"), "get", EVERYONE),
    ("signal a conflict", lambda p: reverse("registers:conflict_new"), "get", EVERYONE),
    ("declare a side activity", lambda p: reverse("registers:side_new"), "get", EVERYONE),
    ("registers per year", lambda p: reverse("registers:yearly"), "get", {Role.MTEAM, Role.CHIEF}),
    # One page, a tab per view of the registers: each role opens only its own tabs.
    (
        "registers overview",
        lambda p: reverse("registers:overview"),
        "get",
        {Role.INTEGRITY_OFFICER, Role.MTEAM, Role.CHIEF},
    ),
    *(
        (
            f"registers overview, {tab}",
            lambda p, tab=tab: reverse("registers:overview") + f"?register={tab}",
            "get",
            {Role.INTEGRITY_OFFICER},
        )
        for tab in ("gifts", "side", "conflicts", "patterns")
    ),
    (
        "registers overview, per year",
        lambda p: reverse("registers:overview") + "?register=yearly",
        "get",
        {Role.MTEAM, Role.CHIEF},
    ),
    (
        "registers patterns",
        lambda p: reverse("registers:cross_checks"),
        "get",
        {Role.INTEGRITY_OFFICER},
    ),
    ("verify audit", lambda p: reverse("audit:verify"), "post", AUDITORS),
    ("register rules", lambda p: reverse("registers:rules"), "get", {Role.INTEGRITY_OFFICER}),
    ("register wording", lambda p: reverse("registers:wording"), "get", {Role.INTEGRITY_OFFICER}),
    (
        "sensitive posts",
        lambda p: reverse("registers:sensitive_posts"),
        "get",
        {Role.INTEGRITY_OFFICER},
    ),
    ("suppliers", lambda p: reverse("registers:suppliers"), "get", {Role.INTEGRITY_OFFICER}),
    ("risk analyses", lambda p: reverse("risks:analyses"), "get", RISK_READERS),
    ("multi-year plan", lambda p: reverse("risks:plan"), "get", RISK_READERS),
    (
        "start a risk analysis",
        lambda p: reverse("risks:analysis_new"),
        "get",
        {Role.HEAD_OF_SERVICE, Role.INTEGRITY_OFFICER},
    ),
    ("risk heat map", lambda p: reverse("risks:heat_map"), "get", {Role.MTEAM, Role.CHIEF}),
    ("risk reviews", lambda p: reverse("risks:reviews"), "get", {Role.MTEAM, Role.CHIEF}),
    ("risk matrix", lambda p: reverse("risks:matrix"), "get", {Role.INTEGRITY_OFFICER}),
    ("action plan", lambda p: reverse("plans:plan"), "get", EVERYONE),
    ("edit the plan", lambda p: reverse("plans:plan_edit"), "get", PLAN_EDITORS),
    (
        "question bank",
        lambda p: reverse("plans:questions"),
        "get",
        {
            Role.HEAD_OF_SERVICE,
            Role.COORDINATOR,
            Role.MTEAM,
            Role.CHIEF,
            Role.HR,
            Role.INTEGRITY_OFFICER,
        },
    ),
    ("dashboard", lambda p: reverse("insights:dashboard"), "get", PLAN_EDITORS),
    ("compass", lambda p: reverse("compass:compass"), "get", EVERYONE),
    ("dilemma library", lambda p: reverse("compass:library"), "get", EVERYONE),
    ("decision aid", lambda p: reverse("compass:aid_new"), "get", EVERYONE),
    ("conversation guides", lambda p: reverse("compass:guides"), "get", EVERYONE),
    ("propose a dilemma", lambda p: reverse("compass:propose"), "get", EVERYONE),
    (
        "review dilemmas",
        lambda p: reverse("compass:proposals"),
        "get",
        {Role.NETWORK, Role.INTEGRITY_OFFICER},
    ),
    (
        "edit the compass",
        lambda p: reverse("compass:value_edit", args=["loyalty"]),
        "get",
        {Role.INTEGRITY_OFFICER},
    ),
    ("compass settings", lambda p: reverse("compass:settings"), "get", {Role.INTEGRITY_OFFICER}),
    ("trainings", lambda p: reverse("compass:trainings"), "get", FACILITATORS),
    ("prepare a training", lambda p: reverse("compass:training_new"), "get", FACILITATORS),
    (
        "trainings per service",
        lambda p: reverse("compass:training_stats"),
        "get",
        {Role.INTEGRITY_OFFICER, Role.MTEAM, Role.CHIEF},
    ),
    (
        "own privacy notice",
        lambda p: reverse("privacy:own_notice", args=["public"]),
        "get",
        EVERYONE,
    ),
    ("records of processing", lambda p: reverse("privacy:records"), "get", RECORD_READERS),
    (
        "records of processing (export)",
        lambda p: reverse("privacy:records") + "?format=csv",
        "get",
        RECORD_READERS,
    ),
    ("DPIA starter", lambda p: reverse("privacy:dpia"), "get", RECORD_READERS),
    ("registers' holdings", lambda p: reverse("privacy:holdings"), "get", HOLDINGS_READERS),
    ("privacy texts", lambda p: reverse("privacy:texts"), "get", PRIVACY_EDITORS),
    ("privacy contacts", lambda p: reverse("privacy:contacts"), "get", PRIVACY_EDITORS),
    ("change a privacy text", lambda p: reverse("privacy:texts"), "post", PRIVACY_EDITORS),
    # The integrity officer sets the retention periods, the DPO reads them (a change by each
    # role: kompas/retention/tests/test_periods_page.py).
    ("retention periods", lambda p: reverse("retention:settings"), "get", RETENTION_READERS),
    ("data-subject requests", lambda p: reverse("privacy:requests"), "get", REQUEST_HANDLERS),
    ("register a request", lambda p: reverse("privacy:request_new"), "get", REQUEST_HANDLERS),
    (
        "a data-subject request",
        lambda p: reverse("privacy:request", args=[_a_request(p)]),
        "get",
        REQUEST_HANDLERS,
    ),
    (
        "a data-subject request (export)",
        lambda p: reverse("privacy:request", args=[_a_request(p)]) + "?format=json",
        "get",
        REQUEST_HANDLERS,
    ),
]
ACTORS = [*(role.value for role in Role), "member"]


def _request(client: Client, method: str, url: str):
    return client.post(url, {}) if method == "post" else client.get(url)


@pytest.mark.parametrize(("name", "url", "method", "allowed"), URLS, ids=[u[0] for u in URLS])
@pytest.mark.parametrize("actor", ACTORS)
def test_each_role_reaches_exactly_what_it_may(
    client: Client, personas, name, url, method, allowed, actor
) -> None:
    person = personas.member if actor == "member" else personas[actor]
    sign_in(client, person)
    response = _request(client, method, url(personas))
    if actor in allowed:
        assert response.status_code in (200, 302), (name, actor, response.status_code)
        if response.status_code == 302:
            assert "sign-in" not in response["Location"]
    else:
        # A person's pages answer whoever may not see the person as if nobody held the number.
        hidden = name in ("person", "grant role", "reset 2FA") and actor not in HR_OR_ADMIN
        assert response.status_code == (404 if hidden else 403), (name, actor, response.status_code)


@pytest.mark.parametrize(("name", "url", "method", "allowed"), URLS, ids=[u[0] for u in URLS])
def test_an_anonymous_visitor_is_sent_to_sign_in(
    client: Client, personas, name, url, method, allowed
) -> None:
    response = _request(client, method, url(personas))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    "url",
    [
        lambda p: reverse("accounts:person", args=[p.member.pk]),
        lambda p: reverse("accounts:grant_role", args=[p.member.pk]),
        lambda p: reverse("accounts:reset_second_factor", args=[p.member.pk]),
    ],
)
def test_an_administrator_of_another_zone_finds_nothing(client: Client, personas, url) -> None:
    sign_in(client, personas.outsider_admin)
    response = (
        client.post(url(personas))
        if "roles" in url(personas) or "reset" in url(personas)
        else client.get(url(personas))
    )
    assert response.status_code == 404


def test_the_audit_log_shows_only_the_own_zone(client: Client, personas) -> None:
    from kompas.audit.services import record

    record("test.elsewhere", actor=personas.outsider, obj=personas.outsider)
    record("test.here", actor=personas.member, obj=personas.member)
    sign_in(client, personas[Role.ADMIN])
    page = client.get(reverse("audit:log")).content.decode()
    assert "test.here" in page
    assert "test.elsewhere" not in page


def test_navigation_shows_only_what_roles_allow(client: Client, personas) -> None:
    sign_in(client, personas.member)
    page = client.get("/").content.decode()
    assert reverse("accounts:people") not in page
    assert reverse("audit:log") not in page
    sign_in(client, personas[Role.HR])
    page = client.get("/").content.decode()
    assert reverse("accounts:people") in page
    assert reverse("audit:log") not in page


def test_the_menu_kept_per_set_of_roles_is_what_asking_each_time_gives(personas) -> None:
    """The menu is worked out once per set of roles: that holds only while every permission of
    the menu depends on the roles alone, which asking each time, for everyone, checks."""
    from kompas.accounts.models import Person, RoleAssignment
    from kompas.front.context_processors import _MENUS, NAVIGATION, _menu, may_open

    _MENUS.clear()
    people = [personas.member, personas.outsider, *(personas[role] for role in Role)]
    both = Person.objects.create(
        zone=personas.member.zone, email="both@pz.example", first_name="B", last_name="Oth"
    )
    RoleAssignment.objects.create(person=both, role=Role.HR)
    RoleAssignment.objects.create(person=both, role=Role.INTEGRITY_OFFICER)
    people.append(both)
    for _round in range(2):  # worked out, then kept
        for person in people:
            person = Person.objects.get(pk=person.pk)  # roles as a page reads them
            asked = [
                (group, [label for label, _name, perm in pages if may_open(person, perm)])
                for group, _label, pages in NAVIGATION
            ]
            kept = {
                group: [label for label, _url in pages]
                for group, _label, pages in _menu(person, "/")
            }
            assert [(group, kept.get(group, [])) for group, _pages in asked] == asked, person.roles


def test_an_unnamed_permission_is_refused(personas) -> None:
    admin = personas[Role.ADMIN]
    assert not admin.has_perm("reporting.view_case")
    assert not admin.has_perm("anything.at_all")


def test_the_audit_log_names_the_zone_s_actors_and_numbers_any_other(
    client: Client, personas
) -> None:
    from kompas.audit.services import record

    member, outsider = personas.member, personas.outsider
    record("test.by_member", actor=member, zone_id=member.zone_id)
    record("test.by_outsider", actor=outsider, zone_id=member.zone_id)  # an id from elsewhere
    sign_in(client, personas[Role.ADMIN])
    for query in ({}, {"action": "test."}):  # the page as it opens, and filtered
        page = client.get(reverse("audit:log"), query).content.decode()
        rows = {
            row.split("<code>")[1].split("</code>")[0]: row
            for row in page.split("<tr>")[1:]
            if "<code>test." in row
        }
        assert f"<td>{member.full_name}</td>" in rows["test.by_member"]
        assert f"<td>{outsider.pk}</td>" in rows["test.by_outsider"]
        assert outsider.last_name not in page
