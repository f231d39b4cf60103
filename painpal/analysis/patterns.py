"""Patterns over weeks or months: pain as data, in figures and in sentences a clinician can act on.

painpal's first idea (see the project's clinical notes) is that a short,
structured log turns "my back hurts" into a sentence a clinician can act on:
"it builds late afternoon after long sitting and eases after a 10-minute
walk". :func:`insights` turns a period's records into figures (by hour, by
weekday, the trend, what was tried, flares, boom-bust, PEG); the sentences
come from :mod:`painpal.analysis.claims`, where every pattern painpal looks
for is tested together (:func:`patterns_from`).

Honesty rules, because people will take these sentences to their clinician:

* A pattern is stated only when it holds with the whole family of patterns
  tried for the period counted together, days as the unit (``docs/statistics.md``).
* Otherwise :func:`needs_more_from` says plainly what more would help, or
  that nothing stands out beyond day-to-day variation.
* Sentences describe, never blame: "was followed by", never "you overdid it".
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from painpal.analysis.baselines import PERIOD_BASELINE_DAYS
from painpal.analysis.claims import Claim, ClaimSet
from painpal.analysis.days import day_figures
from painpal.analysis.effects import Effect, effect_label, effect_pairs, effects_from, group_key
from painpal.analysis.pacing import (
    PacingJudge,
)
from painpal.analysis.peg import peg_trend
from painpal.analysis.stats import (
    DayTrend,
    Stat,
    Tally,
    day_trend,
)
from painpal.domain.clock import DEFAULT_DAY_START_HOUR, painpal_day
from painpal.history import History, timestamp


@dataclass(frozen=True)
class Trend:
    """Direction of pain over the period: a line through its day means, and the two halves' means."""

    slope_per_week: float | None
    """``None`` until there are :data:`painpal.analysis.stats.MIN_TREND_DAYS` logged days."""
    first_half: Stat
    second_half: Stat
    fit: DayTrend
    """The line itself: whether it is clear enough to call rising or easing, and how many days it needs."""


@dataclass(frozen=True)
class BoomBust:
    """Boom days in the period (with a logged next day) and how many were followed by a flare."""

    boom_days: int
    followed_by_flare: int
    baseline_minutes: float | None
    """Median daily activity over the period's logged days."""


@dataclass(frozen=True)
class Insights:
    """Weeks or months of check-ins turned into figures: the Insights screen and the report read this."""

    end: datetime
    since: datetime
    days: int
    count: int
    days_logged: int
    mean: float | None
    """The person's mean pain over the period."""
    by_hour: tuple[Stat, ...]
    """24 entries, local hour 0..23."""
    by_weekday: tuple[Stat, ...]
    """7 entries, Monday 0..Sunday 6 (the painpal day's weekday)."""
    heatmap: tuple[tuple[Stat, ...], ...]
    """7 x 24: ``heatmap[weekday][hour]``."""
    trend: Trend
    effects: tuple[Effect, ...]
    """Each relief and routine's before/after change: how often each was tried (claims judge whether it helped)."""
    flares: tuple[date, ...]
    boom: BoomBust
    pegs: tuple[tuple[date, float], ...]


def insights(
    history: History,
    end: datetime,
    days: int = 30,
    day_start_hour: int = DEFAULT_DAY_START_HOUR,
) -> Insights:
    """Figures for the ``days`` before ``end`` (check-ins with ``end - days <= at < end``).

    ``history`` should hold the period and the :data:`PERIOD_BASELINE_DAYS`
    before it (:meth:`History.for_period`); anything else is sliced away by
    bisection.
    """
    if days < 1:
        raise ValueError("An insights period is at least one day.")
    dsh = day_start_hour
    since = end - timedelta(days=days)
    first_day, last_day = painpal_day(since, dsh), painpal_day(end, dsh)
    context = history.between(
        datetime.combine(first_day - timedelta(days=PERIOD_BASELINE_DAYS), time(dsh), UTC) - timedelta(hours=15),
        end,
    )
    period = context.between(since, end)
    all_days = day_figures(context, dsh)
    judge = PacingJudge(all_days)

    total = Tally()
    hours = [Tally() for _ in range(24)]
    weekdays = [Tally() for _ in range(7)]
    heat = [[Tally() for _ in range(24)] for _ in range(7)]
    halves = (Tally(), Tally())
    mid = since.timestamp() + days * 86400 / 2
    day_sums: dict[date, Tally] = {}

    for c in period.checkins:
        x = float(c.intensity)
        d = painpal_day(c.at, dsh)
        wd, h = d.weekday(), c.at.hour
        total.add(x)
        hours[h].add(x)
        weekdays[wd].add(x)
        heat[wd][h].add(x)
        halves[timestamp(c) >= mid].add(x)
        day_sums.setdefault(d, Tally()).add(x)

    n = total.n
    fit = day_trend([((d - first_day).days, tally.s / tally.n) for d, tally in sorted(day_sums.items())])
    mean = total.s / n if n else None

    flares = []
    booms = flared = 0
    day = first_day
    while day <= last_day:
        if judge.is_flare(day):
            flares.append(day)
        day += timedelta(days=1)
    if last_day > first_day:
        booms, flared = judge.boom_outcomes(first_day, last_day - timedelta(days=1))
    activity = [all_days[d].activity for d in all_days if first_day <= d <= last_day and all_days[d].logged]

    return Insights(
        end=end,
        since=since,
        days=days,
        count=n,
        days_logged=len(day_sums),
        mean=mean,
        by_hour=tuple(a.stat() for a in hours),
        by_weekday=tuple(a.stat() for a in weekdays),
        heatmap=tuple(tuple(a.stat() for a in row) for row in heat),
        trend=Trend(fit.slope_per_week, halves[0].stat(), halves[1].stat(), fit),
        effects=tuple(effects_from(effect_pairs(context, since))),
        flares=tuple(flares),
        boom=BoomBust(booms, flared, statistics.median(activity) if activity else None),
        pegs=tuple(peg_trend(period.pegs)),
    )


