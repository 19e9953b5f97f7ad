"""Counts that point at nobody: how every page shows a figure about reports and declarations.

- A count below the minimum is hidden, zero included: 0, 1 and 2 all read "< 3", so that a figure
  never tells whether there is one report (about you) or none. Counts of declarations and
  trainings, which are not about reports, show 0 as 0 (``zero_shown``), as they always have.
- A total is told only from the parts shown beside it: exact when no part is hidden, else the
  range the shown parts allow ("12-16", with an en dash). Subtracting the shown parts from it gives back no more
  than "< 3" for each hidden one. Where the same reports are broken down twice (by kind and by
  month), the total is told from both, as a reader would combine them.
- Figures about reports move by completed periods only: they count up to the end of the last
  complete month (``complete_to``), never up to today, so that none moves with a report filed
  today, nor until its month has ended among the others of that month.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

MINIMUM = 3


@dataclass(frozen=True)
class Count:
    value: int
    minimum: int = MINIMUM
    zero_shown: bool = False

    @property
    def hidden(self) -> bool:
        return self.value < self.minimum and not (self.zero_shown and self.value == 0)

    @property
    def shown(self) -> str:
        return f"< {self.minimum}" if self.hidden else str(self.value)

    @property
    def safe(self) -> int:
        """The value a chart may draw: a hidden count draws nothing."""
        return 0 if self.hidden else self.value

    @property
    def low(self) -> int:
        return 0 if self.hidden else self.value

    @property
    def high(self) -> int:
        return self.minimum - 1 if self.hidden else self.value


@dataclass(frozen=True)
class Total:
    """The sum of one or more breakdowns of the same things (each a list of counts that add up to
    it), told only from what those counts show."""

    low: int
    high: int
    value: int  # the true sum: for tests and computing, never shown

    @classmethod
    def of(cls, *breakdowns: Iterable[Count]) -> Total:
        parts = [list(counts) for counts in breakdowns]
        value = sum(c.value for c in parts[0]) if parts else 0
        low = max((sum(c.low for c in counts) for counts in parts), default=0)
        high = min((sum(c.high for c in counts) for counts in parts), default=0)
        return cls(low, high, value)

    @property
    def hidden(self) -> bool:
        return self.low != self.high

    @property
    def shown(self) -> str:
        return str(self.low) if self.low == self.high else f"{self.low}\u2013{self.high}"


def complete_to(on: date) -> date:
    """The last day of the last complete month before ``on``: report figures count up to it."""
    return on.replace(day=1) - timedelta(days=1)


def year_up_to(year: int, on: date) -> date:
    """The day a year's report figures count up to, seen on ``on``: the end of the year once it
    is over, else the end of its last complete month (before 1 January of ``year`` when no month
    of it is complete yet: nothing is counted)."""
    return min(date(year, 12, 31), complete_to(on))
