"""Small counts hide 0 like 1 and 2, totals give nothing back by subtraction, and report figures
stop at the end of the last complete month."""

from __future__ import annotations

from datetime import date

from kompas.lib.small_counts import Count, Total, complete_to, year_up_to


def test_zero_one_and_two_look_the_same() -> None:
    assert {Count(n).shown for n in (0, 1, 2)} == {"< 3"}
    assert Count(3).shown == "3" and Count(4, minimum=5).shown == "< 5"
    assert Count(0, zero_shown=True).shown == "0" and Count(1, zero_shown=True).shown == "< 3"


def test_subtracting_the_shown_parts_from_a_total_gives_back_only_the_hidden_range() -> None:
    shown = {Total.of([Count(7), Count(n)]).shown for n in (0, 1, 2)}
    assert shown == {"7\u20139"}
    assert Total.of([Count(7), Count(4)]).shown == "11"
    assert Total.of([Count(7), Count(4)]).value == 11
    # Breakdowns of the same things narrow each other, as a reader would narrow them.
    assert Total.of([Count(7), Count(1)], [Count(3), Count(5)]).shown == "8"


def test_report_figures_stop_at_the_end_of_the_last_complete_month() -> None:
    assert complete_to(date(2026, 5, 12)) == date(2026, 4, 30)
    assert complete_to(date(2026, 5, 1)) == date(2026, 4, 30)
    assert complete_to(date(2026, 1, 31)) == date(2025, 12, 31)
    assert year_up_to(2025, date(2026, 5, 12)) == date(2025, 12, 31)
    assert year_up_to(2026, date(2026, 5, 12)) == date(2026, 4, 30)
    assert year_up_to(2026, date(2026, 1, 20)) < date(2026, 1, 1)  # nothing of 2026 yet
