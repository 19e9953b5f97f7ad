"""The compass as a picture: the eight values as the points of a compass rose on the compass page,
each a link to its value's page, in the zone's colours, which the integrity officer chooses."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from kompas.accounts.roles import Role
from kompas.audit.models import AuditEvent
from kompas.compass import services
from kompas.compass.forms import NAME_LENGTH, SUMMARY_LENGTH
from kompas.compass.models import CompassSettings
from kompas.compass.picture import picture_for, wrap
from kompas.compass.tests.reading import form_data, has_error
from kompas.compass.values import DEFAULT_COLOURS, Value
from kompas.testing import sign_in

pytestmark = pytest.mark.django_db


def picture_of(page: str) -> str:
    start = page.index('<svg class="compass-wide"')
    return page[start : page.index("</svg>", start)]


def points(picture: str) -> list[tuple[str, str, str]]:
    """(link, accessible name, colour) of each point, in the picture's order."""
    return re.findall(
        r'<a href="([^"]+)" class="compass-point" aria-label="([^"]+)">\s*'
        r'<path class="petal" d="[^"]+" fill="(#[0-9a-f]{6})"',
        picture,
    )


def test_the_compass_page_draws_each_value_as_a_point_that_leads_to_its_page(personas) -> None:
    client = sign_in(Client(), personas.member)
    page = client.get(reverse("compass:compass")).content.decode()
    picture = picture_of(page)
    assert '<title id="compass-picture-title">Ons ethisch kompas</title>' in picture
    assert 'aria-describedby="compass-picture-desc"' in picture and "<desc " in picture
    assert points(picture) == [
        (reverse("compass:value", args=[value.replace("_", "-")]), f"{n}. {name}", colour)
        for n, (value, name, colour) in enumerate(
            [
                ("customer_focus", "Klantgerichtheid", "#0b4f8a"),
                ("quality", "Kwalitatieve dienstverlening", "#1e6b33"),
                ("objectivity", "Objectiviteit", "#5b3a8c"),
                ("ethical_leadership", "Ethisch leiderschap", "#a0181c"),
                ("loyalty", "Loyaliteit en samenwerken", "#b35900"),
                ("networking", "Netwerken", "#00697a"),
                ("reliability", "Betrouwbaarheid", "#37474f"),
                ("transparency", "Transparante communicatie", "#ad1457"),
            ],
            start=1,
        )
    ]
    for link, _name, _colour in points(picture):
        assert client.get(link).status_code == 200
    # A phone gets the rose alone and the names as a list of the same links.
    start = page.index('<ol class="compass-legend">')
    legend = page[start : page.index("</ol>", start)]
    assert re.findall(r'<li><a href="([^"]+)">', legend) == [p[0] for p in points(picture)]


def test_the_picture_speaks_the_reader_s_language_and_writes_numbers_svg_can_read(
    personas,
) -> None:
    client = sign_in(Client(), personas.member)
    client.post(reverse("front:set_language"), {"language": "fr", "next": "/"})
    picture = picture_of(client.get(reverse("compass:compass")).content.decode())
    assert [name for _link, name, _colour in points(picture)][:2] == [
        "1. Orientation client",
        "2. Service de qualité",
    ]
    assert "<tspan" in picture and ">Orientation</tspan>" in picture
    # French and Dutch write 0,5 where SVG reads 0.5: no coordinate with a decimal comma.
    assert not re.search(r'(?:x|y|cx|cy|d)="[^"]*\d,\d', picture)


def test_the_picture_shows_the_names_of_the_zone_s_latest_edition(personas) -> None:
    officer = sign_in(Client(), personas[Role.INTEGRITY_OFFICER])
    url = reverse("compass:value_edit", args=["networking"])
    data = form_data(officer.get(url), "note")
    officer.post(url, {**data, "name_nl": "Samen netwerken", "note": "Naam"})
    member = sign_in(Client(), personas.member)
    picture = picture_of(member.get(reverse("compass:compass")).content.decode())
    assert "6. Samen netwerken" in [name for _link, name, _colour in points(picture)]


def test_names_are_wrapped_to_fit_beside_their_point() -> None:
    assert wrap("Klantgerichtheid") == ["Klantgerichtheid"]
    assert wrap("Loyaliteit en samenwerken") == ["Loyaliteit en", "samenwerken"]
    assert wrap("Communication transparente") == ["Communication", "transparente"]
    assert wrap("Aaaaaaaaaaaaaaaaaaaaaaaaa") == ["Aaaaaaaaaaaaaaa-", "aaaaaaaaaa"]
    long = wrap("Loyauté, collaboration et solidarité entre collègues de toute la zone")
    assert len(long) == 3 and long[-1].endswith("…")
    assert all(len(line) <= 16 for line in long)


