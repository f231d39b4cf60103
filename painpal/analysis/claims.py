"""Honest claims about one period of a pain log: each one a comparison, an effect with an interval, and a test.

painpal states a pattern ("pain builds from 15:00 to 18:00 on sitting days";
"heat eases pain for about two hours") only when the log shows it, because
people take these sentences to a clinician, and a false pattern there is
worse than none. Every sentence painpal may state is a :class:`Claim`; the
whole method is written down in ``docs/statistics.md``. In short:

* **The unit is the day.** Check-ins of one day move together, so each
  question is turned into one number per painpal day (a difference between
  hours of that day, a window's mean, the next day's pain, the mean change
  after a relief), and days are what is counted and resampled.
* **One family per period.** Everything painpal tries for the period (time
  windows, time windows on long-sitting days, whole-day conditions, sleep,
  stress, weekdays, each activity the person named, each relief and routine
  at three horizons, boom-bust) is one family of hypotheses. Its
  family-wise false-positive rate is held at :data:`ALPHA` by a step-down
  max-T resampling test (Westfall & Young): in each of :data:`PERMUTATIONS`
  resamplings, day labels are shuffled (for comparisons between days) and
  day signs flipped (for comparisons within days), together, and every
  statistic of the family is recomputed. A hypothesis's adjusted p is the
  share of resamplings whose largest statistic (over the hypotheses not yet
  passed) reaches its own.
* **A claim needs more than significance**: an effect of at least
  :data:`MIN_EFFECT` NRS point (about the smallest change people feel) and
  enough days on each side; otherwise :class:`ClaimSet` says what is missing.
* **Relievers against a baseline**: the pain after a relief is compared with
  what followed moments of similar pain without one (a regression, learnt
  from pairs of check-ins nothing acted on, of the later check-in on the
  earlier one and on the rest of the day, each against the usual pain at its
  hour), so relief taken right after the worst check-in of the day is not
  credited with the fall that follows any high check-in.

Pure: no I/O, no clock, no randomness but a fixed seed, so the same history
always gives the same claims.
"""

from __future__ import annotations

import bisect
import itertools
import math
import random
import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from operator import itemgetter
from typing import Any, NamedTuple

from painpal.analysis.baselines import FLARE_BASELINE_DAYS, MIN_BASELINE_DAYS, PACING_BASELINE_DAYS
from painpal.analysis.days import day_figures, routine_info
from painpal.analysis.effects import group_key
from painpal.analysis.pacing import BOOM_MARGIN_MINUTES, BOOM_RATIO, PacingJudge
from painpal.domain.clock import DEFAULT_DAY_START_HOUR, painpal_day
from painpal.domain.sitting import SEATED_WORDS
from painpal.history import History

SCHEMA = "painpal.claims/1"
ALPHA = 0.05
"""Family-wise error rate: the chance that a period with no pattern at all gets any claim."""
PERMUTATIONS = 400
"""Resamplings of the max-T test: adjusted p in steps of 1/401, the 95% threshold within a few percent."""
SEED = 20261203
"""The resampling seed: fixed, so the same history always gives the same claims."""
MIN_EFFECT = 1.0
"""Smallest difference (NRS points) stated as a claim: about what people feel as a meaningful change."""
MIN_DAYS = 14
"""Days with at least two check-ins before any claim: two weeks of 3-4 check-ins a day."""
MIN_GROUP_DAYS = 5
"""Fewest days on each side of a comparison between days (sitting days and other days, say)."""
MIN_RELIEF_DAYS = 6
"""Fewest days on which a relief, routine or activity was measured before it is judged."""
MIN_BOOM_DAYS = 4
"""Fewest days well above usual activity (with the next day logged) before boom-bust is judged."""
MIN_CONTROL_PAIRS = 20
"""Fewest pairs of check-ins without relief between them to learn what usually follows a given pain."""
SHORT_HOURS = 2.0
"""The short-term horizon: a check-in within two hours before and after a relief."""
CONTROL_GAP_HOURS = 4.0
"""Longest gap of a control pair: two hours either side of a relief."""
WINDOW_WIDTHS = (3, 4)
WINDOW_FIRST_HOUR = 6
WINDOW_LAST_HOUR = 23
"""Time-of-day windows tried: 3 and 4 hours wide, from 06:00 to 23:00 (local wall clock).

Two-hour windows hold too few check-ins a day to measure, and every window
tried raises the bar for all the others."""
WINDOW_CONDITIONS = ("sitting-day",)
"""Day conditions time windows are compared across (weekdays are compared as whole days)."""
POOR_SLEEP_MAX = 2
"""Sleep quality 1-2 of 5 is a poor night (the evening review asks about the night before)."""
HIGH_STRESS_MIN = 7
"""Stress 7-10 of 10 is a high-stress day."""
BIG = 1e9
"""Stands in for an infinite statistic (every day the same, non-zero difference)."""
PRIMARY_SHARE = 0.8
"""Share of the family's error rate given to its primary questions (:func:`_primary`); the rest to the others.

The weights of a weighted max-T test (each hypothesis's p divided by its
share): they depend on which parts entered and how many, never on pain, and
whatever they are, the family-wise error stays at :data:`ALPHA`. They only
move power from the exploratory questions to the ones painpal's sentences
are built on."""
AFTERNOON_HOURS = (12, 20)
"""The sitting-day windows that are primary questions lie in these hours: where a day's sitting builds up."""


class Interval(NamedTuple):
    low: float
    high: float


@dataclass(frozen=True)
class Claim:
    """One statement about the period, with the comparison, the effect and the test behind it.

    ``effect`` is in NRS points; its sign agrees with ``direction``.
    ``interval`` is effect plus or minus the 95% critical value of the
    family-wide test (at the step the claim passed) times its standard
    error: for the strongest claim a simultaneous interval over the family,
    and it excludes zero whenever the claim passed.
    """

    kind: str
    """``time-of-day``, ``time-of-day-condition``, ``day-condition``, ``activity``, ``relief-short``,
    ``relief-later``, ``relief-next-day`` or ``boom-bust``."""
    subject: str
    """What the claim is about: ``pain 15:00-18:00``, ``day's pain``, an activity, a relief or routine name."""
    condition: str
    """What it is compared across: ``other-hours``, ``sitting-day``, ``weekday``, ``poor-sleep``, ``high-stress``,
    ``activity``, ``within-2h``, ``later-same-day``, ``next-day`` or ``boom-day``."""
    direction: str
    """``higher`` or ``lower``."""
    effect: float
    interval: Interval
    n: int
    """Observations behind it: check-ins, or relief occasions."""
    days: int
    """Days behind it (the unit of analysis)."""
    test: str
    adjusted_p: float
    words: str
    """The sentence for a person: no jargon, how sure in days seen."""
    seen: int = 0
    """Days (of ``of``) that went the claimed way."""
    of: int = 0
    hours: tuple[int, int] | None = None
    """For time windows: first hour and end hour (exclusive)."""
    unit: str = "points"
    """What ``effect`` is measured in; NRS points for every kind so far."""
    statistic: float = 0.0
    """The day-level t statistic (before its normal-scale transform for the family's maximum)."""
    routine: bool = False
    """For relief kinds: the subject is a routine from the library (by its name), not a relief as logged."""
    primary: bool = False
    """One of the family's primary questions, tested with the larger share of the error rate (:data:`PRIMARY_SHARE`)."""
    eased: tuple[str, ...] = ()
    """For sitting-day windows: the reliefs and routines whose measured short-term change was added back to the
    window's check-ins they acted on (:meth:`_Period.windows_eased`)."""


@dataclass(frozen=True)
class ClaimSet:
    """The claims for one period, and what is missing before more can be said."""

    start: date
    end: date
    claims: tuple[Claim, ...]
    missing: tuple[str, ...]
    """Plain lines such as "needs 9 more days with at least two check-ins"."""
    days_logged: int = 0
    family: int = 0
    """How many hypotheses were tried together."""
    permutations: int = 0
    threshold: float = 0.0
    """The family's 95% threshold for the statistic of a primary question (``0`` when no resampling was needed)."""
    threshold_other: float = 0.0
    """The same for the family's other questions (equal to ``threshold`` when every question has the same share)."""
    primary: int = 0
    """How many of the family's hypotheses are primary questions."""


