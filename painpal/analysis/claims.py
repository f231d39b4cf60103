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
  windows, time windows on sitting days and on weekdays, whole-day
  conditions, sleep, stress, each activity the person named, each relief and
  routine at three horizons, boom-bust) is one family of hypotheses. Its
  family-wise false-positive rate is held at :data:`ALPHA` by a single-step
  max-T permutation test (Westfall & Young): in each of :data:`PERMUTATIONS`
  resamplings, day labels are shuffled (for comparisons between days) and
  day signs flipped (for comparisons within days), every statistic of the
  family is recomputed, and the largest is kept. A hypothesis's adjusted p is
  the share of resamplings whose largest statistic reaches its own.
* **A claim needs more than significance**: an effect of at least
  :data:`MIN_EFFECT` NRS point (about the smallest change people feel) and
  enough days on each side; otherwise :class:`ClaimSet` says what is missing.
* **Relievers against a baseline**: the pain after a relief is compared with
  what followed moments of similar pain without one (regression on the
  starting pain, the rest of the day's level and the usual change between
  those hours), so relief taken right after the worst check-in of the day is
  not credited with the fall that follows any high check-in.

Pure: no I/O, no clock, no randomness but a fixed seed, so the same history
always gives the same claims.
"""

from __future__ import annotations

import bisect
import math
import random
import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from operator import itemgetter
from typing import Any, NamedTuple

from painpal.analysis.baselines import FLARE_BASELINE_DAYS, MIN_BASELINE_DAYS, PACING_BASELINE_DAYS
from painpal.analysis.days import day_figures, routine_info
from painpal.analysis.effects import group_key
from painpal.analysis.pacing import BOOM_MARGIN_MINUTES, BOOM_RATIO
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
FLARE_MARGIN = 1.5
"""A flare: a day whose mean pain is at least 1.5 points above the person's own usual (median) day."""
BIG = 1e9
"""Stands in for an infinite statistic (every day the same, non-zero difference)."""


class Interval(NamedTuple):
    low: float
    high: float


@dataclass(frozen=True)
class Claim:
    """One statement about the period, with the comparison, the effect and the test behind it.

    ``effect`` is in NRS points (``unit == "points"``), or a difference of
    flare rates for boom-bust (``unit == "rate"``); its sign agrees with
    ``direction``. ``interval`` is simultaneous over the family: effect plus
    or minus the family's 95% threshold times its standard error, so it
    excludes zero exactly when the claim passes the family-wide test.
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
    statistic: float = 0.0
    """The day-level t statistic the family's maximum is compared with."""


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
    """The family's 95% threshold for the statistic (``0`` when no resampling was needed)."""


# ------------------------------------------------------------------------------------------ day-level data


@dataclass
class _Day:
    day: date
    index: int
    hours: list[float] = field(default_factory=list)
    pains: list[int] = field(default_factory=list)
    stamps: list[float] = field(default_factory=list)
    activities: list[str | None] = field(default_factory=list)
    resid: list[float] = field(default_factory=list)
    sitting: bool = False
    sleep: int | None = None
    stress: int | None = None

    @property
    def mean(self) -> float:
        return sum(self.pains) / len(self.pains)


@dataclass
class _Hyp:
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
    z: float = 0.0
    """``t`` on the normal scale (:func:`_z`): what the family's maximum is taken over."""
    seen: int = 0
    of: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


