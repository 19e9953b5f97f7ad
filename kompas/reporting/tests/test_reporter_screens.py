"""What a reporter sees around the forms (issue 21, points 1 and 2): the way back to a report
from every page where one starts, and no name on the screens of someone reporting."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from kompas.reporting.tests.conftest import receipt_of, report_form
from kompas.testing import sign_in

WAY_BACK = "Al gemeld? Volg uw melding op"


def links_back(html: str) -> bool:
    return WAY_BACK in html and f'href="{reverse("reporting:follow_up")}"' in html


def test_every_page_where_a_report_starts_links_to_its_follow_up(
    client: Client, personas, handlers
) -> None:
    # Anyone, without signing in: the sign-in page and the zone's public form.
    assert links_back(client.get(reverse("accounts:login")).content.decode())
    public = client.get(reverse("reporting:public", args=[personas.zone.code]))
    assert links_back(public.content.decode())
    # A member of staff: home, the report form and the receipt.
    member = sign_in(Client(), personas.member)
    assert links_back(member.get(reverse("front:home")).content.decode())
    assert links_back(member.get(reverse("reporting:new")).content.decode())
    receipt = member.post(reverse("reporting:new"), report_form(identity_mode="anonymous"))
    assert "receipt-code" in receipt.content.decode()
    assert links_back(receipt.content.decode())


def test_a_member_reporting_sees_no_name_on_the_form_nor_on_the_receipt(personas, handlers) -> None:
    member = sign_in(Client(), personas.member)
    name = personas.member.full_name
    # The home page names them, as any page of their account does.
    assert name in member.get(reverse("front:home")).content.decode()
    form = member.get(reverse("reporting:new")).content.decode()
    assert name not in form
    assert "Afmelden" in form  # the menu and the way out stay on the form
    receipt = member.post(reverse("reporting:new"), report_form(identity_mode="anonymous"))
    page = receipt.content.decode()
    assert "receipt-code" in page
    # No name, no menu, no sign-out: nothing on the screen belongs to the account.
    assert name not in page and personas.member.first_name not in page
    assert 'aria-label="Hoofdmenu"' not in page and "Afmelden" not in page


def test_the_follow_up_pages_show_no_account_either(personas, handlers) -> None:
    member = sign_in(Client(), personas.member)
    data = report_form(identity_mode="anonymous")
    member.post(reverse("reporting:new"), data)
    opened = member.post(reverse("reporting:follow_up"), {"receipt": receipt_of(data)}, follow=True)
    assert "Uw melding" in opened.content.decode()  # the case, opened by its receipt
    for page in (member.get(reverse("reporting:follow_up")), opened):
        html = page.content.decode()
        assert page.status_code == 200
        assert personas.member.full_name not in html
        assert 'aria-label="Hoofdmenu"' not in html and "Afmelden" not in html