# ------------------------------------------------------------------------------------------ day-level data


@dataclass
class _Day:
    """One painpal day of the period: its check-ins in time order, and what is known about the day."""

    day: date
    index: int
    hours: list[float] = field(default_factory=list)
    pains: list[int] = field(default_factory=list)
    stamps: list[float] = field(default_factory=list)
    activities: list[str | None] = field(default_factory=list)
    resid: list[float] = field(default_factory=list)
    acted: list[bool] = field(default_factory=list)
    """Per check-in: was a relief or routine logged in the two hours before it?"""
    sitting: bool = False
    sleep: int | None = None
    stress: int | None = None

    @property
    def mean(self) -> float:
        return sum(self.pains) / len(self.pains)


@dataclass
class _Hyp:
    """One hypothesis of the family: a value per day (``valid`` says which days have one), and its test's figures.

    A within-day test (``label is None``) asks whether the day values are
    centred on zero and is resampled by flipping day signs; a between-days
    test compares days with the condition ``label`` with the others and is
    resampled by shuffling which days have it.
    """

    kind: str
    subject: str
    condition: str
    values: list[float]
    valid: list[int]
    label: str | None
    """The day condition a between-days test shuffles; ``None``: a within-day test (signs flipped)."""
    n: int
    hours: tuple[int, int] | None = None
    unit: str = "points"
    effect: float = 0.0
    se: float = 0.0
    t: float = 0.0
    scale: float = 1.0
    """Day-level error over all error: below 1 when the comparison has an error of its own (a relief's baseline)."""
    z: float = 0.0
    """``t`` on the normal scale (:func:`_z`)."""
    primary: bool = False
    share: float = 1.0
    """The hypothesis's share of the family's error rate (:func:`_weigh`): its weight in the max-T test."""
    u: float = 0.0
    """What the family's maximum is taken over: ``log(share) - log(p)``, ``p`` the normal two-sided p of ``z``."""
    seen: int = 0
    of: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


def _sides(flags: list[bool], valid: list[int]) -> bool:
    """Enough measured days with the relief (:data:`MIN_RELIEF_DAYS`) and without it (:data:`MIN_GROUP_DAYS`)?"""
    with_it = sum(1 for f, ok in zip(flags, valid, strict=True) if f and ok)
    return with_it >= MIN_RELIEF_DAYS and sum(valid) - with_it >= MIN_GROUP_DAYS


def _hour(at: datetime, day: date) -> float:
    """Local wall-clock hours into the painpal day's date; after midnight counts on (25.5 is 01:30)."""
    h = at.hour + at.minute / 60
    return h + 24 if at.date() > day else h


PROFILE_MIN_CHECKINS = 6
"""Fewest check-ins behind a usual level at one hour; fewer, and the neighbouring hours join in."""


def _smooth(bins: list[list[int]], fallback: list[float]) -> list[float]:
    """The mean of each hour's bin; widened to one, then two hours either side while it holds too few.

    An hour with too few check-ins of its own (an hour when reliefs are
    usually taken, whose check-ins are left out) borrows its neighbours
    before it falls back to ``fallback``: the period's mean would erase an
    afternoon build-up from the very hours it is in.
    """
    out = []
    for i in range(len(bins)):
        for reach in (0, 1, 2):
            pooled = [p for b in bins[max(0, i - reach) : i + reach + 1] for p in b]
            if len(pooled) >= PROFILE_MIN_CHECKINS:
                out.append(sum(pooled) / len(pooled))
                break
        else:
            out.append(fallback[i])
    return out


def _median(values: Sequence[float]) -> float | None:
    return statistics.median(values) if values else None


def _detrend(h: _Hyp, offsets: list[int]) -> None:
    """Remove a straight-line trend over the period from a between-days outcome (slow change is not a pattern)."""
    xs = [offsets[i] for i, v in enumerate(h.valid) if v]
    ys = [h.values[i] for i, v in enumerate(h.valid) if v]
    if len(xs) < 3:
        return
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    if sxx <= 0:
        return
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx
    h.values = [(y - slope * (offsets[i] - mx)) if h.valid[i] else 0.0 for i, y in enumerate(h.values)]


def _solve(a: list[list[float]], b: list[float]) -> list[float] | None:
    """Least-squares normal equations by Gaussian elimination with pivoting; ``None`` when singular."""
    n = len(b)
    m = [[*row, b[i]] for i, row in enumerate(a)]
    for col in range(n):
        piv = max(range(col, n), key=lambda r: abs(m[r][col]))
        if abs(m[piv][col]) < 1e-9:
            return None
        m[col], m[piv] = m[piv], m[col]
        for r in range(n):
            if r != col:
                f = m[r][col] / m[col][col]
                for c in range(col, n + 1):
                    m[r][c] -= f * m[col][c]
    return [m[i][n] / m[i][i] for i in range(n)]


# ------------------------------------------------------------------------------------------------ the claims


def claims(
    history: History,
    start: date,
    end: date,
    day_start_hour: int = DEFAULT_DAY_START_HOUR,
    permutations: int = PERMUTATIONS,
) -> ClaimSet:
    """The claims the log supports for painpal days ``start`` .. ``end`` (both included).

    ``history`` may hold more than the period (five years, say): it is
    sliced by bisection. The 28 days before ``start`` are read for the
    person's usual pain and activity (flares and boom days) when present.
    ``permutations`` is there for tests of the method; screens keep the default.
    """
    if end < start:
        raise ValueError("A claims period ends on or after the day it starts.")
    context = history.around_days(
        start - timedelta(days=FLARE_BASELINE_DAYS + 1), end + timedelta(days=1), day_start_hour
    )
    period = _Period(context, start, end, day_start_hour)
    full = sum(1 for rec in period.days if len(rec.pains) >= 2)
    if full < MIN_DAYS:
        more = MIN_DAYS - full
        return ClaimSet(
            start,
            end,
            (),
            (
                f"Patterns need {MIN_DAYS} days with at least two check-ins; {full} so far, so painpal needs "
                f"{more} more {'day' if more == 1 else 'days'}.",
            ),
            days_logged=len(period.days),
        )
    period.prepare()
    period.time_of_day()
    period.whole_days()
    period.activities()
    period.reliefs()
    period.windows_eased()
    period.boom_bust()
    _weigh(period.hyps)
    found = _test(period.hyps, period.labels, len(period.days), permutations)
    return ClaimSet(
        start,
        end,
        tuple(_claim(h, p, found.threshold) for h, p in found.claimed),
        tuple(period.missing),
        days_logged=len(period.days),
        family=len(period.hyps),
        permutations=found.permutations,
        threshold=found.threshold,
        threshold_other=found.threshold_other,
        primary=sum(1 for h in period.hyps if h.primary),
    )


