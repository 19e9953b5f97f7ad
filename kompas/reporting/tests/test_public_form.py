"""The public form speaks to citizens (issue 21, point 3): how they are protected, said before
the send button in their terms, and only the services a citizen meets, as the zone marks them."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from kompas.accounts.roles import Role
from kompas.audit.models import AuditEvent
from kompas.reporting.forms import issue_public_token
from kompas.reporting.models import ChannelSettings, Report
from kompas.testing import make_service, sign_in

pytestmark = pytest.mark.django_db


def public_form(client: Client, personas) -> str:
    return client.get(reverse("reporting:public", args=[personas.zone.code])).content.decode()


def test_the_public_form_asks_for_a_service_only_among_those_the_zone_offers(
    client: Client, personas, handlers
) -> None:
    ict = make_service(personas.zone, "ICT")
    assert 'name="services"' not in public_form(client, personas)  # none marked: not asked
    channel, _ = ChannelSettings.objects.get_or_create(zone=personas.zone)
    channel.public_services.set([personas.service])
    page = public_form(client, personas)
    assert personas.service.name in page and "ICT" not in page
    # A service the zone does not offer is refused, whatever the browser sends.
    data = {
        "receipt_token": issue_public_token(personas.zone.pk),
        "kind": "complaint",
        "what": "Het onthaal liet me een uur wachten.",
        "services": [ict.pk],
    }
    answer = client.post(reverse("reporting:public", args=[personas.zone.code]), data)
    assert not Report.objects.exists() and answer.status_code == 200
    data["services"] = [personas.service.pk]
    client.post(reverse("reporting:public", args=[personas.zone.code]), data)
    assert list(Report.objects.get().services.all()) == [personas.service]


def test_each_form_says_how_its_reporter_is_protected_before_the_send_button(
    client: Client, personas, handlers
) -> None:
    public = public_form(client, personas)
    assert "kan nooit tegen u gebruikt worden" in public
    assert "PAPS" not in public and "maatregelen tegen u" not in public
    assert public.index('id="protection-title"') < public.index("Melding versturen")
    staff = sign_in(Client(), personas.member).get(reverse("reporting:new")).content.decode()
    assert "PAPS" in staff and "maatregelen tegen u" in staff
    assert staff.index('id="protection-title"') < staff.index("Melding versturen")


def test_only_the_integrity_officer_marks_the_public_services(personas) -> None:
    url = reverse("reporting:public_services")
    assert Client().get(url).status_code == 302  # to sign in
    for role in (Role.ADMIN, Role.HEAD_OF_SERVICE):
        assert sign_in(Client(), personas[role]).get(url).status_code == 403, role
    officer = sign_in(Client(), personas[Role.INTEGRITY_OFFICER])
    assert officer.get(url).status_code == 200
    officer.post(url, {"services": [personas.service.pk, personas.team.pk]})
    assert set(ChannelSettings.of(personas.zone.pk).public_services.all()) == {
        personas.service,
        personas.team,
    }
    assert AuditEvent.objects.filter(action="reporting.public_services_set").exists()
    # A service of another zone, or a team below the main services, is not a choice.
    other = make_service(personas.outsider.zone, "Elders")
    deep = make_service(personas.zone, "Ploeg 7", parent=personas.team)
    for wrong in (other, deep):
        page = officer.post(url, {"services": [wrong.pk]}).content.decode()
        assert "errorlist" in page
    assert ChannelSettings.of(personas.zone.pk).public_services.count() == 2
