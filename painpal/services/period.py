"""A period's insights: what the Insights screen shows for the last 7, 30 or 90 days.

The period is the report's: the last ``days`` whole painpal days, today
included (:func:`painpal.report.data.period`), and the claims are made over
the same painpal days, so the figures and pattern sentences on screen are
the ones in the report handed to a clinician for the same days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from painpal import settings
from painpal.analysis.claims import ClaimSet, claims
from painpal.analysis.flares import DaySummary, flare_view
from painpal.analysis.patterns import Insights, Pattern, insights, needs_more_from, patterns_from
from painpal.domain.clock import painpal_day
from painpal.history import History
from painpal.report.data import period
from painpal.storage.store import Store


@dataclass(frozen=True)
class PeriodResult:
    """One period's figures: what the Insights screen renders."""

    days: int
    insights: Insights
    patterns: tuple[Pattern, ...]
    needs_more: str | None
    found: ClaimSet
    """The claims behind the sentences, every figure of them (``painpal report --format json`` prints the same)."""
    daily: tuple[float | None, ...]
    """Mean pain of each painpal day of the period, oldest first (``None``: no check-ins)."""
    flares: tuple[tuple[DaySummary, ...], ...]
    """For each flare in the period, the days around it (``day - 2`` .. ``day + 1``), newest flare first."""
    day_start_hour: int
    problems: tuple[str, ...] = ()
    """Sentences about stored settings painpal cannot read (the defaults were used for them)."""


def compute_period(store: Store, now: datetime, days: int) -> PeriodResult:
    """Load and compute the last ``days`` painpal days as seen at ``now``."""
    prefs = settings.load(store)
    plan = prefs.plan
    dsh = plan.day_start_hour
    since, until = period(now, days=days, day_start_hour=dsh)
    history = History.for_period(store, until, days)
    ins = insights(history, until, days, dsh)
    first = painpal_day(since, dsh)
    last = painpal_day(now, dsh)
    found = claims(history, first, last, dsh)
    sentences = tuple(patterns_from(found))
    sums: dict[int, list[int]] = {}
    for c in history.between(since, until).checkins:
        sums.setdefault((painpal_day(c.at, dsh) - first).days, []).append(c.intensity)
    count = (last - first).days + 1
    daily = tuple((sum(v) / len(v)) if (v := sums.get(k)) else None for k in range(count))
    flares = tuple(tuple(flare_view(history, day, dsh)) for day in reversed(ins.flares))
    return PeriodResult(
        days,
        ins,
        sentences,
        needs_more_from(found) if not sentences else None,
        found,
        daily,
        flares,
        dsh,
        prefs.messages,
    )