class _Period:
    """One period's days as the tests need them, and the family of hypotheses built from them.

    Each method adds one part of the family (:attr:`hyps`), the day
    conditions its between-days tests shuffle (:attr:`labels`), and a line
    to :attr:`missing` for each part there is not yet enough data for.
    Which hypotheses enter the family depends only on counts (days, check-in
    times, reliefs logged), never on the pain figures, so choosing them
    cannot bias the test.
    """

    def __init__(self, context: History, start: date, end: date, dsh: int) -> None:
        self.context = context
        self.start, self.end, self.dsh = start, end, dsh
        self.figures = day_figures(context, dsh)
        by_day: dict[date, _Day] = {}
        for c in context.checkins:
            d = painpal_day(c.at, dsh)
            if not start <= d <= end:
                continue
            rec = by_day.get(d)
            if rec is None:
                rec = by_day[d] = _Day(d, len(by_day))
            rec.hours.append(_hour(c.at, d))
            rec.pains.append(c.intensity)
            rec.stamps.append(c.at.timestamp())  # check-ins come in time order, so each day's are too
            rec.activities.append(group_key(c.activity) if c.activity else None)
        self.by_day = by_day
        self.days = [by_day[d] for d in sorted(by_day)]
        self.hyps: list[_Hyp] = []
        self.labels: dict[str, list[bool]] = {}
        self.missing: list[str] = []
        self.offsets = [(rec.day - start).days for rec in self.days]
        self.occasions: dict[str, list[tuple[int, float, float, float]]] = defaultdict(list)
        """Per relief or routine: (day index, start timestamp, end timestamp, wall-clock hour of the start)."""
        self.names: dict[str, str] = {}
        self.relief_stamps: dict[int, list[float]] = defaultdict(list)
        self.profiles: dict[bool, list[float]] = {}
        self.overall = 0.0
        self.windows: list[_Hyp] = []
        """The sitting-day windows, whose check-ins :meth:`windows_eased` gives back what reliefs eased."""
        self.short: dict[str, _Hyp] = {}
        """Each relief's and routine's short-term hypothesis, by its key."""

    # --------------------------------------------------------------------------------------- preparation

    def prepare(self) -> None:
        """Sitting days, evening answers, reliefs per day, and the usual pain at each hour."""
        days = self.days
        for i, rec in enumerate(days):
            rec.index = i
        prompts = {painpal_day(e.at, self.dsh) for e in self.context.events if e.kind == "sitting-prompt"}
        for rec in days:
            seated = sum(1 for a in rec.activities if a and SEATED_WORDS.search(a))
            rec.sitting = rec.day in prompts or seated >= 2
            fig = self.figures.get(rec.day)
            note = fig.note if fig is not None else None
            if note is not None:
                rec.sleep, rec.stress = note.sleep_quality, note.stress
        index_of = {rec.day: rec.index for rec in days}
        for r in self.context.reliefs:
            at_day = index_of.get(painpal_day(r.at, self.dsh))
            if at_day is None:
                continue
            key = group_key(r.name)
            self.names.setdefault(key, r.name)
            t = r.at.timestamp()
            self.occasions[key].append((at_day, t, t, _hour(r.at, days[at_day].day)))
            self.relief_stamps[at_day].append(t)
        for run in self.context.runs:
            at_day = index_of.get(painpal_day(run.at, self.dsh))
            if not run.done or at_day is None:
                continue
            key = f"routine:{run.routine}"
            self.names.setdefault(key, routine_info(run.routine)[2])
            t0 = run.at.timestamp()
            t1 = run.ended.timestamp() if run.ended is not None else t0
            self.occasions[key].append((at_day, t0, t1, _hour(run.at, days[at_day].day)))
            self.relief_stamps[at_day] += [t0, t1]
        for stamps in self.relief_stamps.values():
            stamps.sort()
        # The usual pain at each hour, on sitting days and on other days, from check-ins no relief was acting on:
        # a relief taken in a sitting afternoon is judged against sitting afternoons.
        all_pains = [p for rec in days for p in rec.pains]
        self.overall = sum(all_pains) / len(all_pains)
        bins: list[list[int]] = [[] for _ in range(48)]
        kind_bins: dict[bool, list[list[int]]] = {True: [[] for _ in range(48)], False: [[] for _ in range(48)]}
        for rec in days:
            rec.acted = [self.acted_on(rec, k) for k in range(len(rec.stamps))]
            for k, (hour, pain) in enumerate(zip(rec.hours, rec.pains, strict=True)):
                if rec.acted[k]:
                    continue
                bins[min(47, int(hour))].append(pain)
                kind_bins[rec.sitting][min(47, int(hour))].append(pain)
        profile = _smooth(bins, [self.overall] * 48)
        self.profiles = {key: _smooth(kb, profile) for key, kb in kind_bins.items()}
        for rec in days:
            rec.resid = [p - self.usual(rec, hour) for hour, p in zip(rec.hours, rec.pains, strict=True)]

    def acted_on(self, rec: _Day, k: int, since: float | None = None) -> bool:
        """Was a relief or routine logged in the two hours before check-in ``k`` (or since ``since``)?"""
        rs = self.relief_stamps.get(rec.index, [])
        t = rec.stamps[k]
        j = bisect.bisect_left(rs, (t if since is None else since) - SHORT_HOURS * 3600)
        return j < len(rs) and rs[j] <= t

    def usual(self, rec: _Day, hour: float) -> float:
        """The person's usual pain at that hour on days like ``rec`` (sitting or not)."""
        return self.profiles[rec.sitting][min(47, int(hour))]

    def between(self, kind: str, subject: str, condition: str, values: list[float], valid: list[int]) -> _Hyp:
        """A between-days hypothesis on the day condition ``condition``, its outcome freed of a linear trend."""
        h = _Hyp(kind, subject, condition, values, valid, condition, n=0)
        _detrend(h, self.offsets)
        return h

    def condition(self, name: str, flags: list[bool], what: str) -> bool:
        """Register a day condition if there are enough days on both sides; else say how many more are needed."""
        inside = sum(flags)
        outside = len(flags) - inside
        if inside >= MIN_GROUP_DAYS and outside >= MIN_GROUP_DAYS:
            self.labels[name] = flags
            return True
        side = "with" if inside < MIN_GROUP_DAYS else "without"
        need = MIN_GROUP_DAYS - min(inside, outside)
        self.missing.append(f"Comparing {what} with other days needs {need} more days {side} them.")
        return False

    # ------------------------------------------------------------------------------------------ the family

    def time_of_day(self) -> None:
        """Windows against the same day's other hours (signs), and on sitting days against other days (labels)."""
        days = self.days
        n_days = len(days)
        self.condition("sitting-day", [rec.sitting for rec in days], "days with long sitting")
        sums = [[0.0] * 48 for _ in days]
        counts = [[0] * 48 for _ in days]
        for i, rec in enumerate(days):
            for hour, p in zip(rec.hours, rec.pains, strict=True):
                sums[i][min(47, int(hour))] += p
                counts[i][min(47, int(hour))] += 1
        for width in WINDOW_WIDTHS:
            for a in range(WINDOW_FIRST_HOUR, WINDOW_LAST_HOUR - width + 1):
                b = a + width
                diff_v, diff_ok, win_v, win_ok = [0.0] * n_days, [0] * n_days, [0.0] * n_days, [0] * n_days
                n_in = 0
                for i, rec in enumerate(days):
                    s_in, c_in = sum(sums[i][a:b]), sum(counts[i][a:b])
                    c_out = len(rec.pains) - c_in
                    n_in += c_in
                    if c_in and c_out:
                        diff_v[i], diff_ok[i] = s_in / c_in - (sum(rec.pains) - s_in) / c_out, 1
                    if c_in:
                        win_v[i], win_ok[i] = s_in / c_in, 1
                subject = f"pain {a:02d}:00-{b % 24:02d}:00"
                if sum(diff_ok) >= 2 * MIN_GROUP_DAYS:
                    self.hyps.append(_Hyp("time-of-day", subject, "other-hours", diff_v, diff_ok, None, n_in, (a, b)))
                for name in WINDOW_CONDITIONS:
                    lab = self.labels.get(name)
                    if lab is None:
                        continue
                    ins = sum(1 for i in range(n_days) if lab[i] and win_ok[i])
                    if ins >= MIN_GROUP_DAYS and sum(win_ok) - ins >= MIN_GROUP_DAYS:
                        h = _Hyp("time-of-day-condition", subject, name, win_v, win_ok, name, n_in, (a, b))
                        self.windows.append(h)  # its values are set by windows_eased(), once reliefs are measured
                        self.hyps.append(h)

    def whole_days(self) -> None:
        """The day's mean pain on sitting days, weekdays, after a poor night and on high-stress days."""
        days = self.days
        n_days = len(days)
        means = [rec.mean for rec in days]
        checkins = sum(len(rec.pains) for rec in days)
        self.condition("weekday", [rec.day.weekday() < 5 for rec in days], "weekdays")
        for name in ("sitting-day", "weekday"):
            if name in self.labels:
                h = self.between("day-condition", "day's pain", name, means, [1] * n_days)
                h.n = checkins
                self.hyps.append(h)
        for name, answers, cut, what, level in (
            ("poor-sleep", [rec.sleep for rec in days], POOR_SLEEP_MAX, "sleep", f"poor nights (1–{POOR_SLEEP_MAX})"),
            (
                "high-stress",
                [rec.stress for rec in days],
                HIGH_STRESS_MIN,
                "stress",
                f"high-stress days ({HIGH_STRESS_MIN}–10)",
            ),
        ):
            answered = [a is not None for a in answers]
            flags = [a is not None and (a <= cut if name == "poor-sleep" else a >= cut) for a in answers]
            yes, no = sum(flags), sum(answered) - sum(flags)
            if yes >= MIN_GROUP_DAYS and no >= MIN_GROUP_DAYS:
                self.labels[name] = flags
                valid = [1 if ok else 0 for ok in answered]
                h = self.between(
                    "day-condition",
                    "day's pain",
                    name,
                    [m if ok else 0.0 for m, ok in zip(means, answered, strict=True)],
                    valid,
                )
                h.n = sum(len(rec.pains) for rec, ok in zip(days, answered, strict=True) if ok)
                self.hyps.append(h)
            elif sum(answered) < 2 * MIN_GROUP_DAYS:
                need = 2 * MIN_GROUP_DAYS - sum(answered)
                self.missing.append(
                    f"Comparing pain with {what} needs the evening review's {what} answer on {need} more days."
                )
            else:
                side = level if yes < MIN_GROUP_DAYS else "other days"
                self.missing.append(
                    f"Comparing pain with {what}: fewer than {MIN_GROUP_DAYS} {side} so far, nothing to compare yet."
                )

    def activities(self) -> None:
        """Each activity the person named before a check-in: those check-ins against the same day's others."""
        n_days = len(self.days)
        values: dict[str, list[float]] = defaultdict(lambda: [0.0] * n_days)
        valid: dict[str, list[int]] = defaultdict(lambda: [0] * n_days)
        count: dict[str, int] = defaultdict(int)
        for i, rec in enumerate(self.days):
            for key in {a for a in rec.activities if a}:
                mine = [r for r, a in zip(rec.resid, rec.activities, strict=True) if a == key]
                rest = [r for r, a in zip(rec.resid, rec.activities, strict=True) if a != key]
                count[key] += len(mine)
                if rest:
                    values[key][i], valid[key][i] = sum(mine) / len(mine) - sum(rest) / len(rest), 1
        for key in sorted(valid):
            if sum(valid[key]) >= MIN_RELIEF_DAYS:
                self.hyps.append(_Hyp("activity", key, "activity", values[key], valid[key], None, count[key]))

    def _baseline(self) -> tuple[list[float], list[list[float]]] | None:
        """What usually follows a check-in, learnt from pairs of check-ins nothing was acting on.

        In residuals (pain minus the usual pain at that hour on such days):
        the later one's residual from the earlier one's and the rest of the
        day's, by least squares. High pain is followed by lower pain whatever
        is taken (regression to the mean); this is how much lower. Returns the
        coefficients and their covariance: every occasion of a relief shares
        the baseline's own error, which resampling days cannot see.
        """
        xtx = [[0.0] * 3 for _ in range(3)]
        xty = [0.0] * 3
        yy = 0.0
        pairs = 0
        for rec in self.days:
            for k0, k1 in itertools.pairwise(range(len(rec.stamps))):
                if rec.stamps[k1] - rec.stamps[k0] > CONTROL_GAP_HOURS * 3600:
                    continue
                if self.acted_on(rec, k1, since=rec.stamps[k0]):
                    continue  # a relief between them, or in the two hours before the first
                x = self._covariates(rec, k0, k1)
                y = rec.resid[k1]
                yy += y * y
                for r in range(3):
                    xty[r] += x[r] * y
                    for c in range(3):
                        xtx[r][c] += x[r] * x[c]
                pairs += 1
        beta = _solve(xtx, xty) if pairs >= MIN_CONTROL_PAIRS else None
        inverse = [_solve(xtx, [1.0 if r == c else 0.0 for r in range(3)]) for c in range(3)]
        if beta is None or any(col is None for col in inverse):
            if self.occasions:
                self.missing.append(
                    "Judging reliefs needs more check-ins close together with no relief between them "
                    f"({pairs} pairs within {CONTROL_GAP_HOURS:g} hours so far, {MIN_CONTROL_PAIRS} needed)."
                )
            return None
        fitted = sum(b * v for b, v in zip(beta, xty, strict=True))  # beta . X'y = the fitted sum of squares
        s2 = max(0.0, yy - fitted) / (pairs - 3)
        cov = [[s2 * col[r] for col in inverse if col is not None] for r in range(3)]
        return beta, cov

    def _covariates(self, rec: _Day, before: int, after: int) -> tuple[float, float, float]:
        """1, the earlier check-in's residual, and the day's level from its other check-ins no relief acted on."""
        rest = [r for k, r in enumerate(rec.resid) if k not in (before, after) and not rec.acted[k]]
        return 1.0, rec.resid[before], sum(rest) / len(rest) if rest else 0.0

    def reliefs(self) -> None:
        """Each relief and routine: the next two hours against the baseline, later that day, and the next day."""
        days = self.days
        n_days = len(days)
        fit = self._baseline()
        beta, cov = fit if fit is not None else (None, None)
        window = SHORT_HOURS * 3600
        for key in sorted(self.occasions):
            label = self.names[key]
            per_day: dict[int, list[float]] = defaultdict(list)
            xs_used: list[tuple[float, float, float]] = []
            first_hour: dict[int, float] = {}
            for i, t0, t1, hour in self.occasions[key]:
                rec = days[i]
                first_hour.setdefault(i, hour)
                kb = bisect.bisect_right(rec.stamps, t0) - 1
                ka = bisect.bisect_right(rec.stamps, t1)
                if beta is None or kb < 0 or ka >= len(rec.stamps):
                    continue
                if rec.stamps[kb] < t0 - window or rec.stamps[ka] > t1 + window:
                    continue
                x = self._covariates(rec, kb, ka)
                xs_used.append(x)
                per_day[i].append(rec.resid[ka] - sum(b * v for b, v in zip(beta, x, strict=True)))
            if beta is not None and len(per_day) >= MIN_RELIEF_DAYS:
                vals, ok = [0.0] * n_days, [0] * n_days
                for i, xs in per_day.items():
                    vals[i], ok[i] = sum(xs) / len(xs), 1
                n = sum(len(v) for v in per_day.values())
                h = _Hyp("relief-short", label, "within-2h", vals, ok, None, n)
                h.extra["routine"] = key.startswith("routine:")
                self.short[key] = h
                if cov is not None:
                    mean_x = [sum(x[r] for x in xs_used) / len(xs_used) for r in range(3)]
                    h.extra["shared"] = sum(mean_x[r] * cov[r][c] * mean_x[c] for r in range(3) for c in range(3))
                self.hyps.append(h)
            elif beta is not None and per_day:
                need = MIN_RELIEF_DAYS - len(per_day)
                self.missing.append(
                    f"{label}: needs {need} more {'day' if need == 1 else 'days'} with a check-in within two hours "
                    "before and after it."
                )
            self._lasting(key, label, first_hour)

    def _lasting(self, key: str, label: str, first_hour: dict[int, float]) -> None:
        """Later the same day (from two hours after it) and the next day, against days without it."""
        days = self.days
        n_days = len(days)
        flags = [i in first_hour for i in range(n_days)]
        used = sum(flags)
        if used < MIN_RELIEF_DAYS or n_days - used < MIN_GROUP_DAYS:
            return
        name = f"relief:{key}"
        self.labels[name] = flags
        cut = statistics.median(first_hour.values()) + SHORT_HOURS
        later_v, later_ok = [0.0] * n_days, [0] * n_days
        later_n = 0
        for i, rec in enumerate(days):
            start = first_hour[i] + SHORT_HOURS if flags[i] else cut
            xs = [r for hour, r in zip(rec.hours, rec.resid, strict=True) if hour >= start]
            if xs:
                later_v[i], later_ok[i] = sum(xs) / len(xs), 1
                later_n += len(xs) if flags[i] else 0
        if _sides(flags, later_ok):
            h = self.between("relief-later", label, name, later_v, later_ok)
            h.condition, h.n = "later-same-day", later_n
            h.extra["routine"] = key.startswith("routine:")
            self.hyps.append(h)
        next_v, next_ok = [0.0] * n_days, [0] * n_days
        next_n = 0
        for i, rec in enumerate(days):
            nxt = self.by_day.get(rec.day + timedelta(days=1))
            if nxt is not None:
                next_v[i], next_ok[i] = nxt.mean, 1
                next_n += len(nxt.pains) if flags[i] else 0
        if _sides(flags, next_ok):
            h = self.between("relief-next-day", label, name, next_v, next_ok)
            h.condition, h.n = "next-day", next_n
            h.extra["routine"] = key.startswith("routine:")
            self.hyps.append(h)

    def windows_eased(self) -> None:
        """Pain in each sitting-day window with what reliefs taken in it were measured to ease added back.

        People act on a build-up: a walk in a sitting afternoon eases the very
        hours the build-up is in, so a plain comparison of those hours shows
        less than the sitting did. A check-in with a relief or routine in the
        two hours before it (the latest one) gets that relief's short-term
        change (its ``relief-short`` effect) taken off its pain; reliefs not
        measured get nothing. The window's value for a day is the mean of
        these. The changes are estimates, shared by every day they adjust:
        their error enters the standard error (``shared``), as the relief
        baseline's does in the short-term tests.
        """
        days = self.days
        change: dict[str, tuple[float, float]] = {}
        for key, h in self.short.items():
            vals = [v for v, ok in zip(h.values, h.valid, strict=True) if ok]
            mean = sum(vals) / len(vals)
            var = sum((v - mean) ** 2 for v in vals) / (len(vals) - 1) / len(vals) + float(h.extra.get("shared", 0.0))
            change[key] = (mean, var)
        by: list[list[str | None]] = []
        ends: dict[int, list[tuple[float, str]]] = defaultdict(list)
        for key, occasions in self.occasions.items():
            if key in change:
                for i, _t0, t1, _hour in occasions:
                    ends[i].append((t1, key))
        for i, rec in enumerate(days):
            marks = sorted(ends.get(i, []))
            row: list[str | None] = []
            for t in rec.stamps:
                j = bisect.bisect_right(marks, (t, "\uffff")) - 1
                row.append(marks[j][1] if j >= 0 and marks[j][0] >= t - SHORT_HOURS * 3600 else None)
            by.append(row)
        for h in self.windows:
            assert h.hours is not None
            a, b = h.hours
            shares: dict[str, list[float]] = defaultdict(lambda: [0.0] * len(days))
            for i, rec in enumerate(days):
                inside = [k for k, hour in enumerate(rec.hours) if a <= hour < b]
                if not inside:
                    continue
                total = 0.0
                for k in inside:
                    acting = by[i][k]
                    total += rec.pains[k] - (change[acting][0] if acting is not None else 0.0)
                    if acting is not None:
                        shares[acting][i] += 1 / len(inside)
                h.values[i] = total / len(inside)
            _detrend(h, self.offsets)
            lab = self.labels[h.condition]
            n_in = sum(1 for i, ok in enumerate(h.valid) if ok and lab[i])
            n_out = sum(h.valid) - n_in
            shared = 0.0
            for key, share in shares.items():
                s_in = sum(x for i, x in enumerate(share) if h.valid[i] and lab[i]) / n_in
                s_out = sum(x for i, x in enumerate(share) if h.valid[i] and not lab[i]) / n_out
                shared += change[key][1] * (s_in - s_out) ** 2
            h.extra["shared"] = shared
            h.extra["eased"] = sorted(self.names[key] for key in shares)

    def boom_bust(self) -> None:
        """The next day's pain, above the person's own usual, after days well above their usual activity.

        "Usual", "well above" and "flare" are the pacing and flare rules every
        screen uses (:class:`painpal.analysis.pacing.PacingJudge`); flares are
        counted beside the test for the sentence, while the test is on the
        pain itself, which says more from few days than a yes/no flare does.
        """
        days = self.days
        n_days = len(days)
        judge = PacingJudge(self.figures)
        boom = [judge.is_boom(rec.day) for rec in days]
        # The first days of a log have no two weeks before them: against the first logged days' usual instead,
        # so a busy first week counts (activity decides which days are booms, never pain).
        early = sorted(d for d, fig in self.figures.items() if fig.logged)[:PACING_BASELINE_DAYS]
        early_act = statistics.median(judge.activity(d) for d in early) if early else 0.0
        early_means = [m for d in early[:MIN_BASELINE_DAYS] if (m := self.figures[d].mean) is not None]
        early_pain = statistics.median(early_means) if early_means else None
        for i, rec in enumerate(days):
            if judge.activity_baseline(rec.day) is None:
                act = judge.activity(rec.day)
                boom[i] = act >= BOOM_RATIO * early_act and act >= early_act + BOOM_MARGIN_MINUTES
        excess, ok, flared = [0.0] * n_days, [0] * n_days, [False] * n_days
        for i, rec in enumerate(days):
            nxt = self.by_day.get(rec.day + timedelta(days=1))
            base = _early_or(judge, nxt.day, early_pain) if nxt is not None else None
            if nxt is not None and base is not None:
                excess[i], ok[i], flared[i] = nxt.mean - base, 1, judge.is_flare(nxt.day)
        booms = sum(1 for i in range(n_days) if boom[i] and ok[i])
        if booms < MIN_BOOM_DAYS or sum(ok) - booms < MIN_GROUP_DAYS:
            self.missing.append(
                f"Boom-bust needs {MIN_BOOM_DAYS} days well above your usual activity with the next day logged; "
                f"{booms} so far."
            )
            return
        self.labels["boom-day"] = boom
        h = self.between("boom-bust", "pain the next day", "boom-day", excess, ok)
        h.n = booms
        h.extra["flares"] = (
            sum(1 for i in range(n_days) if boom[i] and ok[i] and flared[i]),
            booms,
            sum(1 for i in range(n_days) if not boom[i] and ok[i] and flared[i]),
            sum(ok) - booms,
        )
        self.hyps.append(h)


