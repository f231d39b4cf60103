"""Patterns over weeks or months: pain as data, in sentences a clinician can act on.

painpal's first idea (see the project's clinical notes) is that a short,
structured log turns "my back hurts" into a sentence a clinician can act on:
"it builds late afternoon after long sitting and eases after a 10-minute
walk". :func:`insights` turns a period's records into figures (by hour, by
weekday, what comes before higher pain, what eases it, flares, boom-bust,
PEG), and :func:`patterns` into those sentences.

Honesty rules, because people will take these sentences to their clinician:

* A pattern is stated only when the data supports it: enough check-ins on
  both sides of a comparison (:data:`painpal.analysis.stats.MIN_GROUP_CHECKINS`),
  a difference of at least :data:`painpal.analysis.stats.MIN_DIFFERENCE` NRS
  point (about the smallest change people feel as meaningful), and a
  difference well beyond what chance gives in groups that small
  (:data:`painpal.analysis.stats.MIN_Z`, :data:`painpal.analysis.stats.MIN_Z_SEARCH`).
* Otherwise :func:`needs_more_data` says plainly what more would help.
* Sentences describe, never blame: "days like today were followed by a
  flare", not "you overdid it".
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from painpal.analysis.baselines import PERIOD_BASELINE_DAYS
from painpal.analysis.claims import Claim, ClaimSet
from painpal.analysis.days import day_figures
from painpal.analysis.effects import (
    MIN_RELIEF_COUNT,
    SHRINK_K,
    Effect,
    effect_label,
    effect_pairs,
    effects_from,
    group_key,
)
from painpal.analysis.flares import FLARE_ABOVE_BASELINE, FLARE_PEAK_ABOVE_BASELINE
from painpal.analysis.pacing import (
    BOOM_MARGIN_MINUTES,
    BOOM_RATIO,
    MIN_BOOM_DAYS,
    MIN_FLARE_SHARE,
    PacingJudge,
    about_minutes,
)
from painpal.analysis.peg import peg_trend
from painpal.analysis.stats import (
    MIN_DIFFERENCE,
    MIN_GROUP_CHECKINS,
    MIN_Z_SEARCH,
    Comparison,
    DayTrend,
    Stat,
    Tally,
    day_trend,
)
from painpal.domain.clock import DEFAULT_DAY_START_HOUR, painpal_day
from painpal.domain.plan import DayPlan
from painpal.domain.records import CheckIn
from painpal.domain.sitting import seated_rule
from painpal.history import History, timestamp
from painpal.text import number

WINDOW_WIDTHS = (2, 3, 4)
"""Widths (hours) of the time-of-day windows searched for the peak."""

POOR_SLEEP_MAX = 2
"""Sleep quality 1-2 of 5 is a poor night."""
HIGH_STRESS_MIN = 7
"""Stress 7-10 of 10 is a high-stress day."""
MIN_FACTOR_COUNT = 3
"""Fewest check-ins for an activity to be listed among "what comes before higher pain"."""

WORK_DAYS = (0, 1, 2, 3, 4)
"""Weekdays (Monday 0 ... Friday 4), compared with weekends."""


@dataclass(frozen=True)
class Factor:
    """One thing that came before pain ("what comes before higher pain"), against the period's mean."""

    factor: str
    """``"activity"``, ``"sitting"``, ``"sleep"`` or ``"stress"``."""
    label: str
    mean: float
    count: int
    diff: float
    """Mean minus the person's mean over the period."""


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
    """The person's mean pain over the period: the baseline factors are compared with."""
    by_hour: tuple[Stat, ...]
    """24 entries, local hour 0..23."""
    by_weekday: tuple[Stat, ...]
    """7 entries, Monday 0..Sunday 6 (the painpal day's weekday)."""
    heatmap: tuple[tuple[Stat, ...], ...]
    """7 x 24: ``heatmap[weekday][hour]``."""
    trend: Trend
    factors: tuple[Factor, ...]
    """What comes before higher pain, highest difference first."""
    peak: Comparison | None
    """The time-of-day window with the highest pain against other hours (best supported first)."""
    weekday_weekend: Comparison
    seated: Comparison
    poor_sleep: Comparison
    high_stress: Comparison
    peak_reliever: Effect | None
    """The best-supported reliever taken in (or the hour before) the peak window."""
    effects: tuple[Effect, ...]
    flares: tuple[date, ...]
    boom: BoomBust
    pegs: tuple[tuple[date, float], ...]


