"""The compass as a picture: the eight values as the points of a compass rose, drawn on the server
as SVG (`jinja2/compass/includes/compass_picture.html`).

Each value is one point of the rose in its colour, numbered in compass order, with its name beside
it; point, number and name are one link to the value's page. The colours are the zone's (compass
settings) or the built-in ones, written as SVG presentation attributes, which the strict CSP allows
(style attributes it does not). Names are wrapped here, since SVG text does not wrap: at most
three lines of about fourteen characters, so that every name fits beside its point at any width
(e2e/test_compass_picture.py measures it in Chromium).
"""

from __future__ import annotations

import math
import secrets
from dataclasses import dataclass

from django.core.cache import cache

from kompas.compass.models import LANGUAGE_CODES, CompassSettings
from kompas.compass.services import ValueEntry, picture_version_key, value_entries

# Bumped when Picture changes shape, so that no server reads a picture another version cached.
PICTURE_FORMAT = 1

# The drawing's box and the rose's centre, radii and type, in SVG user units.
WIDTH, HEIGHT = 640, 364
CX, CY = WIDTH / 2, HEIGHT / 2
TIP = 80  # where a point ends, and its numbered badge sits
SIDE = 42  # where two neighbouring points meet
BADGE = 16
LABEL = 106  # from the centre to a name beside a point (east, west)
LABEL_UP_DOWN = 110  # north and south
# Between them, clear of the longest name north or south, and of the names east or west.
DIAGONAL_ACROSS, DIAGONAL_DOWN = 110, 90
FONT, LINE = 21, 24
LINE_CHARACTERS, WORD_CHARACTERS, MAX_LINES = 14, 16, 3


def wrap(name: str) -> list[str]:
    """A name in lines of at most LINE_CHARACTERS (a longer word alone on its line, cut at
    WORD_CHARACTERS), at most MAX_LINES, the last ending in an ellipsis when more was left."""
    words: list[str] = []
    for word in name.split():
        while len(word) > WORD_CHARACTERS:
            words.append(word[: WORD_CHARACTERS - 1] + "-")
            word = word[WORD_CHARACTERS - 1 :]
        words.append(word)
    lines: list[str] = []
    for word in words:
        if lines and len(lines[-1]) + 1 + len(word) <= LINE_CHARACTERS:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if len(lines) > MAX_LINES:
        lines = lines[:MAX_LINES]
        lines[-1] = lines[-1][: WORD_CHARACTERS - 1].rstrip() + "…"
    return lines or [""]


def _at(radius: float, degrees: float) -> tuple[float, float]:
    angle = math.radians(degrees)
    return round(CX + radius * math.cos(angle), 1), round(CY + radius * math.sin(angle), 1)


def _n(number: float) -> str:
    """A coordinate as SVG reads it ("73.5", "320"): pages write a bare number in the reader's
    language, with a decimal comma in Dutch and French."""
    return f"{number:g}"


@dataclass(frozen=True)
class Point:
    """One value on the picture."""

    value: str
    number: int
    name: str
    colour: str
    petal: str  # the point's outline, an SVG path
    badge: tuple[str, str]  # coordinates are written as SVG reads them (_n)
    lines: list[tuple[str, str]]  # (baseline y, text)
    label_x: str
    anchor: str  # text-anchor: start, middle or end

    @property
    def slug(self) -> str:
        return self.value.replace("_", "-")


@dataclass(frozen=True)
class Picture:
    points: list[Point]
    width: int = WIDTH
    height: int = HEIGHT
    centre: tuple[str, str] = (_n(CX), _n(CY))
    dial: int = TIP
    badge_radius: int = BADGE
    font: int = FONT
    # The rose alone, for a phone (the names then stand in a list under it).
    compact_box: str = " ".join(
        map(
            _n,
            (
                CX - TIP - BADGE - 4,
                CY - TIP - BADGE - 4,
                2 * (TIP + BADGE + 4),
                2 * (TIP + BADGE + 4),
            ),
        )
    )


def _point(number: int, entry: ValueEntry, colour: str) -> Point:
    degrees = -90 + 45 * (number - 1)  # the first value points north, then clockwise
    across, down = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    left, tip, right = _at(SIDE, degrees - 22.5), _at(TIP, degrees), _at(SIDE, degrees + 22.5)
    petal = "M{} {} L{} {} L{} {} L{} {} Z".format(*map(_n, (CX, CY, *left, *tip, *right)))
    diagonal = abs(across) > 0.1 and abs(down) > 0.1
    if diagonal:
        x = CX + math.copysign(DIAGONAL_ACROSS, across)
        y = CY + math.copysign(DIAGONAL_DOWN, down)
    else:
        x, y = _at(LABEL if abs(down) < 0.1 else LABEL_UP_DOWN, degrees)
    lines = wrap(entry.name)
    height = (len(lines) - 1) * LINE
    if down < -0.1 and not diagonal:  # north: the name stands on the point
        first = y - height
    elif down > 0.1 and not diagonal:  # south: the name hangs under it
        first = y + FONT * 0.75
    else:  # beside the point: the lines centred on it
        first = y - height / 2 + FONT * 0.35
    anchor = "middle" if abs(across) < 0.1 else "start" if across > 0 else "end"
    return Point(
        value=entry.value,
        number=number,
        name=entry.name,
        colour=colour,
        petal=petal,
        badge=(_n(tip[0]), _n(tip[1])),
        lines=[(_n(round(first + i * LINE, 1)), line) for i, line in enumerate(lines)],
        label_x=_n(x),
        anchor=anchor,
    )


def draw(entries: list[ValueEntry], settings: CompassSettings) -> Picture:
    """The picture of these value texts, in the zone's colours."""
    return Picture(
        points=[
            _point(number, entry, settings.colour_of(entry.value))
            for number, entry in enumerate(entries, start=1)
        ]
    )


def picture_for(zone_id: int, language: str) -> Picture:
    """The zone's compass as a picture, for a page that does not show the values otherwise (the
    home page). Drawn from three small queries, then kept in the shared cache until the zone
    publishes an edition or changes a colour (services.forget_picture) or a day has passed, so
    that the page that shows it asks the database nothing more."""
    language = language[:2] if language[:2] in LANGUAGE_CODES else "nl"
    version = cache.get_or_set(picture_version_key(zone_id), lambda: secrets.token_hex(8), None)
    picture = cache.get_or_set(
        f"kompas:compass-picture:{PICTURE_FORMAT}:{zone_id}:{language}:{version}",
        lambda: draw(value_entries(zone_id, language), CompassSettings.for_zone(zone_id)),
        24 * 3600,
    )
    assert isinstance(picture, Picture)
    return picture
