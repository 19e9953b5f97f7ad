"""The compass: eight values, built-in texts in three languages, edited by the integrity officer
into new editions while earlier editions stay readable."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from kompas.accounts.roles import Role
from kompas.audit.models import AuditEvent
from kompas.compass.models import CompassEdition, Dilemma
from kompas.compass.tests.reading import form_data, has_error, linked
from kompas.compass.texts import BUILT_IN
from kompas.compass.values import Value
from kompas.testing import sign_in

pytestmark = pytest.mark.django_db


def test_every_value_has_its_texts_in_three_languages() -> None:
    assert set(BUILT_IN) == set(Value.values)
    for value, languages in BUILT_IN.items():
        assert set(languages) == {"nl", "fr", "en"}, value
        for name, summary, behaviour in languages.values():
            assert name and len(summary) > 40 and len(behaviour.splitlines()) >= 3


def test_the_compass_page_shows_the_eight_values_in_the_member_s_language(personas) -> None:
    client = sign_in(Client(), personas.member)
    page = client.get(reverse("compass:compass")).content.decode()
    assert "Klantgerichtheid" in page and "Transparante communicatie" in page
    client.post(reverse("front:set_language"), {"language": "fr", "next": "/"})
    page = client.get(reverse("compass:compass")).content.decode()
    assert "Orientation client" in page and "Klantgerichtheid" not in page


def test_the_poster_prints_on_a3(personas) -> None:
    client = sign_in(Client(), personas.member)
    page = client.get(reverse("compass:compass") + "?size=a3").content.decode()
    assert 'class="poster poster-a3"' in page


def test_a_value_page_lists_its_behaviour_and_the_dilemmas_that_touch_it(personas) -> None:
    client = sign_in(Client(), personas.member)
    page = client.get(reverse("compass:value", args=["ethical-leadership"]))
    assert "Ik maak tijd voor integriteit" in page.content.decode()
    assert Dilemma.objects.get(key="overtime-rounding").pk in linked(page, "compass:dilemma")
    assert client.get(reverse("compass:value", args=["no-such-value"])).status_code == 404


def test_the_integrity_officer_edits_a_value_and_the_earlier_text_stays_readable(personas) -> None:
    officer = personas[Role.INTEGRITY_OFFICER]
    client = sign_in(Client(), officer)
    url = reverse("compass:value_edit", args=["objectivity"])
    data = form_data(client.get(url), "note")
    data.update(name_nl="Objectiviteit en onpartijdigheid", note="Naam verduidelijkt")
    assert client.post(url, data).status_code == 302

    edition = CompassEdition.objects.get(zone=personas.zone)
    assert (edition.number, edition.published_by) == (1, officer)
    assert edition.texts.count() == 24
    member = sign_in(Client(), personas.member)
    assert (
        "Objectiviteit en onpartijdigheid"
        in member.get(reverse("compass:compass")).content.decode()
    )
    built_in = member.get(reverse("compass:edition", args=[0])).content.decode()
    assert "Objectiviteit en onpartijdigheid" not in built_in and "Objectiviteit" in built_in
    assert AuditEvent.objects.filter(
        action="compass.values_published", actor_id=officer.pk
    ).exists()

    data.update(summary_en="Impartial, and seen to be.", note="Engelse uitleg korter")
    client.post(url, data)
    assert list(CompassEdition.objects.values_list("number", flat=True)) == [2, 1]
    assert (
        "Objectiviteit en onpartijdigheid"
        in member.get(reverse("compass:edition", args=[1])).content.decode()
    )


def test_an_empty_text_is_refused_with_a_clear_error_and_nothing_is_published(personas) -> None:
    client = sign_in(Client(), personas[Role.INTEGRITY_OFFICER])
    url = reverse("compass:value_edit", args=["loyalty"])
    data = form_data(client.get(url), "note")
    data.update(name_fr="", note="x")
    answer = client.post(url, data)
    assert answer.status_code == 200 and has_error(answer, "name_fr")
    assert not CompassEdition.objects.exists()


def test_only_the_integrity_officer_edits_and_other_zones_keep_their_own_texts(personas) -> None:
    url = reverse("compass:value_edit", args=["loyalty"])
    assert Client().get(url).status_code == 302
    for person in (personas.member, personas[Role.HEAD_OF_SERVICE], personas[Role.ADMIN]):
        assert sign_in(Client(), person).get(url).status_code == 403
    officer = sign_in(Client(), personas[Role.INTEGRITY_OFFICER])
    data = form_data(officer.get(url), "note")
    officer.post(url, {**data, "name_nl": "Loyaliteit (PZ test)", "note": "x"})
    outsider = sign_in(Client(), personas.outsider)
    assert "Loyaliteit (PZ test)" not in outsider.get(reverse("compass:compass")).content.decode()
    assert outsider.get(reverse("compass:edition", args=[1])).status_code == 404


def test_the_smallest_group_cannot_be_set_below_three(personas) -> None:
    client = sign_in(Client(), personas[Role.INTEGRITY_OFFICER])
    data = form_data(client.get(reverse("compass:settings")), "min_group")
    assert client.post(reverse("compass:settings"), {**data, "min_group": 2}).status_code == 200
    assert client.post(reverse("compass:settings"), {**data, "min_group": 8}).status_code == 302
    assert sign_in(Client(), personas.member).get(reverse("compass:settings")).status_code == 403


def test_publishing_the_same_texts_twice_makes_one_edition(personas) -> None:
    client = sign_in(Client(), personas[Role.INTEGRITY_OFFICER])
    url = reverse("compass:value_edit", args=["quality"])
    data = form_data(client.get(url), "note")
    data.update(name_en="Quality of our service", note="x")
    client.post(url, data)
    client.post(url, data)
    assert CompassEdition.objects.count() == 1