def _early_or(judge: PacingJudge, day: date, early: float | None) -> float | None:
    """The usual pain before ``day`` (median of the previous 28 days); near the log's start, its first days' usual.

    The flare rule falls back to the whole history's median, which a slow
    trend puts far from the first days' level: compared with it, the first
    week would look better or worse than it was.
    """
    means = [
        m
        for k in range(1, FLARE_BASELINE_DAYS + 1)
        if (d := judge.days.get(day - timedelta(days=k))) is not None and (m := d.mean) is not None
    ]
    return statistics.median(means) if len(means) >= MIN_BASELINE_DAYS else early


# ----------------------------------------------------------------------------------------------- the test


def _primary(h: _Hyp) -> bool:
    """Is this one of the questions painpal's sentences are built on (decided by its part and hours alone)?

    Primary: the sitting-day windows of the afternoon and early evening
    (:data:`AFTERNOON_HOURS`), each relief's and routine's short-term effect,
    each activity the person named, boom-bust, and the evening review's two
    answers (poor sleep, high stress). The rest (windows against the same
    day's other hours, sitting-day windows outside the afternoon, whole
    sitting days and weekdays, reliefs later that day and the next day) are
    tried too, with a smaller share.
    """
    if h.kind == "time-of-day-condition":
        return h.hours is not None and AFTERNOON_HOURS[0] <= h.hours[0] and h.hours[1] <= AFTERNOON_HOURS[1]
    if h.kind == "day-condition":
        return h.condition in ("poor-sleep", "high-stress")
    return h.kind in ("relief-short", "activity", "boom-bust")


