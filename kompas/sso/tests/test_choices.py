"""The functional administrator's page: the zone's sign-in choices and group mappings."""

from __future__ import annotations

import pytest
from django.core.checks import run_checks
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kompas.accounts.roles import Role
from kompas.audit.models import AuditEvent
from kompas.sso.models import Identity, RoleMapping, ZoneSignIn
from kompas.testing import assert_written, sign_in

pytestmark = pytest.mark.django_db

URL = "/account/sso/choices/"


def test_the_page_has_its_address():
    assert reverse("sso:choices") == URL


def test_anonymous_visitors_are_sent_to_sign_in(client, personas):
    assert client.get(URL)["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("role", [r for r in Role if r != Role.ADMIN])
def test_other_roles_are_refused(client, personas, role):
    sign_in(client, personas[role])
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"choices": "1", "password_allowed": ""}).status_code == 403


def test_the_administrator_sees_the_choices_and_the_redirect_uri(client, personas, sso):
    sign_in(client, personas[Role.ADMIN])
    page = assert_written(client.get(URL).content.decode())
    assert "http://testserver/account/sso/callback/" in page
    assert sso.url in page


def test_the_page_costs_the_same_queries_whatever_the_mappings(client, personas):
    sign_in(client, personas[Role.ADMIN])
    client.get(URL)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for number in range(5):
        RoleMapping.objects.create(zone=personas.zone, group=f"g{number}", role=Role.NETWORK)
    with CaptureQueriesContext(connection) as many:
        client.get(URL)
    assert len(many) == len(few)


def test_password_sign_in_goes_off_only_for_an_administrator_linked_at_the_provider(
    client, personas, sso
):
    admin = personas[Role.ADMIN]
    sign_in(client, admin)

    refused = client.post(URL, {"choices": "1", "provider_second_step": "on"})
    assert refused.status_code == 400
    assert "Meld u eerst zelf eenmaal aan via de provider" in refused.content.decode()
    assert not ZoneSignIn.objects.exists()

    Identity.objects.create(person=admin, issuer=sso.url, subject="adam")
    done = client.post(URL, {"choices": "1", "provider_second_step": "on"})
    assert done.status_code == 302
    choices = ZoneSignIn.objects.get(zone=personas.zone)
    assert not choices.password_allowed and choices.provider_second_step
    event = AuditEvent.objects.get(action="sso.choices_changed")
    assert event.actor_id == admin.pk
    assert event.detail["changed"] == "password_allowed,provider_second_step"


def test_password_sign_in_stays_on_without_a_provider(client, personas):
    sign_in(client, personas[Role.ADMIN])
    response = client.post(URL, {"choices": "1"})
    assert response.status_code == 400
    assert not ZoneSignIn.objects.exists()


def test_mappings_are_added_and_removed_audited_and_scoped_to_the_zone(client, personas):
    admin = personas[Role.ADMIN]
    sign_in(client, admin)

    sensitive = client.post(URL, {"mapping": "1", "group": "g-io", "role": Role.INTEGRITY_OFFICER})
    assert sensitive.status_code == 400
    added = client.post(URL, {"mapping": "1", "group": "g-n", "role": Role.NETWORK})
    assert added.status_code == 302
    mapping = RoleMapping.objects.get()
    assert (mapping.group, mapping.role, mapping.service_id) == ("g-n", Role.NETWORK, None)
    assert AuditEvent.objects.filter(action="sso.mapping_added", object_id=str(mapping.pk)).exists()

    twice = client.post(URL, {"mapping": "1", "group": "g-n", "role": Role.NETWORK})
    assert twice.status_code == 400

    other = RoleMapping.objects.create(
        zone=personas.outsider.zone, group="x", role=Role.COMMUNICATION
    )
    assert client.post(reverse("sso:remove_mapping", args=[other.pk])).status_code == 404
    assert client.get(reverse("sso:remove_mapping", args=[mapping.pk])).status_code == 405
    assert client.post(reverse("sso:remove_mapping", args=[mapping.pk])).status_code == 302
    assert not RoleMapping.objects.filter(pk=mapping.pk).exists()
    assert AuditEvent.objects.filter(action="sso.mapping_removed").exists()


@pytest.mark.parametrize(
    "role", [Role.CHIEF, Role.HEAD_OF_SERVICE, Role.COORDINATOR, Role.OVERSIGHT, Role.ADMIN]
)
def test_a_handler_or_sensitive_role_cannot_be_mapped_through_the_page(client, personas, role):
    """The attacker is the administrator of a group at the provider and wants the group to make
    them a report handler: the page refuses the role with a translated error."""
    sign_in(client, personas[Role.ADMIN])
    refused = client.post(
        URL, {"mapping": "1", "group": "g-boss", "role": role, "service": personas.team.pk}
    )
    assert refused.status_code == 400
    assert "Selecteer een geldige keuze" in refused.content.decode()
    assert not RoleMapping.objects.exists()
    assert not AuditEvent.objects.filter(action="sso.mapping_added").exists()


def test_check_deploy_warns_when_sso_runs_without_https(settings, sso):
    settings.HTTPS = False
    ids = {message.id for message in run_checks(include_deployment_checks=True)}
    assert "kompas.sso.W001" in ids
    assert "kompas.sso.W002" in ids

    settings.HTTPS = True
    settings.SITE_URL = "https://kompas.example.test"
    settings.OIDC_ISSUER = "https://login.example.test/tenant/v2.0"
    ids = {message.id for message in run_checks(include_deployment_checks=True)}
    assert not {"kompas.sso.W001", "kompas.sso.W002"} & ids

    settings.OIDC_ISSUER = ""
    settings.HTTPS = False
    ids = {message.id for message in run_checks(include_deployment_checks=True)}
    assert not {"kompas.sso.W001", "kompas.sso.W002"} & ids
