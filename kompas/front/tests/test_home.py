from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from kompas.accounts.models import Person
from kompas.testing import sign_in

pytestmark = pytest.mark.django_db


def test_an_anonymous_visitor_is_sent_to_sign_in(client: Client) -> None:
    response = client.get(reverse("front:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_member_sees_the_dutch_home_page(client: Client, personas) -> None:
    sign_in(client, personas.member)
    response = client.get(reverse("front:home"))
    assert response.status_code == 200
    assert 'lang="nl-BE"' in response.content.decode()
    assert "Welkom, Mila" in response.content.decode()


def test_the_home_page_names_the_member_s_place_in_one_query(
    client: Client, personas, django_assert_num_queries
) -> None:
    member = personas.member
    sign_in(client, member)
    client.get(reverse("front:home"))  # the session settles
    # The session comes from the cache; the person, their roles, their place.
    with django_assert_num_queries(3):
        page = client.get(reverse("front:home")).content.decode()
    assert f"<dd>{member.zone.name}</dd>" in page
    assert f"<dd>{member.service.name}</dd>" in page
    assert f"<dd>{member.leader.full_name}</dd>" in page
    # Someone without service or leader sees a dash for each.
    Person.objects.filter(pk=member.pk).update(service=None, leader=None)
    page = client.get(reverse("front:home")).content.decode()
    assert page.count("<dd>—</dd>") == 2


@pytest.mark.parametrize(
    ("language", "greeting", "html_lang"),
    [("fr", "Bienvenue, Mila", "fr-BE"), ("en", "Welcome, Mila", "en")],
)
def test_a_french_or_english_member_sees_it_translated(
    client: Client, personas, language: str, greeting: str, html_lang: str
) -> None:
    personas.member.language = language
    personas.member.save()
    sign_in(client, personas.member)
    page = client.get(reverse("front:home")).content.decode()
    assert greeting in page
    assert f'lang="{html_lang}"' in page
    assert "Welkom" not in page


def test_the_menu_and_the_language_buttons_say_where_one_is(client: Client, personas) -> None:
    personas.member.language = "fr"
    personas.member.save()
    sign_in(client, personas.member)
    page = client.get(reverse("registers:mine")).content.decode()
    assert f'<a href="{reverse("registers:mine")}" aria-current="page">' in page
    assert f'<a href="{reverse("front:home")}">Accueil</a>' in page
    assert f'<a href="{reverse("plans:plan")}">Plan d&#39;action</a>' in page  # escaped once
    assert (
        '<button type="submit" name="language" value="fr" lang="fr" aria-pressed="true">FR'
        '<span class="visually-hidden"> Français</span></button>'
    ) in page
    assert 'value="nl" lang="nl" aria-pressed="false">NL' in page
    assert reverse("accounts:people") not in page  # a member's menu, nothing more
    # The same menu in Dutch, now marking the home page (each written once and kept).
    client.post(reverse("front:set_language"), {"language": "nl", "next": "/"})
    page = client.get(reverse("front:home")).content.decode()
    assert f'<a href="{reverse("front:home")}" aria-current="page">Start</a>' in page
    assert f'<a href="{reverse("registers:mine")}">Geschenken</a>' in page
    assert 'value="nl" lang="nl" aria-pressed="true">NL' in page


def test_switching_language_is_kept_in_the_profile(client: Client, personas) -> None:
    sign_in(client, personas.member)
    response = client.post(reverse("front:set_language"), {"language": "fr", "next": "/"})
    assert response.status_code == 302
    personas.member.refresh_from_db()
    assert personas.member.language == "fr"
    assert "Bienvenue" in client.get("/").content.decode()


def test_switching_language_refuses_an_outside_redirect(client: Client) -> None:
    response = client.post(
        reverse("front:set_language"), {"language": "en", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_switching_to_an_unknown_language_is_refused(client: Client) -> None:
    response = client.post(reverse("front:set_language"), {"language": "de"})
    assert response.status_code == 400


def test_a_visitor_sees_dutch_whatever_the_browser_asks(client: Client, db) -> None:
    page = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Aanmelden" in page.content.decode()
    assert page["Content-Language"] == "nl"


def test_a_visitor_who_chose_french_sees_french(client: Client, db) -> None:
    client.post(reverse("front:set_language"), {"language": "fr", "next": "/"})
    page = client.get(reverse("accounts:login"))
    assert "Se connecter" in page.content.decode()
