"""Errors where they belong (issue 21, point 14): each at its field and all in a summary at the
top that links to them; files a failed form could not keep are said to be gone."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from kompas.reporting.forms import issue_public_token
from kompas.reporting.models import Report
from kompas.reporting.tests.conftest import report_form
from kompas.testing import sign_in

pytestmark = pytest.mark.django_db


def summary_of(page: str) -> str:
    found = re.search(r'<div class="error-summary"[^>]*data-error-summary.*?</div>', page, re.S)
    assert found, "no error summary"
    return found.group(0)


def test_a_member_s_form_with_an_error_names_it_at_the_top_and_says_the_files_are_gone(
    personas, handlers
) -> None:
    member = sign_in(Client(), personas.member)
    data = report_form(what="")
    data["attachments"] = SimpleUploadedFile("foto.txt", b"een bestand", "text/plain")
    page = member.post(reverse("reporting:new"), data).content.decode()
    assert not Report.objects.exists()
    summary = summary_of(page)
    assert 'href="#id_what"' in summary and "Wat is er gebeurd?" in summary
    assert 'href="#id_attachments"' in summary and "niet bewaard" in summary
    # Every link of the summary leads to a field on the page.
    for target in re.findall(r'href="#([^"]+)"', summary):
        assert f'id="{target}"' in page, target
    assert 'class="errorlist' in page  # and the error stays at its field


def test_a_citizen_s_choice_left_open_is_linked_to_its_first_option(
    client: Client, personas, handlers
) -> None:
    data = {"receipt_token": issue_public_token(personas.zone.pk), "what": "Er gebeurde iets."}
    page = client.post(reverse("reporting:public", args=[personas.zone.code]), data)
    summary = summary_of(page.content.decode())
    assert 'href="#id_kind_0"' in summary
    assert 'id="id_kind_0"' in page.content.decode()
    assert "niet bewaard" not in summary  # no file was sent: none is said to be gone


def test_a_form_without_errors_has_no_summary(client: Client, personas, handlers) -> None:
    page = client.get(reverse("reporting:public", args=[personas.zone.code])).content.decode()
    assert "data-error-summary" not in page


def test_the_summary_names_the_fields_in_the_order_of_the_page(
    client: Client, personas, handlers
) -> None:
    data = {"receipt_token": issue_public_token(personas.zone.pk)}
    page = client.post(reverse("reporting:public", args=[personas.zone.code]), data)
    summary = summary_of(page.content.decode())
    assert summary.index("#id_kind_0") < summary.index("#id_what")