def _window_hours(start: int, width: int) -> tuple[int, ...]:
    return tuple((start + k) % 24 for k in range(width))


def _compare(label: str, inside: Tally, outside: Tally, days: set[date], other_days: set[date]) -> Comparison:
    return Comparison(label, inside.stat(), outside.stat(), len(days), len(other_days))


def _minus(total: Tally, part: Tally) -> Tally:
    rest = Tally()
    rest.n, rest.s, rest.ss = total.n - part.n, total.s - part.s, total.ss - part.ss
    return rest


def insights(
    history: History,
    end: datetime,
    days: int = 30,
    day_start_hour: int = DEFAULT_DAY_START_HOUR,
    seated: Callable[[CheckIn], bool] | None = None,
) -> Insights:
    """Figures for the ``days`` before ``end`` (check-ins with ``end - days <= at < end``).

    ``history`` should hold the period and the :data:`PERIOD_BASELINE_DAYS`
    before it (:meth:`History.for_period`); anything else is sliced away by
    bisection. ``seated`` says whether a check-in came after sitting
    (default: the default plan's work blocks, :func:`painpal.domain.sitting.seated_rule`;
    callers with the person's plan pass its rule).
    """
    if days < 1:
        raise ValueError("An insights period is at least one day.")
    dsh = day_start_hour
    is_seated = seated or seated_rule(DayPlan())
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
    hour_days = [0] * 24  # bitmask of painpal days (bit = days since first_day): unions are cheap ORs
    weekdays = [Tally() for _ in range(7)]
    heat = [[Tally() for _ in range(24)] for _ in range(7)]
    work, rest = Tally(), Tally()
    work_days: set[date] = set()
    rest_days: set[date] = set()
    sat, not_sat = Tally(), Tally()
    sat_days: set[date] = set()
    not_sat_days: set[date] = set()
    seated_at_hour = [0] * 24
    poor, fine = Tally(), Tally()
    poor_days: set[date] = set()
    fine_days: set[date] = set()
    stressed, calm = Tally(), Tally()
    stress_days: set[date] = set()
    calm_days: set[date] = set()
    acts: dict[str, Tally] = defaultdict(Tally)
    halves = (Tally(), Tally())
    mid = since.timestamp() + days * 86400 / 2
    day_sums: dict[date, Tally] = {}
    logged: set[date] = set()

    for c in period.checkins:
        x = float(c.intensity)
        d = painpal_day(c.at, dsh)
        wd, h = d.weekday(), c.at.hour
        logged.add(d)
        total.add(x)
        hours[h].add(x)
        hour_days[h] |= 1 << (d - first_day).days
        weekdays[wd].add(x)
        heat[wd][h].add(x)
        if wd in WORK_DAYS:
            work.add(x)
            work_days.add(d)
        else:
            rest.add(x)
            rest_days.add(d)
        if is_seated(c):
            sat.add(x)
            sat_days.add(d)
            seated_at_hour[h] += 1
        else:
            not_sat.add(x)
            not_sat_days.add(d)
        if c.activity:
            acts[group_key(c.activity)].add(x)
        note = all_days[d].note if d in all_days else None
        if note is not None and note.sleep_quality is not None:
            if note.sleep_quality <= POOR_SLEEP_MAX:
                poor.add(x)
                poor_days.add(d)
            else:
                fine.add(x)
                fine_days.add(d)
        if note is not None and note.stress is not None:
            if note.stress >= HIGH_STRESS_MIN:
                stressed.add(x)
                stress_days.add(d)
            else:
                calm.add(x)
                calm_days.add(d)
        t = timestamp(c)
        halves[t >= mid].add(x)
        day_sums.setdefault(d, Tally()).add(x)

    n = total.n
    fit = day_trend([((d - first_day).days, tally.s / tally.n) for d, tally in sorted(day_sums.items())])
    mean = total.s / n if n else None

    # The peak window: every start hour and width; the best supported one, else the largest difference.
    best: Comparison | None = None
    best_key: tuple[bool, float] = (False, -math.inf)
    for width in WINDOW_WIDTHS:
        for start in range(24):
            inside = Tally()
            for h in _window_hours(start, width):
                inside.merge(hours[h])
            outside = _minus(total, inside)
            if inside.n < MIN_GROUP_CHECKINS or outside.n < MIN_GROUP_CHECKINS:
                continue
            window = _window_hours(start, width)
            in_days = out_days = 0
            for h in range(24):
                if h in window:
                    in_days |= hour_days[h]
                else:
                    out_days |= hour_days[h]
            span = (start, (start + width) % 24)
            cand = Comparison(
                f"{span[0]}–{span[1]} h",
                inside.stat(),
                outside.stat(),
                in_days.bit_count(),
                out_days.bit_count(),
                span,
                sum(seated_at_hour[h] for h in window),
            )
            diff = cand.diff or 0.0
            key = (cand.supported(MIN_Z_SEARCH) and diff > 0, cand.z if diff > 0 else diff)
            if key > best_key:
                best, best_key = cand, key
    peak_reliever = None
    if best is not None and best.hours is not None:
        start, stop = best.hours
        window = _window_hours(start, (stop - start) % 24 or 24)
        near = set(window) | {(start - 1) % 24}
        candidates = effects_from(effect_pairs(context, since, lambda at: at.hour in near))
        peak_reliever = _best_reliever(candidates)

    factors = [
        Factor("activity", label, acc.s / acc.n, acc.n, acc.s / acc.n - (mean or 0))
        for label, acc in acts.items()
        if acc.n >= MIN_FACTOR_COUNT
    ]
    for factor, label, acc in (
        ("sitting", "after sitting", sat),
        ("sleep", f"after poor sleep (1–{POOR_SLEEP_MAX} of 5)", poor),
        ("stress", f"on high-stress days ({HIGH_STRESS_MIN}–10)", stressed),
    ):
        if acc.n >= MIN_FACTOR_COUNT:
            factors.append(Factor(factor, label, acc.s / acc.n, acc.n, acc.s / acc.n - (mean or 0)))
    factors.sort(key=lambda f: (-f.diff, -f.count, f.label))

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
        days_logged=len(logged),
        mean=mean,
        by_hour=tuple(a.stat() for a in hours),
        by_weekday=tuple(a.stat() for a in weekdays),
        heatmap=tuple(tuple(a.stat() for a in row) for row in heat),
        trend=Trend(fit.slope_per_week, halves[0].stat(), halves[1].stat(), fit),
        factors=tuple(factors),
        peak=best,
        weekday_weekend=_compare("weekdays", work, rest, work_days, rest_days),
        seated=_compare("after sitting", sat, not_sat, sat_days, not_sat_days),
        poor_sleep=_compare("after poor sleep", poor, fine, poor_days, fine_days),
        high_stress=_compare("high-stress days", stressed, calm, stress_days, calm_days),
        peak_reliever=peak_reliever,
        effects=tuple(effects_from(effect_pairs(context, since))),
        flares=tuple(flares),
        boom=BoomBust(booms, flared, statistics.median(activity) if activity else None),
        pegs=tuple(peg_trend(period.pegs)),
    )