@dataclass(frozen=True)
class Pattern:
    """A sentence a person can take to a clinician, and the figures behind it."""

    sentence: str
    evidence: str
    kind: str = ""
    """A claim's kind (:class:`painpal.analysis.claims.Claim`), ``"headline"``, or ``"relief-soothing"``,
    ``"relief-strategic"``, ``"relief-mixed"`` for a relief's short and lasting effects told together."""


# ------------------------------------------------------------------------------------ from honest claims


def claim_evidence(claim: Claim) -> str:
    """How big the effect likely is, in words (the sentence already says on how many days it was seen)."""
    low, high = sorted((abs(claim.interval.low), abs(claim.interval.high)))
    if claim.unit == "points" and claim.interval.low * claim.interval.high > 0:
        return f"Likely {low:.1f} to {high:.1f} points."
    return f"From {claim.days} days."


def family_text(found: ClaimSet) -> str:
    """Said once under the sentences: they were tested together, so looking at many did not make one up."""
    return (
        f"Each sentence holds with all {found.family} patterns painpal looked for in these "
        f"{found.days_logged} days counted together: on a log of pure chance, painpal states any such sentence "
        "less than 1 time in 20."
    )


def untested(found: ClaimSet, effects: Sequence[Effect]) -> list[Effect]:
    """Relief and routines tried in the period that no claim is about: listed by how often, never by a figure."""
    from painpal.analysis.claims import relief_roles

    judged = {group_key(role.subject) for role in relief_roles(found)}
    return [e for e in effects if group_key(effect_label(e)) not in judged]


def patterns_from(found: ClaimSet) -> list[Pattern]:
    """The sentences a period's claims support, most useful first: the seed's headline, then relief, then the rest.

    Every sentence comes from :mod:`painpal.analysis.claims`, where the
    whole family of patterns painpal tries is tested together; the Insights
    screen, the report and its JSON all read these, so they cannot disagree.
    """
    from painpal.analysis.claims import headline, relief_roles

    out: list[Pattern] = []
    used: set[int] = set()
    top = headline(found)
    if top is not None:
        build = min(
            (c for c in found.claims if c.kind == "time-of-day-condition" and c.direction == "higher"),
            key=lambda c: c.adjusted_p,
        )
        used.add(id(build))  # the headline says it; the relief that eases it keeps its own line (soothing or not)
        out.append(Pattern(top, claim_evidence(build), "headline"))
    for role in relief_roles(found):
        parts = [c for c in (role.short, role.later, role.next_day) if c is not None]
        used.update(id(c) for c in parts)
        strongest = min(parts, key=lambda c: c.adjusted_p)
        out.append(Pattern(role.words, claim_evidence(strongest), f"relief-{role.role or 'mixed'}"))
    for claim in found.claims:
        if id(claim) not in used and claim.kind != "relief-short":
            out.append(Pattern(claim.words, claim_evidence(claim), claim.kind))
    return out


def needs_more_from(found: ClaimSet) -> str:
    """What the screen says when no pattern is stated: what is missing, or that nothing stands out."""
    if not found.family:  # too few days to try anything
        return " ".join(found.missing)
    nothing = (
        f"Nothing stands out beyond day-to-day variation in these {found.days_logged} days "
        f"(painpal tried {found.family} patterns together)."
    )
    return " ".join((nothing, *found.missing))