def test_the_integrity_officer_chooses_the_colours_and_the_picture_follows(personas) -> None:
    officer = personas[Role.INTEGRITY_OFFICER]
    client = sign_in(Client(), officer)
    url = reverse("compass:settings")
    data = form_data(client.get(url), "min_group")
    assert data["colour_loyalty"] == DEFAULT_COLOURS[Value.LOYALTY]

    refused = client.post(url, {**data, "colour_loyalty": "#ffee00"})  # too light
    assert refused.status_code == 200 and has_error(refused, "colour_loyalty")
    assert has_error(client.post(url, {**data, "colour_quality": "green"}), "colour_quality")
    assert not AuditEvent.objects.filter(action="compass.colours_changed").exists()

    assert client.post(url, {**data, "colour_loyalty": "#224466"}).status_code == 302
    settings = CompassSettings.objects.get(zone=personas.zone)
    assert settings.colours == {"loyalty": "#224466"}  # the others keep the built-in colours
    event = AuditEvent.objects.get(action="compass.colours_changed")
    assert (event.actor_id, event.detail) == (officer.pk, {"values": "loyalty"})
    member = sign_in(Client(), personas.member)
    picture = picture_of(member.get(reverse("compass:compass")).content.decode())
    assert [colour for _link, _name, colour in points(picture)][4] == "#224466"

    # Saving again without a change records nothing; back to the built-in colour keeps none.
    client.post(url, {**data, "colour_loyalty": "#224466"})
    assert AuditEvent.objects.filter(action="compass.colours_changed").count() == 1
    client.post(url, data)
    settings.refresh_from_db()
    assert settings.colours == {}
    assert AuditEvent.objects.filter(action="compass.colours_changed").count() == 2


def test_only_the_integrity_officer_changes_the_colours(personas) -> None:
    url = reverse("compass:settings")
    assert Client().post(url, {"colour_loyalty": "#224466"}).status_code == 302
    for person in (personas.member, personas[Role.CHIEF], personas[Role.ADMIN]):
        client = sign_in(Client(), person)
        assert client.post(url, {"colour_loyalty": "#224466"}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.set_colours(zone=personas.zone, by=personas.member, colours={"loyalty": "#224466"})
    officer = personas[Role.INTEGRITY_OFFICER]
    with pytest.raises(ValidationError):
        services.set_colours(zone=personas.zone, by=officer, colours={"loyalty": "#fafafa"})
    assert not CompassSettings.objects.filter(zone=personas.zone).exists()


def test_every_built_in_colour_carries_white_numbers() -> None:
    assert set(DEFAULT_COLOURS) == set(Value.values)
    assert all(services.contrast_with_white(c) >= 4.5 for c in DEFAULT_COLOURS.values())
    assert services.contrast_with_white("#ffffff") == pytest.approx(1)
    assert services.contrast_with_white("#000000") == pytest.approx(21)


def test_names_and_explanations_stay_short_enough_for_the_picture_and_the_poster(
    personas,
) -> None:
    client = sign_in(Client(), personas[Role.INTEGRITY_OFFICER])
    url = reverse("compass:value_edit", args=["quality"])
    data = form_data(client.get(url), "note")
    too_long = client.post(
        url,
        {
            **data,
            "name_fr": "N" * (NAME_LENGTH + 1),
            "summary_fr": "S" * (SUMMARY_LENGTH + 1),
            "note": "x",
        },
    )
    assert has_error(too_long, "name_fr") and has_error(too_long, "summary_fr")
    longest = {"name_fr": "N" * NAME_LENGTH, "summary_fr": "S" * SUMMARY_LENGTH, "note": "x"}
    assert client.post(url, {**data, **longest}).status_code == 302


def test_another_page_gets_the_picture_from_the_cache_until_the_compass_changes(
    personas, django_assert_num_queries, django_capture_on_commit_callbacks
) -> None:
    zone = personas.zone
    first = picture_for(zone.pk, "nl")
    assert [p.name for p in first.points][5] == "Netwerken"
    with django_assert_num_queries(0):
        assert picture_for(zone.pk, "nl") == first
    assert [p.name for p in picture_for(zone.pk, "fr").points][5] == "Travail en réseau"

    officer = personas[Role.INTEGRITY_OFFICER]
    texts = services.all_texts(zone.pk)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_value_texts(
            zone=zone,
            by=officer,
            value="networking",
            changes={"nl": ("Samen netwerken", *texts[("networking", "nl")][1:])},
            note="Naam",
        )
    assert [p.name for p in picture_for(zone.pk, "nl").points][5] == "Samen netwerken"
    with django_capture_on_commit_callbacks(execute=True):
        services.set_colours(zone=zone, by=officer, colours={"networking": "#224466"})
    assert picture_for(zone.pk, "nl").points[5].colour == "#224466"
    # Another zone's picture is its own.
    assert picture_for(personas.outsider.zone_id, "nl").points[5].name == "Netwerken"
    assert picture_for(zone.pk, "nl-be") == picture_for(zone.pk, "nl")


def test_the_home_page_shows_the_compass_picture(personas) -> None:
    # Drawn once, then from the cache: the home page's own query count stays (front/tests).
    client = sign_in(Client(), personas.member)
    client.get(reverse("front:home"))
    page = client.get(reverse("front:home")).content.decode()
    start = page.index('<svg class="compass-wide"')
    picture = page[start : page.index("</svg>", start)]
    assert 'id="home-compass-title"' in picture
    assert points(picture)[0][1] == "1. Klantgerichtheid"
    assert f'href="{reverse("compass:compass")}"' in page