def _best_reliever(candidates: Sequence[Effect]) -> Effect | None:
    """The first (best-ranked) effect with enough pairs and a meaningful drop in pain."""
    for e in candidates:
        if e.count >= MIN_RELIEF_COUNT and e.mean_change <= -MIN_DIFFERENCE:
            return e
    return None


@dataclass(frozen=True)
class Pattern:
    """A sentence a person can take to a clinician, and the figures behind it."""

    sentence: str
    evidence: str
    kind: str = ""
    """A claim's kind (:class:`painpal.analysis.claims.Claim`), ``"headline"``, or ``"relief-soothing"``,
    ``"relief-strategic"``, ``"relief-mixed"`` for a relief's short and lasting effects told together."""


def _when(start: int, width: int) -> tuple[str, str]:
    """("builds", "late afternoon") for a window, by its middle hour."""
    middle = (start + width / 2) % 24
    if 4 <= middle < 11:
        return "is highest", "in the morning"
    if 11 <= middle < 14:
        return "peaks", "around midday"
    if 14 <= middle < 16.5:
        return "builds", "in the afternoon"
    if 16.5 <= middle < 19:
        return "builds", "late afternoon"
    if 19 <= middle < 23:
        return "builds", "in the evening"
    return "is highest", "at night"


def _higher(diff: float) -> str:
    return "higher" if diff > 0 else "lower"