def _hour(at: Any, day: date) -> float:
    """Local wall-clock hours into the painpal day's date; after midnight counts on (25.5 is 01:30)."""
    h = at.hour + at.minute / 60
    return h + 24 if at.date() > day else h


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
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
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
    """
    if end < start:
        raise ValueError("A claims period ends on or after the day it starts.")
    dsh = day_start_hour
    context = history.around_days(start - timedelta(days=FLARE_BASELINE_DAYS + 1), end + timedelta(days=1), dsh)
    figures = day_figures(context, dsh)
    by_day: dict[date, _Day] = {}
    for c in context.checkins:
        d = painpal_day(c.at, dsh)
        if not start <= d <= end:
            continue
        rec = by_day.get(d)
        if rec is None:
            rec = by_day[d] = _Day(d, 0)
        rec.hours.append(_hour(c.at, d))
        rec.pains.append(c.intensity)
        rec.stamps.append(c.at.timestamp())
        rec.activities.append(group_key(c.activity) if c.activity else None)
    days = [by_day[d] for d in sorted(by_day)]
    for i, rec in enumerate(days):
        rec.index = i
    full = sum(1 for rec in days if len(rec.pains) >= 2)
    missing: list[str] = []
    if full < MIN_DAYS:
        more = MIN_DAYS - full
        missing.append(
            f"Patterns need {MIN_DAYS} days with at least two check-ins; {full} so far, so painpal needs "
            f"{more} more {'day' if more == 1 else 'days'}."
        )
        return ClaimSet(start, end, (), tuple(missing), days_logged=len(days))

    events_by_day: dict[date, list[Any]] = defaultdict(list)
    for e in context.events:
        events_by_day[painpal_day(e.at, dsh)].append(e)
    for rec in days:
        prompts = any(e.kind == "sitting-prompt" for e in events_by_day.get(rec.day, ()))
        seated = sum(1 for a in rec.activities if a and SEATED_WORDS.search(a))
        rec.sitting = prompts or seated >= 2
        fig = figures.get(rec.day)
        note = fig.note if fig is not None else None
        if note is not None:
            rec.sleep, rec.stress = note.sleep_quality, note.stress

    # --- reliefs and routines: short term against a baseline, later that day, the next day
    occasions: dict[str, list[tuple[int, float, float, float]]] = defaultdict(list)
    """Per relief: (day index, start timestamp, end timestamp, wall-clock hour of the start)."""
    names: dict[str, str] = {}
    index_of = {rec.day: rec.index for rec in days}
    relief_stamps: dict[int, list[float]] = defaultdict(list)
    for r in context.reliefs:
        i = index_of.get(painpal_day(r.at, dsh))
        if i is None:
            continue
        key = group_key(r.name)
        names.setdefault(key, r.name)
        t = r.at.timestamp()
        occasions[key].append((i, t, t, _hour(r.at, days[i].day)))
        relief_stamps[i].append(t)
    for run in context.runs:
        if run.outcome != "done":
            continue
        i = index_of.get(painpal_day(run.at, dsh))
        if i is None:
            continue
        key = f"routine:{run.routine}"
        names.setdefault(key, routine_info(run.routine)[2])
        t0 = run.at.timestamp()
        t1 = run.ended.timestamp() if run.ended is not None else t0
        occasions[key].append((i, t0, t1, _hour(run.at, days[i].day)))
        relief_stamps[i].append(t0)
        relief_stamps[i].append(t1)
    for stamps in relief_stamps.values():
        stamps.sort()

    # The person's usual pain at each hour of the period, on sitting days and on other days: check-ins are
    # compared with it, so a relief taken in a sitting afternoon is judged against sitting afternoons.
    all_pains = [p for rec in days for p in rec.pains]
    overall = sum(all_pains) / len(all_pains)
    bins: list[list[int]] = [[] for _ in range(48)]
    kind_bins: dict[bool, list[list[int]]] = {True: [[] for _ in range(48)], False: [[] for _ in range(48)]}
    for rec in days:
        rs = relief_stamps.get(rec.index, [])
        for h, p, t in zip(rec.hours, rec.pains, rec.stamps, strict=True):
            j = bisect.bisect_left(rs, t - SHORT_HOURS * 3600)
            if j < len(rs) and rs[j] <= t:
                continue  # a relief was acting: not the usual pain at that hour
            bins[min(47, int(h))].append(p)
            kind_bins[rec.sitting][min(47, int(h))].append(p)
    profile = [sum(b) / len(b) if len(b) >= 5 else overall for b in bins]
    # Check-ins of that hour that no relief was acting on; too few, and the period's mean stands in.
    profiles = {
        k: [sum(b) / len(b) if len(b) >= 5 else profile[i] for i, b in enumerate(kb)] for k, kb in kind_bins.items()
    }

    def prof(rec: _Day, h: float) -> float:
        return profiles[rec.sitting][min(47, int(h))]

    for rec in days:
        rec.resid = [p - prof(rec, h) for h, p in zip(rec.hours, rec.pains, strict=True)]

    n_days = len(days)
    offsets = [(rec.day - start).days for rec in days]
    hyps: list[_Hyp] = []
    labels: dict[str, list[bool]] = {}

    def between(kind: str, subject: str, condition: str, label: str, values: list[float], valid: list[int]) -> _Hyp:
        h = _Hyp(kind, subject, condition, values, valid, label, n=0)
        _detrend(h, offsets)
        return h

    # --- time of day: within days (signs), and on sitting days / weekdays against other days (labels)
    labels["sitting-day"] = [rec.sitting for rec in days]
    labels["weekday"] = [rec.day.weekday() < 5 for rec in days]
    for name, what in (("sitting-day", "days with long sitting"), ("weekday", "weekdays")):
        inside = sum(labels[name])
        if inside < MIN_GROUP_DAYS or n_days - inside < MIN_GROUP_DAYS:
            short = "with" if inside < MIN_GROUP_DAYS else "without"
            need = MIN_GROUP_DAYS - min(inside, n_days - inside)
            missing.append(f"Comparing {what} with other days needs {need} more days {short} them.")
            labels.pop(name)
    hour_sums = [[0.0] * 48 for _ in days]
    hour_counts = [[0] * 48 for _ in days]
    for i, rec in enumerate(days):
        for h, p in zip(rec.hours, rec.pains, strict=True):
            b = min(47, int(h))
            hour_sums[i][b] += p
            hour_counts[i][b] += 1
    for width in WINDOW_WIDTHS:
        for a in range(WINDOW_FIRST_HOUR, WINDOW_LAST_HOUR - width + 1):
            b = a + width
            diff_v: list[float] = []
            diff_ok: list[int] = []
            win_v: list[float] = []
            win_ok: list[int] = []
            n_in = 0
            for i, rec in enumerate(days):
                s_in = sum(hour_sums[i][a:b])
                c_in = sum(hour_counts[i][a:b])
                c_out = len(rec.pains) - c_in
                n_in += c_in
                if c_in and c_out:
                    diff_v.append(s_in / c_in - (sum(rec.pains) - s_in) / c_out)
                    diff_ok.append(1)
                else:
                    diff_v.append(0.0)
                    diff_ok.append(0)
                win_v.append(s_in / c_in if c_in else 0.0)
                win_ok.append(1 if c_in else 0)
            subject = f"pain {a:02d}:00-{b % 24:02d}:00"
            if sum(diff_ok) >= 2 * MIN_GROUP_DAYS:
                hyps.append(_Hyp("time-of-day", subject, "other-hours", diff_v, diff_ok, None, n_in, (a, b)))
            for name in WINDOW_CONDITIONS:
                if name not in labels:
                    continue
                lab = labels[name]
                ins = sum(1 for i in range(n_days) if lab[i] and win_ok[i])
                out = sum(1 for i in range(n_days) if not lab[i] and win_ok[i])
                if ins >= MIN_GROUP_DAYS and out >= MIN_GROUP_DAYS:
                    h = between("time-of-day-condition", subject, name, name, win_v[:], win_ok[:])
                    h.n, h.hours = n_in, (a, b)
                    hyps.append(h)

    # --- whole days: sitting, weekdays, sleep the night before, stress
    day_mean = [rec.mean for rec in days]
    for name in ("sitting-day", "weekday"):
        if name in labels:
            h = between("day-condition", "day's pain", name, name, day_mean[:], [1] * n_days)
            h.n = len(all_pains)
            hyps.append(h)
    for name, answered, flag, what in (
        ("poor-sleep", [rec.sleep is not None for rec in days], [
            rec.sleep is not None and rec.sleep <= POOR_SLEEP_MAX for rec in days
        ], "sleep"),
        ("high-stress", [rec.stress is not None for rec in days], [
            rec.stress is not None and rec.stress >= HIGH_STRESS_MIN for rec in days
        ], "stress"),
    ):
        yes = sum(flag)
        no = sum(answered) - yes
        if yes >= MIN_GROUP_DAYS and no >= MIN_GROUP_DAYS:
            labels[name] = flag
            valid = [1 if ok else 0 for ok in answered]
            h = between("day-condition", "day's pain", name, name, [m if ok else 0.0 for m, ok in zip(
                day_mean, answered, strict=True)], valid)
            h.n = sum(len(rec.pains) for rec, ok in zip(days, answered, strict=True) if ok)
            hyps.append(h)
        elif sum(answered) < 2 * MIN_GROUP_DAYS:
            need = 2 * MIN_GROUP_DAYS - sum(answered)
            missing.append(f"Comparing pain with {what} needs the evening review's {what} answer on {need} more days.")
        else:
            level = f"poor nights (1–{POOR_SLEEP_MAX} of 5)" if what == "sleep" else f"high-stress days ({HIGH_STRESS_MIN}–10)"
            side = level if yes < MIN_GROUP_DAYS else "other days"
            missing.append(f"Comparing pain with {what}: fewer than {MIN_GROUP_DAYS} {side} so far, nothing to compare.")

    # --- activities the person named before a check-in: their check-ins against the day's others
    act_days: dict[str, list[float]] = defaultdict(lambda: [0.0] * n_days)
    act_ok: dict[str, list[int]] = defaultdict(lambda: [0] * n_days)
    act_n: dict[str, int] = defaultdict(int)
    for i, rec in enumerate(days):
        keys = {a for a in rec.activities if a}
        for key in keys:
            mine = [r for r, a in zip(rec.resid, rec.activities, strict=True) if a == key]
            rest = [r for r, a in zip(rec.resid, rec.activities, strict=True) if a != key]
            act_n[key] += len(mine)
            if rest:
                act_days[key][i] = sum(mine) / len(mine) - sum(rest) / len(rest)
                act_ok[key][i] = 1
    for key in sorted(act_ok):
        if sum(act_ok[key]) >= MIN_RELIEF_DAYS:
            hyps.append(_Hyp("activity", key, "activity", act_days[key], act_ok[key], None, act_n[key]))

    def other_mean(rec: _Day, skip: tuple[int, int]) -> float:
        rest = [p for k, p in enumerate(rec.pains) if k not in skip]
        return sum(rest) / len(rest) if rest else overall

    # What usually follows a check-in of a given pain, learnt from pairs with no relief between them.
    xtx = [[0.0] * 4 for _ in range(4)]
    xty = [0.0] * 4
    controls = 0
    for rec in days:
        rs = relief_stamps.get(rec.index, [])
        order = sorted(range(len(rec.stamps)), key=rec.stamps.__getitem__)
        for k0, k1 in zip(order, order[1:], strict=False):
            t0, t1 = rec.stamps[k0], rec.stamps[k1]
            if t1 - t0 > CONTROL_GAP_HOURS * 3600:
                continue
            # No relief between them, nor in the two hours before: a control is a moment nothing was acting on.
            j = bisect.bisect_left(rs, t0 - SHORT_HOURS * 3600)
            if j < len(rs) and rs[j] <= t1:
                continue
            x = (1.0, float(rec.pains[k0]), other_mean(rec, (k0, k1)), prof(rec, rec.hours[k1]) - prof(rec, rec.hours[k0]))
            y = float(rec.pains[k1])
            for r_ in range(4):
                xty[r_] += x[r_] * y
                for c_ in range(4):
                    xtx[r_][c_] += x[r_] * x[c_]
            controls += 1
    beta = _solve(xtx, xty) if controls >= MIN_CONTROL_PAIRS else None
    if beta is None and occasions:
        missing.append(
            "Judging reliefs needs more check-ins close together without relief between them "
            f"({controls} pairs within {CONTROL_GAP_HOURS:g} hours so far, {MIN_CONTROL_PAIRS} needed)."
        )
    window = SHORT_HOURS * 3600
    for key in sorted(occasions):
        occ = occasions[key]
        label = names[key]
        per_day: dict[int, list[float]] = defaultdict(list)
        first_hour: dict[int, float] = {}
        for i, t0, t1, hour in occ:
            rec = days[i]
            order = sorted(range(len(rec.stamps)), key=rec.stamps.__getitem__)
            st = [rec.stamps[k] for k in order]
            first_hour.setdefault(i, hour)
            if beta is None:
                continue
            jb = bisect.bisect_right(st, t0) - 1
            ja = bisect.bisect_right(st, t1)
            if jb < 0 or ja >= len(st) or st[jb] < t0 - window or st[ja] > t1 + window:
                continue
            kb, ka = order[jb], order[ja]
            x = (1.0, float(rec.pains[kb]), other_mean(rec, (kb, ka)), prof(rec, rec.hours[ka]) - prof(rec, rec.hours[kb]))
            expected = sum(bx * xx for bx, xx in zip(beta, x, strict=True))
            per_day[i].append(rec.pains[ka] - expected)
        if beta is not None:
            measured = len(per_day)
            if measured >= MIN_RELIEF_DAYS:
                vals = [0.0] * n_days
                ok = [0] * n_days
                for i, xs in per_day.items():
                    vals[i] = sum(xs) / len(xs)
                    ok[i] = 1
                h = _Hyp("relief-short", label, "within-2h", vals, ok, None, sum(len(v) for v in per_day.values()))
                hyps.append(h)
            elif measured:
                need = MIN_RELIEF_DAYS - measured
                missing.append(
                    f"{label}: needs {need} more {'day' if need == 1 else 'days'} with a check-in within two hours "
                    "before and after it."
                )
        lab = [i in first_hour for i in range(n_days)]
        used = sum(lab)
        if used < MIN_RELIEF_DAYS or n_days - used < MIN_GROUP_DAYS:
            continue
        labels[f"relief:{key}"] = lab
        cut = statistics.median(first_hour.values()) + SHORT_HOURS
        later_v = [0.0] * n_days
        later_ok = [0] * n_days
        later_n = 0
        for i, rec in enumerate(days):
            c = first_hour[i] + SHORT_HOURS if lab[i] else cut
            xs = [r for h_, r in zip(rec.hours, rec.resid, strict=True) if h_ >= c]
            if xs:
                later_v[i], later_ok[i] = sum(xs) / len(xs), 1
                later_n += len(xs) if lab[i] else 0
        if sum(1 for i in range(n_days) if lab[i] and later_ok[i]) >= MIN_RELIEF_DAYS:
            h = between("relief-later", label, "later-same-day", f"relief:{key}", later_v, later_ok)
            h.n = later_n
            hyps.append(h)
        next_v = [0.0] * n_days
        next_ok = [0] * n_days
        for i, rec in enumerate(days):
            nxt = by_day.get(rec.day + timedelta(days=1))
            if nxt is not None:
                next_v[i], next_ok[i] = nxt.mean, 1
        if sum(1 for i in range(n_days) if lab[i] and next_ok[i]) >= MIN_RELIEF_DAYS:
            h = between("relief-next-day", label, "next-day", f"relief:{key}", next_v, next_ok)
            h.n = sum(len(by_day[days[i].day + timedelta(days=1)].pains) for i in range(n_days) if lab[i] and next_ok[i])
            hyps.append(h)

    # --- boom-bust: flares (against the person's own usual day) after days well above their usual activity
    means_by_day = {d: f.mean for d, f in figures.items() if f.mean is not None}
    period_means = [rec.mean for rec in days]
    period_activity = [f.activity for d, f in figures.items() if start <= d <= end and f.logged]
    usual_pain = statistics.median(period_means)
    usual_act = _median(period_activity) or 0.0

    def pain_base(d: date) -> float:
        prior = [m for k in range(1, FLARE_BASELINE_DAYS + 1) if (m := means_by_day.get(d - timedelta(days=k))) is not None]
        return statistics.median(prior) if len(prior) >= MIN_BASELINE_DAYS else usual_pain

    def act_base(d: date) -> float:
        prior = [
            f.activity
            for k in range(1, PACING_BASELINE_DAYS + 1)
            if (f := figures.get(d - timedelta(days=k))) is not None and f.logged
        ]
        return statistics.median(prior) if len(prior) >= MIN_BASELINE_DAYS else usual_act

    boom = []
    for rec in days:
        f = figures.get(rec.day)
        act = f.activity if f is not None else 0.0
        base = act_base(rec.day)
        boom.append(act >= BOOM_RATIO * base and act >= base + BOOM_MARGIN_MINUTES)
    # The test is on the next day's pain above the person's own usual; flare counts are reported beside it.
    next_excess = [0.0] * n_days
    next_ok = [0] * n_days
    flared = [False] * n_days
    for i, rec in enumerate(days):
        nxt = by_day.get(rec.day + timedelta(days=1))
        if nxt is not None:
            base = pain_base(nxt.day)
            next_excess[i], next_ok[i] = nxt.mean - base, 1
            flared[i] = nxt.mean >= base + FLARE_MARGIN
    booms = sum(1 for i in range(n_days) if boom[i] and next_ok[i])
    if booms >= MIN_BOOM_DAYS and sum(next_ok) - booms >= MIN_GROUP_DAYS:
        labels["boom-day"] = boom
        h = between("boom-bust", "pain the next day", "boom-day", "boom-day", next_excess, next_ok)
        h.n = booms
        h.extra["flares"] = (
            sum(1 for i in range(n_days) if boom[i] and next_ok[i] and flared[i]),
            booms,
            sum(1 for i in range(n_days) if not boom[i] and next_ok[i] and flared[i]),
            sum(next_ok) - booms,
        )
        hyps.append(h)
    else:
        missing.append(
            f"Boom-bust needs {MIN_BOOM_DAYS} days well above your usual activity with the next day logged; "
            f"{booms} so far."
        )

    found = _test(hyps, labels, n_days, permutations)
    return ClaimSet(
        start,
        end,
        tuple(_claim(h, p, found.threshold, days) for h, p in found.claimed),
        tuple(missing),
        days_logged=n_days,
        family=len(hyps),
        permutations=found.permutations,
        threshold=found.threshold,
    )


# ----------------------------------------------------------------------------------------------- the test


@dataclass
class _Found:
    claimed: list[tuple[_Hyp, float]]
    threshold: float
    permutations: int


def _observe(h: _Hyp, labels: dict[str, list[bool]]) -> None:
    """The hypothesis's own effect, standard error and statistic, and in how many days it went its way."""
    vals = [v for v, ok in zip(h.values, h.valid, strict=True) if ok]
    n = len(vals)
    if h.label is None:
        mean = sum(vals) / n
        var = sum((v - mean) ** 2 for v in vals) / (n - 1) if n > 1 else 0.0
        h.effect, h.se = mean, math.sqrt(var / n)
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
    h.se = math.sqrt(sp2 * (1 / len(ins) + 1 / len(out)))
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
    """Step-down max-T over the family (Westfall & Young): day signs flipped and day labels shuffled together.

    Each resampling recomputes every statistic of the family on the normal
    scale. Hypotheses are taken strongest first; the first is compared with
    the maximum over the whole family in each resampling, the next with the
    maximum over the family without the first, and so on, with adjusted p
    kept non-decreasing: the family-wise error stays at :data:`ALPHA` while
    the threshold falls a little for each claim already made.
    """
    for h in hyps:
        _observe(h, labels)
    candidates = [
        h for h in hyps if abs(h.effect) >= MIN_EFFECT and abs(h.z) >= 1.9
    ]
    if not candidates or permutations < 1:
        return _Found([], 0.0, 0)
    flips = [h for h in hyps if h.label is None]
    groups: dict[str, list[_Hyp]] = defaultdict(list)
    for h in hyps:
        if h.label is not None:
            groups[h.label].append(h)
    ordered = flips + [h for hs in groups.values() for h in hs]
    # Per test, what stays fixed under resampling: count, sum, sum of squares over its valid days.
    f_rows = [tuple(h.values[i] for h in flips) for i in range(n_days)]
    f_const = [(sum(h.valid), sum(h.values), sum(v * v for v in h.values)) for h in flips]
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
            for s_p, (n, total, q) in zip(sums, f_const, strict=True):
                s = 2 * s_p - total
                den = n * q - s * s
                t = abs(s) / math.sqrt(den / (n - 1)) if den > 1e-12 else (BIG if s else 0.0)
                zs.append((1 - 1 / (4 * (n - 1))) * t / math.sqrt(1 + t * t / (2 * (n - 1))))
        rng.shuffle(order)
        for size, y_rows, v_rows, const in g_data:
            idx = order[:size]
            picked_y = _pick(y_rows, idx)
            picked_v = _pick(v_rows, idx)
            for s1, n1, (n, total, q) in zip(
                map(sum, zip(*picked_y, strict=True)), map(sum, zip(*picked_v, strict=True)), const, strict=True
            ):
                n2 = n - n1
                s2 = total - s1
                ssw = q - s1 * s1 / n1 - s2 * s2 / n2 if n1 >= 2 and n2 >= 2 else 0.0
                if ssw <= 1e-12:
                    zs.append(0.0)
                    continue
                t = abs(s1 / n1 - s2 / n2) / math.sqrt(ssw / (n - 2) * (1 / n1 + 1 / n2))
                zs.append((1 - 1 / (4 * (n - 2))) * t / math.sqrt(1 + t * t / (2 * (n - 2))))
        resampled.append(zs)
    # Step down: strongest first, each against the maximum over the hypotheses not yet passed.
    rank = sorted(range(len(ordered)), key=lambda k: -abs(ordered[k].z))
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
    threshold = first[min(len(first) - 1, math.ceil((1 - ALPHA) * len(first)) - 1)]
    claimed = []
    p_so_far = 0.0
    for step in range(last + 1):
        h = ordered[rank[step]]
        maxima = tails[step]
        exceed = len(maxima) - bisect.bisect_left(maxima, abs(h.z))
        p_so_far = max(p_so_far, (1 + exceed) / (1 + len(maxima)))
        if p_so_far > ALPHA:
            break
        if step in wanted:
            h.extra["critical"] = maxima[min(len(maxima) - 1, math.ceil((1 - ALPHA) * len(maxima)) - 1)]
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
    return _Found(kept, threshold, permutations)


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


