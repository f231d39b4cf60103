"""The weekly PEG (Krebs et al. 2009): pain, enjoyment of life and general activity, as a trend.

Three questions once a week give a score clinicians know; the Review screen
asks when one is due and the Insights screen and the report show the trend.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from painpal.domain.records import PegEntry


def peg_trend(pegs: Iterable[PegEntry]) -> list[tuple[date, float]]:
    """Weekly PEG scores (Krebs et al. 2009): ``(Monday of the week, score)``, oldest first.

    Two entries in one week are averaged, so a repeated answer does not
    count twice in the trend.
    """
    weeks: dict[date, list[float]] = defaultdict(list)
    for p in pegs:
        d = p.at.date()
        weeks[d - timedelta(days=d.weekday())].append(p.score)
    return [(week, round(sum(s) / len(s), 1)) for week, s in sorted(weeks.items())]


def peg_due(pegs: Iterable[PegEntry], now: datetime) -> bool:
    """Is the weekly PEG due? True when none was answered in the 7 days up to ``now``."""
    lo = now - timedelta(days=7)
    return not any(lo < p.at <= now for p in pegs)
