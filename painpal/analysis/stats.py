"""Mean pain of a group of check-ins, a period's trend, and when two periods can be compared.

The pattern sentences are judged in :mod:`painpal.analysis.claims`, a whole
family at a time with days as the unit. What lives here are the plain
figures beside them and their rules: the mean and spread of a group
(:class:`Stat`), a line through day means that is called rising or easing
only when clear (:func:`day_trend`), and how many logged days two periods
need before they are compared (:func:`days_to_compare`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

MIN_DIFFERENCE = 1.0
"""Smallest difference in mean pain (NRS points) worth a sentence: about what people feel as meaningful."""


@dataclass(frozen=True)
class Stat:
    """Mean pain of a group of check-ins, with its count and spread (``None`` when empty)."""

    mean: float | None
    count: int
    sd: float | None = None


class Tally:
    """Running sum for a :class:`Stat`: one pass, no lists."""

    __slots__ = ("n", "s", "ss")

    def __init__(self) -> None:
        self.n = 0
        self.s = 0.0
        self.ss = 0.0

    def add(self, x: float) -> None:
        self.n += 1
        self.s += x
        self.ss += x * x

    def merge(self, other: Tally) -> None:
        self.n += other.n
        self.s += other.s
        self.ss += other.ss

    def stat(self) -> Stat:
        if not self.n:
            return Stat(None, 0, None)
        mean = self.s / self.n
        var = max(0.0, (self.ss - self.n * mean * mean) / (self.n - 1)) if self.n > 1 else 0.0
        return Stat(mean, self.n, math.sqrt(var))


def mean_of(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


MIN_TREND_DAYS = 14
"""Days with check-ins before a period's trend is stated: two weeks of day means, the unit of analysis."""
TREND_MIN_T = 3.0
"""How clear a trend must be (slope over its standard error, day means as the unit) before it is called
rising or easing: stricter than the usual 2, since day means drift together from one day to the next."""


@dataclass(frozen=True)
class DayTrend:
    """A least-squares line through a period's day means: points per week, and whether it is clear."""

    days: int
    slope_per_week: float | None
    """``None`` with fewer than :data:`MIN_TREND_DAYS` logged days: too few to say anything."""
    t: float = 0.0
    change: float = 0.0
    """What the line rises (or falls) over the days it was fitted on, in NRS points."""

    @property
    def clear(self) -> bool:
        """Rising or easing beyond chance and by at least :data:`MIN_DIFFERENCE` over the period."""
        return self.slope_per_week is not None and abs(self.t) >= TREND_MIN_T and abs(self.change) >= MIN_DIFFERENCE

    @property
    def missing(self) -> int:
        """How many more logged days a trend needs."""
        return max(0, MIN_TREND_DAYS - self.days)


def day_trend(points: Sequence[tuple[float, float]]) -> DayTrend:
    """The trend of ``(day number, mean pain that day)`` points: one point per logged day, never per check-in.

    Check-ins of one day move together, so a line through check-ins counts
    one busy day many times over (three check-ins on one day once gave
    "falling 29 points a week"). The slope's standard error is the ordinary
    one on day means; :data:`TREND_MIN_T` allows for their day-to-day drift.
    """
    n = len(points)
    if n < MIN_TREND_DAYS:
        return DayTrend(n, None)
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    sxx = sum((x - mx) ** 2 for x, _ in points)
    if sxx <= 0:
        return DayTrend(n, None)
    slope = sum((x - mx) * (y - my) for x, y in points) / sxx
    residual = sum((y - my - slope * (x - mx)) ** 2 for x, y in points)
    se = math.sqrt(residual / (n - 2) / sxx) if n > 2 else 0.0
    t = slope / se if se > 0 else (math.inf if slope else 0.0)
    span = max(x for x, _ in points) - min(x for x, _ in points)
    return DayTrend(n, slope * 7, t, slope * span)


def days_to_compare(period_days: int) -> int:
    """Logged days each of two periods needs before their figures are compared: half the period, 4 to 14.

    A previous period with check-ins on one day ("Previous 90 days: 12 on 1
    day") says nothing about how the person was then.
    """
    return max(4, min(MIN_TREND_DAYS, period_days // 2))
