"""HR and the functional administrator keep people and roles up to date; every change is audited."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from kompas.accounts.models import Person, RoleAssignment
from kompas.accounts.roles import Role
from kompas.accounts.tests import listed
from kompas.audit.models import AuditEvent
from kompas.testing import make_person, make_service, sign_in

pytestmark = pytest.mark.django_db


def form_data(person, **changes):
    data = {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "email": person.email,
        "cadre": person.cadre,
        "status": person.status,
        "service": person.service_id or "",
        "leader": person.leader_id or "",
        "language": person.language,
        "is_active": "on" if person.is_active else "",
    }
    data.update(changes)
    return data


def test_hr_moves_a_person_to_another_service_and_it_is_audited(client: Client, personas) -> None:
    sign_in(client, personas[Role.HR])
    url = reverse("accounts:person", args=[personas.member.pk])
    response = client.post(url, form_data(personas.member, service=personas.service.pk))
    assert response.status_code == 302
    personas.member.refresh_from_db()
    assert personas.member.service == personas.service
    event = AuditEvent.objects.get(action="accounts.person_changed")
    assert event.actor_id == personas[Role.HR].pk
    assert event.actor_role == Role.HR
    assert event.detail == {"fields": "service"}


def test_hr_cannot_make_a_leader_circle(client: Client, personas) -> None:
    sign_in(client, personas[Role.HR])
    coordinator = personas[Role.COORDINATOR]
    url = reverse("accounts:person", args=[coordinator.pk])
    response = client.post(url, form_data(coordinator, leader=personas.member.pk))
    assert response.status_code == 200
    assert 'id="id_leader_error"' in response.content.decode()
    coordinator.refresh_from_db()
    assert coordinator.leader_id is None


def test_hr_cannot_pick_a_service_of_another_zone(client: Client, personas) -> None:
    from kompas.testing import make_service

    elsewhere = make_service(personas.outsider.zone)
    sign_in(client, personas[Role.HR])
    url = reverse("accounts:person", args=[personas.member.pk])
    response = client.post(url, form_data(personas.member, service=elsewhere.pk))
    assert response.status_code == 200
    personas.member.refresh_from_db()
    assert personas.member.service == personas.team


def test_deactivating_a_person_ends_their_sessions(client: Client, personas) -> None:
    member_client = sign_in(Client(), personas.member)
    assert member_client.get("/").status_code == 200
    sign_in(client, personas[Role.HR])
    url = reverse("accounts:person", args=[personas.member.pk])
    client.post(url, form_data(personas.member, is_active=""))
    assert member_client.get("/").status_code == 302


def test_a_person_number_no_database_holds_is_not_found(client: Client, personas) -> None:
    sign_in(client, personas[Role.HR])
    assert client.get(f"/account/people/{'9' * 25}/").status_code == 404


def test_looking_at_a_person_is_audited(client: Client, personas) -> None:
    sign_in(client, personas[Role.HR])
    client.get(reverse("accounts:person", args=[personas.member.pk]))
    event = AuditEvent.objects.get(action="accounts.person_viewed")
    assert event.object_id == str(personas.member.pk)


def test_a_person_s_page_offers_the_zone_s_services_in_both_of_its_forms(
    client: Client, personas
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    sign_in(client, personas[Role.ADMIN])  # who may also grant roles
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("accounts:person", args=[personas.member.pk]), {"edit": "1"})
    reads = [q["sql"] for q in queries.captured_queries if 'FROM "accounts_service"' in q["sql"]]
    assert len(reads) == 2, reads  # one (id, name) read per select box, whatever their number
    html = page.content.decode()
    other = next(s for s in personas.zone.services.all() if s.pk != personas.member.service_id)
    assert html.count(f'<option value="{other.pk}">') == 2  # in both select boxes
    assert html.count(f'<option value="{personas.member.service_id}" selected>') == 1
    elsewhere = make_service(personas.outsider.zone, "Dienst elders")
    assert (
        elsewhere.name
        not in client.get(reverse("accounts:person", args=[personas.member.pk])).content.decode()
    )
    # A service added or renamed is offered at once.
    added = make_service(personas.zone, "Hondenbrigade")
    page_url = reverse("accounts:person", args=[personas.member.pk]) + "?edit=1"
    assert client.get(page_url).content.decode().count(f'<option value="{added.pk}">') == 2
    added.name = "Hondensteun"
    added.save()
    html = client.get(page_url).content.decode()
    assert "Hondensteun" in html and "Hondenbrigade" not in html
    # HR, who may not grant roles, gets the person's own form only.
    sign_in(client, personas[Role.HR])
    html = client.get(page_url).content.decode()
    assert html.count(f'<option value="{other.pk}">') == 1
    assert reverse("accounts:grant_role", args=[personas.member.pk]) not in html


def test_the_people_list_searches_within_the_zone(client: Client, personas) -> None:
    sign_in(client, personas[Role.HR])
    page = client.get(reverse("accounts:people"), {"q": "Mila"})
    names = [Person.objects.get(pk=pk).first_name for pk in listed(page)]
    assert names == ["Mila"]
    # A whole name, in either order and any case, finds the person; a wrong word finds nobody.
    member = personas.member
    for query in (member.full_name, f"{member.last_name} {member.first_name}".lower()):
        assert listed(client.get(reverse("accounts:people"), {"q": query})) == [member.pk], query
    assert not listed(client.get(reverse("accounts:people"), {"q": "Mila Nobody"}))
    smet = make_person(personas.zone, first_name="Jan", last_name="De Smet")
    assert listed(client.get(reverse("accounts:people"), {"q": "jan de smet"})) == [smet.pk]
    everyone = listed(client.get(reverse("accounts:people")))
    assert everyone and personas.outsider.pk not in everyone
    # Each row names the person's service, or a dash for someone without one.
    service = make_service(personas.zone, "Wijk <Noord>")
    Person.objects.filter(pk=personas.member.pk).update(service=service)
    alone = make_person(personas.zone, first_name="Zonder", last_name="Dienst")
    rows = client.get(reverse("accounts:people")).content.decode().split("<tr>")[1:]
    member_row = next(r for r in rows if personas.member.full_name in r)
    assert "<td>Wijk &lt;Noord&gt;</td>" in member_row
    alone_row = next(r for r in rows if alone.full_name in r)
    assert "<td>—</td>" in alone_row
    # Whether each is active, in the reader's language; each name links to the person's page.
    Person.objects.filter(pk=alone.pk).update(is_active=False)
    rows = client.get(reverse("accounts:people")).content.decode().split("<tr>")[1:]
    member_row = next(r for r in rows if personas.member.full_name in r)
    alone_row = next(r for r in rows if alone.full_name in r)
    assert "<td>ja</td>" in member_row and "<td>nee</td>" in alone_row
    assert f'<a href="{reverse("accounts:person", args=[alone.pk])}">' in alone_row
    # Found by the service's name (as it is now), and named in the rows found.
    found = client.get(reverse("accounts:people"), {"q": "noord"}).content.decode()
    assert personas.member.full_name in found and "<td>Wijk &lt;Noord&gt;</td>" in found
    service.name = "Wijk Zuid"
    service.save()
    assert personas.member.full_name not in (
        client.get(reverse("accounts:people"), {"q": "noord"}).content.decode()
    )
    found = client.get(reverse("accounts:people"), {"q": "zuid"}).content.decode()
    assert "<td>Wijk Zuid</td>" in found and alone.full_name not in found


def test_people_are_found_by_part_of_a_name_or_address_their_staff_number_or_service(
    client: Client, personas
) -> None:
    member = personas.member
    member.staff_number = "ab123"
    member.save(update_fields=["staff_number"])
    sign_in(client, personas[Role.HR])

    def found(query: str) -> set[int]:
        return set(listed(client.get(reverse("accounts:people"), {"q": query})))

    assert member.pk in found(member.last_name[1:4].lower())
    assert member.pk in found(member.email.split("@")[0].upper())
    assert member.pk in found("AB123")
    assert member.pk not in found("AB12")  # a staff number matches whole, not in part
    assert member.pk in found(member.service.name[:5])
    assert personas.outsider.pk not in found(personas.outsider.last_name)


def test_on_postgresql_the_name_search_has_trigram_indexes() -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("trigram indexes are a PostgreSQL feature")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'accounts_person' "
            "AND indexdef LIKE '%%gin_trgm_ops%%'"
        )
        names = {row[0] for row in cursor.fetchall()}
    # One index on the names and address kept in capitals (migration 0015 replaced the three
    # of 0003), and one on the services' names (0014).
    assert names == {"person_search_text_trgm"}
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'service_name_trgm'")
        (definition,) = cursor.fetchone()
    assert "gin_trgm_ops" in definition and "upper((name)::text)" in definition


def test_the_people_list_answers_htmx_with_the_results_only(client: Client, personas) -> None:
    sign_in(client, personas[Role.HR])
    response = client.get(reverse("accounts:people"), {"q": "Mila"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="results">')
    assert "<html" not in html


def test_the_administrator_grants_and_withdraws_a_role(client: Client, personas) -> None:
    admin = personas[Role.ADMIN]
    sign_in(client, admin)
    url = reverse("accounts:grant_role", args=[personas.member.pk])
    client.post(url, {"role": Role.NETWORK})
    client.post(url, {"role": Role.NETWORK})  # a double click grants it once
    assignment = RoleAssignment.objects.get(person=personas.member)
    assert assignment.role == Role.NETWORK
    assert assignment.granted_by == admin
    revoke = reverse("accounts:revoke_role", args=[personas.member.pk, assignment.pk])
    client.post(revoke)
    assert not RoleAssignment.objects.filter(person=personas.member).exists()
    actions = list(
        AuditEvent.objects.filter(action__startswith="accounts.role_").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == ["accounts.role_granted", "accounts.role_revoked"]


def test_a_head_of_service_role_needs_a_service(client: Client, personas) -> None:
    sign_in(client, personas[Role.ADMIN])
    url = reverse("accounts:grant_role", args=[personas.member.pk])
    client.post(url, {"role": Role.HEAD_OF_SERVICE})
    assert not RoleAssignment.objects.filter(person=personas.member).exists()
    client.post(url, {"role": Role.HEAD_OF_SERVICE, "service": personas.team.pk})
    assert personas.member.roles_held.get().service == personas.team


def test_the_administrator_cannot_change_their_own_roles(client: Client, personas) -> None:
    admin = personas[Role.ADMIN]
    sign_in(client, admin)
    response = client.post(reverse("accounts:grant_role", args=[admin.pk]), {"role": Role.HR})
    assert response.status_code == 403
    assert not admin.roles_held.filter(role=Role.HR).exists()


def test_resetting_two_step_sign_in_removes_the_device_and_signs_the_person_out(
    client: Client, personas
) -> None:
    officer = personas[Role.OVERSIGHT]
    officer_client = sign_in(Client(), officer)
    assert officer_client.get("/").status_code == 200
    sign_in(client, personas[Role.ADMIN])
    page, reset = (
        reverse(n, args=[officer.pk]) for n in ("accounts:person", "accounts:reset_second_factor")
    )
    assert f'action="{reset}"' in client.get(page).content.decode()  # their page offers it
    client.post(reset)
    assert not TOTPDevice.objects.filter(user=officer).exists()
    assert f'action="{reset}"' not in client.get(page).content.decode()
    assert officer_client.get("/").status_code == 302
    assert AuditEvent.objects.filter(action="accounts.second_factor_reset").count() == 1


def test_a_new_role_that_needs_two_step_sign_in_applies_at_once(client: Client, personas) -> None:
    member_client = sign_in(Client(), personas.member)
    sign_in(client, personas[Role.ADMIN])
    client.post(
        reverse("accounts:grant_role", args=[personas.member.pk]), {"role": Role.COUNSELLOR}
    )
    response = member_client.get("/")
    assert response["Location"].startswith(reverse("accounts:second_factor_setup"))


def test_the_people_page_costs_the_same_queries_for_few_and_many_people(
    client: Client, personas, django_assert_max_num_queries
) -> None:
    sign_in(client, personas[Role.HR])
    client.get(reverse("accounts:people"))  # warm up the session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("accounts:people"))
    for _ in range(60):
        make_person(personas.zone, service=personas.team)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("accounts:people"))
    assert len(many) == len(few)
    assert len(few) <= 14  # PostgreSQL adds the advisory lock of the audit chain


def test_the_colleague_picker_finds_people_of_the_own_zone_only(client: Client, personas) -> None:
    sign_in(client, personas.member)
    url = reverse("accounts:people_pick")
    found = client.get(url, {"field": "involved", "multiple": "1", "picker_q": "Otto"})
    assert "Otto" not in found.content.decode()  # another zone
    found = client.get(url, {"field": "involved", "multiple": "1", "picker_q": "Coordinator"})
    assert "Coordinator" in found.content.decode()
    kept = client.get(
        url,
        {
            "field": "involved",
            "multiple": "1",
            "picker_q": "zz",
            "involved": [personas[Role.HR].pk],
        },
    )
    assert f'value="{personas[Role.HR].pk}" checked' in kept.content.decode()
    assert client.get(url, {"field": "bad field!", "picker_q": "x"}).status_code == 400
    oversized = {"field": "involved", "picker_q": "Mi", "involved": ["9" * 30, "-1", "x", "²"]}
    assert client.get(url, oversized).status_code == 200  # nobody chosen, never an error


def test_the_report_form_does_not_list_the_whole_zone(client: Client, personas) -> None:
    sign_in(client, personas.member)
    page = client.get(reverse("reporting:new")).content.decode()
    assert personas[Role.HR].last_name not in page


@pytest.mark.parametrize("multiple", [True, False])
def test_the_colleague_picker_shows_the_people_chosen_escaped_with_its_hint_translated(
    personas, multiple
) -> None:
    from django import forms
    from django.utils import translation

    from kompas.accounts.widgets import PersonPicker, picker_field

    field = forms.ModelMultipleChoiceField(queryset=Person.objects.none(), widget=PersonPicker())
    picker_field(field, Person.objects.filter(zone=personas.zone).select_related("service"))
    widget = field.widget
    widget.multiple = multiple
    odd = make_person(personas.zone, first_name="Ann <b>", last_name="O'Neil & co")
    kind = "checkbox" if multiple else "radio"
    with translation.override("nl"):
        html = widget.render("involved", [odd.pk, "x"], {"id": "id_involved"})
        hint = translation.gettext(
            "Type at least two letters of a name, then tick the right person."
        )
    assert f'<input type="{kind}" name="involved" value="{odd.pk}" checked>' in html
    assert "Ann &lt;b&gt; O&#39;Neil &amp; co" in html and "<b>" not in html
    assert (
        hint in html and hint != "Type at least two letters of a name, then tick the right person."
    )
    assert personas.member.full_name not in html  # only those chosen


def test_a_person_s_page_shows_their_active_leader_of_the_zone_chosen(
    client: Client, personas
) -> None:
    """The leader is read through a query compiled once, scoped as the picker's list is."""
    member, leader = personas.member, personas[Role.COORDINATOR]
    sign_in(client, personas[Role.HR])
    page = reverse("accounts:person", args=[member.pk]) + "?edit=1"  # the form, asked for
    html = client.get(page).content.decode()
    assert f'name="leader" value="{leader.pk}" checked> {leader.full_name}' in html
    Person.objects.filter(pk=leader.pk).update(is_active=False)  # left the zone's service
    assert f'value="{leader.pk}" checked' not in client.get(page).content.decode()
    Person.objects.filter(pk=member.pk).update(leader=personas.outsider)  # bad data, elsewhere
    html = client.get(page).content.decode()
    assert personas.outsider.full_name not in html and "checked>" not in html.split("picker")[1]