def _weigh(hyps: list[_Hyp]) -> None:
    """Each hypothesis's share of the error rate: :data:`PRIMARY_SHARE` over the primary ones, the rest over the others.

    Shares are equal within each part; when one part is empty the other has
    it all. Only counts decide them.
    """
    primary = [_primary(h) for h in hyps]
    n_p = sum(primary)
    n_o = len(hyps) - n_p
    for h, first in zip(hyps, primary, strict=True):
        h.primary = first
        if not n_p or not n_o:
            h.share = 1 / len(hyps)
        else:
            h.share = PRIMARY_SHARE / n_p if first else (1 - PRIMARY_SHARE) / n_o


_HALF_LOG_2_OVER_PI = 0.5 * math.log(2 / math.pi)


def _log_p(z: float) -> float:
    """Natural log of the two-sided normal p of ``|z|`` (its tail expansion where ``erfc`` underflows)."""
    z = abs(z)
    p = math.erfc(z / math.sqrt(2))
    if p > 1e-300:
        return math.log(p)
    return _HALF_LOG_2_OVER_PI - z * z / 2 - math.log(z)


def _critical_z(u: float, share: float) -> float:
    """The |z| at which a hypothesis with ``share`` reaches ``u`` (``log(share) - log(p) = u``)."""
    p = math.exp(math.log(share) - u)
    if p >= 1:
        return 0.0
    return statistics.NormalDist().inv_cdf(1 - p / 2) if p > 1e-300 else math.sqrt(-2 * (math.log(share) - u))


