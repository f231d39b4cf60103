"""Pacing (boom-bust): today's activity against the person's own baseline, and what followed days like it.

Boom-bust (Murphy & Kratz 2014): a day well above one's usual activity is
often followed by a flare. Pacing compares a day's activity with the median
of the days before it and, once the person's own earlier busy days show that
pattern, says so in one sentence with the baseline to keep to tomorrow. The
review shows it for the day; the insights count it over a period.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, timedelta

from painpal.analysis.baselines import FLARE_BASELINE_DAYS, MIN_BASELINE_DAYS, PACING_BASELINE_DAYS
from painpal.analysis.days import DayFigures, day_figures
from painpal.analysis.flares import FlareJudge
from painpal.domain.clock import DEFAULT_DAY_START_HOUR
from painpal.history import History

BOOM_RATIO = 1.5
"""A day is "well above baseline" at >= 1.5 times the baseline activity ..."""
BOOM_MARGIN_MINUTES = 30.0
"""... and at least 30 minutes more than it (so 4 minutes against a baseline of 2 is not a boom)."""
MIN_BOOM_DAYS = 3
"""Fewest earlier well-above days (with a logged next day) before pacing says anything about flares."""
MIN_FLARE_SHARE = 0.5
"""... and at least half of them followed by a flare: flares are common enough that 1 in 4 says little ..."""
MIN_RATE_MARGIN = 0.3
"""... and a flare rate after them at least 30 points above the rate after the person's other days: without
that comparison, someone who flares often would hear that every busy day "was followed by a flare"."""
PACING_LOOKBACK_DAYS = 56
"""How far back pacing looks for earlier boom days to learn from (plus their baselines).

Eight weeks: recent enough to reflect today's capacity, long enough to hold a
few boom days for someone caught in the cycle, and short enough that a boom
day's review (which must read it) stays within the review's time budget."""
PACING_READ_DAYS = PACING_LOOKBACK_DAYS + max(PACING_BASELINE_DAYS, FLARE_BASELINE_DAYS) + 1
"""Days before a day that pacing reads: the lookback, plus the baselines of its earliest days."""
PACING_KINDS = ("checkins", "reliefs", "runs", "notes")
"""What pacing reads: pain (flares), activity, and which days were logged."""


def about_minutes(minutes: float) -> int:
    """A quota to say aloud: nearest 5 minutes, at least 5."""
    return max(5, int(5 * round(minutes / 5)))


class PacingJudge(FlareJudge):
    """Baselines and flare/boom verdicts over a dict of days, computed once per day asked."""

    def __init__(self, days: dict[date, DayFigures]) -> None:
        super().__init__(days)
        self._act_base: dict[date, float | None] = {}

    def activity_baseline(self, day: date) -> float | None:
        """Median activity minutes of the logged days among the previous :data:`PACING_BASELINE_DAYS`."""
        if day not in self._act_base:
            values = []
            for k in range(1, PACING_BASELINE_DAYS + 1):
                d = self.days.get(day - timedelta(days=k))
                if d is not None and d.logged:
                    values.append(d.activity)
            self._act_base[day] = statistics.median(values) if len(values) >= MIN_BASELINE_DAYS else None
        return self._act_base[day]

    def activity(self, day: date) -> float:
        d = self.days.get(day)
        return d.activity if d is not None else 0.0

    def is_boom(self, day: date) -> bool:
        """Well above baseline: >= :data:`BOOM_RATIO` times it and >= :data:`BOOM_MARGIN_MINUTES` more."""
        base = self.activity_baseline(day)
        act = self.activity(day)
        return base is not None and act >= BOOM_RATIO * base and act >= base + BOOM_MARGIN_MINUTES

    def boom_outcomes(self, first: date, last: date) -> tuple[int, int]:
        """Boom days in ``first..last`` whose next day was logged with pain, and how many of those flared."""
        booms, flares, _, _ = self.flare_rates(first, last)
        return booms, flares

    def flare_rates(self, first: date, last: date) -> tuple[int, int, int, int]:
        """Boom days and other logged days in ``first..last`` with a logged next day, and how many of each flared."""
        booms = flares = others = other_flares = 0
        day = first
        while day <= last:
            nxt = self.days.get(day + timedelta(days=1))
            this = self.days.get(day)
            if nxt is not None and nxt.pains and this is not None and this.logged:
                flared = self.is_flare(day + timedelta(days=1))
                if self.is_boom(day):
                    booms, flares = booms + 1, flares + flared
                else:
                    others, other_flares = others + 1, other_flares + flared
            day += timedelta(days=1)
        return booms, flares, others, other_flares


@dataclass(frozen=True)
class Pacing:
    """Today's activity against the person's own baseline, and what followed days like it.

    ``sentence`` is ``None`` unless today is well above baseline and at least
    :data:`MIN_BOOM_DAYS` earlier such days (with a logged next day) were
    followed by a flare at least :data:`MIN_FLARE_SHARE` of the time, and
    :data:`MIN_RATE_MARGIN` more often than the person's other days were.
    """

    day: date
    activity_minutes: float
    """Minutes of strategic relief, done strategic routines and walks."""
    baseline_minutes: float | None
    """Median of the previous 14 days' activity; ``None`` with fewer than 7 logged days."""
    ratio: float | None
    well_above: bool
    boom_days: int
    """Earlier well-above days in the history whose next day was logged."""
    followed_by_flare: int
    sentence: str | None


def _pacing(judge: PacingJudge, day: date) -> Pacing:
    act = judge.activity(day)
    base = judge.activity_baseline(day)
    ratio = act / base if base else None
    well_above = judge.is_boom(day)
    booms = flares = 0
    sentence = None
    if well_above and judge.days:
        first = min(judge.days)
        booms, flares, others, other_flares = judge.flare_rates(first, day - timedelta(days=2))
        other_rate = other_flares / others if others else 1.0
        if (
            booms >= MIN_BOOM_DAYS
            and flares >= MIN_FLARE_SHARE * booms
            and flares / booms >= other_rate + MIN_RATE_MARGIN
            and base is not None
        ):
            sentence = (
                f"Days like today were followed by a flare {flares} of {booms} times, other days {other_flares} "
                f"of {others}; tomorrow, keep to your baseline of about {about_minutes(base)} minutes."
            )
    return Pacing(day, act, base, ratio, well_above, booms, flares, sentence)


def pacing(history: History, day: date, day_start_hour: int = DEFAULT_DAY_START_HOUR) -> Pacing:
    """Boom-bust check for ``day`` (Murphy & Kratz 2014): activity vs the 14-day baseline, and its past.

    Earlier boom days are looked for in the :data:`PACING_LOOKBACK_DAYS`
    before ``day`` whose next day is already over. Only that stretch (plus the
    baselines it needs) is used, so the answer does not depend on how much
    history the caller happened to load beyond it.
    """
    return _pacing(PacingJudge(day_figures(_pacing_slice(history, day, day_start_hour), day_start_hour)), day)


def _pacing_slice(history: History, day: date, dsh: int) -> History:
    """The history pacing needs for ``day``: the lookback, the baselines before it, and the day itself."""
    first = day - timedelta(days=PACING_READ_DAYS)
    return history.around_days(first, day, dsh)
