"""What Kompas writes to a reporter is in the language they used (issue 21, point 6), kept
sealed with the report's content, never in a readable column."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from kompas.accounts.roles import Role
from kompas.reporting import crypto
from kompas.reporting.forms import issue_public_token
from kompas.reporting.models import Report
from kompas.reporting.services import reporter_language
from kompas.reporting.tests.conftest import receipt_of, report_form, signed_in_handler
from kompas.testing import sign_in

pytestmark = pytest.mark.django_db


def test_a_french_citizen_gets_the_acknowledgement_in_french_from_a_dutch_handler(
    personas, handlers
) -> None:
    citizen = Client()
    citizen.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    data = {
        "receipt_token": issue_public_token(personas.zone.pk),
        "kind": "complaint",
        "what": "Un agent m'a parlé de façon méprisante au guichet.",
    }
    answer = citizen.post(reverse("reporting:public", args=[personas.zone.code]), data)
    assert answer.status_code == 200 and "receipt-code" in answer.content.decode()
    report = Report.objects.get()
    handler = signed_in_handler(personas[Role.OVERSIGHT])  # reads Kompas in Dutch
    page = handler.post(
        reverse("reporting:case_step", args=[report.number]), {"step": "acknowledge"}, follow=True
    )
    assert "Het dossier is bijgewerkt." in page.content.decode()
    citizen.post(reverse("reporting:follow_up"), {"receipt": receipt_of(data)})
    shown = citizen.get(reverse("reporting:follow_up_case")).content.decode()
    assert "Nous avons reçu votre signalement" in shown
    assert "We hebben uw melding" not in shown


def test_the_language_is_sealed_and_an_older_report_falls_back_to_the_zone_s(
    personas, handlers
) -> None:
    member = sign_in(Client(), personas.member)
    member.post(reverse("reporting:new"), report_form())
    report = Report.objects.get()
    columns = {f.attname for f in Report._meta.concrete_fields}
    assert not {c for c in columns if "lang" in c}  # no readable column holds it
    # An older report's content has no language: Dutch, the zone's default.
    case_key = crypto.new_case_key()
    report.content_box = crypto.encrypt_json(case_key, {"what": "x"})
    assert reporter_language(report, case_key) == "nl"
    report.content_box = crypto.encrypt_json(case_key, {"what": "x", "language": "xx"})
    assert reporter_language(report, case_key) == "nl"
    report.content_box = crypto.encrypt_json(case_key, {"what": "x", "language": "en"})
    assert reporter_language(report, case_key) == "en"