@dataclass
class _Found:
    claimed: list[tuple[_Hyp, float]]
    threshold: float
    permutations: int
    threshold_other: float = 0.0


def _observe(h: _Hyp, labels: dict[str, list[bool]]) -> None:
    """The hypothesis's own effect, standard error and statistic, and in how many days it went its way."""
    vals = [v for v, ok in zip(h.values, h.valid, strict=True) if ok]
    n = len(vals)
    if h.label is None:
        mean = sum(vals) / n
        var = sum((v - mean) ** 2 for v in vals) / (n - 1) if n > 1 else 0.0
        plain = math.sqrt(var / n)
        h.effect, h.se = mean, math.sqrt(var / n + float(h.extra.get("shared", 0.0)))
        h.scale = plain / h.se if h.se > 0 else 1.0
        h.t = mean / h.se if h.se > 0 else (BIG if mean else 0.0)
        h.z = math.copysign(_z(abs(h.t), n - 1), h.t)
        h.seen = sum(1 for v in vals if (v > 0) == (mean > 0) and v != 0)
        h.of = n
        return
    lab = labels[h.label]
    ins = [v for v, ok, lb in zip(h.values, h.valid, lab, strict=True) if ok and lb]
    out = [v for v, ok, lb in zip(h.values, h.valid, lab, strict=True) if ok and not lb]
    m1, m2 = sum(ins) / len(ins), sum(out) / len(out)
    ssw = sum((v - m1) ** 2 for v in ins) + sum((v - m2) ** 2 for v in out)
    sp2 = ssw / (n - 2) if n > 2 else 0.0
    h.effect = m1 - m2
    plain = math.sqrt(sp2 * (1 / len(ins) + 1 / len(out)))
    h.se = math.sqrt(plain * plain + float(h.extra.get("shared", 0.0)))
    h.scale = plain / h.se if h.se > 0 else 1.0
    h.t = h.effect / h.se if h.se > 0 else (BIG if h.effect else 0.0)
    h.z = math.copysign(_z(abs(h.t), n - 2), h.t)
    h.seen = sum(1 for v in ins if (v > m2) == (h.effect > 0) and v != m2)
    h.of = len(ins)


def _z(t: float, df: int) -> float:
    """A t statistic on the normal scale (Wallace's approximation), so small and large tests compete fairly.

    The family's maximum is taken over these: a raw t from 6 days has far
    heavier tails than one from 60, and would otherwise set the threshold
    for every other test in the family.
    """
    if df < 1:
        return 0.0
    if t >= BIG:
        return BIG
    return (1 - 1 / (4 * df)) * t / math.sqrt(1 + t * t / (2 * df))


def _pick(rows: list[tuple[float, ...]], idx: list[int]) -> Sequence[tuple[float, ...]]:
    if len(idx) >= 2:
        return itemgetter(*idx)(rows)  # type: ignore[no-any-return]
    return [rows[i] for i in idx]


