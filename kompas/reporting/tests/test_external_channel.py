"""Everything about Comité P, the external channel (issue 21, point 8; directive art. 9(1)(g)):
what it is, when to go there, its address and website, that a reporter is protected there
too; on both forms and the follow-up page, in the reader's language, in the zone's own words
if it wrote them."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from kompas.accounts.roles import Role
from kompas.audit.models import AuditEvent
from kompas.reporting.tests.conftest import receipt_of, report_form
from kompas.testing import sign_in

pytestmark = pytest.mark.django_db


def pages(personas) -> dict[str, str]:
    member = sign_in(Client(), personas.member)
    data = report_form()
    member.post(reverse("reporting:new"), data)
    reporter = Client()
    reporter.post(reverse("reporting:follow_up"), {"receipt": receipt_of(data)})
    return {
        "staff form": member.get(reverse("reporting:new")).content.decode(),
        "public form": Client()
        .get(reverse("reporting:public", args=[personas.zone.code]))
        .content.decode(),
        "follow-up": reporter.get(reverse("reporting:follow_up_case")).content.decode(),
    }


def test_every_reporter_page_tells_about_comite_p_with_its_address(personas, handlers) -> None:
    for name, page in pages(personas).items():
        assert "Vast Comité van Toezicht op de politiediensten" in page, name
        assert "Leuvenseweg 48 bus 1, 1000 Brussel" in page and "www.comitep.be" in page, name
        assert "even goed beschermd" in page, name


def test_a_french_reader_reads_it_in_french(client: Client, personas, handlers) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    page = client.get(reverse("reporting:public", args=[personas.zone.code])).content.decode()
    assert "rue de Louvain 48 boîte 1" in page and "vous protège" in page


def test_the_integrity_officer_writes_the_zone_s_own_words(personas, handlers) -> None:
    url = reverse("reporting:external_channel")
    assert Client().get(url).status_code == 302
    assert sign_in(Client(), personas[Role.ADMIN]).get(url).status_code == 403
    officer = sign_in(Client(), personas[Role.INTEGRITY_OFFICER])
    assert "www.comitep.be" in officer.get(url).content.decode()  # ours, shown to compare
    own = "Meld extern bij het Comité P (www.comitep.be); de zone helpt u daarbij <graag>."
    officer.post(url, {"nl": own, "fr": "", "en": ""})
    assert AuditEvent.objects.filter(action="reporting.external_channel_set").exists()
    shown = pages(personas)
    for name, page in shown.items():
        assert "de zone helpt u daarbij &lt;graag&gt;." in page, name  # escaped
        assert "Vast Comité van Toezicht" not in page, name
    french = Client()
    french.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    page = french.get(reverse("reporting:public", args=[personas.zone.code])).content.decode()
    assert "rue de Louvain" in page  # no French words of the zone's: ours