def _sd(stat: Stat) -> str:
    return f"mean {number(stat.mean)}, sd {number(stat.sd)}"


def _comparison_evidence(c: Comparison, inside: str, outside: str) -> str:
    return (
        f"{inside}: {c.inside.count} check-ins on {c.days} days, {_sd(c.inside)}; "
        f"{outside}: {c.outside.count} check-ins, {_sd(c.outside)}; "
        f"difference {c.diff or 0:+.1f} points ({c.z:.1f} standard errors)."
    )


def patterns(ins: Insights) -> list[Pattern]:
    """The pattern sentences the data supports, strongest kinds first; empty when none is supported.

    Each needs :data:`MIN_GROUP_CHECKINS` check-ins inside and outside its
    group, a difference of at least :data:`MIN_DIFFERENCE` point, and
    :data:`MIN_Z` standard errors (:data:`MIN_Z_SEARCH` for the searched
    time-of-day window). Relievers need :data:`MIN_RELIEF_COUNT` pairs and a
    drop of :data:`MIN_DIFFERENCE`; boom-bust needs :data:`MIN_BOOM_DAYS`
    boom days, at least :data:`MIN_FLARE_SHARE` of them followed by a flare.
    """
    out: list[Pattern] = []
    peak = ins.peak
    if peak is not None and peak.hours is not None and peak.supported(MIN_Z_SEARCH) and (peak.diff or 0) > 0:
        start, stop = peak.hours
        width = (stop - start) % 24 or 24
        verb, when = _when(start, width)
        sentence = (
            f"Pain {verb} {when} ({start}–{stop} h: mean {number(peak.inside.mean)} vs {number(peak.outside.mean)} "
            f"otherwise, {peak.inside.count} check-ins over {peak.days} days)"
        )
        evidence = _comparison_evidence(peak, f"{start:02d}:00–{stop:02d}:00", "other hours")
        if peak.seated is not None and peak.seated * 2 > peak.inside.count:
            sentence += ", mostly after sitting"
            evidence += f" {peak.seated} of {peak.inside.count} in the window were after sitting."
        relief = ins.peak_reliever
        if relief is not None:
            # Named "at those hours": its pairs are the window's, so its figure differs from the
            # all-day "what has eased pain most" below, and the two must not read as one claim.
            times = "time" if relief.count == 1 else "times"
            sentence += (
                f"; {effect_label(relief)} at those hours eased it by {-relief.mean_change:.1f} points on average "
                f"({relief.count} {times})"
            )
            evidence += (
                f" {effect_label(relief)} in or just before the window: {relief.count} before/after pairs, "
                f"mean change {relief.mean_change:+.1f}."
            )
        out.append(Pattern(sentence + ".", evidence, "time-of-day"))

    c = ins.weekday_weekend
    if c.supported():
        diff = c.diff or 0.0
        sentence = (
            f"Pain is {_higher(diff)} on weekdays than at weekends (mean {number(c.inside.mean)} vs "
            f"{number(c.outside.mean)}; {c.inside.count} and {c.outside.count} check-ins)."
        )
        out.append(Pattern(sentence, _comparison_evidence(c, "Monday–Friday", "Saturday–Sunday"), "weekday"))

    for comp, kind, lead, other, inside, outside in (
        (ins.seated, "sitting", "after sitting", "otherwise", "After sitting", "other check-ins"),
        (
            ins.poor_sleep,
            "sleep",
            f"after a poor night's sleep (1–{POOR_SLEEP_MAX} of 5)",
            "after better nights",
            "Poor nights",
            "better nights",
        ),
        (
            ins.high_stress,
            "stress",
            f"on high-stress days ({HIGH_STRESS_MIN}–10 of 10)",
            "on other days",
            "High-stress days",
            "other days",
        ),
    ):
        if comp.supported():
            diff = comp.diff or 0.0
            sentence = (
                f"Pain is {_higher(diff)} {lead} (mean {number(comp.inside.mean)} vs {number(comp.outside.mean)} "
                f"{other}; {comp.inside.count} check-ins over {comp.days} days)."
            )
            out.append(Pattern(sentence, _comparison_evidence(comp, inside, outside), kind))

    best = _best_reliever(ins.effects)
    if best is not None:
        times = "time" if best.count == 1 else "times"
        sentence = (
            f"What has eased pain most: {effect_label(best)}, {-best.mean_change:.1f} points lower on average "
            f"at the next check-in ({best.count} {times})."
        )
        others = [e for e in ins.effects if e is not best][:3]
        evidence = (
            f"{best.count} before/after pairs within 2 hours; mean change {best.mean_change:+.1f}, "
            f"shrunk {best.shrunk:+.1f} (k={SHRINK_K})."
        )
        if others:
            evidence += (
                " Next: " + "; ".join(f"{effect_label(e)} {e.mean_change:+.1f} ({e.count})" for e in others) + "."
            )
        out.append(Pattern(sentence, evidence, "reliever"))

    b = ins.boom
    if b.boom_days >= MIN_BOOM_DAYS and b.followed_by_flare >= MIN_FLARE_SHARE * b.boom_days and b.followed_by_flare:
        usual = f" (about {about_minutes(b.baseline_minutes)} minutes)" if b.baseline_minutes is not None else ""
        sentence = (
            f"Days well above your usual activity{usual} were followed by a flare the next day "
            f"{b.followed_by_flare} of {b.boom_days} times."
        )
        evidence = (
            f"Well above = at least {BOOM_RATIO:g}x the 14-day median and {BOOM_MARGIN_MINUTES:.0f} minutes more; "
            f"flare = a day's mean {FLARE_ABOVE_BASELINE:g}+ points above the 28-day usual, or a peak "
            f"{FLARE_PEAK_ABOVE_BASELINE:g}+ above it."
        )
        out.append(Pattern(sentence, evidence, "boom-bust"))
    return out