def _test(hyps: list[_Hyp], labels: dict[str, list[bool]], n_days: int, permutations: int) -> _Found:
    """Weighted step-down max-T over the family (Westfall & Young): day signs flipped and day labels shuffled together.

    Each resampling recomputes every statistic of the family on the normal
    scale, and each is weighted by its share of the error rate: the
    maximum is taken over ``u = log(share) - log(p)`` (``p`` the normal
    two-sided p of the statistic), so a hypothesis with a larger share
    needs a smaller statistic. Hypotheses are taken strongest ``u`` first;
    the first is compared with the maximum over the whole family in each
    resampling, the next with the maximum over the family without the
    first, and so on, with adjusted p kept non-decreasing: the family-wise
    error stays at :data:`ALPHA` while the bar falls a little for each claim
    already made. Equal shares give the plain max-T test.
    """
    for h in hyps:
        _observe(h, labels)
        h.u = math.log(h.share) - _log_p(h.z)
    candidates = [h for h in hyps if abs(h.effect) >= MIN_EFFECT and abs(h.z) >= 1.9]
    if not candidates or permutations < 1:
        return _Found([], 0.0, 0)
    flips = [h for h in hyps if h.label is None]
    groups: dict[str, list[_Hyp]] = defaultdict(list)
    for h in hyps:
        if h.label is not None:
            groups[h.label].append(h)
    ordered = flips + [h for hs in groups.values() for h in hs]
    log_shares = [math.log(h.share) for h in ordered]
    # Per test, what stays fixed under resampling: count, sum, sum of squares over its valid days.
    f_rows = [tuple(h.values[i] for h in flips) for i in range(n_days)]
    f_const = [(sum(h.valid), sum(h.values), sum(v * v for v in h.values), h.scale) for h in flips]
    g_data = []
    for name, hs in groups.items():
        lab = labels[name]
        inside = [i for i in range(n_days) if lab[i]]
        y_rows = [tuple(h.values[i] for h in hs) for i in range(n_days)]
        v_rows = [tuple(float(h.valid[i]) for h in hs) for i in range(n_days)]
        const = [
            (
                sum(h.valid),
                sum(v for v, ok in zip(h.values, h.valid, strict=True) if ok),
                sum(v * v for v, ok in zip(h.values, h.valid, strict=True) if ok),
                h.scale,
            )
            for h in hs
        ]
        g_data.append((len(inside), y_rows, v_rows, const))
    rng = random.Random(SEED)
    order = list(range(n_days))
    resampled: list[list[float]] = []
    for _ in range(permutations):
        zs: list[float] = []
        if flips:
            bits = rng.getrandbits(n_days)
            plus = [i for i in range(n_days) if bits >> i & 1]
            sums = map(sum, zip(*_pick(f_rows, plus), strict=True)) if plus else (0.0 for _ in flips)
            for s_p, (n, total, q, scale) in zip(sums, f_const, strict=True):
                s = 2 * s_p - total
                den = n * q - s * s
                t = scale * abs(s) / math.sqrt(den / (n - 1)) if den > 1e-12 else (BIG if s else 0.0)
                zs.append((1 - 1 / (4 * (n - 1))) * t / math.sqrt(1 + t * t / (2 * (n - 1))))
        rng.shuffle(order)
        for size, y_rows, v_rows, const in g_data:
            idx = order[:size]
            picked_y = _pick(y_rows, idx)
            picked_v = _pick(v_rows, idx)
            for s1, n1, (n, total, q, scale) in zip(
                map(sum, zip(*picked_y, strict=True)), map(sum, zip(*picked_v, strict=True)), const, strict=True
            ):
                n2 = n - n1
                s2 = total - s1
                ssw = q - s1 * s1 / n1 - s2 * s2 / n2 if n1 >= 2 and n2 >= 2 else 0.0
                if ssw <= 1e-12:
                    zs.append(0.0)
                    continue
                t = scale * abs(s1 / n1 - s2 / n2) / math.sqrt(ssw / (n - 2) * (1 / n1 + 1 / n2))
                zs.append((1 - 1 / (4 * (n - 2))) * t / math.sqrt(1 + t * t / (2 * (n - 2))))
        resampled.append([w - _log_p(z) for w, z in zip(log_shares, zs, strict=True)])
    # Step down: strongest first, each against the maximum over the hypotheses not yet passed.
    rank = sorted(range(len(ordered)), key=lambda k: -ordered[k].u)
    position = {id(ordered[k]): step for step, k in enumerate(rank)}
    wanted = {position[id(h)] for h in candidates}
    last = max(wanted)
    running = [0.0] * len(resampled)
    tails: dict[int, list[float]] = {}
    for step in range(len(rank) - 1, -1, -1):
        k = rank[step]
        for b, zs in enumerate(resampled):
            if zs[k] > running[b]:
                running[b] = zs[k]
        if step <= last:
            tails[step] = sorted(running)
    first = tails[0]
    u_first = first[min(len(first) - 1, math.ceil((1 - ALPHA) * len(first)) - 1)]
    threshold = _critical_z(u_first, max(h.share for h in ordered))
    threshold_other = _critical_z(u_first, min(h.share for h in ordered))
    claimed = []
    p_so_far = 0.0
    for step in range(last + 1):
        h = ordered[rank[step]]
        maxima = tails[step]
        exceed = len(maxima) - bisect.bisect_left(maxima, h.u)
        p_so_far = max(p_so_far, (1 + exceed) / (1 + len(maxima)))
        if p_so_far > ALPHA:
            break
        if step in wanted:
            critical = maxima[min(len(maxima) - 1, math.ceil((1 - ALPHA) * len(maxima)) - 1)]
            h.extra["critical"] = _critical_z(critical, h.share)
            claimed.append((h, p_so_far))
    kept: list[tuple[_Hyp, float]] = []
    for h, p in claimed:
        # Overlapping windows of one comparison say one thing: keep the strongest.
        if h.hours is not None and any(
            k.kind == h.kind
            and k.condition == h.condition
            and k.hours is not None
            and (k.effect > 0) == (h.effect > 0)
            and k.hours[0] < h.hours[1]
            and h.hours[0] < k.hours[1]
            for k, _ in kept
        ):
            continue
        kept.append((h, p))
    return _Found(kept, threshold, permutations, threshold_other)


# ----------------------------------------------------------------------------------------------- the words

_CONDITION_WORDS = {
    "sitting-day": ("on days with long sitting", "on other days", "days with long sitting"),
    "weekday": ("on weekdays", "at weekends", "weekdays"),
    "poor-sleep": (f"after a poor night (sleep 1–{POOR_SLEEP_MAX} of 5)", "after better nights", "poor nights"),
    "high-stress": (f"on high-stress days ({HIGH_STRESS_MIN}–10 of 10)", "on other days", "high-stress days"),
}


def _pts(x: float) -> str:
    value = f"{abs(x):.1f}"
    return f"{value} point" if value == "1.0" else f"{value} points"


def _span(hours: tuple[int, int]) -> str:
    return f"from {hours[0]:02d}:00 to {hours[1] % 24:02d}:00"


MASS_NOUNS = ("heat", "ice", "medication", "rest", "massage", "yoga", "physiotherapy", "tai chi")
"""Reliefs said without an article ("heat eased pain", not "a heat")."""


def _noun(name: str, routine: bool = False) -> str:
    """How a relief or routine reads inside a sentence: "a walk", "heat", "gardening", "the standing reset routine"."""
    if routine:
        return f"the {name[:1].lower()}{name[1:]} routine"
    low = name.lower()
    if low in MASS_NOUNS or low.endswith("ing") or low.endswith("s"):
        return name
    return ("an " if low[:1] in "aeiou" else "a ") + name


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _claim(h: _Hyp, p: float, threshold: float) -> Claim:
    direction = "higher" if h.effect > 0 else "lower"
    routine = bool(h.extra.get("routine"))
    half = float(h.extra.get("critical", threshold)) * h.se
    interval = Interval(round(h.effect - half, 2), round(h.effect + half, 2))
    seen = f"seen on {h.seen} of {h.of} days"
    if h.kind == "time-of-day" and h.hours is not None:
        words = f"Pain was {direction} {_span(h.hours)} than at other hours of the same days: {_pts(h.effect)}, {seen}."
    elif h.kind == "time-of-day-condition" and h.hours is not None:
        on, _, which = _CONDITION_WORDS[h.condition]
        # The figure has what reliefs in those hours eased added back (_Period.windows_eased): say so.
        aside = ", not counting what reliefs taken in those hours eased" if h.extra.get("eased") else ""
        words = (
            f"Pain was {direction} {_span(h.hours)} {on} than at the same hours on other days: {_pts(h.effect)}"
            f"{aside}, seen on {h.seen} of {h.of} {which}."
        )
    elif h.kind == "day-condition":
        on, other, which = _CONDITION_WORDS[h.condition]
        words = f"Pain was {direction} {on} than {other}: {_pts(h.effect)}, seen on {h.seen} of {h.of} {which}."
    elif h.kind == "activity":
        words = (
            f"Check-ins after {h.subject} had pain {_pts(h.effect)} {direction} than other check-ins of the same "
            f"days, {seen}."
        )
    elif h.kind == "relief-short":
        words = (
            f"{_cap(_noun(h.subject, routine))} was followed by pain {_pts(h.effect)} {direction} within two hours "
            f"than at moments of similar pain without it, {seen}."
        )
    elif h.kind == "relief-later":
        words = (
            f"Later on days with {_noun(h.subject, routine)} (from two hours after it), pain was {_pts(h.effect)} "
            f"{direction} than at the same hours on other days, seen on {h.seen} of {h.of} such days."
        )
    elif h.kind == "relief-next-day":
        words = (
            f"On days after {_noun(h.subject, routine)}, pain was {_pts(h.effect)} {direction} than on other days, "
            f"seen on {h.seen} of {h.of} such days."
        )
    else:  # boom-bust
        f1, n1, f2, n2 = h.extra.get("flares", (0, 0, 0, 0))
        words = (
            f"Days well above your usual activity were followed by pain {_pts(h.effect)} {direction} the next day "
            f"than other days were, seen after {h.seen} of {h.of} such days; a flare followed {f1} of {n1} of them, "
            f"against {f2} of {n2} other days."
        )
    test = "day-level sign-flip" if h.label is None else "day-level permutation"
    return Claim(
        kind=h.kind,
        subject=h.subject,
        condition=h.condition,
        direction=direction,
        effect=round(h.effect, 2),
        interval=interval,
        n=h.n,
        days=h.of,
        test=f"{test}, max-T over the family",
        adjusted_p=round(p, 4),
        words=words,
        seen=h.seen,
        of=h.of,
        hours=h.hours,
        unit=h.unit,
        statistic=round(h.t, 2),
        routine=routine,
        primary=h.primary,
        eased=tuple(h.extra.get("eased", ())),
    )


# -------------------------------------------------------------------------------------------- summaries