PERSON_URLS = [
    ("get", "accounts:person", ()),
    ("post", "accounts:grant_role", ()),
    ("post", "accounts:revoke_role", (1,)),
    ("post", "accounts:reset_second_factor", ()),
]


def _page_apart_from(response, url: str) -> str:
    """The page but for what differs between any two answers: the CSRF token, masked anew for
    every page, and the address asked for, which the language form sends back to."""
    import re

    page = response.content.decode().replace(url, "URL")
    return re.sub(r'(csrfmiddlewaretoken" value=|"X-CSRFToken": )"[^"]+"', r"\1TOKEN", page)


@pytest.mark.parametrize(("method", "name", "more"), PERSON_URLS, ids=[u[1] for u in PERSON_URLS])
@pytest.mark.parametrize("asking", ["member", Role.CHIEF, Role.INTEGRITY_OFFICER, "outsider_admin"])
def test_who_may_not_see_a_person_cannot_tell_whether_they_exist(
    client: Client, personas, method, name, more, asking
) -> None:
    # A number somebody holds and one nobody holds answer alike: nobody can count the zone's
    # people or find out who is in it by trying numbers.
    named = {"member": personas.member, "outsider_admin": personas.outsider_admin}
    sign_in(client, named[asking] if asking in named else personas[asking])
    nobody = Person.objects.order_by("-pk").values_list("pk", flat=True)[0] + 1000
    pages = []
    for pk in (personas[Role.HR].pk, nobody):
        url = reverse(name, args=[pk, *more])
        response = getattr(client, method)(url)
        assert response.status_code == 404
        pages.append(_page_apart_from(response, url))
    assert pages[0] == pages[1]


def test_hr_who_sees_a_person_is_refused_what_only_the_administrator_may(
    client: Client, personas
) -> None:
    sign_in(client, personas[Role.HR])
    url = reverse("accounts:reset_second_factor", args=[personas.member.pk])
    assert client.post(url).status_code == 403  # HR sees the person already: nothing to betray
