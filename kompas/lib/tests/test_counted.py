"""Yearly figures are counted once every few minutes per zone, year and language."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.utils import translation

from kompas.lib import clock
from kompas.lib.counted import KEPT_SECONDS, REFRESH_SECONDS, counted


class Clock:
    """The cache's clock (Django's local-memory cache reads `time.time`) and Kompas's, moved
    on together from one starting time."""

    def __init__(self, monkeypatch) -> None:
        self.monkeypatch, self.start, self.started = monkeypatch, time.time(), clock.now()

    def at(self, seconds: float) -> None:
        self.monkeypatch.setattr(time, "time", lambda: self.start + seconds)
        self.monkeypatch.setattr(clock, "now", lambda: self.started + timedelta(seconds=seconds))


def test_figures_are_counted_again_only_after_a_few_minutes(monkeypatch) -> None:
    moved = Clock(monkeypatch)
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    first, at = counted("test", 1, 2026, compute)
    again, at_again = counted("test", 1, 2026, compute)
    assert (first, again, at_again) == (1, 1, at)
    assert counted("test", 2, 2026, compute)[0] == 2  # another zone counts its own
    assert counted("test", 1, 2025, compute)[0] == 3  # and another year
    moved.at(REFRESH_SECONDS - 1)
    assert counted("test", 1, 2026, compute) == (1, at)
    moved.at(REFRESH_SECONDS + 1)
    later, at_later = counted("test", 1, 2026, compute)
    assert later == 4 and at_later > at
    # Counted again: fresh for another five minutes from then.
    moved.at(2 * REFRESH_SECONDS)
    assert counted("test", 1, 2026, compute) == (4, at_later)
    moved.at(2 * REFRESH_SECONDS + 2)
    assert counted("test", 1, 2026, compute)[0] == 5


def test_while_one_view_counts_again_the_others_show_the_figures_kept(monkeypatch) -> None:
    """Eight views of a dashboard at once, five minutes on: one counts the year again, the
    others show the last figures with when they were counted, instead of all counting; a view
    of another zone's figures meanwhile counts its own."""
    moved = Clock(monkeypatch)
    _first, at = counted("busy", 1, 2026, lambda: "first count")
    counted("busy", 2, 2026, lambda: "other zone")
    moved.at(REFRESH_SECONDS + 1)
    meanwhile: list[tuple[str, object]] = []
    other_zone: list[str] = []

    def count_again() -> str:
        # Other views arrive while this one counts: none of them counts.
        meanwhile.extend(counted("busy", 1, 2026, lambda: "counted twice") for _ in range(7))
        other_zone.append(counted("busy", 2, 2026, lambda: "other zone again")[0])
        return "second count"

    figures, at_again = counted("busy", 1, 2026, count_again)
    assert figures == "second count" and at_again > at
    assert meanwhile == [("first count", at)] * 7
    assert other_zone == ["other zone again"]
    # Once counted, every view shows the new figures.
    assert counted("busy", 1, 2026, lambda: "counted twice") == ("second count", at_again)


def test_a_count_that_fails_lets_the_next_view_count(monkeypatch) -> None:
    moved = Clock(monkeypatch)
    counted("failing", 1, 2026, lambda: "kept")
    moved.at(REFRESH_SECONDS + 1)

    def broken() -> str:
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError):
        counted("failing", 1, 2026, broken)
    assert counted("failing", 1, 2026, lambda: "counted")[0] == "counted"


def test_figures_nobody_looked_at_for_an_hour_are_counted_before_they_are_shown(
    monkeypatch,
) -> None:
    moved = Clock(monkeypatch)
    counted("quiet", 1, 2026, lambda: "old")
    seen_while_counting: list[str] = []

    def count_again() -> str:
        seen_while_counting.append(counted("quiet", 1, 2026, lambda: "counted twice")[0])
        return "recounted"

    moved.at(KEPT_SECONDS - 1)  # kept, past five minutes: shown while one view counts again
    assert counted("quiet", 1, 2026, count_again)[0] == "recounted"
    assert seen_while_counting == ["old"]
    moved.at(2 * KEPT_SECONDS)  # nothing kept any more: every view counts, none shows old ones
    seen_while_counting.clear()
    assert counted("quiet", 1, 2026, count_again)[0] == "recounted"
    assert seen_while_counting == ["counted twice"]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_each_language_has_its_own_figures(language: str) -> None:
    with translation.override("nl"):
        assert counted("labels", 1, 2026, lambda: "nl") == counted("labels", 1, 2026, lambda: "x")
    with translation.override(language):
        assert counted("labels", 1, 2026, lambda: language)[0] == language


def test_labels_are_kept_as_text_in_the_language_they_were_counted_in() -> None:
    from django.utils.functional import Promise
    from django.utils.translation import gettext_lazy

    with translation.override("fr"):
        counted("lazy", 1, 2026, lambda: {"label": gettext_lazy("Cases")})
        kept, _at = counted("lazy", 1, 2026, lambda: {"label": "recounted"})
    assert not isinstance(kept["label"], Promise)
    with translation.override("fr"):
        assert kept["label"] == str(gettext_lazy("Cases")) != "Cases"