@dataclass(frozen=True)
class ReliefRole:
    """One relief or routine's short-term and lasting claims side by side: soothing, strategic, or not yet known."""

    subject: str
    short: Claim | None
    later: Claim | None
    next_day: Claim | None
    role: str | None
    """``"soothing"`` (eases pain now, no lasting change found), ``"strategic"`` (pain stays lower later), or None."""
    words: str


def relief_roles(found: ClaimSet) -> list[ReliefRole]:
    """Soothing vs strategic, from the data: what each relief did in two hours, later that day and the next day."""
    by: dict[str, dict[str, Claim]] = defaultdict(dict)
    for c in found.claims:
        if c.kind.startswith("relief-"):
            by[c.subject][c.kind] = c
    out = []
    for subject in sorted(by):
        got = by[subject]
        short, later, nxt = got.get("relief-short"), got.get("relief-later"), got.get("relief-next-day")
        lasting = [c for c in (later, nxt) if c is not None and c.direction == "lower"]
        worse = [c for c in (short, later, nxt) if c is not None and c.direction == "higher"]
        parts = []
        if worse:
            role: str | None = None
            words = " ".join(c.words for c in (short, later, nxt) if c is not None)
        elif lasting:
            role = "strategic"
            some = next(c for c in (short, later, nxt) if c is not None)
            noun = _noun(subject, some.routine)
            if short is not None and short.direction == "lower":
                parts.append(f"{noun} eased pain within two hours ({_pts(short.effect)})")
            if later is not None and later.direction == "lower":
                parts.append(f"pain stayed lower later on days with {noun} ({_pts(later.effect)})")
            if nxt is not None and nxt.direction == "lower":
                parts.append(f"on days after {noun}, pain was lower ({_pts(nxt.effect)})")
            words = _cap("; ".join(parts)) + "."
        elif short is not None and short.direction == "lower":
            role = "soothing"
            words = (
                f"{_cap(_noun(subject, short.routine))} eased pain for about two hours ({_pts(short.effect)}); "
                "no lasting change was found later that day or the next day."
            )
        else:
            role = None
            words = " ".join(c.words for c in (short, later, nxt) if c is not None)
        out.append(ReliefRole(subject, short, later, nxt, role, words))
    return out


def headline(found: ClaimSet) -> str | None:
    """The seed's sentence when the log shows both halves: a sitting-day build-up, and a relief that eases pain."""
    build = [c for c in found.claims if c.kind == "time-of-day-condition" and c.condition == "sitting-day"]
    build = [c for c in build if c.direction == "higher"]
    eases = [c for c in found.claims if c.kind == "relief-short" and c.direction == "lower"]
    if not build or not eases:
        return None
    b = min(build, key=lambda c: c.adjusted_p)
    e = min(eases, key=lambda c: (c.adjusted_p, c.effect))
    assert b.hours is not None
    reliever = _noun(e.subject, e.routine)
    return (
        f"On days with long sitting, pain builds {_span(b.hours)} ({_pts(b.effect)} above the same hours on other "
        f"days, seen on {b.seen} of {b.of} such days), and {reliever} eases it: pain was {_pts(e.effect)} lower "
        f"within two hours than at moments of similar pain without it, seen on {e.seen} of {e.of} days."
    )


def claims_to_json(found: ClaimSet) -> dict[str, Any]:
    """Every claim as data (schema ``painpal.claims/1``, documented in ``docs/statistics.md``)."""
    return {
        "schema": SCHEMA,
        "period": {"start": found.start.isoformat(), "end": found.end.isoformat(), "days_logged": found.days_logged},
        "family": {
            "hypotheses": found.family,
            "permutations": found.permutations,
            "alpha": ALPHA,
            "threshold": round(found.threshold, 3),
            "threshold_other": round(found.threshold_other, 3),
            "primary": found.primary,
            "primary_share": PRIMARY_SHARE,
            "seed": SEED,
            "min_effect": MIN_EFFECT,
        },
        "claims": [
            {
                "kind": c.kind,
                "subject": c.subject,
                "condition": c.condition,
                "direction": c.direction,
                "effect": c.effect,
                "unit": c.unit,
                "interval": [c.interval.low, c.interval.high],
                "n": c.n,
                "days": c.days,
                "seen": c.seen,
                "hours": list(c.hours) if c.hours is not None else None,
                "test": c.test,
                "statistic": c.statistic,
                "adjusted_p": c.adjusted_p,
                "primary": c.primary,
                "eased": list(c.eased),
                "words": c.words,
            }
            for c in found.claims
        ],
        "missing": list(found.missing),
    }


_MY_DAYS = {
    "sitting-day": "on days I sit a lot",
    "weekday": "on weekdays",
    "poor-sleep": "after a poor night",
    "high-stress": "on stressful days",
}
"""The day conditions as a person says them about themself."""


def first_person(found: ClaimSet, limit: int = 3) -> list[str]:
    """The strongest claims as the person would say them at the start of a visit, in their own voice.

    "My pain builds from 16:00 to 19:00 on days I sit a lot, and a walk eases
    it for a couple of hours." The same claims as every other surface, so a
    person never says more than the log shows.
    """
    out: list[str] = []
    used: set[int] = set()
    said_hours: list[tuple[int, int]] = []
    build = [c for c in found.claims if c.kind == "time-of-day-condition" and c.direction == "higher" and c.hours]
    eases = [c for c in found.claims if c.kind == "relief-short" and c.direction == "lower"]
    if build and eases:
        b, e = min(build, key=lambda c: c.adjusted_p), min(eases, key=lambda c: c.adjusted_p)
        assert b.hours is not None
        used.update((id(b), id(e)))
        said_hours.append(b.hours)
        out.append(
            f"My pain builds {_span(b.hours)} {_MY_DAYS.get(b.condition, '')}, and {_noun(e.subject, e.routine)} "
            "eases it for a couple of hours.".replace("  ", " ")
        )
    for role in relief_roles(found):
        parts = [c for c in (role.short, role.later, role.next_day) if c is not None]
        if any(id(c) in used for c in parts) or role.role is None:
            continue
        used.update(id(c) for c in parts)
        some = parts[0]
        noun = _noun(role.subject, some.routine)
        if role.role == "soothing":
            out.append(f"{_cap(noun)} eases my pain for a couple of hours.")
        else:
            out.append(f"On days with {noun}, my pain stays lower.")
    for c in sorted(found.claims, key=lambda c: c.adjusted_p):
        if id(c) in used or c.kind.startswith("relief-"):
            continue
        more = "higher" if c.direction == "higher" else "lower"
        if c.hours and any(a < c.hours[1] and c.hours[0] < b for a, b in said_hours):
            continue  # the same hours, said once
        if c.kind == "time-of-day" and c.hours:
            said_hours.append(c.hours)
            out.append(f"My pain is {'worst' if more == 'higher' else 'lowest'} {_span(c.hours)}.")
        elif c.kind == "time-of-day-condition" and c.hours:
            out.append(f"{_cap(_MY_DAYS.get(c.condition, 'on some days'))}, my pain is {more} {_span(c.hours)}.")
        elif c.kind == "day-condition":
            out.append(f"My pain is {more} {_MY_DAYS.get(c.condition, 'on some days')}.")
        elif c.kind == "activity":
            out.append(f"After {c.subject}, my pain is {more}.")
        elif c.kind == "boom-bust":
            out.append(f"After my busiest days, my pain is {more} the next day.")
    return out[:limit]


def eased_by(found: ClaimSet) -> dict[str, float]:
    """What the log shows easing pain within two hours: ``group_key`` of the relief's or routine's name -> points.

    The coach cites only these when it says why a routine fits ("pain was 1.5
    points lower within two hours after it than at similar moments without
    it"), so the suggestion never credits a routine with the fall that follows
    any high check-in.
    """
    return {
        group_key(c.subject): -c.effect for c in found.claims if c.kind == "relief-short" and c.direction == "lower"
    }