def needs_more_data(ins: Insights) -> str | None:
    """A plain line saying what more data would help, or ``None`` when at least one pattern is supported."""
    if patterns(ins):
        return None
    need = 2 * MIN_GROUP_CHECKINS
    if ins.count < need:
        return (
            f"Not enough check-ins yet for patterns: {ins.count} over the last {ins.days} days. Patterns need at "
            f"least {MIN_GROUP_CHECKINS} check-ins in a group and {MIN_GROUP_CHECKINS} outside it; checking in 3–4 "
            "times a day for two weeks is usually enough."
        )
    hints = []
    if not any(f.factor == "activity" for f in ins.factors):
        hints.append("what you were doing before the pain")
    if ins.poor_sleep.inside.count + ins.poor_sleep.outside.count < need:
        hints.append("the evening review's sleep and stress answers")
    if not ins.effects:
        hints.append("reliefs and routines with a check-in before and after")
    more = f" Adding {', '.join(hints)} gives painpal more to compare." if hints else ""
    return (
        f"No clear pattern yet in {ins.count} check-ins over {ins.days_logged} days: no difference reached "
        f"{MIN_DIFFERENCE:g} point with at least {MIN_GROUP_CHECKINS} check-ins on each side.{more}"
    )


# ------------------------------------------------------------------------------------ from honest claims


def claim_evidence(claim: Claim, found: ClaimSet) -> str:
    """How sure painpal is, in words (the sentence already says on how many days it was seen)."""
    low, high = sorted((abs(claim.interval.low), abs(claim.interval.high)))
    size = ""
    if claim.unit == "points" and claim.interval.low * claim.interval.high > 0:
        size = f"Likely {low:.1f} to {high:.1f} points. "
    return f"{size}It holds with all {found.family} patterns painpal looked for in these days counted together."


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
        out.append(Pattern(top, claim_evidence(build, found), "headline"))
    for role in relief_roles(found):
        parts = [c for c in (role.short, role.later, role.next_day) if c is not None]
        used.update(id(c) for c in parts)
        strongest = min(parts, key=lambda c: c.adjusted_p)
        out.append(Pattern(role.words, claim_evidence(strongest, found), f"relief-{role.role or 'mixed'}"))
    for claim in found.claims:
        if id(claim) not in used and claim.kind != "relief-short":
            out.append(Pattern(claim.words, claim_evidence(claim, found), claim.kind))
    return out


def needs_more_from(found: ClaimSet) -> str:
    """What the screen says when no pattern is stated: what is missing, or that nothing stands out."""
    if found.missing:
        return " ".join(found.missing)
    return (
        f"Nothing stands out beyond day-to-day variation in these {found.days_logged} days "
        f"(painpal tried {found.family} patterns together)."
    )