def _a(name: str) -> str:
    """"A walk", "Heat": an article for a countable-sounding relief, none for a mass noun or a routine name."""
    low = name.lower()
    mass = ("heat", "ice", "medication", "rest", "massage", "yoga", "physiotherapy")
    if low in mass or low.endswith("ing") or name[:1].isupper():
        return name[:1].upper() + name[1:]
    return ("An " if low[:1] in "aeiou" else "A ") + name


def _claim(h: _Hyp, p: float, threshold: float, days: Sequence[_Day]) -> Claim:
    direction = "higher" if h.effect > 0 else "lower"
    half = float(h.extra.get("critical", threshold)) * h.se
    interval = Interval(round(h.effect - half, 2), round(h.effect + half, 2))
    seen = f"seen on {h.seen} of {h.of} days"
    if h.kind == "time-of-day" and h.hours is not None:
        words = f"Pain was {direction} {_span(h.hours)} than at other hours of the same days: {_pts(h.effect)}, {seen}."
    elif h.kind == "time-of-day-condition" and h.hours is not None:
        on, _, which = _CONDITION_WORDS[h.condition]
        words = (
            f"Pain was {direction} {_span(h.hours)} {on} than at the same hours on other days: {_pts(h.effect)}, "
            f"seen on {h.seen} of {h.of} {which}."
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
            f"{_a(h.subject)} was followed by pain {_pts(h.effect)} {direction} within two hours than at moments of "
            f"similar pain without it, {seen}."
        )
    elif h.kind == "relief-later":
        words = (
            f"Later on days with {h.subject.lower()} (from two hours after it), pain was {_pts(h.effect)} {direction} "
            f"than at the same hours on other days, seen on {h.seen} of {h.of} such days."
        )
    elif h.kind == "relief-next-day":
        words = (
            f"On days after {h.subject.lower()}, pain was {_pts(h.effect)} {direction} than on other days, seen on "
            f"{h.seen} of {h.of} such days."
        )
    else:  # boom-bust
        f1, n1, f2, n2 = h.extra.get("flares", (0, 0, 0, 0))
        words = (
            f"Days well above your usual activity were followed by pain {_pts(h.effect)} {direction} the next day "
            f"than other days were, seen after {h.seen} of {h.of} such days; a flare (a day {FLARE_MARGIN:g} points "
            f"or more above your usual pain) followed {f1} of {n1} of them, against {f2} of {n2} other days."
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
            if later is not None and later.direction == "lower":
                parts.append(f"pain stayed lower later that day ({_pts(later.effect)})")
            if nxt is not None and nxt.direction == "lower":
                parts.append(f"pain was lower the next day ({_pts(nxt.effect)})")
            words = f"{_a(subject)}: " + " and ".join(parts) + "."
        elif short is not None and short.direction == "lower":
            role = "soothing"
            words = (
                f"{_a(subject)} eased pain for about two hours ({_pts(short.effect)}); no lasting change was found "
                "later that day or the next day."
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
    return (
        f"On days with long sitting, pain builds {_span(b.hours)} ({_pts(b.effect)} above the same hours on other "
        f"days, seen on {b.seen} of {b.of} such days), and {_a(e.subject).lower() if e.subject[:1].islower() else e.subject}"
        f" eases it: pain was {_pts(e.effect)} lower within two hours than at moments of similar pain without it, "
        f"seen on {e.seen} of {e.of} days."
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
                "words": c.words,
            }
            for c in found.claims
        ],
        "missing": list(found.missing),
    }
