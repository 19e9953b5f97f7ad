"""The main menu a newcomer guesses right: at most seven items named after what people do, each
group listing the pages of it the person may open (and only those), the registers under one
name, the page one is on marked; on a phone a menu button (e2e/test_home_and_menu.py)."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from kompas.accounts.roles import Role
from kompas.testing import sign_in

pytestmark = pytest.mark.django_db


def menu_of(page: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """The main menu as written: each top item with its pages as (label, address); a single
    link is a group of one page named after it."""
    nav = page.split('<nav id="main-menu"')[1].split("</nav>")[0]
    found = []
    for item in nav.split('<ul class="nav">')[1].split("\n            <li>")[1:]:
        links = [
            (unescape(label), href)
            for href, label in re.findall(r'<a href="([^"]*)"[^>]*>([^<]*)</a>', item)
        ]
        summary = re.search(r"<summary>([^<]*)</summary>", item)
        found.append((unescape(summary.group(1)) if summary else links[0][0], links))
    return found


def test_a_member_s_menu_groups_what_they_do(client: Client, personas) -> None:
    page = sign_in(client, personas.member).get(reverse("front:home")).content.decode()
    menu = dict(menu_of(page))
    assert list(menu) == [
        "Start",
        "Melden",
        "Registers",
        "Kompas & trainingen",
        "Integriteitsactieplan",
        "Organisatie",
    ]
    # The registers under one name: gifts, side activities and conflicts of interest.
    assert [href for _label, href in menu["Registers"]] == [
        reverse("registers:mine"),
        reverse("registers:gift_new"),
        reverse("registers:side_new"),
        reverse("registers:conflict_new"),
    ]
    assert [href for _label, href in menu["Melden"]] == [
        reverse("reporting:new"),
        reverse("reporting:follow_up"),
    ]
    assert reverse("accounts:people") not in page and reverse("reporting:cases") not in page


@pytest.mark.parametrize("actor", [*(role.value for role in Role), "member"])
def test_every_role_gets_at_most_seven_items_and_can_open_every_page_in_them(
    personas, actor
) -> None:
    person = personas.member if actor == "member" else personas[actor]
    client = sign_in(Client(), person)
    menu = menu_of(client.get(reverse("front:home")).content.decode())
    assert 1 < len(menu) <= 7, menu
    for _group, pages in menu:
        for label, href in pages:
            response = client.get(href)
            assert response.status_code in (200, 302), (actor, label, href)
            if response.status_code == 302:
                assert "sign-in" not in response["Location"], (actor, href)


def test_each_page_of_the_menu_is_in_the_menu_of_exactly_those_who_may_open_it(personas) -> None:
    """Deny by default: whoever does not have a page in their menu is refused it."""
    people = {
        actor: personas.member if actor == "member" else personas[actor]
        for actor in ["member", *(r.value for r in Role)]
    }
    offered: dict[str, set[str]] = {}
    for actor, person in people.items():
        menu = menu_of(sign_in(Client(), person).get(reverse("front:home")).content.decode())
        for _group, pages in menu:
            for _label, href in pages:
                offered.setdefault(href, set()).add(actor)
    for href, holders in offered.items():
        for actor in set(people) - holders:
            response = sign_in(Client(), people[actor]).get(href)
            assert response.status_code in (403, 404), (href, actor, response.status_code)


def test_the_integrity_officer_finds_the_registers_overview_under_registers(
    client: Client, personas
) -> None:
    page = sign_in(client, personas[Role.INTEGRITY_OFFICER]).get(reverse("registers:overview"))
    menu = dict(menu_of(page.content.decode()))
    assert ("Overzicht registers", reverse("registers:overview")) in menu["Registers"]
    # The group of the page one is on is marked, and the page itself.
    html = page.content.decode()
    assert (
        '<details class="nav-group current" name="main-menu"><summary>Registers</summary>' in html
    )
    assert (
        f'<a href="{reverse("registers:overview")}" aria-current="page">Overzicht registers</a>'
        in html
    )
    # The M-team opens the same page on its own tab.
    home = sign_in(client, personas[Role.MTEAM]).get(reverse("front:home")).content.decode()
    registers = dict(menu_of(home))["Registers"]
    assert ("Overzicht registers", reverse("registers:overview")) in registers


def test_the_menu_and_the_language_buttons_say_where_one_is(client: Client, personas) -> None:
    personas.member.language = "fr"
    personas.member.save()
    sign_in(client, personas.member)
    page = client.get(reverse("registers:mine")).content.decode()
    assert f'<a href="{reverse("registers:mine")}" aria-current="page">' in page
    assert (
        '<details class="nav-group current" name="main-menu"><summary>Registres</summary>' in page
    )
    assert f'<a href="{reverse("front:home")}">Accueil</a>' in page
    assert (
        f'<a href="{reverse("plans:plan")}">Plan d&#39;action intégrité</a>' in page
    )  # escaped once
    assert (
        '<button type="submit" name="language" value="fr" lang="fr" aria-pressed="true">FR'
        '<span class="visually-hidden"> Français</span></button>'
    ) in page
    assert 'value="nl" lang="nl" aria-pressed="false">NL' in page
    # The same menu in Dutch, now marking the home page (each written once and kept).
    client.post(reverse("front:set_language"), {"language": "nl", "next": "/"})
    page = client.get(reverse("front:home")).content.decode()
    assert f'<a href="{reverse("front:home")}" aria-current="page">Start</a>' in page
    assert "<summary>Registers</summary>" in page
    assert 'value="nl" lang="nl" aria-pressed="true">NL' in page


def test_the_phone_s_menu_button_controls_the_menu(client: Client, personas) -> None:
    page = sign_in(client, personas.member).get(reverse("front:home")).content.decode()
    assert (
        '<button type="button" class="menu-button" aria-expanded="false" '
        'aria-controls="main-menu">Menu</button>'
    ) in page
    assert '<nav id="main-menu" class="main-menu" aria-label="Hoofdmenu">' in page
    assert "kompas/js/menu" in page


def test_someone_still_to_give_their_second_factor_gets_no_menu(client: Client, personas) -> None:
    sign_in(client, personas[Role.HR], verified=False)
    page = client.get(reverse("accounts:second_factor_setup")).content.decode()
    assert 'id="main-menu"' not in page and "menu-button" not in page
