"""Yearly figures are counted once every few minutes per zone, year and language."""

from __future__ import annotations

import time

import pytest
from django.utils import translation

from kompas.lib.counted import REFRESH_SECONDS, counted


def test_figures_are_counted_again_only_after_a_few_minutes(monkeypatch) -> None:
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    first, at = counted("test", 1, 2026, compute)
    again, at_again = counted("test", 1, 2026, compute)
    assert (first, again, at_again) == (1, 1, at)
    assert counted("test", 2, 2026, compute)[0] == 2  # another zone counts its own
    assert counted("test", 1, 2025, compute)[0] == 3  # and another year
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + REFRESH_SECONDS + 1)
    later, at_later = counted("test", 1, 2026, compute)
    assert later == 4 and at_later > at


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
