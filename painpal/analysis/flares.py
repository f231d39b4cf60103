"""Flares: days whose pain stands well above the person's usual, and the days around them.

A flare is judged against the person's own usual pain (the median of the
days before it, :data:`painpal.analysis.baselines.FLARE_BASELINE_DAYS`),
never by a fixed level: at a usual pain of 5.5 a peak of 7 is an ordinary
day, and counting it made most days of such a history "flares". Pacing asks which busy days were followed
by one; the insights list them, and the Insights screen shows the days
around each side by side.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, timedelta

from painpal.analysis.baselines import FLARE_BASELINE_DAYS, MIN_BASELINE_DAYS
from painpal.analysis.days import DayFigures, day_figures
from painpal.domain.clock import DEFAULT_DAY_START_HOUR
from painpal.history import History

FLARE_ABOVE_BASELINE = 2.0
"""A flare: a day whose mean pain is at least 2 points above the person's baseline ..."""
FLARE_PEAK_ABOVE_BASELINE = 4.0
"""... or whose highest check-in is at least 4 points above it (a sharp spike on an otherwise usual day)."""


class FlareJudge:
    """Pain baselines and flare verdicts over a dict of days, computed once per day asked."""

    def __init__(self, days: dict[date, DayFigures]) -> None:
        self.days = days
        means = [m for d in days.values() if (m := d.mean) is not None]
        self.overall_pain = statistics.median(means) if means else None
        self._pain_base: dict[date, float | None] = {}

    def pain_baseline(self, day: date) -> float | None:
        """Median daily mean pain of the previous :data:`FLARE_BASELINE_DAYS` days.

        With fewer than :data:`MIN_BASELINE_DAYS` such days, the median over
        every day in the history is used instead: a rough usual level beats none.
        """
        if day not in self._pain_base:
            means = []
            for k in range(1, FLARE_BASELINE_DAYS + 1):
                d = self.days.get(day - timedelta(days=k))
                if d is not None and d.pains:
                    means.append(sum(d.pains) / len(d.pains))
            self._pain_base[day] = statistics.median(means) if len(means) >= MIN_BASELINE_DAYS else self.overall_pain
        return self._pain_base[day]

    def is_flare(self, day: date) -> bool:
        """Mean :data:`FLARE_ABOVE_BASELINE` above the baseline, or peak :data:`FLARE_PEAK_ABOVE_BASELINE` above it."""
        d = self.days.get(day)
        if d is None or not d.pains:
            return False
        base = self.pain_baseline(day)
        if base is None:
            return False
        # A day's mean needs two check-ins to be the day's: one rating at 10:05 is a moment, not a day.
        high_day = len(d.pains) >= 2 and sum(d.pains) / len(d.pains) >= base + FLARE_ABOVE_BASELINE
        return high_day or max(d.pains) >= base + FLARE_PEAK_ABOVE_BASELINE


@dataclass(frozen=True)
class DaySummary:
    """One day beside a flare: what it held, for the side-by-side flare view."""

    day: date
    offset: int
    """Days from the flare day (-2, -1, 0, +1)."""
    mean: float | None
    peak: int | None
    count: int
    activity_minutes: float
    sleep_quality: int | None
    sleep_hours: float | None
    stress: int | None
    flare: bool


def flare_days(
    history: History,
    since: date | None = None,
    until: date | None = None,
    day_start_hour: int = DEFAULT_DAY_START_HOUR,
) -> list[date]:
    """Painpal days from ``since`` to before ``until`` that were flares (see :meth:`FlareJudge.is_flare`).

    A flare is a day whose mean pain is at least :data:`FLARE_ABOVE_BASELINE`
    above the median of the previous :data:`FLARE_BASELINE_DAYS` days, or
    whose peak is :data:`FLARE_PEAK_ABOVE_BASELINE` above it.
    """
    lo = since - timedelta(days=FLARE_BASELINE_DAYS + 1) if since is not None else None
    hi = until if until is not None else None
    part = history
    if lo is not None or hi is not None:
        part = history.around_days(
            lo or date.min + timedelta(days=2), (hi or date.max - timedelta(days=2)), day_start_hour
        )
    judge = FlareJudge(day_figures(part, day_start_hour))
    return [
        d
        for d in sorted(judge.days)
        if (since is None or d >= since) and (until is None or d < until) and judge.is_flare(d)
    ]


def flare_view(history: History, day: date, day_start_hour: int = DEFAULT_DAY_START_HOUR) -> list[DaySummary]:
    """The days around a flare side by side: ``day - 2`` .. ``day + 1``, to see what led up to it."""
    part = history.around_days(day - timedelta(days=FLARE_BASELINE_DAYS + 3), day + timedelta(days=1), day_start_hour)
    judge = FlareJudge(day_figures(part, day_start_hour))
    out = []
    for offset in (-2, -1, 0, 1):
        d = day + timedelta(days=offset)
        info = judge.days.get(d, DayFigures())
        note = info.note
        out.append(
            DaySummary(
                day=d,
                offset=offset,
                mean=info.mean,
                peak=info.peak,
                count=len(info.pains),
                activity_minutes=info.activity,
                sleep_quality=note.sleep_quality if note else None,
                sleep_hours=note.sleep_hours if note else None,
                stress=note.stress if note else None,
                flare=judge.is_flare(d),
            )
        )
    return out
